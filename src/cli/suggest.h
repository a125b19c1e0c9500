/*
 * "Did you mean ...?": the candidate nearest to a mistyped word (an option,
 * a rule code or name), by edit distance, ignoring case.
 */
#ifndef CLI_SUGGEST_H
#define CLI_SUGGEST_H

#include <stddef.h>

/* The candidate within a few edits of `word` (one per four characters,
 * at least one; the first of the nearest), or NULL. */
const char *suggest_nearest(const char *word, const char *const *candidates,
                            size_t count);

#endif
