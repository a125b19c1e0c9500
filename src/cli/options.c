#include "options.h"
#include "queue_compat.h"
#include "suggest.h"
#include "test_backends.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_JOBS 1024

/* Flags that only make sense together; checked once argv is read. */
struct flags_seen {
	int apply, check, no_backup, allow_dirty, diff;
};

static const char *const format_names[] = {"text", "json", "sarif", "github"};

const char *cli_format_name(enum cli_format format)
{
	return format_names[format];
}

/* Options that never take a value. Returns 1 if `arg` is one of them. */
static int parse_switch(const char *arg, struct cli_options *options,
                        struct flags_seen *seen)
{
	if (strcmp(arg, "--apply") == 0)
		seen->apply = 1;
	else if (strcmp(arg, "--check") == 0)
		seen->check = 1;
	else if (strcmp(arg, "--no-backup") == 0)
		seen->no_backup = 1;
	else if (strcmp(arg, "--allow-dirty") == 0)
		seen->allow_dirty = 1;
	else if (strcmp(arg, "--diff") == 0)
		seen->diff = 1;
	else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0)
		options->quiet = 1;
	else if (strcmp(arg, "--force-exclude") == 0)
		options->force_exclude = 1;
	else if (strcmp(arg, "--unsafe-fixes") == 0)
		options->unsafe_fixes = 1;
	else if (strcmp(arg, "--statistics") == 0)
		options->statistics = 1;
	else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
		options->action = ACTION_HELP;
	else if (strcmp(arg, "--version") == 0) {
		if (options->action != ACTION_HELP)
			options->action = ACTION_VERSION;
	} else if (strcmp(arg, "--list-rules") == 0) {
		if (options->action != ACTION_HELP)
			options->action = ACTION_LIST_RULES;
	} else if (strcmp(arg, "--show-settings") == 0) {
		if (options->action != ACTION_HELP)
			options->action = ACTION_SHOW_SETTINGS;
	} else
		return 0;
	return 1;
}

static int parse_format(const char *value, struct cli_options *options,
                        char error[OPTIONS_ERROR_SIZE])
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (strcmp(value, format_names[i]) == 0) {
			options->format = (enum cli_format)i;
			return 0;
		}
	}
	snprintf(error, OPTIONS_ERROR_SIZE,
	         "unknown format '%.100s': text, json, sarif or github", value);
	return -1;
}

static int parse_jobs(const char *value, struct cli_options *options,
                      char error[OPTIONS_ERROR_SIZE])
{
	char *end = NULL;
	long jobs = strtol(value, &end, 10);

	if (value[0] < '0' || value[0] > '9' || *end != '\0' || jobs < 1 ||
	    jobs > MAX_JOBS) {
		snprintf(error, OPTIONS_ERROR_SIZE,
		         "--jobs needs a number from 1 to %d, not '%.100s'",
		         MAX_JOBS, value);
		return -1;
	}
	options->jobs = (unsigned int)jobs;
	return 0;
}

static int parse_codes(const char *name, const char *value,
                       struct rule_codes *list, int *given,
                       char error[OPTIONS_ERROR_SIZE])
{
	char why[RULE_CODES_ERROR_SIZE];

	*given = 1;
	if (rule_codes_parse(list, value, why) == 0)
		return 0;
	snprintf(error, OPTIONS_ERROR_SIZE, "%s: %s", name, why);
	return -1;
}

/* Store the value of the option `name`. Returns 0, or -1 with `error`. */
static int set_value(const char *name, const char *value,
                     struct cli_options *options,
                     char error[OPTIONS_ERROR_SIZE])
{
	if (strcmp(name, "--format") == 0)
		return parse_format(value, options, error);
	if (strcmp(name, "--jobs") == 0)
		return parse_jobs(value, options, error);
	if (strcmp(name, "--select") == 0)
		return parse_codes(name, value, &options->select,
		                   &options->select_given, error);
	if (strcmp(name, "--ignore") == 0)
		return parse_codes(name, value, &options->ignore,
		                   &options->ignore_given, error);
	if (strcmp(name, "--exclude") == 0)
		options->excludes[options->exclude_count++] = value;
	else if (strcmp(name, "--changed-since") == 0)
		options->changed_since = value;
	else if (strcmp(name, "--stdin-filename") == 0)
		options->stdin_filename = value;
	else if (strcmp(name, "--queue-compat") == 0) {
		if (!module_name_valid(value)) {
			snprintf(error, OPTIONS_ERROR_SIZE,
			         "--queue-compat: `%.100s` is not a dotted "
			         "module "
			         "name (like myapp.aqueue)",
			         value);
			return -1;
		}
		options->queue_compat = value;
	} else if (strcmp(name, "--test-backends") == 0) {
		char why[TEST_BACKENDS_ERROR_SIZE];
		char *list = NULL;

		if (test_backends_parse(value, &list, why) != 0) {
			snprintf(error, OPTIONS_ERROR_SIZE,
			         "--test-backends: %s", why);
			return -1;
		}
		free(list);
		options->test_backends = value;
	} else if (strcmp(name, "--write-queue-compat") == 0) {
		if (options->action != ACTION_HELP) {
			options->action = ACTION_WRITE_QUEUE_COMPAT;
			options->write_queue_compat = value;
		}
	} else if (options->action != ACTION_HELP) {
		options->action = ACTION_EXPLAIN;
		options->explain = value;
	}
	return 0;
}

