/* SPDX-License-Identifier: MIT */
#include "runtime/ikeredir.h"

#include <string.h>

/* RFC 7296 section 3.2 and IANA: payload types and the header fields */
enum {
	PT_NONE = 0,
	PT_NONCE = 40,
	PT_NOTIFY = 41,
	EX_IKE_SA_INIT = 34,
	FL_INITIATOR = 0x08,
	FL_RESPONSE = 0x20,
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static unsigned int be16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static void put16(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, size_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

const char *ikr_result_name(enum ikr_result r)
{
	static const char *const names[IKR_NRESULT] = {
		[IKR_OK] = "ok",
		[IKR_MALFORMED] = "malformed",
		[IKR_NOT_INIT] = "not_ike_sa_init",
		[IKR_NO_SUPPORT] = "no_redirect_support",
		[IKR_NO_NONCE] = "no_nonce",
	};

	return (unsigned int)r < IKR_NRESULT ? names[r] : "?";
}

enum ikr_result ikr_parse(const uint8_t *msg, size_t len, struct ikr_req *r)
{
	static const uint8_t zero[8];
	unsigned int next;
	size_t off, total;
	int support = 0, from = 0;

	memset(r, 0, sizeof(*r));
	if (len < IKR_HDR)
		return IKR_MALFORMED;
	/* major version 2 (RFC 7296 section 3.1: a higher minor version
	 * is still IKEv2), IKE_SA_INIT, the original initiator's request,
	 * message ID 0, no responder SPI yet */
	if (msg[17] >> 4 != 2 || msg[18] != EX_IKE_SA_INIT ||
	    (msg[19] & (FL_INITIATOR | FL_RESPONSE)) != FL_INITIATOR ||
	    be32(msg + 20) != 0 || memcmp(msg + 8, zero, 8) != 0)
		return IKR_NOT_INIT;
	total = be32(msg + 24);
	if (total < IKR_HDR || total > len)
		return IKR_MALFORMED;
	memcpy(r->spi_i, msg, 8);
	next = msg[16];
	for (off = IKR_HDR; next != PT_NONE; ) {
		const uint8_t *p = msg + off;
		size_t plen;

		if (total - off < 4)
			return IKR_MALFORMED;
		plen = be16(p + 2);
		if (plen < 4 || plen > total - off)
			return IKR_MALFORMED;
		if (next == PT_NONCE) {
			r->nonce = p + 4;
			r->nonce_len = plen - 4;
		} else if (next == PT_NOTIFY) {
			/* protocol id, SPI size, type, SPI, data */
			if (plen < 8 || plen - 8 < p[5])
				return IKR_MALFORMED;
			if (be16(p + 6) == IKR_REDIRECT_SUPPORTED)
				support = 1;
			else if (be16(p + 6) == IKR_REDIRECTED_FROM)
				from = 1;
		}
		next = p[0];
		off += plen;
	}
	if (off != total)
		return IKR_MALFORMED;
	if (!support && !from)
		return IKR_NO_SUPPORT;
	if (!r->nonce || r->nonce_len < IKR_NONCE_MIN ||
	    r->nonce_len > IKR_NONCE_MAX)
		return IKR_NO_NONCE;
	r->redirected_from = !support;
	return IKR_OK;
}

size_t ikr_reply(const struct ikr_req *r, enum ikr_gw_type type,
		 const uint8_t *gw, size_t gw_len, uint8_t *out)
{
	size_t nlen = 8 + 2 + gw_len + r->nonce_len;
	size_t total = IKR_HDR + nlen;
	uint8_t *n = out + IKR_HDR;

	if (gw_len == 0 || gw_len > IKR_GW_MAX ||
	    r->nonce_len > IKR_NONCE_MAX)
		return 0;
	/* RFC 5685: the responder's SPI is zero (no IKE_SA is
	 * created), the response holds the REDIRECT notify only */
	memcpy(out, r->spi_i, 8);
	memset(out + 8, 0, 8);
	out[16] = PT_NOTIFY;
	out[17] = 0x20;
	out[18] = EX_IKE_SA_INIT;
	out[19] = FL_RESPONSE;
	put32(out + 20, 0);
	put32(out + 24, total);
	/* RFC 5685, REDIRECT: protocol 0, no SPI; the data is
	 * the gateway identity's type, length and value, then the nonce
	 * of the IKE_SA_INIT request */
	n[0] = PT_NONE;
	n[1] = 0;
	put16(n + 2, nlen);
	n[4] = 0;
	n[5] = 0;
	put16(n + 6, IKR_REDIRECT);
	n[8] = (uint8_t)type;
	n[9] = (uint8_t)gw_len;
	memcpy(n + 10, gw, gw_len);
	memcpy(n + 10 + gw_len, r->nonce, r->nonce_len);
	return total;
}
