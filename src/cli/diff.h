/*
 * The unified diff of one file's change, for the dry run: libgit2 makes the
 * patch, this module trims it to the "--- a/PATH" and "+++ b/PATH" headers
 * and the hunks, and colours it for a terminal if asked.
 */
#ifndef CLI_DIFF_H
#define CLI_DIFF_H

#include <stddef.h>

#include "buffer.h"

struct diff_text {
	const char *bytes;
	size_t len;
};

/*
 * Append the diff from `before` to `after` to `out`. Returns 0, or -1 with
 * libgit2's message in `out_error` (free() it).
 */
int diff_render(const char *path, struct diff_text before,
                struct diff_text after, int colour, struct buffer *out,
                char **out_error);

/* Whether to colour: stdout is a terminal and NO_COLOR is unset or empty. */
int diff_use_colour(void);

#endif
