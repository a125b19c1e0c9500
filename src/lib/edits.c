#include "edits.h"

#include "anyio_migrate.h"

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
	size_t lo = 0, hi = kept->edits.count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (kept->edits.items[mid].end < start)
			lo = mid + 1;
		else
			hi = mid;
	}
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
	while (at < kept->edits.count && edit_order(&kept->edits.items[at], e) < 0)
		at++;
	memmove(&kept->edits.items[at + 1], &kept->edits.items[at],
	        (kept->edits.count - at) * sizeof(am_edit));
	kept->edits.items[at] = *e;
	kept->edits.count++;
	return AM_OK;
}

int am_edits_select(am_edit_list *proposed, uint32_t fix_count,
                    unsigned char *accepted, am_edit_list *out)
{
	/* Order fixes by their first edit. */
	uint32_t *first = malloc((fix_count ? fix_count : 1) * sizeof(uint32_t));
	uint32_t *order = malloc((fix_count ? fix_count : 1) * sizeof(uint32_t));
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
	/* insertion sort is fine: fixes per pass are few, and mostly in order */
	for (uint32_t i = 1; i < fix_count; i++) {
		uint32_t f = order[i], j = i;
		while (j > 0 && first[order[j - 1]] > first[f]) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = f;
	}
	/* Group the edits by fix. */
	if (proposed->edits.count > 1)
		qsort(proposed->edits.items, proposed->edits.count, sizeof(am_edit),
	      edit_order);
	int rc = AM_OK;
	for (uint32_t k = 0; k < fix_count && rc == AM_OK; k++) {
		uint32_t f = order[k];
		int ok = first[f] != UINT32_MAX;
		for (size_t i = 0; ok && i < proposed->edits.count; i++) {
			const am_edit *e = &proposed->edits.items[i];
			if (e->fix == f && conflicts_with_kept(out, e))
				ok = 0;
		}
		if (!ok)
			continue;
		accepted[f] = 1;
		for (size_t i = 0; rc == AM_OK && i < proposed->edits.count; i++)
			if (proposed->edits.items[i].fix == f)
				rc = insert_kept(out, &proposed->edits.items[i]);
	}
	free(first);
	free(order);
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
		rc = copy_range(segments, &index, pos, e->start, &next, &out_pos);
		if (rc == AM_OK && e->len) {
			am_segment fresh = {out_pos, 0, e->len, e->text};
			out_pos += e->len;
			rc = AM_ARRAY_PUSH(&next.items, fresh) ? AM_OK : AM_ENOMEM;
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
	const am_segment *last = &segments->items.items[segments->items.count - 1];
	return last->out_start + last->len;
}

uint32_t am_segments_to_input(const am_segments *segments, uint32_t offset)
{
	if (offset >= output_length(segments))
		return segments->input_len;
	uint32_t copied_end = 0; /* input end of the last copied piece seen */
	for (size_t i = 0; i < segments->items.count; i++) {
		const am_segment *s = &segments->items.items[i];
		if (offset < s->out_start)
			break;
		if (offset < s->out_start + s->len)
			return s->text ? copied_end
			               : s->in_start + (offset - s->out_start);
		if (!s->text)
			copied_end = s->in_start + s->len;
	}
	return offset == 0 ? 0 : copied_end;
}

uint32_t am_segments_to_output(const am_segments *segments, uint32_t offset)
{
	if (offset >= segments->input_len)
		return output_length(segments);
	uint32_t out_end = 0; /* output end of the last copied piece seen */
	for (size_t i = 0; i < segments->items.count; i++) {
		const am_segment *s = &segments->items.items[i];
		if (s->text)
			continue;
		if (offset < s->in_start)
			return out_end;
		if (offset < s->in_start + s->len)
			return s->out_start + (offset - s->in_start);
		out_end = s->out_start + s->len;
	}
	return out_end;
}

int am_segments_edits(const am_segments *segments, am_arena *arena,
                      am_edit_list *out)
{
	uint32_t pos = 0; /* input offset reached */
	size_t pending_from = 0, pending_len = 0;
	int pending = 0;
	for (size_t i = 0; i <= segments->items.count; i++) {
		const am_segment *s =
		        i < segments->items.count ? &segments->items.items[i] : NULL;
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
	for (size_t i = 0; i < segments->items.count; i++) {
		const am_segment *s = &segments->items.items[i];
		if (s->text)
			continue;
		if (offset <= s->in_start)
			return s->out_start; /* after the replacement before it */
		if (offset < s->in_start + s->len)
			return s->out_start + (offset - s->in_start);
	}
	return output_length(segments);
}
