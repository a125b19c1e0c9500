#include "edits.h"

#include "anyio_migrate.h"
#include "array.h"

#include <stddef.h>
#include <string.h>

static int edit_order(const void *a, const void *b)
{
	const am_edit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return x->fix < y->fix ? -1 : x->fix > y->fix;
}

/* Two edits conflict when their ranges overlap, or when one is an insertion
 * touching the other (the order of the two texts would be a guess). */
static int edits_conflict(const am_edit *a, const am_edit *b)
{
	if (a->start == a->end || b->start == b->end)
		return a->start <= b->end && b->start <= a->end;
	return a->start < b->end && b->start < a->end;
}

/* Index of the first kept edit whose end is >= start (kept is sorted and
 * non-overlapping, so ends are sorted too). */
static size_t first_candidate(const am_edit_list *kept, uint32_t start)
{
	size_t lo;
	AM_LOWER_BOUND(lo, kept->edits.count,
	               kept->edits.items[mid].end < start);
	return lo;
}

static int conflicts_with_kept(const am_edit_list *kept, const am_edit *e)
{
	for (size_t i = first_candidate(kept, e->start); i < kept->edits.count;
	     i++) {
		const am_edit *k = &kept->edits.items[i];
		if (k->start > e->end)
			break;
		if (edits_conflict(k, e))
			return 1;
	}
	return 0;
}

static int insert_kept(am_edit_list *kept, const am_edit *e)
{
	if (!AM_ARRAY_RESERVE(&kept->edits, kept->edits.count + 1))
		return AM_ENOMEM;
	size_t at = first_candidate(kept, e->start);
	while (at < kept->edits.count &&
	       edit_order(&kept->edits.items[at], e) < 0)
		at++;
	memmove(&kept->edits.items[at + 1], &kept->edits.items[at],
	        (kept->edits.count - at) * sizeof(am_edit));
	kept->edits.items[at] = *e;
	kept->edits.count++;
	return AM_OK;
}

typedef struct fix_start {
	uint32_t first; /* its first edit's start */
	uint32_t fix;
} fix_start;

static int fix_start_order(const void *a, const void *b)
{
	const fix_start *x = a, *y = b;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->fix < y->fix ? -1 : x->fix > y->fix;
}

