/* SPDX-License-Identifier: MIT */
#ifndef ASAC_WIRE_H
#define ASAC_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/cluster.h"

/*
 * wire - the cluster messages of asacd on the UDP cluster port (`cluster
 * port`, 9023 by default, seed 000): struct cl_msg, the member's
 * redirect address and FQDN, and a counter against replays, in a fixed
 * big-endian layout.
 *
 * With `cluster encryption` (seed 000: "the messages exchanged between
 * members are encrypted"), the body is sealed with libsodium's
 * crypto_secretbox (XSalsa20-Poly1305) under a key derived from the
 * `cluster key` with BLAKE2b, and a fresh random 24-byte nonce per
 * message: a message that was forged, altered or sealed with another key
 * fails to open and is dropped.  Without encryption the body is sent in
 * clear; the layout and the replay check are the same.
 *
 *   header (8 bytes):  "ASCD", version 1, flags (bit 0: sealed), 0, 0
 *   sealed:            nonce (24), secretbox(body) (body + 16)
 *   clear:             body
 *   body:              type (1), priority (1), was_master (1), 0 (1),
 *                      from_ip (4), from_mac (6), 0 (2), counter (8),
 *                      active[2], inactive, limit[2], system_load,
 *                      max_session (4 each), redirect_ip (4),
 *                      fqdn length (1), fqdn
 *
 * The counter increases with every message a member sends (asacd starts
 * it from the wall clock in microseconds, so that it also increases
 * across restarts); a receiver keeps the highest one seen per sender and
 * drops any message that does not exceed it (wire_replay_check()).
 */

#define WIRE_MAGIC "ASCD"
#define WIRE_VERSION 1
#define WIRE_HDR 8
#define WIRE_BODY_FIXED 57
#define WIRE_FQDN_MAX 253
#define WIRE_MAX (WIRE_HDR + 24 + 16 + WIRE_BODY_FIXED + WIRE_FQDN_MAX)
#define WIRE_KEYBYTES 32

/*
 * struct wire_msg - a cluster message and what travels with it.
 * @redirect_ip: where the master sends this member's clients (host order)
 * @fqdn:        this member's FQDN for `redirect-fqdn enable`, or ""
 */
struct wire_msg {
	struct cl_msg m;
	uint64_t counter;
	uint32_t redirect_ip;
	char fqdn[WIRE_FQDN_MAX + 1];
};

/* why wire_decode() dropped a message */
enum wire_err {
	WIRE_OK,
	WIRE_MALFORMED,		/* not ours, truncated, bad fields */
	WIRE_UNSEALED,		/* clear text where encryption is on */
	WIRE_SEALED,		/* sealed where encryption is off */
	WIRE_AUTH,		/* does not open with the key */
	WIRE_NERR
};

const char *wire_err_name(enum wire_err e);

/* wire_init - initialise libsodium; returns -1 if it cannot */
int wire_init(void);

/* wire_key - derive the message key from the `cluster key` @secret */
void wire_key(const char *secret, uint8_t key[WIRE_KEYBYTES]);

/*
 * wire_encode - write @w into @buf (WIRE_MAX bytes), sealed with @key
 * when @key is not NULL.  Returns the length.
 */
size_t wire_encode(const struct wire_msg *w, const uint8_t *key,
		   uint8_t buf[WIRE_MAX]);

/* wire_decode - read a message of @len bytes; @key NULL: clear text */
enum wire_err wire_decode(const uint8_t *buf, size_t len, const uint8_t *key,
			  struct wire_msg *w);

/*
 * struct wire_peer - the replay state of one sender.
 */
struct wire_peer {
	uint32_t ip;
	uint64_t counter;
};

/*
 * wire_replay_check - is @counter from @ip new?  @peers holds up to @cap
 * senders (*@n used); a new sender is added, and when the table is full
 * it takes the place of the sender heard from least recently (the lowest
 * counter).  Returns false for a replay (a counter not above the highest
 * seen from @ip); the counter is then not recorded.
 */
bool wire_replay_check(struct wire_peer *peers, size_t *n, size_t cap,
		       uint32_t ip, uint64_t counter);

#endif /* ASAC_WIRE_H */
