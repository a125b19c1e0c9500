/*
 * What is not handed to tree-sitter. Its version in Debian 12 (0.20.7)
 * aborts the whole process, on an invalid free, when it recovers from a
 * syntax error with 65,536 or more unfinished nodes on its parse stack: 70,000
 * unclosed brackets do it, and so do 100,000 `-` or `not` with nothing
 * after them. A file like that is refused here, with a clear error, and
 * the run goes on.
 *
 * For Python source, the stack is estimated from above by a rough
 * tokenizer (see parse_limits.c) and the source is refused when the
 * estimate passes PARSE_LIMIT_STACK anywhere: thousands of nested brackets
 * pass (CPython itself stops at 200), a flat list of any length passes.
 * A TOML document's stack only grows with nested arrays and inline tables:
 * it is refused when they nest deeper than PARSE_LIMIT_TOML_DEPTH.
 */
#ifndef CLI_PARSE_LIMITS_H
#define CLI_PARSE_LIMITS_H

#include <stddef.h>

#define PARSE_LIMIT_STACK 50000
#define PARSE_LIMIT_TOML_DEPTH 1000

/*
 * 0 if the Python source may be parsed; else -1 and *line, the 1-based
 * line where the logical line (the statement) that is too deep starts.
 */
int parse_limits_python(const char *bytes, size_t len, size_t *line);

/* 0 if the TOML may be parsed; else -1 and *offset, where it is too deep. */
int parse_limits_toml(const char *bytes, size_t len, size_t *offset);

#endif
