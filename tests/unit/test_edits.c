/* Unit tests of edits.h: selecting fixes, applying edits, composing passes
 * with segments. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "anyio_migrate.h"
#include "arena.h"
#include "edits.h"

#include <stdlib.h>
#include <string.h>

/* What a test holds; released by the teardown even when the test fails. */
typedef struct edits_fixture {
	am_edit_list proposed, kept, edits, composed, none;
	am_segments segments;
	am_arena arena;
} edits_fixture;

static int setup(void **state)
{
	edits_fixture *fx = calloc(1, sizeof(*fx));
	if (!fx)
		return -1;
	am_arena_init(&fx->arena);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	edits_fixture *fx = *state;
	AM_ARRAY_FREE(&fx->proposed.edits);
	AM_ARRAY_FREE(&fx->kept.edits);
	AM_ARRAY_FREE(&fx->edits.edits);
	AM_ARRAY_FREE(&fx->composed.edits);
	am_segments_release(&fx->segments);
	am_arena_release(&fx->arena);
	free(fx);
	return 0;
}

static void push(am_edit_list *list, uint32_t start, uint32_t end,
                 const char *text, uint32_t fix)
{
	am_edit e = {start, end, text, (uint32_t)strlen(text), fix};
	assert_true(AM_ARRAY_PUSH(&list->edits, e));
}

static void assert_edit(const am_edit_list *list, size_t index, uint32_t start,
                        uint32_t end, const char *text)
{
	assert_true(index < list->edits.count);
	const am_edit *e = &list->edits.items[index];
	assert_int_equal(e->start, start);
	assert_int_equal(e->end, end);
	assert_int_equal(e->len, strlen(text));
	assert_memory_equal(e->text, text, e->len);
}

/* ---- am_edits_select ---------------------------------------------------- */

static void test_select_disjoint_fixes_all_kept(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[3] = {9, 9, 9};
	/* Proposed out of order, as rules do. */
	push(proposed, 10, 12, "", 2);
	push(proposed, 8, 8, "Z", 1);
	push(proposed, 0, 3, "X", 0);
	push(proposed, 5, 6, "Y", 1);
	assert_int_equal(am_edits_select(proposed, 3, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 1);
	assert_int_equal(accepted[2], 1);
	assert_int_equal(kept->edits.count, 4);
	assert_edit(kept, 0, 0, 3, "X");
	assert_edit(kept, 1, 5, 6, "Y");
	assert_edit(kept, 2, 8, 8, "Z");
	assert_edit(kept, 3, 10, 12, "");
	assert_int_equal(kept->edits.items[0].fix, 0);
	assert_int_equal(kept->edits.items[1].fix, 1);
	assert_int_equal(kept->edits.items[2].fix, 1);
	assert_int_equal(kept->edits.items[3].fix, 2);
}

static void test_select_earliest_fix_wins_whole(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[2];
	/* Fix 0 starts at 2; fix 1 starts at 0, so fix 1 goes first. Only
	 * fix 0's edit [10,12) overlaps fix 1's [11,13), but fix 0 goes as a
	 * whole: its edit [2,4) is not kept either. */
	push(proposed, 2, 4, "a", 0);
	push(proposed, 10, 12, "b", 0);
	push(proposed, 0, 1, "c", 1);
	push(proposed, 11, 13, "d", 1);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 0);
	assert_int_equal(accepted[1], 1);
	assert_int_equal(kept->edits.count, 2);
	assert_edit(kept, 0, 0, 1, "c");
	assert_edit(kept, 1, 11, 13, "d");
}

