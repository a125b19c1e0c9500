/*
 * The progress line on standard error, for long runs seen by a person:
 *
 *   migrate_to_anyio: 120/450 files
 *
 * Shown only when stderr is a terminal, CI is unset (or empty) and --quiet
 * is not given; from the start when there are more than 200 files, else
 * once the run has taken a second. It is redrawn at most ten times a second
 * and erased before anything else is printed, so it never ends up in the
 * output.
 */
#ifndef CLI_PROGRESS_H
#define CLI_PROGRESS_H

#include <stddef.h>
#include <time.h>

struct progress {
	int enabled;
	int shown; /* the line is on the screen */
	size_t total;
	struct timespec started, drawn;
};

void progress_start(struct progress *progress, size_t total, int quiet);
/* Redraw if due. */
void progress_update(struct progress *progress, size_t done);
/* Erase the line (before other output, and at the end). */
void progress_clear(struct progress *progress);

#endif