int am_edits_select(am_edit_list *proposed, uint32_t fix_count,
                    unsigned char *accepted, am_edit_list *out)
{
	/* Order fixes by their first edit. */
	uint32_t *first =
	        malloc((fix_count ? fix_count : 1) * sizeof(uint32_t));
	uint32_t *order =
	        malloc((fix_count ? fix_count : 1) * sizeof(uint32_t));
	if (!first || !order) {
		free(first);
		free(order);
		return AM_ENOMEM;
	}
	for (uint32_t f = 0; f < fix_count; f++) {
		first[f] = UINT32_MAX;
		order[f] = f;
		accepted[f] = 0;
	}
	for (size_t i = 0; i < proposed->edits.count; i++) {
		const am_edit *e = &proposed->edits.items[i];
		if (e->start < first[e->fix])
			first[e->fix] = e->start;
	}
	/* Fixes come rule by rule, each rule's in source order: sort them by
	 * their first edit, ties in the order they were made. */
	fix_start *starts =
	        malloc((fix_count ? fix_count : 1) * sizeof(*starts));
	if (!starts) {
		free(first);
		free(order);
		return AM_ENOMEM;
	}
	for (uint32_t f = 0; f < fix_count; f++) {
		starts[f].first = first[f];
		starts[f].fix = f;
	}
	if (fix_count > 1)
		qsort(starts, fix_count, sizeof(*starts), fix_start_order);
	for (uint32_t f = 0; f < fix_count; f++)
		order[f] = starts[f].fix;
	free(starts);
	/* Group the edits by fix: by_fix lists each fix's edits, in sorted
	 * order, from by_fix[from[f]] to by_fix[from[f + 1]]. */
	if (proposed->edits.count > 1)
		qsort(proposed->edits.items, proposed->edits.count,
		      sizeof(am_edit), edit_order);
	size_t *from = calloc((size_t)fix_count + 1, sizeof(size_t));
	size_t *by_fix = malloc((proposed->edits.count + 1) * sizeof(size_t));
	if (!from || !by_fix) {
		free(first);
		free(order);
		free(from);
		free(by_fix);
		return AM_ENOMEM;
	}
	for (size_t i = 0; i < proposed->edits.count; i++)
		from[proposed->edits.items[i].fix + 1]++;
	for (uint32_t f = 0; f < fix_count; f++)
		from[f + 1] += from[f];
	for (size_t i = 0; i < proposed->edits.count; i++)
		by_fix[from[proposed->edits.items[i].fix]++] = i;
	for (uint32_t f = fix_count; f > 0; f--)
		from[f] = from[f - 1];
	from[0] = 0;
	int rc = AM_OK;
	for (uint32_t k = 0; k < fix_count && rc == AM_OK; k++) {
		uint32_t f = order[k];
		int ok = first[f] != UINT32_MAX;
		for (size_t i = from[f]; ok && i < from[f + 1]; i++)
			if (conflicts_with_kept(
			            out, &proposed->edits.items[by_fix[i]]))
				ok = 0;
		if (!ok)
			continue;
		accepted[f] = 1;
		for (size_t i = from[f]; rc == AM_OK && i < from[f + 1]; i++)
			rc = insert_kept(out,
			                 &proposed->edits.items[by_fix[i]]);
	}
	free(first);
	free(order);
	free(from);
	free(by_fix);
	return rc;
}

char *am_edits_apply(am_arena *arena, const char *text, size_t len,
                     const am_edit_list *edits, size_t *out_len)
{
	size_t size = len;
	for (size_t i = 0; i < edits->edits.count; i++) {
		const am_edit *e = &edits->edits.items[i];
		size = size - (e->end - e->start) + e->len;
	}
	char *out = am_arena_alloc(arena, size + 1);
	if (!out)
		return NULL;
	size_t pos = 0, n = 0;
	for (size_t i = 0; i < edits->edits.count; i++) {
		const am_edit *e = &edits->edits.items[i];
		memcpy(out + n, text + pos, e->start - pos);
		n += e->start - pos;
		memcpy(out + n, e->text, e->len);
		n += e->len;
		pos = e->end;
	}
	memcpy(out + n, text + pos, len - pos);
	n += len - pos;
	out[n] = '\0';
	*out_len = n;
	return out;
}

/* ---- segments ----------------------------------------------------------- */

int am_segments_init(am_segments *segments, uint32_t input_len)
{
	memset(segments, 0, sizeof(*segments));
	segments->input_len = input_len;
	am_segment whole = {0, 0, input_len, NULL};
	return AM_ARRAY_PUSH(&segments->items, whole) ? AM_OK : AM_ENOMEM;
}

void am_segments_release(am_segments *segments)
{
	AM_ARRAY_FREE(&segments->items);
}

/* Appends the part of the current text [from, to) to out, piece by piece;
 * *index moves forward through the old segments. */
static int copy_range(const am_segments *old, size_t *index, uint32_t from,
                      uint32_t to, am_segments *out, uint32_t *out_pos)
{
	while (from < to && *index < old->items.count) {
		const am_segment *s = &old->items.items[*index];
		uint32_t s_end = s->out_start + s->len;
		if (s_end <= from) {
			(*index)++;
			continue;
		}
		uint32_t piece_end = to < s_end ? to : s_end;
		uint32_t skip = from - s->out_start;
		am_segment piece = {*out_pos, s->text ? 0 : s->in_start + skip,
		                    piece_end - from,
		                    s->text ? s->text + skip : NULL};
		if (!AM_ARRAY_PUSH(&out->items, piece))
			return AM_ENOMEM;
		*out_pos += piece.len;
		from = piece_end;
	}
	return AM_OK;
}

