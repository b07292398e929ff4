/* SPDX-License-Identifier: MIT */
/*
 * yamlfile.c - one way to read a YAML file (libyaml's document loader)
 * with its errors located, for .asac.yaml, trace cases and secrets.
 */
#include "asac.h"
#include "yamlfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int yamlfile_load(const char *path, yaml_document_t *doc,
		  const char *severity, char *err, size_t errlen)
{
	yaml_parser_t parser;
	FILE *f = fopen(path, "rb");
	int rc = 0;

	if (!f) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, doc)) {
		snprintf(err, errlen, "%s:%zu:%zu: %s%s", path,
			 parser.problem_mark.line + 1,
			 parser.problem_mark.column + 1, severity,
			 parser.problem ? parser.problem : "invalid YAML");
		rc = -2;
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}
