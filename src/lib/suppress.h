/*
 * Suppression comments, for code a team decides to keep on asyncio:
 *
 *     await asyncio.sleep(0)  # anyio-migrate: ignore
 *     # anyio-migrate: ignore[ANY201,ANY9]      (alone: covers the next line)
 *     # anyio-migrate: ignore-file              (in the header: the file)
 *
 * A suppressed line gets no edit and no diagnostic from the named rules (all
 * rules without a list). A suppression that suppresses nothing is itself
 * reported (ANY002), so stale ones do not pile up.
 */
#ifndef AM_SUPPRESS_H
#define AM_SUPPRESS_H

#include "arena.h"
#include "array.h"
#include "rule.h"

typedef struct am_suppression {
	uint32_t comment_start, comment_end;
	uint32_t line;     /* 0-based line it covers */
	const char *codes; /* "ANY102,ANY2" or NULL for every rule */
	int used;
	int misplaced_file; /* an `ignore-file` below the header */
} am_suppression;

typedef struct am_suppressions {
	AM_ARRAY(am_suppression) items;
	int whole_file;
	int malformed_count;
	/* Where each line after the first starts, when there are items: a
	 * diagnostic's line is then a binary search. */
	AM_ARRAY(uint32_t) line_starts;
} am_suppressions;

/* Finds the suppression comments of a parsed text. */
int am_suppressions_find(am_suppressions *out, am_arena *arena,
                         const char *text, uint32_t len, TSNode root,
                         const am_syntax *syntax);
void am_suppressions_release(am_suppressions *s);

/* Whether a diagnostic of `rule` starting at byte `at` is suppressed; marks
 * the suppression used. */
int am_suppressed(am_suppressions *s, const char *text, uint32_t at,
                  const am_rule *rule);

/* The 0-based line of a byte. */
uint32_t am_suppress_line_of(const char *text, uint32_t at);
/* The same, in the text suppressions were found in (when there are any):
 * a binary search instead of a count from the start. */
uint32_t am_suppressions_line(const am_suppressions *s, uint32_t at);

#endif