int am_segments_apply(am_segments *segments, const am_edit_list *edits)
{
	am_segments next = {{0}, segments->input_len};
	uint32_t length = 0;
	if (segments->items.count) {
		const am_segment *last =
		        &segments->items.items[segments->items.count - 1];
		length = last->out_start + last->len;
	}
	size_t index = 0;
	uint32_t pos = 0, out_pos = 0;
	int rc = AM_OK;
	for (size_t i = 0; i < edits->edits.count && rc == AM_OK; i++) {
		const am_edit *e = &edits->edits.items[i];
		rc = copy_range(segments, &index, pos, e->start, &next,
		                &out_pos);
		if (rc == AM_OK && e->len) {
			am_segment fresh = {out_pos, 0, e->len, e->text};
			out_pos += e->len;
			rc = AM_ARRAY_PUSH(&next.items, fresh) ? AM_OK
			                                       : AM_ENOMEM;
		}
		pos = e->end;
	}
	if (rc == AM_OK)
		rc = copy_range(segments, &index, pos, length, &next, &out_pos);
	if (rc != AM_OK) {
		am_segments_release(&next);
		return rc;
	}
	am_segments_release(segments);
	*segments = next;
	return AM_OK;
}

static uint32_t output_length(const am_segments *segments)
{
	if (segments->items.count == 0)
		return 0;
	const am_segment *last =
	        &segments->items.items[segments->items.count - 1];
	return last->out_start + last->len;
}

/* Positions map by binary search: segments follow each other in the
 * current text, and the copied ones keep the input's order. New pieces lie
 * between copied ones, a few at a time. */

/* The last copied segment at or before index i, or -1. */
static ptrdiff_t copied_at_or_before(const am_segments *segments, size_t i)
{
	ptrdiff_t c = (ptrdiff_t)i;
	while (c >= 0 && segments->items.items[c].text)
		c--;
	return c;
}

/* The first copied segment at or after index i, or -1. */
static ptrdiff_t copied_at_or_after(const am_segments *segments, size_t i)
{
	for (; i < segments->items.count; i++)
		if (!segments->items.items[i].text)
			return (ptrdiff_t)i;
	return -1;
}