static const char *const value_options[] = {
        "--format",         "--jobs",
        "--select",         "--ignore",
        "--exclude",        "--changed-since",
        "--stdin-filename", "--explain",
        "--queue-compat",   "--write-queue-compat",
        "--test-backends"};

/*
 * An option with a value, as "--name VALUE" or "--name=VALUE". Returns 1 if
 * argv[*i] was one (and moves *i past its value), 0 if not, -1 on error.
 */
static int parse_valued(int argc, char **argv, int *i,
                        struct cli_options *options,
                        char error[OPTIONS_ERROR_SIZE])
{
	const char *arg = argv[*i];
	size_t k;

	for (k = 0; k < sizeof(value_options) / sizeof(value_options[0]); k++) {
		const char *name = value_options[k];
		size_t len = strlen(name);

		if (strncmp(arg, name, len) != 0)
			continue;
		if (arg[len] == '=')
			return set_value(name, arg + len + 1, options, error)
			               ? -1
			               : 1;
		if (arg[len] != '\0')
			continue;
		if (*i + 1 >= argc) {
			snprintf(error, OPTIONS_ERROR_SIZE, "%s needs a value",
			         name);
			return -1;
		}
		*i += 1;
		return set_value(name, argv[*i], options, error) ? -1 : 1;
	}
	return 0;
}

/* Every option, for "did you mean". */
static const char *const option_names[] = {
        "--apply",          "--no-backup",     "--allow-dirty",
        "--diff",           "--check",         "--unsafe-fixes",
        "--format",         "--statistics",    "--quiet",
        "--jobs",           "--select",        "--ignore",
        "--exclude",        "--force-exclude", "--changed-since",
        "--stdin-filename", "--queue-compat",  "--write-queue-compat",
        "--test-backends",  "--list-rules",    "--explain",
        "--show-settings",  "--help",          "--version"};

static void unknown_option(const char *arg, char error[OPTIONS_ERROR_SIZE])
{
	const char *equals = strchr(arg, '=');
	char name[80];
	const char *near;

	snprintf(name, sizeof(name), "%.*s",
	         (int)(equals ? (size_t)(equals - arg) : strlen(arg)), arg);
	near = suggest_nearest(name, option_names,
	                       sizeof(option_names) / sizeof(option_names[0]));
	snprintf(error, OPTIONS_ERROR_SIZE, "unknown option '%.200s'%s%s%s",
	         arg, near ? "; did you mean " : "", near ? near : "",
	         near ? "?" : "");
}

/* Returns 1 if argv[*i] was an option, 0 if it is a path, -1 on error. */
static int parse_option(int argc, char **argv, int *i,
                        struct cli_options *options, struct flags_seen *seen,
                        char error[OPTIONS_ERROR_SIZE])
{
	const char *arg = argv[*i];
	int known;

	if (parse_switch(arg, options, seen))
		return 1;
	known = parse_valued(argc, argv, i, options, error);
	if (known != 0)
		return known;
	if (arg[0] == '-' && arg[1] != '\0') {
		unknown_option(arg, error);
		return -1;
	}
	return 0;
}

static int usage_error(char error[OPTIONS_ERROR_SIZE], const char *message)
{
	snprintf(error, OPTIONS_ERROR_SIZE, "%s", message);
	return -1;
}

