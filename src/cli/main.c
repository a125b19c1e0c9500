/*
 * migrate_to_anyio: rewrite Python code from asyncio to anyio 4.
 * main owns everything that lives for the whole run: the options, libgit2,
 * the engine and the totals.
 */
#include <git2.h>
#include <stdio.h>
#include <string.h>

#include "anyio_migrate.h"
#include "diff.h"
#include "options.h"
#include "run.h"

#define PROGRAM "migrate_to_anyio"

/* Returns the exit status for --help, --version or a usage error, or -1. */
static int handle_command_line(int argc, char **argv,
                               struct cli_options *options)
{
	char error[OPTIONS_ERROR_SIZE];

	if (cli_options_parse(argc, argv, options, error) != 0) {
		fprintf(stderr, "%s: error: %s\n%s", PROGRAM, error,
		        cli_options_usage());
		return 2;
	}
	if (options->action == ACTION_HELP) {
		fputs(cli_options_help(), stdout);
		return 0;
	}
	if (options->action == ACTION_VERSION) {
		printf("%s %s\n", PROGRAM, AM_VERSION_STRING);
		return 0;
	}
	return -1;
}

/* Output that could not be written is an error like any other. */
static int check_stdout(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	fprintf(stderr, "%s: error: cannot write to standard output\n",
	        PROGRAM);
	return -1;
}

static int run(const struct cli_options *options)
{
	struct process_context context = {NULL, options, 0};
	struct run_totals totals = {0, 0, 0, 0, 0, 0, 0};
	int status = am_engine_new(&context.engine);

	if (status != AM_OK) {
		fprintf(stderr, "%s: error: cannot start the engine: %s\n",
		        PROGRAM, am_status_string(status));
		return 2;
	}
	context.colour = options->mode == MODE_DIFF && !options->from_stdin &&
	                 diff_use_colour();
	if (options->from_stdin)
		run_stdin(&context, &totals);
	else
		run_paths(&context, &totals);
	if (check_stdout() != 0)
		report_count_error(&totals);
	report_summary(stderr, &totals, options);
	am_engine_free(context.engine);
	return report_exit_status(&totals, options->mode);
}

int main(int argc, char **argv)
{
	struct cli_options options;
	int status = handle_command_line(argc, argv, &options);

	if (status < 0) {
		git_libgit2_init();
		status = run(&options);
		git_libgit2_shutdown();
	}
	cli_options_free(&options);
	return status;
}
