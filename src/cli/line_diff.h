/*
 * Which lines differ between two texts, for the dry run's unified diff.
 *
 * The texts are cut into lines, each ending after its '\n' (the last may
 * have none); two lines are equal when their bytes are, '\r' included. The
 * comparison is Myers' O(ND) algorithm in its linear-space form (a middle
 * snake found from both ends, then each half in turn), and it makes the
 * same choices as git's and libgit2's xdiff, so that the diff printed is
 * the one git would print:
 *
 * - the common first and last lines are set aside before anything else;
 * - a line the other text does not have is changed without being searched
 *   for, and so is a line the other text has many times (a blank line)
 *   when it sits among lines of that kind and lines the other text lacks;
 * - each step of the search (finding the middle of one part) stops being
 *   exact past a cost (256, or about sqrt(N+M) for a bigger text) and cuts
 *   at the furthest point it reached: a big rewrite costs O((N+M)·256) per
 *   step instead of O((N+M)·D);
 * - a group of changed lines that could sit at several places (a line
 *   inserted among identical lines) is moved down as far as it goes, then
 *   back up to face a group of changes of the other text if it passed one.
 *
 * Few small changes in a big text cost time linear in its size.
 */
#ifndef CLI_LINE_DIFF_H
#define CLI_LINE_DIFF_H

#include <stddef.h>

struct line_diff_line {
	const char *bytes;
	size_t len; /* the '\n' included, if there is one */
};

/* One text's lines. */
struct line_diff_text {
	struct line_diff_line *lines;
	long count;
};

/*
 * A run of lines of `before` replaced by a run of lines of `after`: lines
 * [before_start, before_start + before_count) of the one become lines
 * [after_start, after_start + after_count) of the other. Either count may be
 * 0 (an insertion, a deletion), not both.
 */
struct line_change {
	long before_start;
	long before_count;
	long after_start;
	long after_count;
};

struct line_diff {
	struct line_diff_text before;
	struct line_diff_text after;
	struct line_change *changes; /* in order; between two of them at least
	                                one line is the same in both texts */
	size_t change_count;
};

/*
 * Compare the two texts (NULL is taken for an empty text). Returns 0, or -1
 * if out of memory (then `diff` holds nothing to free). The lines point
 * into the texts, which must outlive `diff`.
 */
int line_diff_compute(struct line_diff *diff, const char *before,
                      size_t before_len, const char *after, size_t after_len);
void line_diff_free(struct line_diff *diff);

#endif
