/* SPDX-License-Identifier: MIT */
#ifndef ASAC_TRACE_BATCH_H
#define ASAC_TRACE_BATCH_H

#include "asac.h"
#include "trace.h"

#include <time.h>

/*
 * trace_batch - `asac trace` as a command: the packets of its arguments,
 * of a flows file, of a capture and of YAML cases, through trace.c, with
 * their output.  Each trace_run_* loads @cfg (its diagnostics on standard
 * error, in colour with @color) and returns an exit status.
 */

/* One packet: the phases, or one JSON object with @json; @expect (see
 * trace_expect_met) makes a mismatch exit 1. */
int trace_run_one(const char *cfg, const struct tr_packet *pk,
		  struct tr_sa *sas, const struct tm *at, bool json,
		  const char *expect, bool color);
/* Every flow of @flows (CSV or JSON lines), a JSON line each, then the
 * summary. */
int trace_run_flows(const char *cfg, const char *flows, struct tr_sa *sas,
		    const struct tm *at, bool color);
/* The first packet of every 5-tuple of capture @path, as --flows;
 * @input: the ingress (NULL: where each source is routed). */
int trace_run_pcap(const char *cfg, const char *path, const char *input,
		   struct tr_sa *sas, const struct tm *at, bool color);
/* The cases of @path, each with its expected result. */
int trace_run_cases(const char *cfg, const char *path, const struct tm *at,
		    bool color);

/* The packet of the words after FILE (input IFNAME PROTOCOL ...) into
 * @pk; NULL, or what is wrong (in @err). */
const char *trace_args_packet(const char *const *args, int nargs,
			      struct tr_packet *pk, char *err, size_t len);
/* One flow's fields (see --flows) into @pk; NULL or what is wrong. */
const char *trace_flow_packet(const char *iface, const char *proto,
			      const char *src, const char *sport,
			      const char *dst, const char *dport,
			      struct tr_packet *pk);
/* --decrypted-from: a peer's address. */
bool trace_parse_peer(const char *s, struct ir_addr *peer);
/* --time: "YYYY-MM-DD HH:MM" (or with a T). */
bool trace_parse_when(const char *s, struct tm *t);
/* Does result @r meet @expect (protect, bypass or drop, optionally
 * :MAP:SEQ or :REASON)? */
bool trace_expect_met(const char *expect, const struct tr_result *r);
/* The outcome of @r as an expectation would name it. */
void trace_outcome_str(const struct tr_result *r, char *buf, size_t len);

#endif /* ASAC_TRACE_BATCH_H */
