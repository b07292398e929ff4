/* SPDX-License-Identifier: MIT */
/*
 * test_wire - asacd's cluster messages: both layouts round-trip, a wrong
 * key, a flipped bit, the wrong mode and malformed input are told apart,
 * and the replay check keeps the highest counter per sender.
 */
#include <string.h>

#include "runtime/wire.h"
#include "unit.h"

static void sample(struct wire_msg *w)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 1, 2 };

	memset(w, 0, sizeof(*w));
	w->m.type = CL_MSG_HELLO;
	w->m.from_ip = 0xc0000202;
	memcpy(w->m.from_mac, mac, 6);
	w->m.priority = 7;
	w->m.report.active[LB_ANYCONNECT] = 216;
	w->m.report.active[LB_OTHER] = 100;
	w->m.report.inactive = 16;
	w->m.report.limit[LB_ANYCONNECT] = 5000;
	w->m.report.limit[LB_OTHER] = 750;
	w->m.report.system_load = 33;
	w->m.report.max_session = 1000;
	w->counter = 0x0123456789abcdefull;
	w->redirect_ip = 0xcb007102;
	strcpy(w->fqdn, "vpn2.example.net");
}

static bool same(const struct wire_msg *a, const struct wire_msg *b)
{
	return a->m.type == b->m.type && a->m.from_ip == b->m.from_ip &&
	       !memcmp(a->m.from_mac, b->m.from_mac, 6) &&
	       a->m.priority == b->m.priority &&
	       a->m.was_master == b->m.was_master &&
	       !memcmp(&a->m.report, &b->m.report, sizeof(a->m.report)) &&
	       a->counter == b->counter && a->redirect_ip == b->redirect_ip &&
	       !strcmp(a->fqdn, b->fqdn);
}

int main(void)
{
	uint8_t key[WIRE_KEYBYTES], other[WIRE_KEYBYTES], buf[WIRE_MAX];
	uint8_t buf2[WIRE_MAX];
	struct wire_msg w, r;
	struct wire_peer peers[3];
	size_t len, len2, n = 0, i;

	CHECK(wire_init() == 0);
	wire_key("123456789-abcdefghijk", key);
	wire_key("123456789-abcdefghijK", other);
	CHECK(memcmp(key, other, sizeof(key)) != 0);

	/* clear text */
	sample(&w);
	len = wire_encode(&w, NULL, buf);
	CHECK(len == WIRE_HDR + WIRE_BODY_FIXED + strlen(w.fqdn));
	CHECK(!memcmp(buf, "ASCD\x01\x00", 6));
	CHECK(wire_decode(buf, len, NULL, &r) == WIRE_OK && same(&w, &r));
	CHECK(wire_decode(buf, len, key, &r) == WIRE_UNSEALED);
	/* the counter is big-endian right after the MAC */
	CHECK(buf[WIRE_HDR + 16] == 0x01 && buf[WIRE_HDR + 23] == 0xef);

	/* sealed: 24-byte nonce, 16-byte tag, fresh nonce each time */
	len = wire_encode(&w, key, buf);
	CHECK(len == WIRE_HDR + 24 + 16 + WIRE_BODY_FIXED + strlen(w.fqdn));
	CHECK(buf[5] == 1);
	CHECK(wire_decode(buf, len, key, &r) == WIRE_OK && same(&w, &r));
	for (i = 0; i + 16 <= len && memcmp(buf + i, "vpn2.example.net", 16);
	     i++)
		;
	CHECK(i + 16 > len);		/* the FQDN is not in clear */
	len2 = wire_encode(&w, key, buf2);
	CHECK(len2 == len && memcmp(buf, buf2, len) != 0);
	CHECK(wire_decode(buf, len, other, &r) == WIRE_AUTH);
	CHECK(wire_decode(buf, len, NULL, &r) == WIRE_SEALED);
	/* every single flipped bit past the header fails authentication */
	for (i = WIRE_HDR; i < len; i++) {
		buf[i] ^= 0x10;
		if (wire_decode(buf, len, key, &r) != WIRE_AUTH)
			break;
		buf[i] ^= 0x10;
	}
	CHECK(i == len);
	CHECK(wire_decode(buf, len - 1, key, &r) == WIRE_AUTH);
	CHECK(wire_decode(buf, WIRE_HDR + 40, key, &r) == WIRE_MALFORMED);

	/* a LEAVE from the master, no FQDN */
	sample(&w);
	w.m.type = CL_MSG_LEAVE;
	w.m.was_master = true;
	w.fqdn[0] = 0;
	len = wire_encode(&w, key, buf);
	CHECK(wire_decode(buf, len, key, &r) == WIRE_OK && same(&w, &r));
	CHECK(r.m.was_master && r.m.type == CL_MSG_LEAVE);

	/* malformed clear text */
	sample(&w);
	len = wire_encode(&w, NULL, buf);
	CHECK(wire_decode(buf, 7, NULL, &r) == WIRE_MALFORMED);
	CHECK(wire_decode(buf, len - 1, NULL, &r) == WIRE_MALFORMED);
	memcpy(buf2, buf, len);
	buf2[0] = 'X';
	CHECK(wire_decode(buf2, len, NULL, &r) == WIRE_MALFORMED);
	memcpy(buf2, buf, len);
	buf2[4] = 2;				/* version */
	CHECK(wire_decode(buf2, len, NULL, &r) == WIRE_MALFORMED);
	memcpy(buf2, buf, len);
	buf2[WIRE_HDR] = 9;			/* message type */
	CHECK(wire_decode(buf2, len, NULL, &r) == WIRE_MALFORMED);
	memcpy(buf2, buf, len);
	buf2[WIRE_HDR + WIRE_BODY_FIXED + 3] = 0;	/* NUL in the FQDN */
	CHECK(wire_decode(buf2, len, NULL, &r) == WIRE_MALFORMED);
	memcpy(buf2, buf, len);
	buf2[WIRE_HDR + 32 + 2] = 0xff;		/* inactive > active */
	CHECK(wire_decode(buf2, len, NULL, &r) == WIRE_MALFORMED);
	memcpy(buf2, buf, len);
	memset(buf2 + WIRE_HDR + 4, 0, 4);	/* from 0.0.0.0 */
	CHECK(wire_decode(buf2, len, NULL, &r) == WIRE_MALFORMED);
	CHECK(!strcmp(wire_err_name(WIRE_AUTH), "failed authentication"));

	/* replays: per sender, strictly increasing */
	CHECK(wire_replay_check(peers, &n, 3, 1, 100));
	CHECK(!wire_replay_check(peers, &n, 3, 1, 100));
	CHECK(!wire_replay_check(peers, &n, 3, 1, 99));
	CHECK(wire_replay_check(peers, &n, 3, 1, 101));
	CHECK(wire_replay_check(peers, &n, 3, 2, 5));
	CHECK(wire_replay_check(peers, &n, 3, 3, 500));
	CHECK(n == 3);
	/* full: the sender with the lowest counter (2) makes room */
	CHECK(wire_replay_check(peers, &n, 3, 4, 7));
	CHECK(n == 3);
	CHECK(!wire_replay_check(peers, &n, 3, 1, 101));
	CHECK(!wire_replay_check(peers, &n, 3, 3, 500));
	CHECK(!wire_replay_check(peers, &n, 3, 4, 7));
	return unit_done();
}
