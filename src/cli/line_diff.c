#include "line_diff.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * The tuning of the search. The values are xdiff's: with other values the
 * diff would still be correct, but not always the one git prints.
 */

/* A line found at least min(sqrt(N), FREQUENT_MAX) times in the other text
 * is "frequent": it may be left out of the search (see keep_frequent). */
#define FREQUENT_MAX 1024
/* How far keep_frequent looks on each side of a frequent line. */
#define FREQUENT_WINDOW 100
/* A frequent line is left out when fewer than 1 in FREQUENT_SHARE of the
 * lines around it are frequent ones (the others having no match at all). */
#define FREQUENT_SHARE 4
/* Below this cost the search is exact whatever the size. */
#define COST_LIMIT_MIN 256
/* Past this cost, a point reached through a long snake may end the search. */
#define SNAKE_COST_MIN 256
/* A snake longer than this is a long one. */
#define LONG_SNAKE 20
/* ... and the point it reached must have gone this many times further
 * (along both texts, less its distance from the middle diagonal) than the
 * cost. */
#define SNAKE_GAIN 4

/* --- Lines --- */

static int split_lines(struct line_diff_text *text, const char *bytes,
                       size_t len)
{
	const char *end = bytes + len;
	const char *at = bytes;
	long count = 0;

	text->lines = NULL;
	text->count = 0;
	while (at < end) {
		const char *newline = memchr(at, '\n', (size_t)(end - at));

		count++;
		at = newline ? newline + 1 : end;
	}
	text->lines =
	        malloc(sizeof(*text->lines) * (size_t)(count ? count : 1));
	if (!text->lines)
		return -1;
	for (at = bytes; at < end; text->count++) {
		const char *newline = memchr(at, '\n', (size_t)(end - at));
		const char *next = newline ? newline + 1 : end;

		text->lines[text->count].bytes = at;
		text->lines[text->count].len = (size_t)(next - at);
		at = next;
	}
	return 0;
}

