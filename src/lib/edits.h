/*
 * Edits: byte-range replacements proposed by rules, grouped into fixes (a
 * fix is all-or-nothing: its diagnostic and every one of its edits). A pass
 * accepts the fixes that do not overlap an earlier-accepted one; the rest
 * wait for the next pass over the new text.
 *
 * Segments compose the passes: the current text as a list of pieces that
 * are either copied from the input or new, so positions map back to the
 * input and the whole migration reads as one list of input edits.
 */
#ifndef AM_EDITS_H
#define AM_EDITS_H

#include "arena.h"
#include "array.h"

#include <stdint.h>

typedef struct am_edit {
	uint32_t start, end; /* in the text the pass ran on */
	const char *text;
	uint32_t len;
	uint32_t fix; /* index of its fix */
} am_edit;

typedef struct am_edit_list {
	AM_ARRAY(am_edit) edits;
} am_edit_list;

/* Sorts edits (by start, then fix order) and keeps, fix by fix in order of
 * their first edit, every fix none of whose edits conflicts with an edit
 * already kept. accepted[fix] is set to 1 for kept fixes. `out` receives
 * the kept edits, sorted. */
int am_edits_select(am_edit_list *proposed, uint32_t fix_count,
                    unsigned char *accepted, am_edit_list *out);

/* Applies sorted, non-overlapping edits to text; the result is NUL-terminated
 * and allocated in the arena. */
char *am_edits_apply(am_arena *arena, const char *text, size_t len,
                     const am_edit_list *edits, size_t *out_len);

typedef struct am_segment {
	uint32_t out_start; /* offset in the current text */
	uint32_t in_start;  /* copied: offset in the input */
	uint32_t len;
	const char *text; /* new text, or NULL when copied from the input */
} am_segment;

typedef struct am_segments {
	AM_ARRAY(am_segment) items;
	uint32_t input_len;
} am_segments;

int am_segments_init(am_segments *segments, uint32_t input_len);
void am_segments_release(am_segments *segments);
/* Applies sorted edits (in current-text offsets) to the segment list. */
int am_segments_apply(am_segments *segments, const am_edit_list *edits);
/* The input offset of a current-text offset: exact outside new text, the
 * start of the replaced input range inside it. */
uint32_t am_segments_to_input(const am_segments *segments, uint32_t offset);
/* The current-text offset of an input offset (inside a replaced range: where
 * its replacement starts). */
uint32_t am_segments_to_output(const am_segments *segments, uint32_t offset);
/* Like am_segments_to_output, but inside a replaced range: where its
 * replacement ends (for the end of a range). */
uint32_t am_segments_to_output_end(const am_segments *segments,
                                   uint32_t offset);
/* The input offset of a current-text offset taken as the end of a range:
 * exact outside new text; after or inside new text, where the next copied
 * piece starts (the end of the replaced input range). */
uint32_t am_segments_to_input_end(const am_segments *segments, uint32_t offset);
/* The run of new text `offset` lies strictly inside (new text on both
 * sides of it): [*start, *end) in the current text; offset itself for both
 * when it does not. */
void am_segments_new_run(const am_segments *segments, uint32_t offset,
                         uint32_t *start, uint32_t *end);
/* The whole migration as sorted input edits. */
int am_segments_edits(const am_segments *segments, am_arena *arena,
                      am_edit_list *out);

#endif
