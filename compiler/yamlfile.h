/* SPDX-License-Identifier: MIT */
#ifndef ASAC_YAMLFILE_H
#define ASAC_YAMLFILE_H

#include <stddef.h>
#include <yaml.h>

/*
 * Load the YAML document of @path into @doc (the caller deletes it on
 * success).  Returns 0; -1 when the file cannot be read (@err: "cannot
 * read 'PATH': REASON"); -2 when it is not YAML (@err: "PATH:LINE:COL: "
 * then @severity, such as "error: " or "", then the parser's problem).
 */
int yamlfile_load(const char *path, yaml_document_t *doc,
		  const char *severity, char *err, size_t errlen);

#endif /* ASAC_YAMLFILE_H */
