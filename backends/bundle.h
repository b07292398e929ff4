/* SPDX-License-Identifier: MIT */
#ifndef ASAC_BUNDLE_H
#define ASAC_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "backends/nft.h"
#include "backends/ocserv.h"
#include "backends/swanctl.h"
#include "compiler/diag.h"
#include "compiler/ir.h"

/*
 * bundle - what `asac bundle` writes for one configuration: the files a
 * Linux gateway needs (strongSwan, nftables, asacd, keepalived, systemd
 * units, sysctls), install.sh, a README for the operator and a MANIFEST
 * in sha256sum format, as a directory or a reproducible tar.gz (sorted
 * entries, time 0, owner root).
 */
struct bundle_file {
	char *path;		/* relative, '/'-separated */
	unsigned int mode;	/* 0644, 0600, 0755 */
	char *data;
	size_t len;
};

struct bundle {
	struct bundle_file *v;
	size_t n;
};

/* The back ends' outputs for the bundle of @ir; NULL where there is none
 * (@keepalived outside IOS mode).  @runtime is the directory holding the
 * asacd and asacctl executables to ship. */
struct bundle_in {
	const struct ir *ir;
	const struct srcset *src;
	const struct diag_ctx *diag;	/* sorted */
	const char *swanctl, *secrets, *charon, *nft, *asacd_json,
		   *keepalived;
	bool libipsec;
	const char *runtime;
	const struct nft_iface *ifaces;	/* nameif -> Linux device, the
					 * last mapping wins */
	size_t nifaces;
	/* --secrets: the trustpoints the compile used go into the bundle
	 * (etc/swanctl/x509, private, x509ca) */
	const struct swanctl_secret *given;
	size_t ngiven;
	/* AnyConnect: ocserv's files (etc/ocserv), NULL without */
	const struct ocserv_out *ocserv;
};

/* bundle_build - assemble @b; -1 with a message in @err (a runtime
 * executable that cannot be read). */
int bundle_build(const struct bundle_in *in, struct bundle *b, char *err,
		 size_t errlen);
/* bundle_write_dir - write @b under @dir, which must not exist or be
 * empty. */
int bundle_write_dir(const struct bundle *b, const char *dir, char *err,
		     size_t errlen);
/* bundle_write_tgz - write @b as a gzip'd ustar archive whose entries are
 * under @top/. */
int bundle_write_tgz(const struct bundle *b, const char *path,
		     const char *top, char *err, size_t errlen);
void bundle_free(struct bundle *b);

/* bundle_check - `asac bundle --check DIR`: run the sandbox script
 * (backends/sandbox.sh) on the bundle @dir, asacd's timers divided by
 * @scale; returns only on failure, with a message in @err: -1 when @dir
 * is not a bundle, -2 when bash cannot run. */
int bundle_check(const char *dir, unsigned int scale, char *err,
		 size_t errlen);

/* The Debian packages a gateway running the bundle of @ir needs, one per
 * line. */
char *bundle_packages(const struct ir *ir, bool libipsec, bool ios,
		      bool ocserv);

#endif /* ASAC_BUNDLE_H */
