/* SPDX-License-Identifier: MIT */
#ifndef ASAC_IKEREDIR_H
#define ASAC_IKEREDIR_H

#include <stddef.h>
#include <stdint.h>

/*
 * ikeredir - redirect at IKE_SA_INIT (RFC 5685; seed 003,
 * "Redirect During IKEv2 Initial Exchange").  The master answers an
 * IKE_SA_INIT request sent to the cluster IP, statelessly, with an
 * IKE_SA_INIT response that holds only a REDIRECT notify: the chosen
 * gateway and the initiator's nonce, which the client checks against
 * its own (a spoofed redirect fails that check).  Only initiators that
 * announced support (REDIRECT_SUPPORTED, or REDIRECTED_FROM after an
 * earlier redirect) may be redirected.
 */

#define IKR_REDIRECT_SUPPORTED 16406
#define IKR_REDIRECT 16407
#define IKR_REDIRECTED_FROM 16408

/* RFC 7296 section 3.1: IKE header; 3.9: a nonce is 16 to 256 bytes */
#define IKR_HDR 28
#define IKR_NONCE_MIN 16
#define IKR_NONCE_MAX 256
#define IKR_GW_MAX 255
/* the largest response: header, notify header, type, length, gateway,
 * nonce */
#define IKR_REPLY_MAX (IKR_HDR + 8 + 2 + IKR_GW_MAX + IKR_NONCE_MAX)

/* what ikr_parse() found; every result but IKR_OK means no answer */
enum ikr_result {
	IKR_OK,
	IKR_MALFORMED,		/* not a well-formed IKE message */
	IKR_NOT_INIT,		/* IKEv1, or not an initial IKE_SA_INIT request */
	IKR_NO_SUPPORT,		/* the initiator cannot be redirected */
	IKR_NO_NONCE,		/* no (valid) nonce to echo */
	IKR_NRESULT
};

/* ikr_result_name - a word for @r, for counters and logs */
const char *ikr_result_name(enum ikr_result r);

struct ikr_req {
	uint8_t spi_i[8];
	const uint8_t *nonce;	/* points into the request */
	size_t nonce_len;
	int redirected_from;	/* REDIRECTED_FROM rather than _SUPPORTED */
};

/* ikr_parse - check that @msg (@len bytes, one UDP payload on port 500)
 * is an IKE_SA_INIT request that may be redirected */
enum ikr_result ikr_parse(const uint8_t *msg, size_t len, struct ikr_req *r);

enum ikr_gw_type { IKR_GW_IPV4 = 1, IKR_GW_IPV6 = 2, IKR_GW_FQDN = 3 };

/*
 * ikr_reply - write to @out (at least IKR_REPLY_MAX bytes) the response
 * to @r that redirects to @gw (@gw_len bytes: 4 for IPv4, 16 for IPv6,
 * the name for an FQDN); returns its length, or 0 when @gw is too long.
 */
size_t ikr_reply(const struct ikr_req *r, enum ikr_gw_type type,
		 const uint8_t *gw, size_t gw_len, uint8_t *out);

#endif /* ASAC_IKEREDIR_H */
