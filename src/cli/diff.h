/*
 * The unified diff of one file's change, for the dry run, as git prints it:
 * "--- a/PATH" and "+++ b/PATH" headers, then hunks with 3 lines of context
 * ("@@ -a,b +c,d @@" and the nearest line above that starts with a letter,
 * '_' or '$', as git's default function-name rule finds it), coloured for a
 * terminal if asked. The lines that differ come from line_diff.h.
 */
#ifndef CLI_DIFF_H
#define CLI_DIFF_H

#include <stddef.h>

#include "buffer.h"

/* A text; `bytes` NULL stands for no file (its header path is /dev/null). */
struct diff_text {
	const char *bytes;
	size_t len;
};

/*
 * Append the diff from `before` to `after` to `out` (nothing if they are the
 * same). Returns 0, or -1 with a message in `out_error` (free() it; NULL if
 * even that could not be allocated).
 */
int diff_render(const char *path, struct diff_text before,
                struct diff_text after, int colour, struct buffer *out,
                char **out_error);

/* Whether to colour: stdout is a terminal and NO_COLOR is unset or empty. */
int diff_use_colour(void);

#endif
