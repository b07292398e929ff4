/* SPDX-License-Identifier: MIT */
/*
 * test_vici.c - runtime/vici.c: the encoding of the vici README's message
 * format, the parser's validation, and the connection layer against a
 * scripted fake charon on a socketpair (a forked child that reads the
 * expected requests and writes answers and events in pieces).
 */
#include "compiler/asac.h"
#include "runtime/vici.h"
#include "unit.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */

struct bytes {
	uint8_t b[8192];
	size_t n;
};

static void add(struct bytes *o, const void *p, size_t n)
{
	if (o->n + n > sizeof(o->b))
		abort();
	if (n)
		memcpy(o->b + o->n, p, n);
	o->n += n;
}

/* Append the packet "length, @type, [@name,] message @m" to @o. */
static void frame(struct bytes *o, uint8_t type, const char *name,
		  const struct vici_builder *m)
{
	size_t nl = name ? strlen(name) : 0, ml = m ? m->len : 0;
	uint32_t len = (uint32_t)(1 + (name ? 1 + nl : 0) + ml);
	uint8_t h[6] = { (uint8_t)(len >> 24), (uint8_t)(len >> 16),
			 (uint8_t)(len >> 8), (uint8_t)len, type, (uint8_t)nl };

	add(o, h, name ? 6 : 5);
	add(o, name, nl);
	if (ml)
		add(o, m->buf, ml);
}

/* Encode a parsed tree again, to compare with what was parsed. */
static void reencode(struct vici_builder *b, const struct vici_node *sec)
{
	const struct vici_node *n, *i;

	vici_for_each(n, sec) {
		switch (n->kind) {
		case VICI_NODE_SECTION:
			vici_begin_section(b, n->name);
			reencode(b, n);
			vici_end_section(b);
			break;
		case VICI_NODE_VALUE:
			vici_add_kv_bytes(b, n->name, n->value, n->len);
			break;
		case VICI_NODE_LIST:
			vici_begin_list(b, n->name);
			vici_for_each(i, n)
				vici_add_item_bytes(b, i->value, i->len);
			vici_end_list(b);
			break;
		case VICI_NODE_ITEM:
			abort();
		}
	}
}

/* Parse a heap copy of exactly @len bytes, so ASan sees any over-read. */
static int parse_copy(const void *p, size_t len, struct vici_msg *m,
		      const char **why)
{
	void *c = malloc(len ? len : 1);
	int rc;

	memcpy(c, p, len);
	rc = vici_parse(c, len, m, why);
	free(c);
	return rc;
}

/* ---- builder ------------------------------------------------------------ */

static void test_encoding(void)
{
	/*
	 * up = yes
	 * gw = { uniqueid = 7  l = [ a, bc ] }
	 * by hand from the vici README "Message format": type, 8-bit name
	 * length + name, 16-bit big-endian value length + value
	 */
	static const uint8_t want[] = {
		3, 2, 'u', 'p', 0, 3, 'y', 'e', 's',
		1, 2, 'g', 'w',
		3, 8, 'u', 'n', 'i', 'q', 'u', 'e', 'i', 'd', 0, 1, '7',
		4, 1, 'l',
		5, 0, 1, 'a',
		5, 0, 2, 'b', 'c',
		6,
		2,
	};
	struct vici_builder b = { 0 };

	CHECK(vici_add_kv(&b, "up", "yes") == 0);
	CHECK(vici_begin_section(&b, "gw") == 0);
	CHECK(vici_add_kvf(&b, "uniqueid", "%d", 7) == 0);
	CHECK(vici_begin_list(&b, "l") == 0);
	CHECK(vici_add_item(&b, "a") == 0);
	CHECK(vici_add_item(&b, "bc") == 0);
	CHECK(vici_end_list(&b) == 0);
	CHECK(vici_end_section(&b) == 0);
	CHECK(vici_builder_check(&b) == NULL);
	CHECK(b.len == sizeof(want) && !memcmp(b.buf, want, sizeof(want)));
	vici_builder_free(&b);
	CHECK(b.buf == NULL && b.len == 0);
}

