/* SPDX-License-Identifier: MIT */
/*
 * vici.c - a VICI client on the raw wire protocol (see vici.h).  The
 * format comes from strongSwan's src/libcharon/plugins/vici/README.md
 * ("vici README") as summarised in strongswan.md 4.1; where charon's own
 * code adds a fact (limits, what it does with bad input) the file is named.
 */
#include "compiler/asac.h"
#include "runtime/vici.h"
#include "compiler/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* ---- builder ------------------------------------------------------------ */

static int build_fail(struct vici_builder *b, const char *why)
{
	if (!b->err)
		b->err = why;
	return -1;
}

/* Make room for @n more bytes; the message may not outgrow a packet. */
static int reserve(struct vici_builder *b, size_t n)
{
	size_t cap;

	if (n > VICI_PACKET_MAX - b->len)
		return build_fail(b, "message exceeds 512 KiB");
	if (b->len + n <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n)
		cap *= 2;
	b->buf = xrealloc(b->buf, cap);
	b->cap = cap;
	return 0;
}

static void put8(struct vici_builder *b, unsigned int v)
{
	b->buf[b->len++] = (uint8_t)v;
}

static void putn(struct vici_builder *b, const void *p, size_t n)
{
	if (n)
		memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static int check_name(struct vici_builder *b, const char *name, size_t *n)
{
	*n = strlen(name);
	if (*n > VICI_NAME_MAX)
		return build_fail(b, "name longer than 255 bytes");
	return 0;
}

/* An element with a name: type, 8-bit length, name. */
static int put_named(struct vici_builder *b, enum vici_element type,
		     const char *name, size_t extra)
{
	size_t n;

	if (check_name(b, name, &n) || reserve(b, 2 + n + extra))
		return -1;
	put8(b, type);
	put8(b, n);
	putn(b, name, n);
	return 0;
}

/* A value: 16-bit big-endian length, bytes (room already reserved). */
static void put_value(struct vici_builder *b, const void *v, size_t len)
{
	put8(b, len >> 8);
	put8(b, len & 0xff);
	putn(b, v, len);
}

int vici_begin_section(struct vici_builder *b, const char *name)
{
	if (b->err)
		return -1;
	/* vici README "Lists": only items between LIST_START and LIST_END */
	if (b->list)
		return build_fail(b, "section inside a list");
	if (put_named(b, VICI_SECTION_START, name, 0))
		return -1;
	b->depth++;
	return 0;
}

int vici_end_section(struct vici_builder *b)
{
	if (b->err)
		return -1;
	if (b->list)
		return build_fail(b, "section end inside a list");
	if (!b->depth)
		return build_fail(b, "section end without a section");
	if (reserve(b, 1))
		return -1;
	put8(b, VICI_SECTION_END);
	b->depth--;
	return 0;
}

int vici_add_kv_bytes(struct vici_builder *b, const char *key,
		      const void *value, size_t len)
{
	if (b->err)
		return -1;
	/* vici README "Key/Values": "may not appear in lists" */
	if (b->list)
		return build_fail(b, "key/value inside a list");
	if (len > VICI_VALUE_MAX)
		return build_fail(b, "value longer than 65535 bytes");
	if (put_named(b, VICI_KEY_VALUE, key, 2 + len))
		return -1;
	put_value(b, value, len);
	return 0;
}

int vici_add_kv(struct vici_builder *b, const char *key, const char *value)
{
	return vici_add_kv_bytes(b, key, value, strlen(value));
}

int vici_add_kvf(struct vici_builder *b, const char *key, const char *fmt, ...)
{
	char small[64], *s = small;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return build_fail(b, "bad format");
	if ((size_t)n >= sizeof(small)) {
		s = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	rc = vici_add_kv_bytes(b, key, s, (size_t)n);
	if (s != small)
		free(s);
	return rc;
}

int vici_begin_list(struct vici_builder *b, const char *name)
{
	if (b->err)
		return -1;
	/* vici README "Lists": "may not be nested" */
	if (b->list)
		return build_fail(b, "list inside a list");
	if (put_named(b, VICI_LIST_START, name, 0))
		return -1;
	b->list = true;
	return 0;
}

int vici_add_item_bytes(struct vici_builder *b, const void *value, size_t len)
{
	if (b->err)
		return -1;
	if (!b->list)
		return build_fail(b, "list item outside a list");
	if (len > VICI_VALUE_MAX)
		return build_fail(b, "value longer than 65535 bytes");
	if (reserve(b, 3 + len))
		return -1;
	put8(b, VICI_LIST_ITEM);
	put_value(b, value, len);
	return 0;
}

int vici_add_item(struct vici_builder *b, const char *value)
{
	return vici_add_item_bytes(b, value, strlen(value));
}

int vici_end_list(struct vici_builder *b)
{
	if (b->err)
		return -1;
	if (!b->list)
		return build_fail(b, "list end without a list");
	if (reserve(b, 1))
		return -1;
	put8(b, VICI_LIST_END);
	b->list = false;
	return 0;
}

const char *vici_builder_check(const struct vici_builder *b)
{
	if (b->err)
		return b->err;
	if (b->list)
		return "list not closed";
	if (b->depth)
		return "section not closed";
	return NULL;
}

void vici_builder_free(struct vici_builder *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

/* ---- parser ------------------------------------------------------------- */

/*
 * One walk over the elements serves both passes of vici_parse(): with
 * @m NULL it only validates and counts the nodes and string bytes; with
 * @m allocated to those counts it builds the tree, and cannot fail.
 */
struct walk {
	const uint8_t *p;
	size_t len, off;
	size_t nnodes, nstrs;	/* counted, or used so far */
	struct vici_msg *m;
	const char *why;
};

static int walk_bad(struct walk *w, const char *why)
{
	w->why = why;
	return -1;
}

static int walk_name(struct walk *w, const uint8_t **s, size_t *n)
{
	if (w->off >= w->len)
		return walk_bad(w, "truncated name length");
	*n = w->p[w->off++];
	if (*n > w->len - w->off)
		return walk_bad(w, "name runs past the end");
	*s = w->p + w->off;
	w->off += *n;
	/* names are ASCII strings (vici README); a NUL would cut lookups */
	if (memchr(*s, 0, *n))
		return walk_bad(w, "NUL byte in a name");
	return 0;
}

static int walk_value(struct walk *w, const uint8_t **s, size_t *n)
{
	if (w->len - w->off < 2)
		return walk_bad(w, "truncated value length");
	*n = (size_t)w->p[w->off] << 8 | w->p[w->off + 1];
	w->off += 2;
	if (*n > w->len - w->off)
		return walk_bad(w, "value runs past the end");
	*s = w->p + w->off;
	w->off += *n;
	return 0;
}

/* Copy @n bytes plus a NUL into the string area (build pass only). */
static const char *walk_str(struct walk *w, const uint8_t *s, size_t n)
{
	char *d = w->m->strs + w->nstrs;

	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	w->nstrs += n + 1;
	return d;
}

/* Append a node under @parent after its last child @prev. */
static struct vici_node *walk_node(struct walk *w, enum vici_node_kind kind,
				   struct vici_node *parent,
				   struct vici_node *prev)
{
	struct vici_node *n = &w->m->nodes[w->nnodes++];

	n->kind = kind;
	n->name = "";
	n->parent = parent;
	if (prev)
		prev->next = n;
	else
		parent->child = n;
	return n;
}

static int walk(struct walk *w)
{
	/* @cur: the open section or list; @prev: its last member so far */
	struct vici_node *cur = NULL, *prev = NULL, *n;
	const uint8_t *name = NULL, *val = NULL;
	size_t nlen = 0, vlen = 0, depth = 0;
	bool list = false;
	uint8_t type;

	w->nnodes = 1;
	w->nstrs = 0;
	if (w->m) {
		cur = &w->m->nodes[0];
		cur->kind = VICI_NODE_SECTION;
		cur->name = "";
	}
	while (w->off < w->len) {
		type = w->p[w->off++];
		switch (type) {
		case VICI_SECTION_START:
		case VICI_LIST_START:
			/* vici README "Lists": lists are not nested and hold
			 * only items */
			if (list)
				return walk_bad(w, type == VICI_LIST_START ?
						"list inside a list" :
						"section inside a list");
			if (walk_name(w, &name, &nlen))
				return -1;
			if (!w->m) {
				w->nnodes++;
				w->nstrs += nlen + 1;
			} else {
				n = walk_node(w, type == VICI_LIST_START ?
					      VICI_NODE_LIST : VICI_NODE_SECTION,
					      cur, prev);
				n->name = walk_str(w, name, nlen);
				cur = n;
				prev = NULL;
			}
			if (type == VICI_LIST_START)
				list = true;
			else
				depth++;
			break;
		case VICI_SECTION_END:
			if (list)
				return walk_bad(w, "section end inside a list");
			if (!depth)
				return walk_bad(w, "section end without a section");
			depth--;
			if (w->m) {
				prev = cur;
				cur = cur->parent;
			}
			break;
		case VICI_KEY_VALUE:
			if (list)
				return walk_bad(w, "key/value inside a list");
			if (walk_name(w, &name, &nlen) ||
			    walk_value(w, &val, &vlen))
				return -1;
			if (!w->m) {
				w->nnodes++;
				w->nstrs += nlen + 1 + vlen + 1;
			} else {
				n = walk_node(w, VICI_NODE_VALUE, cur, prev);
				n->name = walk_str(w, name, nlen);
				n->value = walk_str(w, val, vlen);
				n->len = vlen;
				prev = n;
			}
			break;
		case VICI_LIST_ITEM:
			if (!list)
				return walk_bad(w, "list item outside a list");
			if (walk_value(w, &val, &vlen))
				return -1;
			if (!w->m) {
				w->nnodes++;
				w->nstrs += vlen + 1;
			} else {
				n = walk_node(w, VICI_NODE_ITEM, cur, prev);
				n->value = walk_str(w, val, vlen);
				n->len = vlen;
				prev = n;
			}
			break;
		case VICI_LIST_END:
			if (!list)
				return walk_bad(w, "list end without a list");
			list = false;
			if (w->m) {
				prev = cur;
				cur = cur->parent;
			}
			break;
		default:
			return walk_bad(w, "unknown element type");
		}
	}
	if (list)
		return walk_bad(w, "list not closed");
	if (depth)
		return walk_bad(w, "section not closed");
	return 0;
}

/* Validate only (the first pass of vici_parse()). */
static int vici_validate(const void *data, size_t len, const char **why,
			 size_t *nnodes, size_t *nstrs)
{
	struct walk w = { .p = data, .len = len };

	if (walk(&w)) {
		if (why)
			*why = w.why;
		return -1;
	}
	*nnodes = w.nnodes;
	*nstrs = w.nstrs;
	return 0;
}

int vici_parse(const void *data, size_t len, struct vici_msg *msg,
	       const char **why)
{
	struct walk w = { .p = data, .len = len, .m = msg };
	size_t nnodes, nstrs;

	memset(msg, 0, sizeof(*msg));
	if (vici_validate(data, len, why, &nnodes, &nstrs))
		return -1;
	msg->nodes = xcalloc(nnodes, sizeof(*msg->nodes));
	msg->nnodes = nnodes;
	msg->strs = xmalloc(nstrs);
	if (walk(&w) || w.nnodes != nnodes || w.nstrs != nstrs)
		BUG("vici message changed between the passes");
	return 0;
}

void vici_msg_free(struct vici_msg *msg)
{
	free(msg->nodes);
	free(msg->strs);
	memset(msg, 0, sizeof(*msg));
}

const struct vici_node *vici_root(const struct vici_msg *msg)
{
	/* an empty message, so that lookups on a failed call's response
	 * need no check of their own */
	static const struct vici_node empty = {
		.kind = VICI_NODE_SECTION,
		.name = "",
	};

	return msg->nodes ? msg->nodes : &empty;
}

/* The member of @sec whose name is the @n bytes at @name. */
static const struct vici_node *child_n(const struct vici_node *sec,
				       const char *name, size_t n)
{
	const struct vici_node *c;

	if (!sec || sec->kind != VICI_NODE_SECTION)
		return NULL;
	vici_for_each(c, sec)
		if (!strncmp(c->name, name, n) && c->name[n] == '\0')
			return c;
	return NULL;
}

const struct vici_node *vici_child(const struct vici_node *sec,
				   const char *name)
{
	return child_n(sec, name, strlen(name));
}

const struct vici_node *vici_find(const struct vici_node *sec,
				  const char *path)
{
	const char *dot;

	for (;;) {
		dot = strchr(path, '.');
		if (!dot)
			return child_n(sec, path, strlen(path));
		sec = child_n(sec, path, (size_t)(dot - path));
		path = dot + 1;
	}
}

const char *vici_find_str(const struct vici_node *sec, const char *path,
			  const char *def)
{
	const struct vici_node *n = vici_find(sec, path);

	return n && n->kind == VICI_NODE_VALUE ? n->value : def;
}

int vici_find_uint(const struct vici_node *sec, const char *path,
		   uint64_t *out)
{
	const struct vici_node *n = vici_find(sec, path);
	const char *s;
	uint64_t v = 0;
	size_t i;

	if (!n || n->kind != VICI_NODE_VALUE || !n->len)
		return -1;
	s = n->value;
	for (i = 0; i < n->len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* ---- connection --------------------------------------------------------- */

/*
 * struct vici_conn - see vici.h.
 * @rx, @rx_head, @rx_len, @rx_cap: received bytes; [@rx_head, @rx_len) are
 *             not taken yet (at most one partial packet after take())
 * @evq, @evq_head, @evq_len, @evq_cap: complete, validated event packets
 *             waiting for the callback, each as a 4-byte host-order length
 *             and the packet
 * @waiting:   a command (CMD_REQUEST) or a (un)registration awaits its
 *             answer; events are queued meanwhile
 * @want_cmd:  the awaited answer is CMD_RESPONSE/CMD_UNKNOWN (else
 *             EVENT_CONFIRM/EVENT_UNKNOWN)
 * @have_resp, @resp_type, @resp: the answer, once in
 * @in_cb:     the callback is running (events are queued, not handed over)
 * @broken:    0, or the -1/VICI_EOF every call returns from now on
 * @err_no:    the errno of @err
 */
struct vici_conn {
	int fd;
	vici_event_fn fn;
	void *user;
	int timeout_ms;
	uint8_t *rx;
	size_t rx_head, rx_len, rx_cap;
	uint8_t *evq;
	size_t evq_head, evq_len, evq_cap;
	bool waiting, want_cmd, have_resp, in_cb;
	uint8_t resp_type;
	struct vici_msg resp;
	int broken;
	int err_no;
	char err[256];
};

static int conn_err(struct vici_conn *c, int err_no, const char *fmt, ...)
	__fmtstring(3, 4);

/* Record an error (errno @err_no) and return -1 with errno set. */
static int conn_err(struct vici_conn *c, int err_no, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	c->err_no = err_no;
	errno = err_no;
	return -1;
}

/* An error after which the byte stream cannot be trusted any more. */
static int conn_break(struct vici_conn *c, int rc)
{
	c->broken = rc;
	errno = c->err_no;
	return rc;
}

static int proto_err(struct vici_conn *c, const char *what, const char *why)
{
	conn_err(c, EBADMSG, "malformed %s from charon: %s", what, why);
	return conn_break(c, -1);
}

struct vici_conn *vici_open_fd(int fd, vici_event_fn fn, void *user)
{
	struct vici_conn *c;
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return NULL;
	c = xcalloc(1, sizeof(*c));
	c->fd = fd;
	c->fn = fn;
	c->user = user;
	c->timeout_ms = 10000;
	return c;
}

struct vici_conn *vici_open(const char *path, vici_event_fn fn, void *user)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct vici_conn *c;
	int fd, e;

	if (!path)
		path = VICI_DEFAULT_SOCKET;
	/* swanctl's --uri form (strongswan.md 3: "unix://${piddir}/...") */
	if (!strncmp(path, "unix://", 7))
		path += 7;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return NULL;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	c = vici_open_fd(fd, fn, user);
	if (c)
		return c;
fail:
	e = errno;
	close(fd);
	errno = e;
	return NULL;
}

void vici_close(struct vici_conn *c)
{
	if (!c)
		return;
	close(c->fd);
	free(c->rx);
	free(c->evq);
	vici_msg_free(&c->resp);
	free(c);
}

int vici_fd(const struct vici_conn *c)
{
	return c->fd;
}

void vici_set_timeout(struct vici_conn *c, int ms)
{
	c->timeout_ms = ms;
}

const char *vici_error(const struct vici_conn *c)
{
	return c->err;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static const char *const type_names[] = {
	[VICI_CMD_REQUEST] = "CMD_REQUEST",
	[VICI_CMD_RESPONSE] = "CMD_RESPONSE",
	[VICI_CMD_UNKNOWN] = "CMD_UNKNOWN",
	[VICI_EVENT_REGISTER] = "EVENT_REGISTER",
	[VICI_EVENT_UNREGISTER] = "EVENT_UNREGISTER",
	[VICI_EVENT_CONFIRM] = "EVENT_CONFIRM",
	[VICI_EVENT_UNKNOWN] = "EVENT_UNKNOWN",
	[VICI_EVENT] = "EVENT",
};

/* Queue the event packet @p (@len bytes, already validated). */
static void evq_push(struct vici_conn *c, const uint8_t *p, size_t len)
{
	size_t need = c->evq_len + 4 + len;

	if (need > c->evq_cap) {
		/* drop what was handed over before growing */
		if (c->evq_head) {
			memmove(c->evq, c->evq + c->evq_head,
				c->evq_len - c->evq_head);
			c->evq_len -= c->evq_head;
			c->evq_head = 0;
		}
		need = c->evq_len + 4 + len;
		if (need > c->evq_cap) {
			c->evq_cap = c->evq_cap ? c->evq_cap : 4096;
			while (c->evq_cap < need)
				c->evq_cap *= 2;
			c->evq = xrealloc(c->evq, c->evq_cap);
		}
	}
	put32(c->evq + c->evq_len, (uint32_t)len);
	memcpy(c->evq + c->evq_len + 4, p, len);
	c->evq_len += 4 + len;
}

/* Take one complete packet (@p, @len: type and the rest). */
static int take_one(struct vici_conn *c, const uint8_t *p, size_t len)
{
	const char *why = NULL;
	size_t nn, ns, nlen;
	uint8_t type = p[0];

	switch (type) {
	case VICI_EVENT:
		/* a named type: 8-bit name length, name, message */
		if (len < 2 || p[1] > len - 2)
			return proto_err(c, "EVENT", "truncated name");
		nlen = p[1];
		if (memchr(p + 2, 0, nlen))
			return proto_err(c, "EVENT", "NUL byte in the name");
		if (vici_validate(p + 2 + nlen, len - 2 - nlen, &why, &nn, &ns))
			return proto_err(c, "EVENT", why);
		evq_push(c, p, len);
		return 0;
	case VICI_CMD_RESPONSE:
	case VICI_CMD_UNKNOWN:
	case VICI_EVENT_CONFIRM:
	case VICI_EVENT_UNKNOWN:
		if (!c->waiting || c->have_resp ||
		    c->want_cmd != (type <= VICI_CMD_UNKNOWN)) {
			conn_err(c, EBADMSG, "unexpected %s packet from charon",
				 type_names[type]);
			return conn_break(c, -1);
		}
		/* the unnamed answers; charon sends CMD_UNKNOWN and the
		 * EVENT_* answers with an empty message (vici_dispatcher.c
		 * send_op()) */
		if (vici_parse(p + 1, len - 1, &c->resp, &why))
			return proto_err(c, type_names[type], why);
		c->resp_type = type;
		c->have_resp = true;
		return 0;
	default:
		conn_err(c, EBADMSG, "unexpected packet type %u from charon",
			 type);
		return conn_break(c, -1);
	}
}

/* Take every complete packet out of the receive buffer. */
static int take(struct vici_conn *c)
{
	uint32_t len;

	while (c->rx_len - c->rx_head >= 4) {
		len = get32(c->rx + c->rx_head);
		/* vici README "Transport protocol"; vici_socket.c refuses
		 * the same lengths */
		if (len == 0)
			return proto_err(c, "packet", "zero length");
		if (len > VICI_PACKET_MAX) {
			conn_err(c, EBADMSG, "packet of %" PRIu32 " bytes from "
				 "charon exceeds 512 KiB", len);
			return conn_break(c, -1);
		}
		if (c->rx_len - c->rx_head - 4 < len)
			break;
		c->rx_head += 4;
		if (take_one(c, c->rx + c->rx_head, len))
			return -1;
		c->rx_head += len;
	}
	if (c->rx_head == c->rx_len)
		c->rx_head = c->rx_len = 0;
	return 0;
}

/*
 * Read once what the socket has.  Return: 1 if bytes came, 0 if none
 * (EAGAIN), -1 on an error, VICI_EOF.
 */
static int read_some(struct vici_conn *c)
{
	ssize_t n;

	/* room for at least 64 KiB, or for the rest of a large packet */
	if (c->rx_head) {
		memmove(c->rx, c->rx + c->rx_head, c->rx_len - c->rx_head);
		c->rx_len -= c->rx_head;
		c->rx_head = 0;
	}
	if (c->rx_cap - c->rx_len < 65536) {
		c->rx_cap = c->rx_len + 65536;
		c->rx = xrealloc(c->rx, c->rx_cap);
	}
	do
		n = read(c->fd, c->rx + c->rx_len, c->rx_cap - c->rx_len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		conn_err(c, errno, "read from charon: %s", strerror(errno));
		return conn_break(c, -1);
	}
	if (n == 0) {
		conn_err(c, ECONNRESET, "charon closed the connection%s",
			 c->rx_len ? " in the middle of a packet" : "");
		return conn_break(c, VICI_EOF);
	}
	c->rx_len += (size_t)n;
	return take(c) ? -1 : 1;
}

/*
 * Hand the queued events to the callback, unless a callback is running
 * (its nested vici_call() queues them for the outer loop) or an answer
 * is awaited.  Each packet leaves the queue before the callback runs, so
 * a nested call may append to it.
 */
static void dispatch(struct vici_conn *c)
{
	struct vici_msg msg;
	char name[VICI_NAME_MAX + 1];
	const uint8_t *p;
	size_t len, nlen;

	while (!c->in_cb && !c->waiting && c->evq_head < c->evq_len) {
		p = c->evq + c->evq_head;
		len = get32(p);
		p += 4;
		nlen = p[1];
		memcpy(name, p + 2, nlen);
		name[nlen] = '\0';
		if (vici_parse(p + 2 + nlen, len - 2 - nlen, &msg, NULL))
			BUG("queued vici event is malformed");
		c->evq_head += 4 + len;
		if (c->evq_head == c->evq_len)
			c->evq_head = c->evq_len = 0;
		if (c->fn) {
			c->in_cb = true;
			c->fn(c->user, name, &msg);
			c->in_cb = false;
		}
		vici_msg_free(&msg);
	}
}

int vici_on_readable(struct vici_conn *c)
{
	int i, rc = 0;

	if (c->broken)
		return conn_break(c, c->broken);
	/* read until the socket is empty, but not forever: poll() is level
	 * triggered and will call again */
	for (i = 0; i < 16; i++) {
		rc = read_some(c);
		if (rc <= 0)
			break;
	}
	/* events taken before an error are still handed over */
	dispatch(c);
	return rc < 0 ? rc : 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Send the packet @type @name [@msg] and wait for its answer: the
 * common part of vici_call() and vici_(un)register().
 */
static int transact(struct vici_conn *c, uint8_t type, const char *name,
		    const struct vici_builder *msg, struct vici_msg *resp)
{
	size_t nlen = strlen(name), mlen = msg ? msg->len : 0, off = 0, total;
	long long deadline = now_ms() + c->timeout_ms;
	struct pollfd pfd = { .fd = c->fd };
	const char *why;
	uint8_t *tx;
	ssize_t n;
	int rc, left;

	memset(resp, 0, sizeof(*resp));
	if (c->broken) {
		errno = c->err_no;
		return c->broken;
	}
	if (c->waiting)
		return conn_err(c, EINVAL, "'%s': another command is active",
				name);
	if (!nlen || nlen > VICI_NAME_MAX)
		return conn_err(c, EINVAL, "bad name '%s'", name);
	if (msg && (why = vici_builder_check(msg)))
		return conn_err(c, EINVAL, "'%s': bad request: %s", name, why);
	if (2 + nlen + mlen > VICI_PACKET_MAX)
		return conn_err(c, EMSGSIZE, "'%s': request exceeds 512 KiB",
				name);
	total = 4 + 2 + nlen + mlen;
	tx = xmalloc(total);
	put32(tx, (uint32_t)(total - 4));
	tx[4] = type;
	tx[5] = (uint8_t)nlen;
	memcpy(tx + 6, name, nlen);
	if (mlen)
		memcpy(tx + 6 + nlen, msg->buf, mlen);

	c->waiting = true;
	c->want_cmd = type == VICI_CMD_REQUEST;
	c->have_resp = false;
	rc = 0;
	while (!c->have_resp) {
		left = -1;
		if (c->timeout_ms >= 0) {
			long long d = deadline - now_ms();

			if (d <= 0) {
				conn_err(c, ETIMEDOUT, "'%s': no answer from "
					 "charon within %d ms", name,
					 c->timeout_ms);
				rc = conn_break(c, -1);
				break;
			}
			left = d > INT32_MAX ? INT32_MAX : (int)d;
		}
		/* keep reading while sending: charon may be busy sending
		 * events to us */
		pfd.events = POLLIN | (off < total ? POLLOUT : 0);
		if (poll(&pfd, 1, left) < 0) {
			if (errno == EINTR)
				continue;
			conn_err(c, errno, "poll: %s", strerror(errno));
			rc = conn_break(c, -1);
			break;
		}
		if (pfd.revents & (POLLIN | POLLHUP | POLLERR)) {
			rc = read_some(c);
			if (rc < 0)
				break;
			rc = 0;
		}
		if (off < total && (pfd.revents & POLLOUT)) {
			n = send(c->fd, tx + off, total - off, MSG_NOSIGNAL);
			if (n < 0 && errno != EINTR && errno != EAGAIN &&
			    errno != EWOULDBLOCK) {
				conn_err(c, errno, "write to charon: %s",
					 strerror(errno));
				rc = conn_break(c, errno == EPIPE ? VICI_EOF :
						-1);
				break;
			}
			if (n > 0)
				off += (size_t)n;
		}
	}
	free(tx);
	c->waiting = false;
	if (c->have_resp) {
		*resp = c->resp;
		memset(&c->resp, 0, sizeof(c->resp));
		c->have_resp = false;
	}
	/* the events that came with the answer, now that commands may be
	 * issued again (unless a callback is running: then its caller
	 * hands them over) */
	dispatch(c);
	if (rc) {
		vici_msg_free(resp);
		return rc;
	}
	if (c->resp_type == VICI_CMD_UNKNOWN) {
		vici_msg_free(resp);
		return conn_err(c, ENOENT, "unknown command '%s'", name);
	}
	if (c->resp_type == VICI_EVENT_UNKNOWN) {
		vici_msg_free(resp);
		return conn_err(c, ENOENT, "unknown event '%s'", name);
	}
	c->err[0] = '\0';
	return 0;
}

int vici_call(struct vici_conn *c, const char *cmd,
	      const struct vici_builder *req, struct vici_msg *resp)
{
	return transact(c, VICI_CMD_REQUEST, cmd, req, resp);
}

int vici_register(struct vici_conn *c, const char *event)
{
	struct vici_msg m;
	int rc = transact(c, VICI_EVENT_REGISTER, event, NULL, &m);

	vici_msg_free(&m);
	return rc;
}

int vici_unregister(struct vici_conn *c, const char *event)
{
	struct vici_msg m;
	int rc = transact(c, VICI_EVENT_UNREGISTER, event, NULL, &m);

	vici_msg_free(&m);
	return rc;
}
