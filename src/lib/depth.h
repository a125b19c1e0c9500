/*
 * What is not handed to tree-sitter: sources that would take time out of
 * proportion to their size, refused (AM_EDEPTH) before they are parsed.
 * One pass over the bytes by a rough tokenizer (see depth.c).
 *
 * - Nesting: the parser's stack is estimated from above, and the source is
 *   refused when the estimate passes AM_DEPTH_LIMIT anywhere. Thousands of
 *   nested brackets pass (CPython itself stops at 200), a flat list of any
 *   length passes. Each rewrite is an edit that tree-sitter's
 *   ts_tree_edit() carries down through every level above it, so rewrites
 *   nested in each other cost the square of the nesting: 12,000 nested
 *   `asyncio.sleep(` calls (48,000 by the estimate) take 15 s, 20,000 would
 *   take 48 s. Nesting without rewrites (brackets, calls, comprehensions,
 *   operators, attributes) costs time and memory in proportion up to
 *   200,000 levels (under 3 s and 350 MB).
 * - Runs of comments and line continuations: tree-sitter-python's scanner
 *   reads on to the end of the run at each of them, so a run costs its
 *   lines times its bytes; past AM_EXTRAS_COST_LIMIT it is refused.
 */
#ifndef AM_DEPTH_H
#define AM_DEPTH_H

#include <stddef.h>

#define AM_DEPTH_LIMIT 50000
#define AM_DEPTH_STRING "50000"
/* 2^25: a run of about 0.6 s of parsing (57 instructions per unit, 3 GHz),
 * 13 times the longest run of the Python code installed on Debian 12 and
 * of 20 asyncio packages (206 comment lines, 12 KB). */
#define AM_EXTRAS_COST_LIMIT ((size_t)1 << 25)
#define AM_EXTRAS_COST_STRING "33554432"

/*
 * AM_OK if the source may be parsed; AM_EDEPTH, *at where the statement
 * that is too deep (or the run of extras) starts, and *what the reason; or
 * AM_ENOMEM.
 */
int am_depth_check(const char *bytes, size_t len, size_t *at,
                   const char **what);

#endif