static void test_builder_errors(void)
{
	struct vici_builder b = { 0 };
	char name[257];
	char *big = calloc(1, VICI_VALUE_MAX + 1);
	size_t before;
	int i, rc = 0;

	memset(name, 'n', 256);
	name[256] = '\0';
	CHECK(vici_add_kv(&b, name + 1, "v") == 0);	/* 255: fits */
	CHECK(vici_add_kv(&b, name, "v") == -1);	/* 256: error */
	CHECK_STR(b.err, "name longer than 255 bytes");
	before = b.len;
	/* sticky: later valid calls change nothing */
	CHECK(vici_add_kv(&b, "k", "v") == -1);
	CHECK(b.len == before);
	CHECK(vici_builder_check(&b) != NULL);
	vici_builder_free(&b);

	CHECK(vici_add_kv_bytes(&b, "k", big, VICI_VALUE_MAX) == 0);
	CHECK(vici_add_kv_bytes(&b, "k", big, VICI_VALUE_MAX + 1) == -1);
	CHECK_STR(b.err, "value longer than 65535 bytes");
	vici_builder_free(&b);
	CHECK(vici_begin_list(&b, "l") == 0);
	CHECK(vici_add_item_bytes(&b, big, VICI_VALUE_MAX + 1) == -1);
	vici_builder_free(&b);

	/* a message may not outgrow a packet: an error, never truncated */
	for (i = 0; i < 20 && !rc; i++) {
		before = b.len;
		rc = vici_add_kv_bytes(&b, "k", big, VICI_VALUE_MAX);
	}
	/* 7 x 65540 bytes fit, an 8th would make 524320 > 524288 */
	CHECK(rc == -1 && i == 8);
	CHECK_STR(b.err, "message exceeds 512 KiB");
	CHECK(b.len == before && b.len <= VICI_PACKET_MAX);
	vici_builder_free(&b);

	CHECK(vici_end_section(&b) == -1);
	CHECK_STR(b.err, "section end without a section");
	vici_builder_free(&b);
	vici_begin_list(&b, "a");
	CHECK(vici_begin_list(&b, "b") == -1);
	CHECK_STR(b.err, "list inside a list");
	vici_builder_free(&b);
	vici_begin_list(&b, "a");
	CHECK(vici_add_kv(&b, "k", "v") == -1);
	vici_builder_free(&b);
	vici_begin_list(&b, "a");
	CHECK(vici_begin_section(&b, "s") == -1);
	vici_builder_free(&b);
	CHECK(vici_add_item(&b, "i") == -1);
	vici_builder_free(&b);
	CHECK(vici_end_list(&b) == -1);
	vici_builder_free(&b);
	vici_begin_section(&b, "s");
	CHECK_STR(vici_builder_check(&b), "section not closed");
	vici_builder_free(&b);
	vici_begin_list(&b, "s");
	CHECK_STR(vici_builder_check(&b), "list not closed");
	vici_builder_free(&b);
	/* a long formatted value goes through the heap */
	CHECK(vici_add_kvf(&b, "k", "%0100d", 1) == 0 && b.len == 1 + 1 + 1 + 2 + 100);
	vici_builder_free(&b);
	free(big);
}

/* ---- parser ------------------------------------------------------------- */

static void build_sample(struct vici_builder *b)
{
	static const uint8_t bin[] = { 0, 1, 2, 0, 255 };

	vici_add_kv(b, "up", "yes");
	vici_begin_section(b, "ra-anyconnect-1");
	vici_add_kv(b, "uniqueid", "42");
	vici_add_kv(b, "remote-host", "198.51.100.9");
	vici_add_kv(b, "state", "ESTABLISHED");
	vici_add_kv_bytes(b, "bin", bin, sizeof(bin));
	vici_add_kv(b, "empty", "");
	vici_begin_list(b, "remote-vips");
	vici_add_item(b, "10.0.0.1");
	vici_add_item(b, "");
	vici_end_list(b);
	vici_begin_list(b, "none");
	vici_end_list(b);
	vici_begin_section(b, "child-sas");
	vici_begin_section(b, "net-7");
	vici_add_kv(b, "bytes-in", "18446744073709551615");
	vici_add_kv(b, "bytes-out", "18446744073709551616");
	vici_add_kv(b, "bad", "12a");
	vici_end_section(b);
	vici_end_section(b);
	vici_end_section(b);
	vici_begin_section(b, "dotted.name");
	vici_add_kv(b, "k", "v");
	vici_end_section(b);
	vici_begin_section(b, "");
	vici_end_section(b);
}

