/*
 * The command line: what to do (dry run, --apply, --check) and on which
 * paths. Parsing only reads argv; it prints nothing, so main decides where
 * usage errors go.
 */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stddef.h>

enum cli_mode {
	MODE_DIFF,  /* dry run: a unified diff on stdout */
	MODE_APPLY, /* write the changes */
	MODE_CHECK  /* write nothing, list every use left */
};

enum cli_action { ACTION_RUN, ACTION_HELP, ACTION_VERSION };

struct cli_options {
	enum cli_action action;
	enum cli_mode mode;
	int backup;     /* --apply writes FILE.bak (cleared by --no-backup) */
	int from_stdin; /* the only PATH is "-" */
	/* Borrowed from argv, in command-line order. */
	const char **paths;
	size_t path_count;
};

#define OPTIONS_ERROR_SIZE 256

/*
 * Fill `options` from argv. Returns 0, or -1 with a one-line reason in
 * `error` for a usage error. Either way, cli_options_free() releases it.
 */
int cli_options_parse(int argc, char **argv, struct cli_options *options,
                      char error[OPTIONS_ERROR_SIZE]);
void cli_options_free(struct cli_options *options);

/* The full help text (for --help) and the short form (after an error). */
const char *cli_options_help(void);
const char *cli_options_usage(void);

#endif