static int same_line(const struct line_diff_line *a,
                     const struct line_diff_line *b)
{
	return a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

/* 64 bits of a line, eight bytes at a time. */
static uint64_t hash_line(const struct line_diff_line *line)
{
	const unsigned char *at = (const unsigned char *)line->bytes;
	size_t left = line->len;
	uint64_t hash = 0x9e3779b97f4a7c15u ^ (uint64_t)left;
	uint64_t word;

	while (left >= 8) {
		memcpy(&word, at, 8);
		hash = (hash ^ word) * 0xff51afd7ed558ccdu;
		hash ^= hash >> 29;
		at += 8;
		left -= 8;
	}
	word = 0;
	while (left > 0)
		word = (word << 8) | at[--left];
	hash = (hash ^ word) * 0xc4ceb9fe1a85ec53u;
	return hash ^ (hash >> 32);
}

/* --- Classes of equal lines --- */

struct line_class {
	uint64_t hash;
	const struct line_diff_line *line;
	long count[2]; /* how many times in `before`, in `after` */
};

struct class_table {
	struct line_class *classes;
	long class_count;
	long class_capacity;
	long *slots; /* 1 + the index in `classes`, 0 for none */
	size_t mask;
};

#define CLASS_TABLE_SLOTS 1024

static int class_table_init(struct class_table *table)
{
	table->class_count = 0;
	table->class_capacity = CLASS_TABLE_SLOTS / 2;
	table->mask = CLASS_TABLE_SLOTS - 1;
	table->classes =
	        malloc(sizeof(*table->classes) * (size_t)table->class_capacity);
	table->slots = calloc(CLASS_TABLE_SLOTS, sizeof(*table->slots));
	return table->classes && table->slots ? 0 : -1;
}

static void class_table_free(struct class_table *table)
{
	free(table->classes);
	free(table->slots);
}

/* Twice the room: the slots stay at most half full. */
static int class_table_grow(struct class_table *table)
{
	size_t size = (table->mask + 1) * 2;
	long capacity = table->class_capacity * 2;
	struct line_class *classes =
	        realloc(table->classes, sizeof(*classes) * (size_t)capacity);
	long *slots;
	long i;

	if (!classes)
		return -1;
	table->classes = classes;
	table->class_capacity = capacity;
	slots = calloc(size, sizeof(*slots));
	if (!slots)
		return -1;
	free(table->slots);
	table->slots = slots;
	table->mask = size - 1;
	for (i = 0; i < table->class_count; i++) {
		size_t slot = (size_t)classes[i].hash & table->mask;

		while (slots[slot] != 0)
			slot = (slot + 1) & table->mask;
		slots[slot] = i + 1;
	}
	return 0;
}

/*
 * The class of `line`, added (counted for neither text) if `add` and not
 * there yet; -1 if not there and not `add`, -2 if out of memory.
 */
static long class_of(struct class_table *table,
                     const struct line_diff_line *line, uint64_t hash, int add)
{
	size_t slot = (size_t)hash & table->mask;
	struct line_class *class;

	for (; table->slots[slot] != 0; slot = (slot + 1) & table->mask) {
		class = &table->classes[table->slots[slot] - 1];
		if (class->hash == hash && same_line(class->line, line))
			return table->slots[slot] - 1;
	}
	if (!add)
		return -1;
	if (table->class_count == table->class_capacity) {
		if (class_table_grow(table) != 0)
			return -2;
		slot = (size_t)hash & table->mask;
		while (table->slots[slot] != 0)
			slot = (slot + 1) & table->mask;
	}
	class = &table->classes[table->class_count];
	class->hash = hash;
	class->line = line;
	class->count[0] = class->count[1] = 0;
	table->slots[slot] = table->class_count + 1;
	return table->class_count++;
}

/* --- The search --- */

/* One text as the search sees it. */
struct side {
	const struct line_diff_text *text;
	long first, end; /* lines [first, end) are not common to both ends */
	long *class;     /* the class of lines [first, end), from 0 */
	unsigned char *mark;    /* count + 2 bytes; `changed` is mark + 1 */
	unsigned char *changed; /* [-1] and [count] stay 0 */
	long *kept_class;       /* the lines the search compares: their class */
	long *kept_line;        /* ... and their index in the text */
	long kept;
};

/* A rough square root: the power of two near sqrt(n). */
static long rough_sqrt(long n)
{
	long root = 1;

	for (; n > 0; n >>= 2)
		root <<= 1;
	return root;
}

enum match_kind {
	MATCH_NONE,    /* the other text does not have it */
	MATCH_SOME,    /* it has it a few times */
	MATCH_FREQUENT /* it has it many times */
};

/* Where the lines of one middle stand, for keep_frequent. */
struct match_runs {
	unsigned char *kind; /* enum match_kind of each line */
	long *nones;         /* nones[i]: MATCH_NONE lines among the first i */
	long *next_some;     /* next_some[i]: the first MATCH_SOME line after
	                        line i, or the count */
};

/*
 * Whether the frequent line `at` is compared, `last_some` being the last
 * MATCH_SOME line before it (or -1): it is, unless it sits in a run of
 * unmatched and frequent lines (up to FREQUENT_WINDOW lines on each side,
 * with unmatched ones on both sides) of which fewer than one in
 * FREQUENT_SHARE are frequent (the line itself counted on both sides).
 * Such a line would only make the search slower and the diff a patchwork
 * of blank lines kept between changes.
 */
static int keep_frequent(const struct match_runs *runs, long at, long last_some)
{
	long lo = at - FREQUENT_WINDOW > last_some + 1 ? at - FREQUENT_WINDOW
	                                               : last_some + 1;
	long hi = at + 1 + FREQUENT_WINDOW < runs->next_some[at]
	                  ? at + 1 + FREQUENT_WINDOW
	                  : runs->next_some[at];
	long none_before = runs->nones[at] - runs->nones[lo];
	long none_after = runs->nones[hi] - runs->nones[at + 1];
	long frequent;

	if (none_before == 0 || none_after == 0)
		return 1;
	frequent = (1 + (at - lo) - none_before) +
	           (1 + (hi - (at + 1)) - none_after);
	return frequent * FREQUENT_SHARE >= frequent + none_before + none_after;
}

/*
 * Choose which lines of `side` the search compares; the others are changed
 * already. `which` is 0 for `before`, 1 for `after`; `runs` has room for
 * the longer middle.
 */
static void choose_kept(struct side *side, const struct class_table *table,
                        int which, const struct match_runs *runs)
{
	long limit = rough_sqrt(side->text->count);
	long middle = side->end - side->first;
	long i, next, last_some = -1;

	if (limit > FREQUENT_MAX)
		limit = FREQUENT_MAX;
	runs->nones[0] = 0;
	for (i = 0; i < middle; i++) {
		long found = table->classes[side->class[i]].count[!which];

		runs->kind[i] = found == 0       ? MATCH_NONE
		                : found >= limit ? MATCH_FREQUENT
		                                 : MATCH_SOME;
		runs->nones[i + 1] =
		        runs->nones[i] + (runs->kind[i] == MATCH_NONE);
	}
	for (i = middle - 1, next = middle; i >= 0; i--) {
		runs->next_some[i] = next;
		if (runs->kind[i] == MATCH_SOME)
			next = i;
	}
	side->kept = 0;
	for (i = 0; i < middle; i++) {
		if (runs->kind[i] == MATCH_SOME ||
		    (runs->kind[i] == MATCH_FREQUENT &&
		     keep_frequent(runs, i, last_some))) {
			side->kept_class[side->kept] = side->class[i];
			side->kept_line[side->kept] = side->first + i;
			side->kept++;
		} else {
			side->changed[side->first + i] = 1;
		}
		if (runs->kind[i] == MATCH_SOME)
			last_some = i;
	}
}

/* A part of the two kept sequences still to compare. */
struct box {
	long a_lo, a_hi; /* kept lines of `before` */
	long b_lo, b_hi; /* kept lines of `after` */
	int exact;       /* no shortcut: the cost limit does not apply */
};

/* Where a box is cut in two, and how each part is to be searched. */
struct cut {
	long a, b;
	int exact_before, exact_after;
};

struct search {
	const long *a, *b; /* the kept classes */
	long *forward;     /* furthest `a` index reached on each diagonal */
	long *backward;    /* least `a` index reached backward on each */
	long cost_limit;
};

static void set_cut(struct cut *cut, long a, long b, int exact_before,
                    int exact_after)
{
	cut->a = a;
	cut->b = b;
	cut->exact_before = exact_before;
	cut->exact_after = exact_after;
}

/*
 * After a long snake at a high cost: a forward point far along both texts
 * (for its cost, less its distance from the middle diagonal) that ends
 * LONG_SNAKE equal lines, or failing that such a backward point, is good enough
 * to cut at. Returns whether one was found.
 */
static int snake_cut(const struct search *s, const struct box *box, long cost,
                     long f_lo, long f_hi, long b_lo, long b_hi,
                     struct cut *cut)
{
	long f_centre = box->a_lo - box->b_lo;
	long b_centre = box->a_hi - box->b_hi;
	long best = 0;
	long d, k;

	for (d = f_hi; d >= f_lo; d -= 2) {
		long x = s->forward[d], y = x - d;
		long off = d > f_centre ? d - f_centre : f_centre - d;
		long gain = (x - box->a_lo) + (y - box->b_lo) - off;

		if (gain <= SNAKE_GAIN * cost || gain <= best)
			continue;
		if (x < box->a_lo + LONG_SNAKE || x >= box->a_hi ||
		    y < box->b_lo + LONG_SNAKE || y >= box->b_hi)
			continue;
		for (k = 1; k <= LONG_SNAKE && s->a[x - k] == s->b[y - k]; k++)
			;
		if (k > LONG_SNAKE) {
			best = gain;
			set_cut(cut, x, y, 1, 0);
		}
	}
	if (best > 0)
		return 1;
	for (d = b_hi; d >= b_lo; d -= 2) {
		long x = s->backward[d], y = x - d;
		long off = d > b_centre ? d - b_centre : b_centre - d;
		long gain = (box->a_hi - x) + (box->b_hi - y) - off;

		if (gain <= SNAKE_GAIN * cost || gain <= best)
			continue;
		if (x <= box->a_lo || x > box->a_hi - LONG_SNAKE ||
		    y <= box->b_lo || y > box->b_hi - LONG_SNAKE)
			continue;
		for (k = 0; k < LONG_SNAKE && s->a[x + k] == s->b[y + k]; k++)
			;
		if (k == LONG_SNAKE) {
			best = gain;
			set_cut(cut, x, y, 0, 1);
		}
	}
	return best > 0;
}

/*
 * The cost limit is reached: cut at the point that went furthest along
 * both texts, forward or backward, whichever went further.
 */
static void furthest_cut(const struct search *s, const struct box *box,
                         long f_lo, long f_hi, long b_lo, long b_hi,
                         struct cut *cut)
{
	long f_best = -1, f_best_a = -1;
	long b_best = LONG_MAX, b_best_a = LONG_MAX;
	long d;

	for (d = f_hi; d >= f_lo; d -= 2) {
		long x = s->forward[d] < box->a_hi ? s->forward[d] : box->a_hi;
		long y = x - d;

		if (y > box->b_hi) {
			x = box->b_hi + d;
			y = box->b_hi;
		}
		if (x + y > f_best) {
			f_best = x + y;
			f_best_a = x;
		}
	}
	for (d = b_hi; d >= b_lo; d -= 2) {
		long x =
		        s->backward[d] > box->a_lo ? s->backward[d] : box->a_lo;
		long y = x - d;

		if (y < box->b_lo) {
			x = box->b_lo + d;
			y = box->b_lo;
		}
		if (x + y < b_best) {
			b_best = x + y;
			b_best_a = x;
		}
	}
	if ((box->a_hi + box->b_hi) - b_best < f_best - (box->a_lo + box->b_lo))
		set_cut(cut, f_best_a, f_best - f_best_a, 1, 0);
	else
		set_cut(cut, b_best_a, b_best - b_best_a, 0, 1);
}

/*
 * Find where to cut `box` (which starts and ends with a difference): the
 * middle of a shortest edit script, found by searching forward from the
 * top left and backward from the bottom right one edit at a time until the
 * two meet. Diagonal d holds the points where a index - b index == d; on
 * each, `forward` keeps the furthest a index reached, `backward` the least.
 */
static void find_cut(const struct search *s, const struct box *box,
                     struct cut *cut)
{
	const long *a = s->a, *b = s->b;
	long *fw = s->forward, *bw = s->backward;
	long d_min = box->a_lo - box->b_hi, d_max = box->a_hi - box->b_lo;
	long f_centre = box->a_lo - box->b_lo;
	long b_centre = box->a_hi - box->b_hi;
	int odd = ((f_centre - b_centre) & 1) != 0;
	long f_lo = f_centre, f_hi = f_centre;
	long b_lo = b_centre, b_hi = b_centre;
	long cost, d;

	fw[f_centre] = box->a_lo;
	bw[b_centre] = box->a_hi;
	for (cost = 1;; cost++) {
		int long_snake = 0;

		/* One more edit forward: the diagonals reached grow by one on
		 * each side, or shrink by one where the box ends (keeping their
		 * parity); the one just outside is a sentinel. */
		if (f_lo > d_min)
			fw[--f_lo - 1] = -1;
		else
			f_lo++;
		if (f_hi < d_max)
			fw[++f_hi + 1] = -1;
		else
			f_hi--;
		for (d = f_hi; d >= f_lo; d -= 2) {
			long x = fw[d - 1] >= fw[d + 1] ? fw[d - 1] + 1
			                                : fw[d + 1];
			long start = x, y = x - d;

			while (x < box->a_hi && y < box->b_hi && a[x] == b[y]) {
				x++;
				y++;
			}
			if (x - start > LONG_SNAKE)
				long_snake = 1;
			fw[d] = x;
			if (odd && b_lo <= d && d <= b_hi && bw[d] <= x) {
				set_cut(cut, x, y, 1, 1);
				return;
			}
		}

		/* One more edit backward. */
		if (b_lo > d_min)
			bw[--b_lo - 1] = LONG_MAX;
		else
			b_lo++;
		if (b_hi < d_max)
			bw[++b_hi + 1] = LONG_MAX;
		else
			b_hi--;
		for (d = b_hi; d >= b_lo; d -= 2) {
			long x = bw[d - 1] < bw[d + 1] ? bw[d - 1]
			                               : bw[d + 1] - 1;
			long start = x, y = x - d;

			while (x > box->a_lo && y > box->b_lo &&
			       a[x - 1] == b[y - 1]) {
				x--;
				y--;
			}
			if (start - x > LONG_SNAKE)
				long_snake = 1;
			bw[d] = x;
			if (!odd && f_lo <= d && d <= f_hi && x <= fw[d]) {
				set_cut(cut, x, y, 1, 1);
				return;
			}
		}

		if (box->exact)
			continue;
		if (long_snake && cost > SNAKE_COST_MIN &&
		    snake_cut(s, box, cost, f_lo, f_hi, b_lo, b_hi, cut))
			return;
		if (cost >= s->cost_limit) {
			furthest_cut(s, box, f_lo, f_hi, b_lo, b_hi, cut);
			return;
		}
	}
}

struct box_stack {
	struct box *boxes;
	size_t count;
	size_t capacity;
};

static int push_box(struct box_stack *stack, long a_lo, long a_hi, long b_lo,
                    long b_hi, int exact)
{
	struct box *box;

	if (stack->count == stack->capacity) {
		size_t capacity = stack->capacity ? stack->capacity * 2 : 64;
		struct box *boxes =
		        realloc(stack->boxes, sizeof(*boxes) * capacity);

		if (!boxes)
			return -1;
		stack->boxes = boxes;
		stack->capacity = capacity;
	}
	box = &stack->boxes[stack->count++];
	box->a_lo = a_lo;
	box->a_hi = a_hi;
	box->b_lo = b_lo;
	box->b_hi = b_hi;
	box->exact = exact;
	return 0;
}

/* Mark the kept lines the search finds changed. */
static int compare_kept(struct side *before, struct side *after)
{
	long diagonals = before->kept + after->kept + 3;
	struct search s;
	struct box_stack stack = {NULL, 0, 0};
	long *vectors = malloc(sizeof(*vectors) * (size_t)diagonals * 2);
	int status = 0;

	if (!vectors)
		return -1;
	/* Diagonals run from -(after->kept + 1) to before->kept + 1. */
	s.a = before->kept_class;
	s.b = after->kept_class;
	s.forward = vectors + after->kept + 1;
	s.backward = vectors + diagonals + after->kept + 1;
	s.cost_limit = rough_sqrt(diagonals);
	if (s.cost_limit < COST_LIMIT_MIN)
		s.cost_limit = COST_LIMIT_MIN;
	if (push_box(&stack, 0, before->kept, 0, after->kept, 0) != 0)
		status = -1;
	while (status == 0 && stack.count > 0) {
		struct box box = stack.boxes[--stack.count];
		struct cut cut;

		while (box.a_lo < box.a_hi && box.b_lo < box.b_hi &&
		       s.a[box.a_lo] == s.b[box.b_lo]) {
			box.a_lo++;
			box.b_lo++;
		}
		while (box.a_lo < box.a_hi && box.b_lo < box.b_hi &&
		       s.a[box.a_hi - 1] == s.b[box.b_hi - 1]) {
			box.a_hi--;
			box.b_hi--;
		}
		if (box.a_lo == box.a_hi) {
			for (; box.b_lo < box.b_hi; box.b_lo++)
				after->changed[after->kept_line[box.b_lo]] = 1;
		} else if (box.b_lo == box.b_hi) {
			for (; box.a_lo < box.a_hi; box.a_lo++)
				before->changed[before->kept_line[box.a_lo]] =
				        1;
		} else {
			find_cut(&s, &box, &cut);
			if (push_box(&stack, cut.a, box.a_hi, cut.b, box.b_hi,
			             cut.exact_after) != 0 ||
			    push_box(&stack, box.a_lo, cut.a, box.b_lo, cut.b,
			             cut.exact_before) != 0)
				status = -1;
		}
	}
	free(stack.boxes);
	free(vectors);
	return status;
}

/* --- Sliding groups of changes --- */

/*
 * A group: the changed lines [start, end) of one text, between two lines
 * that are not changed (start == end between two such lines). The k-th
 * group of one text faces the k-th group of the other: both come after the
 * same k unchanged lines.
 */
struct group {
	long start, end;
};

static void first_group(const struct side *side, struct group *g)
{
	g->start = g->end = 0;
	while (side->changed[g->end])
		g->end++;
}

static int next_group(const struct side *side, struct group *g)
{
	if (g->end == side->text->count)
		return 0;
	g->start = g->end + 1;
	g->end = g->start;
	while (side->changed[g->end])
		g->end++;
	return 1;
}

static int previous_group(const struct side *side, struct group *g)
{
	if (g->start == 0)
		return 0;
	g->end = g->start - 1;
	g->start = g->end;
	while (side->changed[g->start - 1])
		g->start--;
	return 1;
}

/* Move the group one line down when the line after it equals its first
 * line; it then merges with the group it reaches. */
static int slide_down(struct side *side, struct group *g)
{
	const struct line_diff_line *lines = side->text->lines;

	if (g->end == side->text->count ||
	    !same_line(&lines[g->start], &lines[g->end]))
		return 0;
	side->changed[g->start++] = 0;
	side->changed[g->end++] = 1;
	while (side->changed[g->end])
		g->end++;
	return 1;
}

/* Move the group one line up when the line before it equals its last. */
static int slide_up(struct side *side, struct group *g)
{
	const struct line_diff_line *lines = side->text->lines;

	if (g->start == 0 ||
	    !same_line(&lines[g->start - 1], &lines[g->end - 1]))
		return 0;
	side->changed[--g->start] = 1;
	side->changed[--g->end] = 0;
	while (side->changed[g->start - 1])
		g->start--;
	return 1;
}

/*
 * Put each group of `side` that can move at its canonical place: as low as
 * it goes (merging with the groups it meets), unless on the way it faced a
 * group of changes of `other`: then back up to the lowest place where it
 * does.
 */
static void slide_groups(struct side *side, const struct side *other)
{
	struct group g, go;

	first_group(side, &g);
	first_group(other, &go);
	for (;;) {
		if (g.end > g.start) {
			long size, highest_end, facing_end;

			do {
				size = g.end - g.start;
				facing_end = -1;
				while (slide_up(side, &g))
					previous_group(other, &go);
				highest_end = g.end;
				if (go.end > go.start)
					facing_end = g.end;
				while (slide_down(side, &g)) {
					next_group(other, &go);
					if (go.end > go.start)
						facing_end = g.end;
				}
			} while (size != g.end - g.start);
			if (g.end != highest_end && facing_end != -1) {
				while (go.end == go.start) {
					slide_up(side, &g);
					previous_group(other, &go);
				}
			}
		}
		if (!next_group(side, &g))
			break;
		next_group(other, &go);
	}
}

/* --- Putting it together --- */

static int init_side(struct side *side, const struct line_diff_text *text,
                     long first, long end)
{
	long middle = end - first;

	side->text = text;
	side->first = first;
	side->end = end;
	side->class = malloc(sizeof(long) * (size_t)(middle ? middle : 1));
	side->kept_class = malloc(sizeof(long) * (size_t)(middle ? middle : 1));
	side->kept_line = malloc(sizeof(long) * (size_t)(middle ? middle : 1));
	side->mark = calloc((size_t)text->count + 2, 1);
	side->changed = side->mark ? side->mark + 1 : NULL;
	side->kept = 0;
	if (!side->class || !side->kept_class || !side->kept_line ||
	    !side->mark)
		return -1;
	return 0;
}

static void free_side(struct side *side)
{
	free(side->class);
	free(side->kept_class);
	free(side->kept_line);
	free(side->mark);
}

/* Sort every line of the middles into classes, and count each class in
 * both texts, the common first and last lines included. */
static int classify(struct class_table *table, struct side *before,
                    struct side *after)
{
	struct side *sides[2] = {before, after};
	const struct line_diff_line *lines = before->text->lines;
	long common_end = before->text->count - before->end;
	long i;
	int which;

	if (class_table_init(table) != 0)
		return -1;
	for (which = 0; which < 2; which++) {
		struct side *side = sides[which];

		for (i = side->first; i < side->end; i++) {
			const struct line_diff_line *line =
			        &side->text->lines[i];
			long c = class_of(table, line, hash_line(line), 1);

			if (c < 0)
				return -1;
			side->class[i - side->first] = c;
			table->classes[c].count[which]++;
		}
	}
	/* The common lines are in both texts. */
	for (i = 0; i < before->first + common_end; i++) {
		long at = i < before->first ? i
		                            : before->end + (i - before->first);
		long c = class_of(table, &lines[at], hash_line(&lines[at]), 0);

		if (c >= 0) {
			table->classes[c].count[0]++;
			table->classes[c].count[1]++;
		}
	}
	return 0;
}

static int collect_changes(struct line_diff *diff, const struct side *before,
                           const struct side *after)
{
	long i = 0, j = 0;
	size_t capacity = 0;

	while (i < before->text->count || j < after->text->count) {
		struct line_change *change;

		if (!before->changed[i] && !after->changed[j]) {
			i++;
			j++;
			continue;
		}
		if (diff->change_count == capacity) {
			size_t grown = capacity ? capacity * 2 : 16;
			struct line_change *changes = realloc(
			        diff->changes, sizeof(*changes) * grown);

			if (!changes)
				return -1;
			diff->changes = changes;
			capacity = grown;
		}
		change = &diff->changes[diff->change_count++];
		change->before_start = i;
		change->after_start = j;
		while (before->changed[i])
			i++;
		while (after->changed[j])
			j++;
		change->before_count = i - change->before_start;
		change->after_count = j - change->after_start;
	}
	return 0;
}

static int compare(struct line_diff *diff)
{
	const struct line_diff_text *a = &diff->before, *b = &diff->after;
	long shorter = a->count < b->count ? a->count : b->count;
	long head = 0, tail = 0;
	struct side before, after;
	struct class_table table = {NULL, 0, 0, NULL, 0};
	struct match_runs runs = {NULL, NULL, NULL};
	long longest;
	int status = -1;

	while (head < shorter && same_line(&a->lines[head], &b->lines[head]))
		head++;
	while (tail < shorter - head &&
	       same_line(&a->lines[a->count - 1 - tail],
	                 &b->lines[b->count - 1 - tail]))
		tail++;
	if (head + tail == a->count && head + tail == b->count)
		return 0;

	memset(&before, 0, sizeof(before));
	memset(&after, 0, sizeof(after));
	if (init_side(&before, a, head, a->count - tail) != 0 ||
	    init_side(&after, b, head, b->count - tail) != 0 ||
	    classify(&table, &before, &after) != 0)
		goto done;
	longest = a->count > b->count ? a->count : b->count;
	runs.kind = malloc((size_t)longest);
	runs.nones = malloc(sizeof(long) * (size_t)(longest + 1));
	runs.next_some = malloc(sizeof(long) * (size_t)longest);
	if (!runs.kind || !runs.nones || !runs.next_some)
		goto done;
	choose_kept(&before, &table, 0, &runs);
	choose_kept(&after, &table, 1, &runs);
	if (compare_kept(&before, &after) != 0)
		goto done;
	slide_groups(&before, &after);
	slide_groups(&after, &before);
	status = collect_changes(diff, &before, &after);
done:
	free(runs.kind);
	free(runs.nones);
	free(runs.next_some);
	class_table_free(&table);
	free_side(&before);
	free_side(&after);
	return status;
}

int line_diff_compute(struct line_diff *diff, const char *before,
                      size_t before_len, const char *after, size_t after_len)
{
	memset(diff, 0, sizeof(*diff));
	if (split_lines(&diff->before, before ? before : "",
	                before ? before_len : 0) != 0 ||
	    split_lines(&diff->after, after ? after : "",
	                after ? after_len : 0) != 0 ||
	    compare(diff) != 0) {
		line_diff_free(diff);
		return -1;
	}
	return 0;
}

void line_diff_free(struct line_diff *diff)
{
	free(diff->before.lines);
	free(diff->after.lines);
	free(diff->changes);
	memset(diff, 0, sizeof(*diff));
}