static void test_roundtrip(void)
{
	struct vici_builder b = { 0 }, again = { 0 };
	const struct vici_node *r, *s, *n, *l;
	struct vici_msg m;
	uint64_t u = 0;
	int count = 0;

	build_sample(&b);
	CHECK(vici_builder_check(&b) == NULL);
	CHECK(parse_copy(b.buf, b.len, &m, NULL) == 0);
	if (!m.nodes) {
		vici_builder_free(&b);
		return;
	}
	r = vici_root(&m);
	CHECK(r->kind == VICI_NODE_SECTION && r->parent == NULL);
	CHECK_STR(vici_find_str(r, "up", NULL), "yes");
	/* the top-level sections, in order */
	vici_for_each(s, r)
		if (s->kind == VICI_NODE_SECTION)
			count++;
	CHECK(count == 3);
	s = vici_child(r, "ra-anyconnect-1");
	CHECK(s && s->kind == VICI_NODE_SECTION && s->parent == r);
	CHECK(vici_find_uint(s, "uniqueid", &u) == 0 && u == 42);
	CHECK_STR(vici_find_str(r, "ra-anyconnect-1.remote-host", NULL),
		  "198.51.100.9");
	n = vici_find(r, "ra-anyconnect-1.bin");
	CHECK(n && n->len == 5 && !memcmp(n->value, "\0\1\2\0\377", 5) &&
	      n->value[5] == '\0');
	CHECK_STR(vici_find_str(s, "empty", NULL), "");
	l = vici_find(s, "remote-vips");
	CHECK(l && l->kind == VICI_NODE_LIST);
	CHECK(l && l->child && !strcmp(l->child->value, "10.0.0.1") &&
	      l->child->kind == VICI_NODE_ITEM && l->child->parent == l &&
	      l->child->next && l->child->next->len == 0 &&
	      !l->child->next->next);
	l = vici_find(s, "none");
	CHECK(l && l->kind == VICI_NODE_LIST && !l->child);
	CHECK(vici_find_uint(s, "child-sas.net-7.bytes-in", &u) == 0 &&
	      u == UINT64_MAX);
	CHECK(vici_find_uint(s, "child-sas.net-7.bytes-out", &u) == -1);
	CHECK(vici_find_uint(s, "child-sas.net-7.bad", &u) == -1);
	CHECK(vici_find_uint(s, "empty", &u) == -1);
	CHECK(vici_find_uint(s, "bin", &u) == -1);
	CHECK(vici_find_uint(s, "child-sas", &u) == -1);
	CHECK(vici_find(r, "ra-anyconnect-1.child-sas.net-7.nope") == NULL);
	CHECK(vici_find(r, "ra-anyconnect-1.remote-vips.x") == NULL);
	CHECK(vici_find(r, "up.x") == NULL);
	CHECK(vici_find(r, "nope.uniqueid") == NULL);
	CHECK(vici_find(r, "") != NULL);	/* the section named "" */
	CHECK_STR(vici_find_str(r, "ra-anyconnect-1.none", "def"), "def");
	/* a dot in a config name: vici_child, not a path */
	CHECK(vici_find(r, "dotted.name") == NULL);
	CHECK_STR(vici_find_str(vici_child(r, "dotted.name"), "k", NULL), "v");
	/* the parse loses nothing: encoding the tree gives the same bytes */
	reencode(&again, r);
	CHECK(again.len == b.len && !memcmp(again.buf, b.buf, b.len));
	vici_builder_free(&again);
	vici_msg_free(&m);
	vici_msg_free(&m);	/* twice: now empty */

	/* a zeroed (failed) message reads as an empty section */
	CHECK(vici_root(&m) && vici_root(&m)->child == NULL &&
	      vici_find_str(vici_root(&m), "success", NULL) == NULL);
	/* the empty message is the root alone */
	CHECK(parse_copy("", 0, &m, NULL) == 0 && m.nnodes == 1 &&
	      !vici_root(&m)->child);
	vici_msg_free(&m);
	vici_builder_free(&b);
}

struct bad {
	const char *what;
	size_t len;
	uint8_t b[16];
};

