/*
 * What is not handed to tree-sitter's TOML parser: as for Python source
 * (src/lib/depth.h), Debian 12's tree-sitter 0.20.7 aborts the process when
 * its parse stack passes 65,536 unfinished nodes. A TOML document's stack
 * only grows with nested arrays and inline tables: it is refused when they
 * nest deeper than PARSE_LIMIT_TOML_DEPTH.
 */
#ifndef CLI_PARSE_LIMITS_H
#define CLI_PARSE_LIMITS_H

#include <stddef.h>

#define PARSE_LIMIT_TOML_DEPTH 1000

/* 0 if the TOML may be parsed; else -1 and *offset, where it is too deep. */
int parse_limits_toml(const char *bytes, size_t len, size_t *offset);

#endif
