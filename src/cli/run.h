/*
 * A run over the command line's paths, or over standard input. The files
 * are found first (walk, .gitignore, exclude globs, --changed-since) and,
 * for --apply, their git status read; then a pool of workers, one engine
 * each, migrates them, while the main thread prints the outcomes in path
 * order.
 */
#ifndef CLI_RUN_H
#define CLI_RUN_H

#include "options.h"
#include "settings.h"

/* Both return the exit status. */
int run_paths(const struct cli_options *options,
              const struct settings *settings);
int run_stdin(const struct cli_options *options,
              const struct settings *settings);

#endif