static void test_malformed(void)
{
	static const struct bad bad[] = {
		{ "truncated name length", 1, { 3 } },
		{ "name runs past the end", 3, { 3, 5, 'a' } },
		{ "truncated value length", 4, { 3, 1, 'a', 0 } },
		{ "value runs past the end", 6, { 3, 1, 'a', 0, 5, 'x' } },
		{ "truncated value length", 4, { 4, 0, 5, 0 } },
		{ "section not closed", 3, { 1, 1, 's' } },
		{ "section not closed", 7, { 1, 1, 's', 1, 1, 't', 2 } },
		{ "section end without a section", 1, { 2 } },
		{ "section end without a section", 5, { 1, 1, 's', 2, 2 } },
		{ "list inside a list", 8, { 4, 1, 'a', 4, 1, 'b', 6, 6 } },
		{ "key/value inside a list", 9, { 4, 1, 'a', 3, 1, 'k', 0, 0, 6 } },
		{ "section inside a list", 7, { 4, 1, 'a', 1, 1, 's', 2 } },
		{ "section end inside a list", 5, { 1, 0, 4, 0, 2 } },
		{ "list item outside a list", 3, { 5, 0, 0 } },
		{ "list end without a list", 1, { 6 } },
		{ "list not closed", 3, { 4, 1, 'a' } },
		{ "unknown element type", 1, { 0 } },
		{ "unknown element type", 5, { 1, 1, 's', 2, 0xff } },
		{ "unknown element type", 1, { 7 } },
		{ "NUL byte in a name", 5, { 3, 1, 0, 0, 0 } },
	};
	struct vici_builder b = { 0 }, again = { 0 };
	struct vici_msg m;
	const char *why;
	uint8_t *buf;
	size_t i, j, ok = 0, same = 0, tries = 0;
	unsigned int seed = 1;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		CHECK(parse_copy(bad[i].b, bad[i].len, &m, &why) == -1 &&
		      m.nodes == NULL);
		CHECK_STR(why, bad[i].what);
	}

	/* every prefix of a valid message: no crash, and those that parse
	 * encode back to themselves */
	build_sample(&b);
	for (i = 0; i < b.len; i++) {
		if (parse_copy(b.buf, i, &m, NULL))
			continue;
		reencode(&again, vici_root(&m));
		ok++;
		same += again.len == i && (!i || !memcmp(again.buf, b.buf, i));
		vici_builder_free(&again);
		vici_msg_free(&m);
	}
	CHECK(ok > 0 && same == ok);
	/* random byte mutations: the same (ASan watches for over-reads) */
	buf = malloc(b.len);
	ok = same = 0;
	for (tries = 0; tries < 20000; tries++) {
		memcpy(buf, b.buf, b.len);
		for (j = 0; j < 1 + tries % 4; j++) {
			seed = seed * 1103515245 + 12345;
			buf[(seed >> 8) % b.len] = (uint8_t)(seed >> 20);
		}
		seed = seed * 1103515245 + 12345;
		j = tries % 3 ? b.len : (seed >> 8) % b.len;
		if (parse_copy(buf, j, &m, NULL))
			continue;
		reencode(&again, vici_root(&m));
		ok++;
		same += again.len == j && (!j || !memcmp(again.buf, buf, j));
		vici_builder_free(&again);
		vici_msg_free(&m);
	}
	CHECK(ok > 0 && same == ok);
	free(buf);
	vici_builder_free(&b);
}

/* ---- connection --------------------------------------------------------- */

enum step_op { S_READ, S_WRITE, S_SLEEP, S_CLOSE, S_END };

/* A fake charon's script: read exactly these bytes, write these, ... */
struct step {
	enum step_op op;
	const uint8_t *p;
	size_t n;
};

