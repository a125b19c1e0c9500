/*
 * Each diagnostic's fix as edits of its own (am_diagnostic_fix_edit), so
 * that an editor can make one fix and leave the others.
 *
 * A fix that was made: the migration as a whole is the list of input edits
 * the segments give; each of its edits is owned by the fixes whose edits
 * touched its range (a fix of a later pass that rewrites text an earlier
 * one wrote shares that edit, and the two are given together). A fix's
 * edits are those of its group.
 *
 * An unsafe fix that was held back: its edits are on the migrated text, as
 * they were proposed. On the input, each is the same replacement where it
 * falls on text copied from the input; where it starts or ends inside text
 * another fix wrote, it is widened to that text, and given with it.
 *
 * Either way, the imports and the helper the fix's new text needs and the
 * text lacks come with it, where the importer would put them.
 */
#include "array.h"
#include "result.h"

#include <stdlib.h>
#include <string.h>

/* ---- building one fix's edit list ---------------------------------------- */

typedef struct edit_list {
	AM_ARRAY(am_fix_edit) items;
	const char *text; /* the text the edits are on, BOM included */
	size_t len;
	const am_line_index *lines;
	am_arena *arena;
	int failed;
} edit_list;

static void list_add(edit_list *list, size_t start, size_t end,
                     const char *text, size_t len)
{
	am_fix_edit e;
	e.start = am_line_index_position(list->lines, list->text, list->len,
	                                 start);
	e.end = am_line_index_position(list->lines, list->text, list->len, end);
	e.text = text;
	e.len = len;
	if (!AM_ARRAY_PUSH(&list->items, e))
		list->failed = 1;
}

/* Puts `text` in at byte `at` (BOM included): before an edit that starts
 * there, as an edit of its own between edits; not at all inside one. */
static void list_insert(edit_list *list, size_t at, const char *text)
{
	size_t len = strlen(text), i = 0;
	while (i < list->items.count && list->items.items[i].end.byte <= at &&
	       list->items.items[i].start.byte < at)
		i++;
	if (i < list->items.count && list->items.items[i].start.byte < at)
		return; /* inside an edit: that edit rewrites the place */
	if (i < list->items.count && list->items.items[i].start.byte == at) {
		am_fix_edit *e = &list->items.items[i];
		char *joined = am_arena_alloc(list->arena, len + e->len + 1);
		if (!joined) {
			list->failed = 1;
			return;
		}
		memcpy(joined, text, len);
		memcpy(joined + len, e->text, e->len);
		joined[len + e->len] = '\0';
		e->text = joined;
		e->len += len;
		return;
	}
	size_t count = list->items.count;
	list_add(list, at, at, text, len);
	if (list->failed)
		return;
	am_fix_edit added = list->items.items[count];
	memmove(&list->items.items[i + 1], &list->items.items[i],
	        (count - i) * sizeof(am_fix_edit));
	list->items.items[i] = added;
}

/* The imports and the helper the edits' new text needs (`plan`'s offsets
 * are BOM-less). */
static void add_needs(edit_list *list, const am_import_plan *plan, size_t bom)
{
	if (!plan->made || list->items.count == 0)
		return;
	am_strbuf all;
	am_strbuf_init(&all, list->arena);
	for (size_t i = 0; i < list->items.count; i++)
		am_strbuf_append(&all, list->items.items[i].text,
		                 list->items.items[i].len);
	const char *text = am_strbuf_cstr(&all);
	const char *helper =
	        am_imports_helper_needed_by(plan, list->arena, text, all.len);
	if (helper) { /* the helper's own needs: `_Future` uses anyio */
		am_strbuf_puts(&all, helper);
		text = am_strbuf_cstr(&all);
	}
	const char *imports =
	        am_imports_needed_by(plan, list->arena, text, all.len);
	/* The helper first: at the same place, the imports go before it. */
	if (helper)
		list_insert(list, bom + plan->helper_at, helper);
	if (*imports)
		list_insert(list, bom + plan->at, imports);
}

/* Moves the list into the arena, as the diagnostic's edits on one side. */
static int keep(edit_list *list, am_diagnostic *d, int side)
{
	if (list->failed)
		return AM_ENOMEM;
	size_t count = list->items.count;
	am_fix_edit *copy = am_arena_alloc(list->arena,
	                                   (count ? count : 1) * sizeof(*copy));
	if (!copy)
		return AM_ENOMEM;
	if (count)
		memcpy(copy, list->items.items, count * sizeof(*copy));
	d->edits[side] = copy;
	d->edit_count[side] = count;
	list->items.count = 0;
	return AM_OK;
}

/* ---- fixes that were made ----------------------------------------------- */

/* A final edit and the root of its group. */
typedef struct owned {
	int32_t root;
	size_t edit;
} owned;

typedef struct groups {
	int32_t *parent; /* per fix: union-find */
	int32_t *owner;  /* per final edit: a fix that touched it, or -1 */
	owned *order;    /* final edits with an owner, by group, then start */
	size_t ordered;
	int32_t *first; /* per group root: its first place in `order` */
} groups;

