/* SPDX-License-Identifier: MIT */
#ifndef ASAC_VICI_H
#define ASAC_VICI_H

#include "compiler/asac.h"

/*
 * vici - a client of strongSwan's VICI protocol that speaks the wire
 * format itself (strongswan.md 4.1; vici README "Transport protocol",
 * "Packet layer", "Message format"), so asacd needs neither libvici nor
 * the GPLv2 libstrongswan and its thread pool behind it (strongswan.md
 * 4.4).  Three layers:
 *
 *  - struct vici_builder: encodes a message (sections, key/values, lists);
 *  - struct vici_msg:     a received message, validated completely and
 *                         parsed into a tree of struct vici_node;
 *  - struct vici_conn:    a connection for a single-threaded poll() loop:
 *                         blocking commands with a timeout, and events
 *                         handed to one callback.
 *
 * Nothing here keeps global state or starts threads.
 */

/* Largest packet (type, name and message) charon reads or sends: 512 KiB,
 * not counting the 4-byte length (vici_socket.h VICI_MESSAGE_SIZE_MAX;
 * strongswan.md 4.1).  charon drops larger ones silently. */
#define VICI_PACKET_MAX (512 * 1024)

/* The socket charon listens on by default ("unix://${piddir}/charon.vici",
 * strongswan.md 3). */
#define VICI_DEFAULT_SOCKET "/run/charon.vici"

/* Packet types, the first byte of a packet (vici README "Packet layer"). */
enum vici_packet_type {
	VICI_CMD_REQUEST = 0,		/* named, with a message */
	VICI_CMD_RESPONSE = 1,
	VICI_CMD_UNKNOWN = 2,
	VICI_EVENT_REGISTER = 3,	/* named */
	VICI_EVENT_UNREGISTER = 4,	/* named */
	VICI_EVENT_CONFIRM = 5,
	VICI_EVENT_UNKNOWN = 6,
	VICI_EVENT = 7,			/* named, with a message */
};

/* Message element types (vici README "Message format"). */
enum vici_element {
	VICI_SECTION_START = 1,		/* name */
	VICI_SECTION_END = 2,
	VICI_KEY_VALUE = 3,		/* name, value */
	VICI_LIST_START = 4,		/* name */
	VICI_LIST_ITEM = 5,		/* value */
	VICI_LIST_END = 6,
};

/* Names have an 8-bit length, values a 16-bit one (vici README). */
#define VICI_NAME_MAX 255
#define VICI_VALUE_MAX 65535

/* ---- building messages ------------------------------------------------ */

/*
 * struct vici_builder - a message being encoded.  A zeroed struct is an
 * empty builder; vici_builder_free() releases it.
 * @buf:   the encoded elements (heap owned)
 * @len:   bytes used in @buf
 * @cap:   bytes allocated
 * @depth: sections open
 * @list:  a list is open
 * @err:   the first error, or NULL.  Errors are sticky: once set, every
 *         vici_add_*() / vici_begin_*() / vici_end_*() call returns -1
 *         and changes nothing, so a caller may check once at the end (and
 *         vici_call() refuses the builder).
 *
 * Names longer than VICI_NAME_MAX, values longer than VICI_VALUE_MAX, a
 * message that would exceed VICI_PACKET_MAX, and elements the README
 * forbids (a key/value, section or list inside a list; an item outside a
 * list; an end without a begin) are errors, never truncated.
 */
struct vici_builder {
	uint8_t *buf;
	size_t len, cap;
	unsigned int depth;
	bool list;
	const char *err;
};

/**
 * vici_begin_section() - open a section named @name.
 * Return: 0, or -1 with @b->err set.
 */
int vici_begin_section(struct vici_builder *b, const char *name);

/** vici_end_section() - close the innermost open section. */
int vici_end_section(struct vici_builder *b);

/** vici_add_kv() - add the key/value @key = @value (a C string). */
int vici_add_kv(struct vici_builder *b, const char *key, const char *value);

/** vici_add_kv_bytes() - add the key @key with the @len bytes at @value. */
int vici_add_kv_bytes(struct vici_builder *b, const char *key,
		      const void *value, size_t len);

/** vici_add_kvf() - add the key @key with a printf-formatted value. */
int vici_add_kvf(struct vici_builder *b, const char *key, const char *fmt, ...)
	__fmtstring(3, 4);

/** vici_begin_list() - open the list @name; only items may follow. */
int vici_begin_list(struct vici_builder *b, const char *name);

