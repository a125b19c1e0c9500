/* Verify: does a tree hold a syntax error (an ERROR or MISSING node)? */
#ifndef AM_VERIFY_H
#define AM_VERIFY_H

#include <tree_sitter/api.h>

/* 1 and the first offending node in source order, or 0 when clean. */
int am_verify_find_error(TSNode root, TSNode *bad);
/* The same without the search for a block with no statement, which the
 * binder's walk answers (am_bind_find_empty_block): ERROR and MISSING
 * nodes only, found from the root's flag in constant time when none. */
int am_verify_find_syntax_error(TSNode root, TSNode *bad);
/* "syntax error" or "syntax error: missing ')'" for the node found. */
const char *am_verify_describe(TSNode bad);

#endif