static int32_t find(int32_t *parent, int32_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

/* The final edit holding [start, end] (BOM included), or -1. */
static ptrdiff_t edit_holding(const am_edit_list *final, size_t start,
                              size_t end)
{
	size_t lo;
	AM_LOWER_BOUND(lo, final->edits.count,
	               final->edits.items[mid].start <= start);
	if (lo == 0)
		return -1;
	const am_edit *e = &final->edits.items[lo - 1];
	return start >= e->start && end <= e->end ? (ptrdiff_t)(lo - 1) : -1;
}

static int compare_by_group(const void *a, const void *b)
{
	const owned *x = a, *y = b;
	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	return x->edit < y->edit ? -1 : x->edit > y->edit;
}

static int make_groups(am_result *r, groups *g)
{
	size_t n = r->edits.edits.count;
	g->parent = malloc((r->fix_count + 1) * sizeof(*g->parent));
	g->owner = malloc((n + 1) * sizeof(*g->owner));
	g->order = malloc((n + 1) * sizeof(*g->order));
	g->first = malloc((r->fix_count + 1) * sizeof(*g->first));
	if (!g->parent || !g->owner || !g->order || !g->first)
		return AM_ENOMEM;
	for (uint32_t f = 0; f < r->fix_count; f++) {
		g->parent[f] = (int32_t)f;
		g->first[f] = -1;
	}
	for (size_t k = 0; k < n; k++)
		g->owner[k] = -1;
	for (size_t i = 0; i < r->touches.count; i++) {
		const am_touch *t = &r->touches.items[i];
		ptrdiff_t k = edit_holding(&r->edits, r->bom + t->start,
		                           r->bom + t->end);
		if (k < 0)
			continue; /* its change was undone by a later one */
		if (g->owner[k] < 0)
			g->owner[k] = t->fix;
		else
			g->parent[find(g->parent, t->fix)] =
			        find(g->parent, g->owner[k]);
	}
	/* Owners become their groups' roots, and the edits are sorted by
	 * group: each group's edits are then one stretch of `order`. */
	g->ordered = 0;
	for (size_t k = 0; k < n; k++) {
		if (g->owner[k] < 0)
			continue;
		owned o = {find(g->parent, g->owner[k]), k};
		g->order[g->ordered++] = o;
	}
	qsort(g->order, g->ordered, sizeof(*g->order), compare_by_group);
	for (size_t i = g->ordered; i-- > 0;)
		g->first[g->order[i].root] = (int32_t)i;
	return AM_OK;
}

static void free_groups(groups *g)
{
	free(g->parent);
	free(g->owner);
	free(g->order);
	free(g->first);
}

static int made_fix_edits(am_result *r, groups *g, am_diagnostic *d,
                          edit_list *list)
{
	int32_t root = find(g->parent, d->fix);
	for (int32_t i = g->first[root];
	     i >= 0 && (size_t)i < g->ordered && g->order[i].root == root;
	     i++) {
		const am_edit *e = &r->edits.edits.items[g->order[i].edit];
		list_add(list, e->start, e->end, e->text, e->len);
	}
	add_needs(list, &r->input_plan, r->bom);
	return keep(list, d, 0);
}

/* ---- unsafe fixes held back --------------------------------------------- */

/* Its edits on the migrated text, as proposed. */
static int held_output_edits(am_result *r, am_diagnostic *d, edit_list *list)
{
	for (uint32_t i = 0; i < d->held_count; i++) {
		const am_edit *e = &d->held[i];
		list_add(list, r->bom + e->start, r->bom + e->end, e->text,
		         e->len);
	}
	add_needs(list, &r->output_plan, r->bom);
	return keep(list, d, 1);
}

/* The same on the input: widened to the new text an edit starts or ends
 * inside; edits whose widened ranges overlap become one. */
static int held_input_edits(am_result *r, const am_segments *segments,
                            am_diagnostic *d, edit_list *list)
{
	const char *out = r->text + r->bom; /* the migrated text, BOM-less */
	am_strbuf text;
	uint32_t from = 0, to = 0, at = 0; /* the region open in `text` */
	int open = 0;
	for (uint32_t i = 0; i <= d->held_count; i++) {
		const am_edit *e = i < d->held_count ? &d->held[i] : NULL;
		uint32_t start = 0, end = 0, ignored;
		if (e) {
			am_segments_new_run(segments, e->start, &start,
			                    &ignored);
			am_segments_new_run(segments, e->end, &ignored, &end);
		}
		if (open && (!e || start >= to)) {
			am_strbuf_append(&text, out + at, to - at);
			list_add(list,
			         r->bom + am_segments_to_input(segments, from),
			         r->bom +
			                 am_segments_to_input_end(segments, to),
			         am_strbuf_cstr(&text), text.len);
			open = 0;
		}
		if (!e)
			break;
		if (!open) {
			am_strbuf_init(&text, list->arena);
			from = at = start;
			to = end;
			open = 1;
		}
		am_strbuf_append(&text, out + at, e->start - at);
		am_strbuf_append(&text, e->text, e->len);
		at = e->end;
		if (end > to)
			to = end;
	}
	add_needs(list, &r->input_plan, r->bom);
	return keep(list, d, 0);
}

/* ---- all of them ------------------------------------------------------- */

int am_fix_edits_compute(am_result *r, const am_segments *segments,
                         const am_line_index *input_lines,
                         const am_line_index *output_lines)
{
	groups g;
	memset(&g, 0, sizeof(g));
	int rc = r->fix_count ? make_groups(r, &g) : AM_OK;
	edit_list on_input = {{0},         r->input,  r->input_len,
	                      input_lines, &r->arena, 0};
	edit_list on_output = {{0},          r->text,   r->len,
	                       output_lines, &r->arena, 0};
	for (size_t i = 0; rc == AM_OK && i < r->diagnostics.count; i++) {
		am_diagnostic *d = &r->diagnostics.items[i];
		if (d->fix >= 0)
			rc = made_fix_edits(r, &g, d, &on_input);
		else if (d->held_count) {
			rc = held_output_edits(r, d, &on_output);
			if (rc == AM_OK)
				rc = held_input_edits(r, segments, d,
				                      &on_input);
		}
	}
	if (r->arena.failed)
		rc = AM_ENOMEM;
	AM_ARRAY_FREE(&on_input.items);
	AM_ARRAY_FREE(&on_output.items);
	free_groups(&g);
	return rc;
}