/* Options that need --apply, and --apply against --check. */
static int check_mode(struct cli_options *options,
                      const struct flags_seen *seen,
                      char error[OPTIONS_ERROR_SIZE])
{
	if (seen->apply && seen->check)
		return usage_error(
		        error, "--apply and --check cannot be used together");
	if (seen->no_backup && !seen->apply)
		return usage_error(error, "--no-backup needs --apply");
	if (seen->allow_dirty && !seen->apply)
		return usage_error(error, "--allow-dirty needs --apply");
	if (seen->diff && !seen->apply)
		return usage_error(error, "--diff needs --apply (the dry run "
		                          "prints the diff already)");
	if (seen->diff && options->format != FORMAT_TEXT) {
		snprintf(error, OPTIONS_ERROR_SIZE,
		         "--diff cannot be used with --format %s",
		         cli_format_name(options->format));
		return -1;
	}
	if (options->statistics && (options->format == FORMAT_SARIF ||
	                            options->format == FORMAT_GITHUB)) {
		snprintf(
		        error, OPTIONS_ERROR_SIZE,
		        "--statistics cannot be used with --format %s (text or "
		        "json)",
		        cli_format_name(options->format));
		return -1;
	}
	if (options->statistics && seen->diff)
		return usage_error(error,
		                   "--statistics and --diff cannot be used "
		                   "together");
	options->mode = seen->apply   ? MODE_APPLY
	                : seen->check ? MODE_CHECK
	                              : MODE_DIFF;
	options->no_backup = seen->no_backup;
	options->allow_dirty = seen->allow_dirty;
	options->show_diff = seen->diff;
	return 0;
}

/* PATH '-' and the options that go with it. */
static int check_stdin(struct cli_options *options,
                       char error[OPTIONS_ERROR_SIZE])
{
	if (options->path_count > 1)
		return usage_error(
		        error, "'-' (standard input) must be the only PATH");
	if (options->mode == MODE_APPLY)
		return usage_error(error, "--apply cannot be used with '-': "
		                          "the migrated source goes to "
		                          "standard output");
	if (options->changed_since)
		return usage_error(error,
		                   "--changed-since cannot be used with '-'");
	if (options->statistics && options->mode != MODE_CHECK)
		return usage_error(error,
		                   "--statistics with '-' needs --check: "
		                   "the migrated source goes to "
		                   "standard output");
	if (options->format != FORMAT_TEXT && options->mode != MODE_CHECK) {
		snprintf(error, OPTIONS_ERROR_SIZE,
		         "--format %s with '-' needs --check: the migrated "
		         "source goes to standard output",
		         cli_format_name(options->format));
		return -1;
	}
	options->from_stdin = 1;
	return 0;
}

static int check_combination(struct cli_options *options,
                             const struct flags_seen *seen,
                             char error[OPTIONS_ERROR_SIZE])
{
	size_t i;

	if (check_mode(options, seen, error) != 0)
		return -1;
	if (options->path_count == 0)
		return usage_error(error, "no PATH given");
	for (i = 0; i < options->path_count; i++) {
		if (strcmp(options->paths[i], "-") == 0)
			return check_stdin(options, error);
	}
	if (options->stdin_filename)
		return usage_error(error, "--stdin-filename needs '-' as PATH");
	return 0;
}

static int allocate(int argc, struct cli_options *options,
                    char error[OPTIONS_ERROR_SIZE])
{
	size_t slots = argc > 0 ? (size_t)argc : 1;

	memset(options, 0, sizeof(*options));
	error[0] = '\0';
	options->paths = calloc(slots, sizeof(char *));
	options->excludes = calloc(slots, sizeof(char *));
	if (!options->paths || !options->excludes)
		return usage_error(error, "out of memory");
	return 0;
}

int cli_options_parse(int argc, char **argv, struct cli_options *options,
                      char error[OPTIONS_ERROR_SIZE])
{
	struct flags_seen seen = {0, 0, 0, 0, 0};
	int only_paths = 0;
	int i;

	if (allocate(argc, options, error) != 0)
		return -1;
	for (i = 1; i < argc; i++) {
		int known = 0;

		if (!only_paths && strcmp(argv[i], "--") == 0) {
			only_paths = 1;
			continue;
		}
		if (!only_paths)
			known = parse_option(argc, argv, &i, options, &seen,
			                     error);
		if (known < 0)
			return -1;
		if (known == 0)
			options->paths[options->path_count++] = argv[i];
	}
	if (options->action != ACTION_RUN)
		return 0;
	return check_combination(options, &seen, error);
}

void cli_options_free(struct cli_options *options)
{
	rule_codes_free(&options->select);
	rule_codes_free(&options->ignore);
	free(options->paths);
	free(options->excludes);
	options->paths = NULL;
	options->excludes = NULL;
	options->path_count = 0;
	options->exclude_count = 0;
}
