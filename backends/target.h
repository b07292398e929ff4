/* SPDX-License-Identifier: MIT */
#ifndef ASAC_TARGET_H
#define ASAC_TARGET_H

#include "compiler/asac.h"
#include "nft.h"
#include "swanctl.h"

#include <yaml.h>

/*
 * target - the work of `asac compile`, `bundle` and `verify` after their
 * options: parse the configuration, run the back ends, print what they
 * report and write their files.  Each returns an exit status.
 */
enum target_kind {
	TARGET_SWANCTL,
	TARGET_NFT,
	TARGET_ASACD,
	TARGET_OCSERV,
};

/*
 * struct target_job - one configuration to compile or bundle.
 * @out:      compile: a directory or "-"; bundle: a directory or a .tar.gz
 * @secrets:  the --secrets file (named in warnings), its keys in @given
 * @ifaces:   --iface mappings (after those of .asac.yaml beside @file)
 * @color:    diagnostics in colour
 * @runtime:  bundle: the directory of the asacd and asacctl to ship
 * @several:  bundle: @out holds one bundle per configuration
 */
struct target_job {
	const char *file;
	const char *out;
	const char *secrets;
	struct swanctl_secret *given;
	size_t ngiven;
	const struct nft_iface *ifaces;
	size_t nifaces;
	bool libipsec;
	bool strict;
	bool color;
	const char *runtime;
	bool several;
};

/* Compile @tmpl's file for @kind (with the keys of its --secrets file). */
int target_compile(const struct target_job *tmpl, enum target_kind kind);
int target_bundle(const struct target_job *j);
/* A bundle of each of @files, from @tmpl (its file, keys and runtime
 * filled here: the keys of @tmpl->secrets, the runtime beside asac when
 * @tmpl has none). */
int target_bundle_all(const struct target_job *tmpl, const char **files,
		      size_t n);
/* `asac bundle --check DIR`: deploy a bundle into a sandbox. */
int target_bundle_check(const char *dir);
/* Prove @out (a swanctl.conf, or a directory holding one) equal to the
 * crypto map model of @file. */
int target_verify(const char *file, const char *out, bool color);

/* --secrets FILE: a YAML mapping of tunnel group name to key (strings in
 * @doc).  Returns the count, or -1 after an error with file:line:col. */
long target_load_secrets(const char *path, struct swanctl_secret **out,
			 yaml_document_t *doc);
/* --iface NAMEIF=DEV[,NAMEIF=DEV...] appended to *@v (the strings stay in
 * @arg); NULL, or the item that is not NAMEIF=DEV. */
const char *target_parse_ifaces(char *arg, struct nft_iface **v, size_t *n);
/* The directory of the asacd and asacctl beside this asac (heap). */
char *target_runtime_dir(void);

#endif /* ASAC_TARGET_H */
