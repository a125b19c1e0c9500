/*
 * The command line: what to do (dry run, --apply, --check), how to report
 * it, which rules and files, and on which paths. Parsing only reads argv; it
 * prints nothing, so main decides where usage errors go.
 */
#ifndef CLI_OPTIONS_H
#define CLI_OPTIONS_H

#include <stddef.h>

#include "rule_codes.h"

enum cli_mode {
	MODE_DIFF,  /* dry run: a unified diff on stdout */
	MODE_APPLY, /* write the changes */
	MODE_CHECK  /* write nothing, list every use left */
};

enum cli_format {
	FORMAT_TEXT,  /* path:line:col: CODE message, and a summary */
	FORMAT_JSON,  /* one JSON document on stdout */
	FORMAT_SARIF, /* SARIF 2.1.0 on stdout */
	FORMAT_GITHUB /* GitHub Actions workflow commands on stdout */
};

enum cli_action {
	ACTION_RUN,
	ACTION_HELP,
	ACTION_VERSION,
	ACTION_LIST_RULES,
	ACTION_EXPLAIN,
	ACTION_WRITE_QUEUE_COMPAT,
	ACTION_SHOW_SETTINGS
};

struct cli_options {
	enum cli_action action;
	enum cli_mode mode;
	enum cli_format format;
	int no_backup;     /* --no-backup: wins over pyproject.toml's backup */
	int allow_dirty;   /* --apply also on files git has not got */
	int show_diff;     /* --diff: --apply prints what it wrote */
	int quiet;         /* no summary, no progress line */
	int force_exclude; /* the exclude globs apply to named paths too */
	int unsafe_fixes;  /* make the unsafe fixes too */
	int statistics;    /* a table per rule instead of the diagnostics */
	int from_stdin;    /* the only PATH is "-" */
	unsigned int jobs; /* 0: one worker per CPU */
	/* Borrowed from argv; NULL when not given. */
	const char *changed_since;
	const char *stdin_filename;
	const char *explain;
	const char *queue_compat;       /* --queue-compat MODULE */
	const char *test_backends;      /* --test-backends LIST, checked */
	const char *write_queue_compat; /* --write-queue-compat PATH */
	/* --select and --ignore, each repeatable; `given` even when empty. */
	struct rule_codes select, ignore;
	int select_given, ignore_given;
	/* Borrowed from argv, in command-line order. */
	const char **excludes;
	size_t exclude_count;
	const char **paths;
	size_t path_count;
};

#define OPTIONS_ERROR_SIZE 320

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
/* "text", "json", "sarif" or "github". */
const char *cli_format_name(enum cli_format format);

#endif