/* The last copied segment whose input starts at or before offset, or -1. */
static ptrdiff_t last_copied_from(const am_segments *segments, uint32_t offset)
{
	size_t lo = 0, hi = segments->items.count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		ptrdiff_t c = copied_at_or_before(segments, mid);
		if (c < 0 || segments->items.items[c].in_start <= offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? copied_at_or_before(segments, lo - 1) : -1;
}

uint32_t am_segments_to_input(const am_segments *segments, uint32_t offset)
{
	if (offset >= output_length(segments))
		return segments->input_len;
	/* the segment holding offset: the last that starts at or before it */
	size_t lo;
	AM_LOWER_BOUND(lo, segments->items.count,
	               segments->items.items[mid].out_start <= offset);
	if (lo == 0)
		return 0;
	const am_segment *s = &segments->items.items[lo - 1];
	if (!s->text)
		return s->in_start + (offset - s->out_start);
	/* inside new text: where the last copied piece before it ends */
	ptrdiff_t c = copied_at_or_before(segments, lo - 1);
	if (c < 0)
		return 0;
	return segments->items.items[c].in_start + segments->items.items[c].len;
}

uint32_t am_segments_to_output(const am_segments *segments, uint32_t offset)
{
	if (offset >= segments->input_len)
		return output_length(segments);
	ptrdiff_t c = last_copied_from(segments, offset);
	if (c < 0)
		return 0;
	const am_segment *s = &segments->items.items[c];
	if (offset < s->in_start + s->len)
		return s->out_start + (offset - s->in_start);
	return s->out_start +
	       s->len; /* replaced: where its replacement starts */
}

int am_segments_edits(const am_segments *segments, am_arena *arena,
                      am_edit_list *out)
{
	uint32_t pos = 0; /* input offset reached */
	size_t pending_from = 0, pending_len = 0;
	int pending = 0;
	for (size_t i = 0; i <= segments->items.count; i++) {
		const am_segment *s = i < segments->items.count
		                              ? &segments->items.items[i]
		                              : NULL;
		if (s && s->text) {
			if (!pending) {
				pending = 1;
				pending_from = i;
				pending_len = 0;
			}
			pending_len += s->len;
			continue;
		}
		uint32_t next_in = s ? s->in_start : segments->input_len;
		if (pending || next_in != pos) {
			char *text = am_arena_alloc(arena, pending_len + 1);
			if (!text)
				return AM_ENOMEM;
			size_t n = 0;
			for (size_t k = pending_from; pending && k < i; k++) {
				memcpy(text + n, segments->items.items[k].text,
				       segments->items.items[k].len);
				n += segments->items.items[k].len;
			}
			text[n] = '\0';
			am_edit e = {pos, next_in, text, (uint32_t)n, 0};
			if (!AM_ARRAY_PUSH(&out->edits, e))
				return AM_ENOMEM;
			pending = 0;
		}
		if (s)
			pos = s->in_start + s->len;
	}
	return AM_OK;
}

uint32_t am_segments_to_output_end(const am_segments *segments, uint32_t offset)
{
	if (offset >= segments->input_len)
		return output_length(segments);
	ptrdiff_t c = last_copied_from(segments, offset);
	if (c >= 0) {
		const am_segment *s = &segments->items.items[c];
		if (offset < s->in_start + s->len)
			return s->out_start + (offset - s->in_start);
	}
	/* replaced: after its replacement, where the next copied piece starts
	 */
	ptrdiff_t next = copied_at_or_after(segments, (size_t)(c + 1));
	if (next < 0)
		return output_length(segments);
	return segments->items.items[next].out_start;
}

/* The index of the segment holding byte `offset` of the current text (the
 * last that starts at or before it), or the count when there is none. */
static size_t segment_holding(const am_segments *segments, uint32_t offset)
{
	size_t lo;
	AM_LOWER_BOUND(lo, segments->items.count,
	               segments->items.items[mid].out_start <= offset);
	if (lo == 0 || offset >= output_length(segments))
		return segments->items.count;
	return lo - 1;
}

uint32_t am_segments_to_input_end(const am_segments *segments, uint32_t offset)
{
	if (offset == 0)
		return 0;
	size_t i = segment_holding(segments, offset - 1);
	if (i == segments->items.count)
		return segments->input_len;
	const am_segment *s = &segments->items.items[i];
	if (!s->text)
		return s->in_start + (offset - s->out_start);
	ptrdiff_t next = copied_at_or_after(segments, i + 1);
	return next < 0 ? segments->input_len
	                : segments->items.items[next].in_start;
}

static int is_new_byte(const am_segments *segments, uint32_t offset,
                       size_t *index)
{
	*index = segment_holding(segments, offset);
	return *index < segments->items.count &&
	       segments->items.items[*index].text != NULL;
}

void am_segments_new_run(const am_segments *segments, uint32_t offset,
                         uint32_t *start, uint32_t *end)
{
	size_t before, at;
	*start = *end = offset;
	if (offset == 0 || !is_new_byte(segments, offset - 1, &before) ||
	    !is_new_byte(segments, offset, &at))
		return;
	while (before > 0 && segments->items.items[before - 1].text)
		before--;
	while (at + 1 < segments->items.count &&
	       segments->items.items[at + 1].text)
		at++;
	*start = segments->items.items[before].out_start;
	*end = segments->items.items[at].out_start +
	       segments->items.items[at].len;
}