static void test_select_start_order_not_fix_order(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[3];
	push(proposed, 6, 8, "late", 0);
	push(proposed, 4, 7, "early", 1);
	push(proposed, 20, 21, "free", 2);
	assert_int_equal(am_edits_select(proposed, 3, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 0);
	assert_int_equal(accepted[1], 1);
	assert_int_equal(accepted[2], 1);
	assert_int_equal(kept->edits.count, 2);
	assert_edit(kept, 0, 4, 7, "early");
	assert_edit(kept, 1, 20, 21, "free");
}

static void test_select_same_start_lower_fix_wins(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[2];
	push(proposed, 3, 9, "second", 1);
	push(proposed, 3, 5, "first", 0);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	assert_int_equal(kept->edits.count, 1);
	assert_edit(kept, 0, 3, 5, "first");
}

static void test_select_insertions_at_same_offset_conflict(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[2];
	push(proposed, 5, 5, "import math\n", 1);
	push(proposed, 5, 5, "import anyio\n", 0);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	assert_int_equal(kept->edits.count, 1);
	assert_edit(kept, 0, 5, 5, "import anyio\n");
}

static void test_select_insertion_touching_replacement_conflicts(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[2];

	/* An insertion at the end of a replaced range. */
	push(proposed, 2, 5, "xyz", 0);
	push(proposed, 5, 5, "+", 1);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	assert_int_equal(kept->edits.count, 1);
	assert_edit(kept, 0, 2, 5, "xyz");
	proposed->edits.count = kept->edits.count = 0;

	/* An insertion at the start of a replaced range, kept first. */
	push(proposed, 2, 5, "xyz", 1);
	push(proposed, 2, 2, "+", 0);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	assert_int_equal(kept->edits.count, 1);
	assert_edit(kept, 0, 2, 2, "+");
	proposed->edits.count = kept->edits.count = 0;

	/* An insertion strictly inside a replaced range. */
	push(proposed, 2, 5, "xyz", 0);
	push(proposed, 3, 3, "+", 1);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	proposed->edits.count = kept->edits.count = 0;

	/* One byte away: no conflict. */
	push(proposed, 2, 5, "xyz", 0);
	push(proposed, 1, 1, "<", 1);
	push(proposed, 6, 6, ">", 1);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 1);
	assert_int_equal(kept->edits.count, 3);
	assert_edit(kept, 0, 1, 1, "<");
	assert_edit(kept, 1, 2, 5, "xyz");
	assert_edit(kept, 2, 6, 6, ">");
}

static void test_select_adjacent_replacements_do_not_conflict(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[2];
	push(proposed, 3, 5, "B", 1);
	push(proposed, 0, 3, "A", 0);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 1);
	assert_int_equal(kept->edits.count, 2);
	assert_edit(kept, 0, 0, 3, "A");
	assert_edit(kept, 1, 3, 5, "B");
}