/** vici_add_item() - add the item @value (a C string) to the open list. */
int vici_add_item(struct vici_builder *b, const char *value);

/** vici_add_item_bytes() - add an item of @len bytes to the open list. */
int vici_add_item_bytes(struct vici_builder *b, const void *value, size_t len);

/** vici_end_list() - close the open list. */
int vici_end_list(struct vici_builder *b);

/**
 * vici_builder_check() - is @b a complete message?
 * Return: NULL, or why not (the sticky error, or a section or list left
 * open).
 */
const char *vici_builder_check(const struct vici_builder *b);

/** vici_builder_free() - release @b's buffer and make it empty again. */
void vici_builder_free(struct vici_builder *b);

/* ---- received messages ------------------------------------------------ */

enum vici_node_kind {
	VICI_NODE_SECTION,	/* the root, or a named section */
	VICI_NODE_VALUE,	/* a key/value */
	VICI_NODE_LIST,		/* a named list; its children are items */
	VICI_NODE_ITEM,		/* a list item */
};

/*
 * struct vici_node - one element of a parsed message.
 * @kind:   what it is
 * @name:   the section, key or list name ("" for the root and for items)
 * @value:  a value or item's bytes, followed by a NUL so that it can be
 *          read as a C string (charon's values are strings; a binary
 *          value may hold NULs of its own, see @len); NULL otherwise
 * @len:    the length of @value
 * @parent: the enclosing section or list (NULL for the root)
 * @child:  the first member of a section or item of a list
 * @next:   the next sibling, in message order
 *
 * Names never hold NUL bytes (the parser rejects them).  Keys are meant
 * to be unique within a section (vici README); if a message repeats one,
 * lookups find the first.
 */
struct vici_node {
	enum vici_node_kind kind;
	const char *name;
	const char *value;
	size_t len;
	struct vici_node *parent, *child, *next;
};

/*
 * struct vici_msg - a parsed message, owning all its nodes and strings.
 * @nodes:  @nodes[0] is the root section; see vici_root()
 * @nnodes: the number of nodes
 * @strs:   the names and values, each NUL-terminated
 */
struct vici_msg {
	struct vici_node *nodes;
	size_t nnodes;
	char *strs;
};

/**
 * vici_parse() - validate and parse an encoded message.
 * @data:  the message (the packet after its type and name)
 * @len:   its length
 * @msg:   filled on success; release it with vici_msg_free()
 * @why:   if not NULL, set to a static description of the problem on error
 *
 * The whole input is checked before anything is allocated: every length
 * within the data, sections balanced, lists neither nested nor holding
 * anything but items, items only in lists, names without NULs, and no
 * bytes left over.  Malformed input is an error, never a crash or an
 * over-read.
 *
 * Return: 0, or -1 (@msg is then empty and need not be freed).
 */
int vici_parse(const void *data, size_t len, struct vici_msg *msg,
	       const char **why);

/** vici_msg_free() - release what @msg owns; safe on an empty struct. */
void vici_msg_free(struct vici_msg *msg);

/**
 * vici_root() - the root section of @msg; for an empty struct (after a
 * failed vici_parse() or vici_call()), a section with no members.
 */
const struct vici_node *vici_root(const struct vici_msg *msg);

/**
 * vici_child() - the first member of @sec named @name exactly (no dot
 * splitting, so it also finds config names that contain dots), or NULL.
 */
const struct vici_node *vici_child(const struct vici_node *sec,
				   const char *name);

/**
 * vici_find() - look up a dotted path below @sec: "ikesas.total" is the
 * member "total" of the section "ikesas" (as libvici's vici_find(),
 * strongswan.md 4.4).  Every component but the last must be a section.
 * Return: the node, or NULL.
 */
const struct vici_node *vici_find(const struct vici_node *sec,
				  const char *path);

/**
 * vici_find_str() - the value of the key/value at @path below @sec, or
 * @def if there is none (or it is a section or list).
 */
const char *vici_find_str(const struct vici_node *sec, const char *path,
			  const char *def);

/**
 * vici_find_uint() - the key/value at @path as an unsigned decimal
 * number (charon sends numbers as strings, vici README).
 * Return: 0 with *@out set, or -1 if it is missing or not a number that
 * fits in 64 bits.
 */
int vici_find_uint(const struct vici_node *sec, const char *path,
		   uint64_t *out);

