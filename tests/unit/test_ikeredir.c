/* SPDX-License-Identifier: MIT */
/*
 * test_ikeredir - the IKE_SA_INIT redirect: requests are told apart
 * (redirectable, IKEv1, responses, no RFC 5685 support, no nonce,
 * malformed payload chains, every truncation) and the response has the
 * exact layout of RFC 7296 and RFC 5685.
 */
#include <stdbool.h>
#include <string.h>

#include "runtime/ikeredir.h"
#include "unit.h"

struct pkt {
	uint8_t b[512];
	size_t len;
	uint8_t *next;		/* where the previous payload names the next */
};

static void start(struct pkt *p)
{
	static const uint8_t spi[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	memset(p, 0, sizeof(*p));
	memcpy(p->b, spi, 8);
	p->b[17] = 0x20;
	p->b[18] = 34;
	p->b[19] = 0x08;
	p->len = 28;
	p->next = &p->b[16];
}

static void payload(struct pkt *p, uint8_t type, const uint8_t *data,
		    size_t len)
{
	uint8_t *h = p->b + p->len;

	*p->next = type;
	h[0] = 0;
	h[2] = (uint8_t)((len + 4) >> 8);
	h[3] = (uint8_t)(len + 4);
	memcpy(h + 4, data, len);
	p->next = h;
	p->len += len + 4;
}

static void notify(struct pkt *p, unsigned int type, size_t datalen)
{
	uint8_t d[4 + 32] = { 0, 0, (uint8_t)(type >> 8), (uint8_t)type };

	memset(d + 4, 0xab, datalen);
	payload(p, 41, d, 4 + datalen);
}

static void finish(struct pkt *p)
{
	p->b[24] = (uint8_t)(p->len >> 24);
	p->b[25] = (uint8_t)(p->len >> 16);
	p->b[26] = (uint8_t)(p->len >> 8);
	p->b[27] = (uint8_t)p->len;
}

/* what strongSwan's initiator sends with follow_redirects = yes */
static void request(struct pkt *p, size_t nonce_len, bool supported)
{
	uint8_t sa[40] = { 0 }, ke[36] = { 0, 31 }, nonce[300];
	size_t i;

	for (i = 0; i < sizeof(nonce); i++)
		nonce[i] = (uint8_t)(i * 7 + 1);
	start(p);
	payload(p, 33, sa, sizeof(sa));
	payload(p, 34, ke, sizeof(ke));
	payload(p, 40, nonce, nonce_len);
	notify(p, 16388, 20);	/* NAT_DETECTION_SOURCE_IP */
	notify(p, 16389, 20);	/* NAT_DETECTION_DESTINATION_IP */
	notify(p, 16430, 0);	/* IKEV2_FRAGMENTATION_SUPPORTED */
	if (supported)
		notify(p, 16406, 0);
	finish(p);
}

int main(void)
{
	struct pkt p;
	struct ikr_req r;
	uint8_t out[IKR_REPLY_MAX];
	static const uint8_t gw4[4] = { 192, 0, 2, 2 };
	size_t n, i;
	bool all;

	request(&p, 32, true);
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_OK);
	CHECK(r.nonce_len == 32 && r.nonce == p.b + 28 + 44 + 40 + 4);
	CHECK(!r.redirected_from);
	CHECK(r.spi_i[0] == 1 && r.spi_i[7] == 8);

	/* the response: header, then N(REDIRECT) with the gateway and the
	 * request's nonce */
	n = ikr_reply(&r, IKR_GW_IPV4, gw4, 4, out);
	CHECK(n == 28 + 8 + 2 + 4 + 32);
	CHECK(!memcmp(out, p.b, 8));
	CHECK(!memcmp(out + 8, "\0\0\0\0\0\0\0\0", 8));
	CHECK(out[16] == 41 && out[17] == 0x20 && out[18] == 34);
	CHECK(out[19] == 0x20);			/* response, not initiator */
	CHECK(!memcmp(out + 20, "\0\0\0\0", 4));	/* message ID 0 */
	CHECK(out[24] == 0 && out[25] == 0 && out[26] == 0 && out[27] == n);
	CHECK(out[28] == 0 && out[29] == 0);	/* last payload */
	CHECK(out[30] == 0 && out[31] == 8 + 2 + 4 + 32);
	CHECK(out[32] == 0 && out[33] == 0);	/* protocol, SPI size */
	CHECK(out[34] == 16407 >> 8 && out[35] == (16407 & 0xff));
	CHECK(out[36] == 1 && out[37] == 4 && !memcmp(out + 38, gw4, 4));
	CHECK(!memcmp(out + 42, r.nonce, 32));

	n = ikr_reply(&r, IKR_GW_FQDN, (const uint8_t *)"vpn2.example.net",
		      16, out);
	CHECK(n == 28 + 8 + 2 + 16 + 32);
	CHECK(out[36] == 3 && out[37] == 16 &&
	      !memcmp(out + 38, "vpn2.example.net", 16));
	CHECK(ikr_reply(&r, IKR_GW_FQDN, out, 0, out) == 0);
	CHECK(ikr_reply(&r, IKR_GW_FQDN, p.b, 256, out) == 0);

	/* the largest nonce fits the buffer; RFC 7296 bounds are kept */
	request(&p, 256, true);
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_OK);
	memset(out, 0, sizeof(out));
	CHECK(ikr_reply(&r, IKR_GW_FQDN, p.b, 255, out) == IKR_REPLY_MAX);
	request(&p, 257, true);
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NO_NONCE);
	request(&p, 15, true);
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NO_NONCE);

	/* no REDIRECT_SUPPORTED: not to be redirected */
	request(&p, 32, false);
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NO_SUPPORT);
	/* REDIRECTED_FROM also says the client supports it */
	start(&p);
	payload(&p, 40, out, 20);
	notify(&p, 16408, 6);
	finish(&p);
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_OK && r.redirected_from);
	/* no nonce at all */
	start(&p);
	notify(&p, 16406, 0);
	finish(&p);
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NO_NONCE);

	/* not an initial IKE_SA_INIT request */
	request(&p, 32, true);
	p.b[17] = 0x10;				/* IKEv1 */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NOT_INIT);
	request(&p, 32, true);
	p.b[17] = 0x21;				/* IKEv2.1 is still 2 */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_OK);
	request(&p, 32, true);
	p.b[18] = 35;				/* IKE_AUTH */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NOT_INIT);
	request(&p, 32, true);
	p.b[19] = 0x28;				/* a response */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NOT_INIT);
	request(&p, 32, true);
	p.b[19] = 0x00;				/* from the responder */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NOT_INIT);
	request(&p, 32, true);
	p.b[15] = 1;				/* responder SPI set */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NOT_INIT);
	request(&p, 32, true);
	p.b[23] = 1;				/* message ID 1 */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_NOT_INIT);

	/* malformed: every truncation, lengths that lie */
	request(&p, 32, true);
	all = true;
	for (i = 0; i < p.len; i++)
		if (ikr_parse(p.b, i, &r) != IKR_MALFORMED)
			all = false;
	CHECK(all);
	all = true;
	for (i = 28; i < p.len; i++) {
		struct pkt q = p;

		q.len = i;
		finish(&q);
		if (ikr_parse(q.b, q.len, &r) != IKR_MALFORMED)
			all = false;
	}
	CHECK(all);
	request(&p, 32, true);
	p.b[28 + 2] = 0;
	p.b[28 + 3] = 3;			/* payload shorter than its header */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_MALFORMED);
	request(&p, 32, true);
	p.b[28 + 3] = 0xff;			/* payload beyond the message */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_MALFORMED);
	request(&p, 32, true);
	p.b[27]++;				/* length beyond the datagram */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_MALFORMED);
	request(&p, 32, true);
	p.b[27] = 20;				/* length below the header */
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_MALFORMED);
	/* a notify whose SPI size exceeds it */
	start(&p);
	payload(&p, 40, out, 20);
	notify(&p, 16406, 0);
	finish(&p);
	p.b[p.len - 8 + 5] = 9;
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_MALFORMED);
	/* trailing bytes after the last payload but inside the length */
	request(&p, 32, true);
	p.len += 4;
	finish(&p);
	CHECK(ikr_parse(p.b, p.len, &r) == IKR_MALFORMED);

	CHECK_STR(ikr_result_name(IKR_NO_SUPPORT), "no_redirect_support");
	return unit_done();
}
