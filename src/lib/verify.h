/* Verify: does a tree hold a syntax error (an ERROR or MISSING node)? */
#ifndef AM_VERIFY_H
#define AM_VERIFY_H

#include <tree_sitter/api.h>

/* 1 and the first offending node in source order, or 0 when clean. */
int am_verify_find_error(TSNode root, TSNode *bad);
/* "syntax error" or "syntax error: missing ')'" for the node found. */
const char *am_verify_describe(TSNode bad);

#endif
