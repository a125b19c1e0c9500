#include "suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define LONGEST 64 /* longer words are not compared */

/* Levenshtein distance, ignoring case; both shorter than LONGEST. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[LONGEST + 1];
	size_t i, j;

	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diagonal = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t above = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) !=
			              tolower((unsigned char)b[j - 1]);
			size_t best = diagonal + cost;

			if (above + 1 < best)
				best = above + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diagonal = above;
		}
	}
	return row[lb];
}

const char *suggest_nearest(const char *word, const char *const *candidates,
                            size_t count)
{
	size_t len = strlen(word);
	size_t allowed = len / 4 > 1 ? len / 4 : 1;
	const char *best = NULL;
	size_t best_distance = allowed + 1;
	size_t i;

	if (len == 0 || len >= LONGEST)
		return NULL;
	for (i = 0; i < count; i++) {
		size_t d;

		if (strlen(candidates[i]) >= LONGEST)
			continue;
		d = distance(word, candidates[i]);
		if (d < best_distance) {
			best = candidates[i];
			best_distance = d;
		}
	}
	return best;
}
