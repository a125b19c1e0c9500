/*
 * migrate_to_anyio: rewrite Python code from asyncio to anyio 4.
 * main owns everything that lives for the whole run: the options, the
 * settings, and libgit2 once a git feature has loaded it.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "anyio_migrate.h"
#include "libgit2.h"
#include "options.h"
#include "queue_compat.h"
#include "rule_codes.h"
#include "rule_list.h"
#include "run.h"
#include "settings.h"

#define PROGRAM "migrate_to_anyio"

static int explain(const char *code)
{
	const char *near;

	if (rule_list_explain(stdout, code) == 0)
		return 0;
	near = rule_code_suggestion(code);
	fprintf(stderr, "%s: error: unknown rule '%s': ", PROGRAM, code);
	if (near)
		fprintf(stderr, "did you mean '%s'? ", near);
	fprintf(stderr, "--list-rules lists them\n");
	return 2;
}

/* Returns the exit status for an action other than a run, or -1. */
static int handle_command_line(int argc, char **argv,
                               struct cli_options *options)
{
	char error[OPTIONS_ERROR_SIZE];

	if (cli_options_parse(argc, argv, options, error) != 0) {
		fprintf(stderr, "%s: error: %s\n%s", PROGRAM, error,
		        cli_options_usage());
		return 2;
	}
	switch (options->action) {
	case ACTION_HELP:
		fputs(cli_options_help(), stdout);
		return 0;
	case ACTION_VERSION:
		printf("%s %s\n", PROGRAM, AM_VERSION_STRING);
		return 0;
	case ACTION_LIST_RULES:
		rule_list_print(stdout);
		return 0;
	case ACTION_EXPLAIN:
		return explain(options->explain);
	case ACTION_WRITE_QUEUE_COMPAT:
		return queue_compat_write(options->write_queue_compat);
	case ACTION_SHOW_SETTINGS:
	case ACTION_RUN:
		break;
	}
	return -1;
}

static int show_settings(const struct settings *settings,
                         const struct cli_options *options)
{
	settings_show(stdout, settings, options);
	return 0;
}

static int run(const struct cli_options *options)
{
	struct settings settings;
	struct buffer error = BUFFER_INIT;
	int status;

	if (settings_load(&settings, options, &error) != 0) {
		buffer_write(&error, stderr);
		status = 2;
	} else if (options->action == ACTION_SHOW_SETTINGS) {
		status = show_settings(&settings, options);
	} else if (options->from_stdin) {
		status = run_stdin(options, &settings);
	} else {
		status = run_paths(options, &settings);
	}
	settings_free(&settings);
	buffer_free(&error);
	return status;
}

int main(int argc, char **argv)
{
	struct cli_options options;
	int status = handle_command_line(argc, argv, &options);

	if (status < 0) {
		/* Before any thread: jansson's hash seed. */
		json_object_seed(0);
		status = run(&options);
		libgit2_release(); /* after every thread */
	}
	cli_options_free(&options);
	return status;
}
