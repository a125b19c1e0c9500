#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
        "usage: migrate_to_anyio [--apply [--no-backup] | --check] PATH...\n"
        "       migrate_to_anyio [--check] -\n"
        "       migrate_to_anyio --help | --version\n";

static const char help_text[] =
        "usage: migrate_to_anyio [OPTIONS] PATH...\n"
        "\n"
        "Rewrite Python code from asyncio to anyio 4. By default nothing\n"
        "is written: the changes are shown as a unified diff on standard\n"
        "output, the asyncio uses left to migrate by hand on standard\n"
        "error.\n"
        "\n"
        "Options:\n"
        "  --apply      write the changes; FILE.bak keeps the original\n"
        "               bytes (a file whose FILE.bak exists is refused)\n"
        "  --no-backup  with --apply: write no FILE.bak\n"
        "  --check      write nothing; list every asyncio use left, those\n"
        "               the tool can fix marked [*]; exit 1 if any\n"
        "  --help       print this help and exit\n"
        "  --version    print the version and exit\n"
        "\n"
        "A PATH is a file (always processed) or a folder, searched\n"
        "recursively for *.py and *.pyi files: .gitignore is honoured in\n"
        "a git work tree; .git, hidden folders, virtual environments and\n"
        "__pycache__ are skipped. PATH '-' reads standard input and\n"
        "writes the migrated source to standard output.\n"
        "\n"
        "Exit status: 0 done (with --check: no asyncio use left); 1 --check\n"
        "found asyncio uses left; 2 usage, I/O, encoding or syntax error,\n"
        "or a file refused.\n";

const char *cli_options_help(void)
{
	return help_text;
}

const char *cli_options_usage(void)
{
	return usage_text;
}

/* Returns 1 if `arg` was a known option, 0 if not an option, -1 if unknown. */
static int parse_flag(const char *arg, struct cli_options *options,
                      int *saw_apply, int *saw_check, int *saw_no_backup)
{
	if (strcmp(arg, "--apply") == 0)
		*saw_apply = 1;
	else if (strcmp(arg, "--check") == 0)
		*saw_check = 1;
	else if (strcmp(arg, "--no-backup") == 0)
		*saw_no_backup = 1;
	else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
		options->action = ACTION_HELP;
	else if (strcmp(arg, "--version") == 0)
		options->action = ACTION_VERSION;
	else if (arg[0] == '-' && arg[1] != '\0')
		return -1;
	else
		return 0;
	return 1;
}

static int check_combination(struct cli_options *options, int saw_apply,
                             int saw_check, int saw_no_backup,
                             char error[OPTIONS_ERROR_SIZE])
{
	size_t i;

	if (saw_apply && saw_check) {
		snprintf(error, OPTIONS_ERROR_SIZE,
		         "--apply and --check cannot be used together");
		return -1;
	}
	if (saw_no_backup && !saw_apply) {
		snprintf(error, OPTIONS_ERROR_SIZE,
		         "--no-backup needs --apply");
		return -1;
	}
	options->mode = saw_apply   ? MODE_APPLY
	                : saw_check ? MODE_CHECK
	                            : MODE_DIFF;
	options->backup = !saw_no_backup;
	if (options->path_count == 0) {
		snprintf(error, OPTIONS_ERROR_SIZE, "no PATH given");
		return -1;
	}
	for (i = 0; i < options->path_count; i++) {
		if (strcmp(options->paths[i], "-") != 0)
			continue;
		if (options->path_count > 1) {
			snprintf(error, OPTIONS_ERROR_SIZE,
			         "'-' (standard input) must be the only PATH");
			return -1;
		}
		if (saw_apply) {
			snprintf(
			        error, OPTIONS_ERROR_SIZE,
			        "--apply cannot be used with '-': the migrated "
			        "source goes to standard output");
			return -1;
		}
		options->from_stdin = 1;
	}
	return 0;
}

int cli_options_parse(int argc, char **argv, struct cli_options *options,
                      char error[OPTIONS_ERROR_SIZE])
{
	int saw_apply = 0, saw_check = 0, saw_no_backup = 0;
	int only_paths = 0;
	int i;

	memset(options, 0, sizeof(*options));
	error[0] = '\0';
	options->paths = calloc(argc > 0 ? (size_t)argc : 1, sizeof(char *));
	if (!options->paths) {
		snprintf(error, OPTIONS_ERROR_SIZE, "out of memory");
		return -1;
	}
	for (i = 1; i < argc; i++) {
		int known = 0;

		if (!only_paths && strcmp(argv[i], "--") == 0) {
			only_paths = 1;
			continue;
		}
		if (!only_paths)
			known = parse_flag(argv[i], options, &saw_apply,
			                   &saw_check, &saw_no_backup);
		if (known < 0) {
			snprintf(error, OPTIONS_ERROR_SIZE,
			         "unknown option '%s'", argv[i]);
			return -1;
		}
		if (known == 0)
			options->paths[options->path_count++] = argv[i];
	}
	if (options->action != ACTION_RUN)
		return 0;
	return check_combination(options, saw_apply, saw_check, saw_no_backup,
	                         error);
}

void cli_options_free(struct cli_options *options)
{
	free(options->paths);
	options->paths = NULL;
	options->path_count = 0;
}
