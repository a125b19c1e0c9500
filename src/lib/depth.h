/*
 * What is not handed to tree-sitter. Its version in Debian 12 (0.20.7)
 * aborts the whole process, on an invalid free, when it recovers from a
 * syntax error with 65,536 or more unfinished nodes on its parse stack: 70,000
 * unclosed brackets do it, and so do 100,000 `-` or `not` with nothing
 * after them, and so do 70,000 comment lines in a row. Such a source is
 * refused (AM_EDEPTH) before it is parsed.
 *
 * The stack is estimated from above by a rough tokenizer (see depth.c) and
 * the source is refused when the estimate passes AM_DEPTH_LIMIT anywhere:
 * thousands of nested brackets pass (CPython itself stops at 200), a flat
 * list of any length passes. One pass over the bytes.
 */
#ifndef AM_DEPTH_H
#define AM_DEPTH_H

#include <stddef.h>

#define AM_DEPTH_LIMIT 50000
#define AM_DEPTH_STRING "50000"
#define AM_CONTINUATION_LIMIT 1000
#define AM_CONTINUATION_STRING "1000"

/*
 * AM_OK if the source may be parsed; AM_EDEPTH, *at where the statement
 * that is too deep (or the run of comments) starts, and *what the reason; or
 * AM_ENOMEM.
 */
int am_depth_check(const char *bytes, size_t len, size_t *at,
                   const char **what);

#endif