static void test_select_overlap_by_one_byte_conflicts(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[2];
	push(proposed, 0, 4, "A", 0);
	push(proposed, 3, 5, "B", 1);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	assert_int_equal(kept->edits.count, 1);
	/* A range holding another whole. */
	proposed->edits.count = kept->edits.count = 0;
	push(proposed, 0, 10, "outer", 0);
	push(proposed, 4, 6, "inner", 1);
	assert_int_equal(am_edits_select(proposed, 2, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	assert_int_equal(kept->edits.count, 1);
	assert_edit(kept, 0, 0, 10, "outer");
}

static void test_select_fix_without_edits_not_accepted(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[3] = {7, 7, 7};
	push(proposed, 0, 1, "a", 0);
	push(proposed, 4, 5, "c", 2);
	assert_int_equal(am_edits_select(proposed, 3, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	assert_int_equal(accepted[2], 1);
	assert_int_equal(kept->edits.count, 2);
}

static void test_select_nothing(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	unsigned char accepted[1] = {5};
	assert_int_equal(am_edits_select(proposed, 0, accepted, kept), AM_OK);
	assert_int_equal(kept->edits.count, 0);
	assert_int_equal(accepted[0], 5); /* no fix: nothing written */
}

static void test_select_chain_of_rejections(void **state)
{
	edits_fixture *fx = *state;
	am_edit_list *proposed = &fx->proposed, *kept = &fx->kept;
	/* A rejected fix holds no ground: fix 1 overlaps fix 0 and is
	 * rejected, fix 2 overlaps only fix 1 and is kept. */
	unsigned char accepted[3];
	push(proposed, 0, 4, "a", 0);
	push(proposed, 3, 8, "b", 1);
	push(proposed, 6, 9, "c", 2);
	assert_int_equal(am_edits_select(proposed, 3, accepted, kept), AM_OK);
	assert_int_equal(accepted[0], 1);
	assert_int_equal(accepted[1], 0);
	assert_int_equal(accepted[2], 1);
	assert_int_equal(kept->edits.count, 2);
	assert_edit(kept, 0, 0, 4, "a");
	assert_edit(kept, 1, 6, 9, "c");
}

/* ---- am_edits_apply ----------------------------------------------------- */

static void test_apply_exact_output(void **state)
{
	edits_fixture *fx = *state;
	am_arena *arena = &fx->arena;
	am_edit_list *edits = &fx->edits;
	const char *text = "abcdefghij";
	push(edits, 0, 0, "<", 0);
	push(edits, 2, 4, "XY Z", 1);
	push(edits, 6, 7, "", 2);
	push(edits, 10, 10, ">", 3);
	size_t len = 0;
	char *out = am_edits_apply(arena, text, 10, edits, &len);
	assert_non_null(out);
	assert_int_equal(len, 13);
	assert_string_equal(out, "<abXY Zefhij>");
}

static void test_apply_no_edits_copies(void **state)
{
	edits_fixture *fx = *state;
	am_arena *arena = &fx->arena;
	am_edit_list *edits = &fx->edits;
	size_t len = 99;
	/* Only len bytes count, and the copy is NUL-terminated. */
	char *out = am_edits_apply(arena, "x = 1\ntrailing", 6, edits, &len);
	assert_int_equal(len, 6);
	assert_string_equal(out, "x = 1\n");
	out = am_edits_apply(arena, "", 0, edits, &len);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
}

static void test_apply_replace_everything(void **state)
{
	edits_fixture *fx = *state;
	am_arena *arena = &fx->arena;
	am_edit_list *edits = &fx->edits;
	push(edits, 0, 22, "await anyio.sleep(1)", 0);
	size_t len;
	char *out = am_edits_apply(arena, "await asyncio.sleep(1)\n", 23, edits,
	                           &len);
	assert_int_equal(len, 21);
	assert_string_equal(out, "await anyio.sleep(1)\n");
}

/* ---- segments ----------------------------------------------------------- */

/* The text a segment list stands for, given the input. */
static char *segments_text(am_arena *arena, const am_segments *segments,
                           const char *input)
{
	size_t len = 0;
	for (size_t i = 0; i < segments->items.count; i++)
		len += segments->items.items[i].len;
	char *out = am_arena_alloc(arena, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < segments->items.count; i++) {
		const am_segment *s = &segments->items.items[i];
		memcpy(out + n, s->text ? s->text : input + s->in_start,
		       s->len);
		n += s->len;
	}
	out[n] = '\0';
	return out;
}

/* Runs a pass: applies edits to both the text and the segments, checks
 * they agree, and returns the new text. */
static char *run_pass(am_arena *arena, am_segments *segments, const char *input,
                      const char *current, am_edit_list *edits)
{
	size_t len;
	char *next =
	        am_edits_apply(arena, current, strlen(current), edits, &len);
	assert_int_equal(am_segments_apply(segments, edits), AM_OK);
	assert_string_equal(segments_text(arena, segments, input), next);
	edits->edits.count = 0;
	return next;
}

static void test_segments_init(void **state)
{
	edits_fixture *fx = *state;
	am_segments *segments = &fx->segments;
	am_arena *arena = &fx->arena;
	assert_int_equal(am_segments_init(segments, 10), AM_OK);
	assert_int_equal(segments->input_len, 10);
	assert_int_equal(segments->items.count, 1);
	assert_int_equal(am_segments_to_input(segments, 7), 7);
	assert_int_equal(am_segments_to_output(segments, 7), 7);
	am_edit_list *composed = &fx->composed;
	assert_int_equal(am_segments_edits(segments, arena, composed), AM_OK);
	assert_int_equal(composed->edits.count, 0);
	/* A pass with no edits changes nothing. */
	am_edit_list *none = &fx->none;
	assert_int_equal(am_segments_apply(segments, none), AM_OK);
	assert_int_equal(am_segments_edits(segments, arena, composed), AM_OK);
	assert_int_equal(composed->edits.count, 0);
	assert_int_equal(am_segments_to_input(segments, 10), 10);
}

static void test_segments_one_pass(void **state)
{
	edits_fixture *fx = *state;
	const char *input = "abcdefghij";
	am_arena *arena = &fx->arena;
	am_segments *segments = &fx->segments;
	assert_int_equal(am_segments_init(segments, 10), AM_OK);
	am_edit_list *edits = &fx->edits;
	push(edits, 2, 4, "XYZ", 0);
	push(edits, 7, 7, "+", 1);
	char *text = run_pass(arena, segments, input, input, edits);
	assert_string_equal(text, "abXYZefg+hij");

	am_edit_list *composed = &fx->composed;
	assert_int_equal(am_segments_edits(segments, arena, composed), AM_OK);
	assert_int_equal(composed->edits.count, 2);
	assert_edit(composed, 0, 2, 4, "XYZ");
	assert_edit(composed, 1, 7, 7, "+");

	/* Output -> input: exact in copied text, the start of the replaced
	 * range inside new text. */
	assert_int_equal(am_segments_to_input(segments, 0), 0);
	assert_int_equal(am_segments_to_input(segments, 1), 1);
	assert_int_equal(am_segments_to_input(segments, 2), 2); /* X */
	assert_int_equal(am_segments_to_input(segments, 4), 2); /* Z */
	assert_int_equal(am_segments_to_input(segments, 5), 4); /* e */
	assert_int_equal(am_segments_to_input(segments, 7), 6); /* g */
	assert_int_equal(am_segments_to_input(segments, 8), 7); /* + */
	assert_int_equal(am_segments_to_input(segments, 9), 7); /* h */
	assert_int_equal(am_segments_to_input(segments, 11), 9);
	assert_int_equal(am_segments_to_input(segments, 12), 10); /* end */

	/* Input -> output: exact in copied text, where the replacement starts
	 * inside a replaced range. */
	assert_int_equal(am_segments_to_output(segments, 0), 0);
	assert_int_equal(am_segments_to_output(segments, 1), 1);
	assert_int_equal(am_segments_to_output(segments, 2), 2); /* c */
	assert_int_equal(am_segments_to_output(segments, 3), 2); /* d */
	assert_int_equal(am_segments_to_output(segments, 4), 5); /* e */
	assert_int_equal(am_segments_to_output(segments, 6), 7); /* g */
	assert_int_equal(am_segments_to_output(segments, 7), 9); /* h */
	assert_int_equal(am_segments_to_output(segments, 9), 11);
	assert_int_equal(am_segments_to_output(segments, 10), 12); /* end */
}

static void test_segments_three_passes(void **state)
{
	edits_fixture *fx = *state;
	const char *input = "abcdefghij";
	am_arena *arena = &fx->arena;
	am_segments *segments = &fx->segments;
	assert_int_equal(am_segments_init(segments, 10), AM_OK);
	am_edit_list *edits = &fx->edits;

	/* Pass 1: "abcdefghij" -> "abXYZefg+hij" */
	push(edits, 2, 4, "XYZ", 0);
	push(edits, 7, 7, "+", 1);
	char *text = run_pass(arena, segments, input, input, edits);
	assert_string_equal(text, "abXYZefg+hij");

	/* Pass 2 replaces across new and copied text: "YZefg+" -> "_", and
	 * appends "!". */
	push(edits, 3, 9, "_", 0);
	push(edits, 12, 12, "!", 1);
	text = run_pass(arena, segments, input, text, edits);
	assert_string_equal(text, "abX_hij!");

	am_edit_list *composed = &fx->composed;
	assert_int_equal(am_segments_edits(segments, arena, composed), AM_OK);
	assert_int_equal(composed->edits.count, 2);
	assert_edit(composed, 0, 2, 7, "X_");
	assert_edit(composed, 1, 10, 10, "!");

	assert_int_equal(am_segments_to_input(segments, 1), 1);
	assert_int_equal(am_segments_to_input(segments, 2), 2);  /* X */
	assert_int_equal(am_segments_to_input(segments, 3), 2);  /* _ */
	assert_int_equal(am_segments_to_input(segments, 4), 7);  /* h */
	assert_int_equal(am_segments_to_input(segments, 6), 9);  /* j */
	assert_int_equal(am_segments_to_input(segments, 7), 10); /* ! */
	assert_int_equal(am_segments_to_output(segments, 2), 2);
	assert_int_equal(am_segments_to_output(segments, 5), 2); /* f: gone */
	assert_int_equal(am_segments_to_output(segments, 6), 2); /* g: gone */
	assert_int_equal(am_segments_to_output(segments, 7), 4); /* h */
	assert_int_equal(am_segments_to_output(segments, 9), 6); /* j */

	/* Pass 3 deletes the first byte: the composed edits gain a deletion
	 * and keep the rest. */
	push(edits, 0, 1, "", 0);
	text = run_pass(arena, segments, input, text, edits);
	assert_string_equal(text, "bX_hij!");
	composed->edits.count = 0;
	assert_int_equal(am_segments_edits(segments, arena, composed), AM_OK);
	assert_int_equal(composed->edits.count, 3);
	assert_edit(composed, 0, 0, 1, "");
	assert_edit(composed, 1, 2, 7, "X_");
	assert_edit(composed, 2, 10, 10, "!");

	assert_int_equal(am_segments_to_input(segments, 0), 1);  /* b */
	assert_int_equal(am_segments_to_input(segments, 1), 2);  /* X */
	assert_int_equal(am_segments_to_input(segments, 3), 7);  /* h */
	assert_int_equal(am_segments_to_output(segments, 0), 0); /* a: gone */
	assert_int_equal(am_segments_to_output(segments, 1), 0); /* b */
	assert_int_equal(am_segments_to_output(segments, 8), 4); /* i */

	/* The composed edits turn the input into the current text. */
	size_t len;
	char *redone = am_edits_apply(arena, input, 10, composed, &len);
	assert_string_equal(redone, text);
	assert_int_equal(len, 7);
}

static void test_segments_adjacent_passes_merge(void **state)
{
	edits_fixture *fx = *state;
	am_arena *arena = &fx->arena;
	am_segments *segments = &fx->segments;
	/* Text inserted in two passes next to each other is one input edit. */
	const char *input = "import asyncio\nx = 1\n";
	assert_int_equal(am_segments_init(segments, 21), AM_OK);
	am_edit_list *edits = &fx->edits;
	push(edits, 0, 14, "import anyio", 0);
	char *text = run_pass(arena, segments, input, input, edits);
	push(edits, 12, 12, "\nimport math", 0);
	text = run_pass(arena, segments, input, text, edits);
	assert_string_equal(text, "import anyio\nimport math\nx = 1\n");
	am_edit_list *composed = &fx->composed;
	assert_int_equal(am_segments_edits(segments, arena, composed), AM_OK);
	assert_int_equal(composed->edits.count, 1);
	assert_edit(composed, 0, 0, 14, "import anyio\nimport math");
	assert_int_equal(am_segments_to_input(segments, 13), 0);  /* new */
	assert_int_equal(am_segments_to_input(segments, 24), 14); /* \n */
	assert_int_equal(am_segments_to_input(segments, 25), 15); /* x */
	assert_int_equal(am_segments_to_output(segments, 15), 25);
}

static void test_segments_delete_then_insert_same_place(void **state)
{
	edits_fixture *fx = *state;
	const char *input = "abcdef";
	am_arena *arena = &fx->arena;
	am_segments *segments = &fx->segments;
	assert_int_equal(am_segments_init(segments, 6), AM_OK);
	am_edit_list *edits = &fx->edits;
	push(edits, 2, 4, "", 0);
	char *text = run_pass(arena, segments, input, input, edits);
	assert_string_equal(text, "abef");
	/* After a pure deletion, offsets map exactly. */
	assert_int_equal(am_segments_to_input(segments, 2), 4);
	assert_int_equal(am_segments_to_output(segments, 3), 2);
	push(edits, 2, 2, "X", 0);
	text = run_pass(arena, segments, input, text, edits);
	assert_string_equal(text, "abXef");
	am_edit_list *composed = &fx->composed;
	assert_int_equal(am_segments_edits(segments, arena, composed), AM_OK);
	assert_int_equal(composed->edits.count, 1);
	assert_edit(composed, 0, 2, 4, "X");
}

/* The end of the text lies outside every new piece, so it maps exactly,
 * even when the text ends in a replacement (a file without a final line
 * break whose last expression was rewritten). */
static void test_segments_end_maps_to_input_end(void **state)
{
	edits_fixture *fx = *state;
	am_segments *segments = &fx->segments;
	am_edit_list *edits = &fx->edits;
	assert_int_equal(am_segments_init(segments, 3), AM_OK);
	push(edits, 1, 3, "XYZW", 0); /* "abc" -> "aXYZW" */
	assert_int_equal(am_segments_apply(segments, edits), AM_OK);
	assert_int_equal(am_segments_to_input(segments, 4), 1); /* W */
	assert_int_equal(am_segments_to_input(segments, 5), 3); /* the end */
}

static void test_segments_input_end_maps_to_output_end(void **state)
{
	edits_fixture *fx = *state;
	am_segments *segments = &fx->segments;
	am_edit_list *edits = &fx->edits;
	assert_int_equal(am_segments_init(segments, 3), AM_OK);
	push(edits, 1, 3, "XYZW", 0); /* "abc" -> "aXYZW" */
	assert_int_equal(am_segments_apply(segments, edits), AM_OK);
	assert_int_equal(am_segments_to_output(segments, 2), 1); /* c */
	assert_int_equal(am_segments_to_output(segments, 3), 5); /* the end */
}

/* Every test gets its lists, segments and arena, released afterwards. */
#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        TEST(test_select_disjoint_fixes_all_kept),
	        TEST(test_select_earliest_fix_wins_whole),
	        TEST(test_select_start_order_not_fix_order),
	        TEST(test_select_same_start_lower_fix_wins),
	        TEST(test_select_insertions_at_same_offset_conflict),
	        TEST(test_select_insertion_touching_replacement_conflicts),
	        TEST(test_select_adjacent_replacements_do_not_conflict),
	        TEST(test_select_overlap_by_one_byte_conflicts),
	        TEST(test_select_fix_without_edits_not_accepted),
	        TEST(test_select_nothing),
	        TEST(test_select_chain_of_rejections),
	        TEST(test_apply_exact_output),
	        TEST(test_apply_no_edits_copies),
	        TEST(test_apply_replace_everything),
	        TEST(test_segments_init),
	        TEST(test_segments_one_pass),
	        TEST(test_segments_three_passes),
	        TEST(test_segments_adjacent_passes_merge),
	        TEST(test_segments_delete_then_insert_same_place),
	        TEST(test_segments_end_maps_to_input_end),
	        TEST(test_segments_input_end_maps_to_output_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