/* vici_for_each() - iterate @n over the members of section or list @sec. */
#define vici_for_each(n, sec) for ((n) = (sec)->child; (n); (n) = (n)->next)

/* ---- connections ------------------------------------------------------ */

struct vici_conn;

/*
 * vici_event_fn - receives each event: @name is the event ("ike-updown",
 * "list-sa", ...), @msg its message, both borrowed for the call only.
 * It runs inside vici_on_readable(), vici_call() or vici_register().  It
 * may itself call vici_call() or vici_register() (for example to
 * terminate the SA it is told about): the events that arrive meanwhile
 * are queued and handed over after it returns, in order.  It must not
 * call vici_close().
 */
typedef void (*vici_event_fn)(void *user, const char *name,
			      const struct vici_msg *msg);

/* Return values besides 0 and -1: charon closed the connection. */
#define VICI_EOF (-2)

/**
 * vici_open() - connect to the unix socket @path (NULL: the default
 * VICI_DEFAULT_SOCKET).  A "unix://" prefix, as swanctl's --uri takes, is
 * accepted.  Events go to @fn (may be NULL) with @user.
 * Return: the connection, or NULL with errno set.
 */
struct vici_conn *vici_open(const char *path, vici_event_fn fn, void *user);

/**
 * vici_open_fd() - use the connected stream socket @fd (the connection
 * owns it from now on, and makes it non-blocking).
 */
struct vici_conn *vici_open_fd(int fd, vici_event_fn fn, void *user);

/** vici_close() - close the socket and free @c; vici_close(NULL) is a no-op. */
void vici_close(struct vici_conn *c);

/** vici_fd() - the socket, to poll() for POLLIN. */
int vici_fd(const struct vici_conn *c);

/**
 * vici_set_timeout() - how long vici_call() and vici_register() wait for
 * their answer, in milliseconds (-1: forever).  The default is 10000.
 */
void vici_set_timeout(struct vici_conn *c, int ms);

/**
 * vici_error() - what went wrong in the last call that failed on @c
 * ("" if nothing did), e.g. "read: Connection reset by peer" or "unknown
 * command 'bogus'".
 */
const char *vici_error(const struct vici_conn *c);

/**
 * vici_on_readable() - read what the socket has (call it when poll()
 * reports POLLIN, or POLLHUP/POLLERR), keep a partial packet for later and
 * hand every complete event to the callback.
 * Return: 0; VICI_EOF if charon closed the connection; -1 on an error
 * (vici_error()).  After VICI_EOF or -1 the connection is broken: every
 * later call fails, and the caller should vici_close() it, reconnect and
 * register again.
 */
int vici_on_readable(struct vici_conn *c);

/**
 * vici_call() - run the command @cmd and wait for its response.
 * @req:  the request message (NULL: an empty one); it must be complete
 * @resp: on success, the response; release it with vici_msg_free()
 *
 * Events that arrive meanwhile, such as the "list-sa" events that
 * "list-sas" streams (register for "list-sa" first; strongswan.md 4.2),
 * are queued and go to the callback, in order, once the response is in
 * and before vici_call() returns, so that the callback may issue commands
 * itself.  Only one command may be active on a connection (vici README
 * "Commands"); the queue holds what charon streams for this one.
 *
 * Return: 0; -1 on an error, with errno ENOENT when charon does not know
 * @cmd (CMD_UNKNOWN), ETIMEDOUT after the timeout, EBADMSG on a malformed
 * packet, EINVAL on a bad @req or a nested call, EMSGSIZE on an oversize
 * request; VICI_EOF if charon closed the connection.  A timeout, EOF or
 * I/O or protocol error breaks the connection (a late response could not
 * be told apart from the next one: packets carry no sequence numbers).
 * A command that charon answers with success = no still returns 0: the
 * caller reads "success" and "errmsg".
 */
int vici_call(struct vici_conn *c, const char *cmd,
	      const struct vici_builder *req, struct vici_msg *resp);

/**
 * vici_register() - ask for the events named @event.
 * Return: 0; -1 (errno ENOENT) when charon has no such event
 * (EVENT_UNKNOWN) or on the errors of vici_call(); VICI_EOF.
 */
int vici_register(struct vici_conn *c, const char *event);

/** vici_unregister() - stop the events named @event; as vici_register(). */
int vici_unregister(struct vici_conn *c, const char *event);

#endif /* ASAC_VICI_H */
