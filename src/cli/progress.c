#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MANY_FILES 200
#define LONG_RUN_MS 1000
#define REDRAW_MS 100

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}

static int on_a_terminal(void)
{
	const char *ci = getenv("CI");

	return isatty(STDERR_FILENO) && !(ci && ci[0] != '\0');
}

static void draw(struct progress *progress, size_t done)
{
	fprintf(stderr, "\r\033[Kmigrate_to_anyio: %zu/%zu files", done,
	        progress->total);
	fflush(stderr);
	progress->shown = 1;
	clock_gettime(CLOCK_MONOTONIC, &progress->drawn);
}

void progress_start(struct progress *progress, size_t total, int quiet)
{
	progress->enabled = !quiet && total > 0 && on_a_terminal();
	progress->shown = 0;
	progress->total = total;
	clock_gettime(CLOCK_MONOTONIC, &progress->started);
	progress->drawn = progress->started;
	if (progress->enabled && total > MANY_FILES)
		draw(progress, 0);
}

void progress_update(struct progress *progress, size_t done)
{
	if (!progress->enabled)
		return;
	if (progress->total <= MANY_FILES &&
	    elapsed_ms(&progress->started) < LONG_RUN_MS)
		return;
	if (elapsed_ms(&progress->drawn) < REDRAW_MS)
		return;
	draw(progress, done);
}

void progress_clear(struct progress *progress)
{
	if (!progress->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress->shown = 0;
}