static int read_full(int fd, uint8_t *p, size_t n)
{
	ssize_t r;

	while (n) {
		r = read(fd, p, n);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

static int write_full(int fd, const uint8_t *p, size_t n)
{
	ssize_t r;

	while (n) {
		r = write(fd, p, n);
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Run @s in a child on @fd; the child exits 1 if a read did not match. */
static pid_t serve(int fd, const struct step *s)
{
	uint8_t got[8192];
	struct timespec ts;
	pid_t pid;

	/* or the child could print the parent's buffered lines again */
	fflush(stdout);
	pid = fork();
	if (pid)
		return pid;
	/* a client that never sends what is expected must not hang us */
	alarm(5);
	for (; s->op != S_END; s++) {
		switch (s->op) {
		case S_READ:
			if (s->n > sizeof(got) || read_full(fd, got, s->n) ||
			    memcmp(got, s->p, s->n))
				_exit(1);
			break;
		case S_WRITE:
			if (write_full(fd, s->p, s->n))
				_exit(2);
			break;
		case S_SLEEP:
			ts.tv_sec = 0;
			ts.tv_nsec = (long)s->n * 1000000L;
			nanosleep(&ts, NULL);
			break;
		case S_CLOSE:
			close(fd);
			break;
		case S_END:
			break;
		}
	}
	_exit(0);
}

static int served(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ?
	       WEXITSTATUS(st) : -1;
}

/* What the callback saw. */
struct seen {
	int n;
	char names[8][32];
	char conf[8][64];
	uint64_t uniqueid[8];
	bool up[8];
	struct vici_conn *conn;
	int depth, maxdepth;	/* callbacks running inside callbacks */
	int nested_rc;		/* the nested call's result */
	char nested_success[8];
};

static void on_event(void *user, const char *name, const struct vici_msg *m)
{
	struct seen *s = user;
	const struct vici_node *r = vici_root(m), *n;
	int i = s->n++;

	if (i >= 8)
		return;
	if (++s->depth > s->maxdepth)
		s->maxdepth = s->depth;
	snprintf(s->names[i], sizeof(s->names[i]), "%s", name);
	s->up[i] = !strcmp(vici_find_str(r, "up", "no"), "yes");
	vici_for_each(n, r)
		if (n->kind == VICI_NODE_SECTION) {
			snprintf(s->conf[i], sizeof(s->conf[i]), "%s", n->name);
			vici_find_uint(n, "uniqueid", &s->uniqueid[i]);
			break;
		}
	/* the daemon's use: terminate the session it is told about, from
	 * inside the callback */
	if (s->conn && i == 0) {
		struct vici_builder b = { 0 };
		struct vici_msg resp;

		vici_add_kvf(&b, "ike-id", "%" PRIu64, s->uniqueid[i]);
		s->nested_rc = vici_call(s->conn, "terminate", &b, &resp);
		snprintf(s->nested_success, sizeof(s->nested_success), "%s",
			 vici_find_str(vici_root(&resp), "success", "?"));
		vici_msg_free(&resp);
		vici_builder_free(&b);
	}
	s->depth--;
}

/* An ike-updown event for @conf/@id as charon raises it (strongswan.md
 * 4.3: "up = yes" only when up, then a section named after the config). */
static void ike_updown(struct bytes *o, const char *conf, unsigned int id,
		       bool up)
{
	struct vici_builder b = { 0 };

	if (up)
		vici_add_kv(&b, "up", "yes");
	vici_begin_section(&b, conf);
	vici_add_kvf(&b, "uniqueid", "%u", id);
	vici_add_kv(&b, "version", "2");
	vici_add_kv(&b, "state", up ? "ESTABLISHED" : "DELETING");
	vici_add_kv(&b, "remote-host", "198.51.100.9");
	vici_begin_section(&b, "child-sas");
	vici_end_section(&b);
	vici_end_section(&b);
	frame(o, VICI_EVENT, "ike-updown", &b);
	vici_builder_free(&b);
}

static void response(struct bytes *o, const char *success)
{
	struct vici_builder b = { 0 };

	if (success)
		vici_add_kv(&b, "success", success);
	frame(o, VICI_CMD_RESPONSE, NULL, &b);
	vici_builder_free(&b);
}

static struct vici_conn *pair(int *peer, struct seen *s)
{
	int sv[2];
	struct vici_conn *c;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		abort();
	c = vici_open_fd(sv[0], on_event, s);
	*peer = sv[1];
	return c;
}

/* Partial packets are kept across reads; events go to the callback. */
static void test_readable(void)
{
	struct seen s = { 0 };
	struct bytes ev = { .n = 0 };
	struct vici_conn *c;
	size_t one;
	int peer;

	ike_updown(&ev, "ra-anyconnect-1", 5, true);
	one = ev.n;
	ike_updown(&ev, "l2l-peer.example", 6, false);
	c = pair(&peer, &s);
	CHECK(c != NULL);
	CHECK(vici_on_readable(c) == 0 && s.n == 0);	/* nothing there */
	write_full(peer, ev.b, 2);			/* half the length */
	CHECK(vici_on_readable(c) == 0 && s.n == 0);
	write_full(peer, ev.b + 2, 10);
	CHECK(vici_on_readable(c) == 0 && s.n == 0);
	write_full(peer, ev.b + 12, one - 12 + 3);	/* + the next's start */
	CHECK(vici_on_readable(c) == 0 && s.n == 1);
	write_full(peer, ev.b + one + 3, ev.n - one - 3);
	CHECK(vici_on_readable(c) == 0 && s.n == 2);
	CHECK_STR(s.names[0], "ike-updown");
	CHECK_STR(s.conf[0], "ra-anyconnect-1");
	CHECK(s.up[0] && s.uniqueid[0] == 5);
	CHECK_STR(s.conf[1], "l2l-peer.example");
	CHECK(!s.up[1] && s.uniqueid[1] == 6);
	/* EOF in the middle of a packet */
	write_full(peer, ev.b, 7);
	close(peer);
	CHECK(vici_on_readable(c) == VICI_EOF);
	CHECK(strstr(vici_error(c), "closed") != NULL);
	CHECK(vici_on_readable(c) == VICI_EOF);	/* stays broken */
	vici_close(c);
	vici_close(NULL);
}

/* A command whose response arrives in pieces, after an event. */
static void test_call(void)
{
	static const uint8_t req[] = {
		/* by hand: length 22 = type + name length + "terminate" (9)
		 * + KEY_VALUE "ike-id" = "5" (1 + 1 + 6 + 2 + 1) */
		0, 0, 0, 22,
		VICI_CMD_REQUEST, 9, 't', 'e', 'r', 'm', 'i', 'n', 'a', 't', 'e',
		VICI_KEY_VALUE, 6, 'i', 'k', 'e', '-', 'i', 'd', 0, 1, '5',
	};
	struct seen s = { 0 };
	struct bytes out = { .n = 0 };
	struct vici_builder b = { 0 };
	struct vici_msg resp;
	struct vici_conn *c;
	size_t e;
	pid_t pid;
	int peer;

	struct bytes second = { .n = 0 };

	ike_updown(&out, "ra-anyconnect-1", 5, false);
	e = out.n;
	response(&out, "yes");
	response(&second, "no");
	{
		/* the event split too: 3 bytes, then the event's rest with
		 * 5 of the response, then 1 byte, then the rest.  The
		 * callback, once the response is in, sends a terminate of its
		 * own (the same bytes), which gets "success = no". */
		const struct step script[] = {
			{ S_READ, req, sizeof(req) },
			{ S_WRITE, out.b, 3 }, { S_SLEEP, NULL, 20 },
			{ S_WRITE, out.b + 3, e - 3 + 5 }, { S_SLEEP, NULL, 20 },
			{ S_WRITE, out.b + e + 5, 1 }, { S_SLEEP, NULL, 20 },
			{ S_WRITE, out.b + e + 6, out.n - e - 6 },
			{ S_READ, req, sizeof(req) },
			{ S_WRITE, second.b, second.n },
			{ S_END, NULL, 0 },
		};

		c = pair(&peer, &s);
		s.conn = c;
		pid = serve(peer, script);
		close(peer);
		vici_add_kvf(&b, "ike-id", "%u", 5);
		CHECK(vici_call(c, "terminate", &b, &resp) == 0);
		CHECK(served(pid) == 0);	/* the requests' bytes matched */
		CHECK_STR(vici_find_str(vici_root(&resp), "success", NULL),
			  "yes");
		CHECK(s.n == 1 && !s.up[0] && s.uniqueid[0] == 5);
		CHECK(s.nested_rc == 0);
		CHECK_STR(s.nested_success, "no");
		vici_msg_free(&resp);
		vici_builder_free(&b);
		vici_close(c);
	}

	/* list-sas: streamed list-sa events, then an empty response */
	{
		struct vici_builder e1 = { 0 };
		struct bytes lreq = { .n = 0 };

		out.n = 0;
		frame(&lreq, VICI_CMD_REQUEST, "list-sas", NULL);
		vici_begin_section(&e1, "gw");
		vici_add_kv(&e1, "uniqueid", "1");
		vici_end_section(&e1);
		frame(&out, VICI_EVENT, "list-sa", &e1);
		frame(&out, VICI_EVENT, "list-sa", &e1);
		frame(&out, VICI_EVENT, "list-sa", &e1);
		response(&out, NULL);
		vici_builder_free(&e1);
		const struct step script[] = {
			{ S_READ, lreq.b, lreq.n },
			{ S_WRITE, out.b, out.n },
			{ S_END, NULL, 0 },
		};

		memset(&s, 0, sizeof(s));
		c = pair(&peer, &s);
		pid = serve(peer, script);
		close(peer);
		CHECK(vici_call(c, "list-sas", NULL, &resp) == 0);
		CHECK(served(pid) == 0);
		CHECK(s.n == 3 && !strcmp(s.names[2], "list-sa") &&
		      !strcmp(s.conf[2], "gw"));
		CHECK(vici_root(&resp)->child == NULL);
		vici_msg_free(&resp);
		vici_close(c);
	}
}

/* The callback issues a command; the events meanwhile keep their order. */
static void test_nested(void)
{
	struct seen s = { 0 };
	struct bytes first = { .n = 0 }, req = { .n = 0 }, later = { .n = 0 };
	struct vici_builder b = { 0 };
	struct vici_conn *c;
	pid_t pid;
	int peer;

	ike_updown(&first, "ra-1", 11, true);
	ike_updown(&first, "ra-2", 12, true);
	vici_add_kv(&b, "ike-id", "11");
	frame(&req, VICI_CMD_REQUEST, "terminate", &b);
	vici_builder_free(&b);
	ike_updown(&later, "ra-1", 11, false);
	response(&later, "yes");
	const struct step script[] = {
		{ S_WRITE, first.b, first.n },
		{ S_READ, req.b, req.n },
		{ S_WRITE, later.b, later.n },
		{ S_END, NULL, 0 },
	};

	c = pair(&peer, &s);
	s.conn = c;
	pid = serve(peer, script);
	close(peer);
	/* the daemon's loop: poll(), then vici_on_readable() */
	for (int i = 0; i < 50 && s.n < 3; i++) {
		struct pollfd pfd = { .fd = vici_fd(c), .events = POLLIN };

		if (poll(&pfd, 1, 100) > 0 && vici_on_readable(c))
			break;
	}
	CHECK(served(pid) == 0);
	CHECK(s.nested_rc == 0);
	CHECK_STR(s.nested_success, "yes");
	CHECK(s.n == 3);
	CHECK_STR(s.conf[0], "ra-1");
	CHECK(s.up[0]);
	CHECK_STR(s.conf[1], "ra-2");
	CHECK(s.up[1]);
	CHECK_STR(s.conf[2], "ra-1");
	CHECK(!s.up[2]);
	/* no callback ran inside another */
	CHECK(s.maxdepth == 1);
	vici_close(c);
}

/* Unknown commands and events, timeouts, EOF, protocol errors. */
static void test_errors(void)
{
	struct seen s = { 0 };
	struct bytes unk = { .n = 0 }, reg = { .n = 0 }, cmd = { .n = 0 };
	struct bytes ok = { .n = 0 }, conf = { .n = 0 };
	struct vici_builder b = { 0 };
	struct vici_msg resp;
	struct vici_conn *c;
	long t0;
	pid_t pid;
	int peer;

	frame(&cmd, VICI_CMD_REQUEST, "bogus", NULL);
	frame(&unk, VICI_CMD_UNKNOWN, NULL, NULL);
	frame(&reg, VICI_EVENT_REGISTER, "ike-updown", NULL);
	frame(&conf, VICI_EVENT_CONFIRM, NULL, NULL);
	response(&ok, "yes");
	{
		struct bytes reg2 = { .n = 0 }, eunk = { .n = 0 };

		frame(&reg2, VICI_EVENT_REGISTER, "bogus-event", NULL);
		frame(&eunk, VICI_EVENT_UNKNOWN, NULL, NULL);
		const struct step script[] = {
			{ S_READ, cmd.b, cmd.n }, { S_WRITE, unk.b, unk.n },
			{ S_READ, reg.b, reg.n }, { S_WRITE, conf.b, conf.n },
			{ S_READ, reg2.b, reg2.n }, { S_WRITE, eunk.b, eunk.n },
			{ S_READ, cmd.b, cmd.n }, { S_WRITE, ok.b, ok.n },
			{ S_END, NULL, 0 },
		};

		c = pair(&peer, &s);
		pid = serve(peer, script);
		close(peer);
		errno = 0;
		CHECK(vici_call(c, "bogus", NULL, &resp) == -1 &&
		      errno == ENOENT && resp.nodes == NULL);
		CHECK_STR(vici_error(c), "unknown command 'bogus'");
		CHECK(vici_register(c, "ike-updown") == 0);
		CHECK(vici_register(c, "bogus-event") == -1 && errno == ENOENT);
		CHECK_STR(vici_error(c), "unknown event 'bogus-event'");
		/* still usable after both */
		CHECK(vici_call(c, "bogus", NULL, &resp) == 0);
		vici_msg_free(&resp);
		CHECK(served(pid) == 0);
		/* a bad request is refused before anything is sent */
		vici_begin_section(&b, "open");
		CHECK(vici_call(c, "x", &b, &resp) == -1 && errno == EINVAL);
		CHECK_STR(vici_error(c), "'x': bad request: section not closed");
		vici_builder_free(&b);
		vici_close(c);
	}
	/* no answer: a timeout, and the connection is broken afterwards */
	{
		const struct step script[] = {
			{ S_READ, cmd.b, cmd.n }, { S_SLEEP, NULL, 300 },
			{ S_END, NULL, 0 },
		};

		c = pair(&peer, &s);
		pid = serve(peer, script);
		close(peer);
		vici_set_timeout(c, 100);
		t0 = (long)time(NULL);
		CHECK(vici_call(c, "bogus", NULL, &resp) == -1 &&
		      errno == ETIMEDOUT);
		CHECK((long)time(NULL) - t0 < 2);
		CHECK(strstr(vici_error(c), "within 100 ms") != NULL);
		CHECK(vici_call(c, "bogus", NULL, &resp) == -1);
		CHECK(served(pid) == 0);
		vici_close(c);
	}
	/* charon goes away while we wait */
	{
		const struct step script[] = {
			{ S_READ, cmd.b, cmd.n }, { S_CLOSE, NULL, 0 },
			{ S_END, NULL, 0 },
		};

		c = pair(&peer, &s);
		pid = serve(peer, script);
		close(peer);
		CHECK(vici_call(c, "bogus", NULL, &resp) == VICI_EOF);
		CHECK(served(pid) == 0);
		vici_close(c);
	}
	/* protocol errors: oversize length, unexpected response, bad event */
	{
		static const uint8_t big[] = { 0, 8, 0, 1, 1 };
		static const uint8_t zero[] = { 0, 0, 0, 0 };
		static const uint8_t req_type[] = { 0, 0, 0, 2, 0, 0 };
		static const uint8_t ev_bad[] = { 0, 0, 0, 6, 7, 1, 'e', 1, 1,
						  's' };
		static const uint8_t ev_trunc[] = { 0, 0, 0, 3, 7, 5, 'e' };
		const struct { const uint8_t *p; size_t n;
			       const char *err; } cases[] = {
			{ big, sizeof(big), "packet of 524289 bytes from charon exceeds 512 KiB" },
			{ zero, sizeof(zero), "malformed packet from charon: zero length" },
			{ req_type, sizeof(req_type), "unexpected packet type 0 from charon" },
			{ ok.b, ok.n, "unexpected CMD_RESPONSE packet from charon" },
			{ ev_bad, sizeof(ev_bad), "malformed EVENT from charon: section not closed" },
			{ ev_trunc, sizeof(ev_trunc), "malformed EVENT from charon: truncated name" },
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(cases); i++) {
			c = pair(&peer, &s);
			write_full(peer, cases[i].p, cases[i].n);
			errno = 0;
			CHECK(vici_on_readable(c) == -1 && errno == EBADMSG);
			CHECK_STR(vici_error(c), cases[i].err);
			CHECK(vici_register(c, "x") == -1);
			close(peer);
			vici_close(c);
		}
	}
}

static void test_open(void)
{
	char path[200];

	errno = 0;
	CHECK(vici_open("/nonexistent/charon.vici", NULL, NULL) == NULL &&
	      errno == ENOENT);
	memset(path, 'x', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	errno = 0;
	CHECK(vici_open(path, NULL, NULL) == NULL && errno == ENAMETOOLONG);
	errno = 0;
	CHECK(vici_open("unix:///nonexistent/x", NULL, NULL) == NULL &&
	      errno == ENOENT);
}

int main(void)
{
	/* keep the lines printed before a crash */
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	test_encoding();
	test_builder_errors();
	test_roundtrip();
	test_malformed();
	test_readable();
	test_call();
	test_nested();
	test_errors();
	test_open();
	return unit_done();
}
