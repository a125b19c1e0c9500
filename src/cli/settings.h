/*
 * The settings of a run: pyproject.toml's (see config.h) with the command
 * line's over them. Each setting given on the command line replaces the
 * file's: --select its select, --ignore its ignore, --exclude its exclude
 * (and the globs are then relative to the current folder), --no-backup its
 * backup.
 */
#ifndef CLI_SETTINGS_H
#define CLI_SETTINGS_H

#include <stdio.h>

#include "anyio_migrate.h"
#include "buffer.h"
#include "config.h"
#include "exclude.h"
#include "options.h"

struct settings {
	struct config config;
	am_options rules;
	struct exclude_set exclude;
	int backup;
	/* The `anyio_backend` fixture's backends ("asyncio,trio"), and
	 * whether --test-backends or pyproject.toml asked for them. */
	char *test_backends;
	int test_backends_asked;
};

/*
 * Returns 0, or -1 with what is wrong (one line) in `error`; either way
 * settings_free() releases them.
 */
int settings_load(struct settings *settings, const struct cli_options *options,
                  struct buffer *error);
void settings_free(struct settings *settings);

/* --show-settings: which pyproject.toml, which rules run, which globs
 * exclude, and the other settings, each with where it comes from. */
void settings_show(FILE *stream, const struct settings *settings,
                   const struct cli_options *options);

#endif
