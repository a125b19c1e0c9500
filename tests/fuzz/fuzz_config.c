/*
 * libFuzzer harness for the settings file: bytes in as a pyproject.toml,
 * settings or one clean error out. Checks that
 *  - a file either holds the table (1), does not (0), or is refused (-1)
 *    with exactly one line, "pyproject.toml[:LINE:COL]: error: ...";
 *  - the settings it gives work: the exclude globs match paths (a glob is
 *    matched segment by segment, `**` included, without blowing up), and the
 *    select/ignore lists drive the library on an asyncio program.
 */
#include "config.h"
#include "exclude.h"
#include "promises.h"

#include <stdint.h>
#include <string.h>

#define SHOWN "pyproject.toml"

static const char *const paths[] = {
        "app.py",
        "src/pkg/mod.py",
        "build/gen/x_1.py",
        "a/b/c/d/e/f/g.pyi",
        ".hidden/deep/file.py",
};

static const char sample[] = "import asyncio\n"
                             "\n"
                             "async def main():\n"
                             "    await asyncio.sleep(1)\n"
                             "    await asyncio.wait_for(main(), 2)\n"
                             "\n"
                             "asyncio.run(main())\n";

static void check_error(int status, const struct buffer *error)
{
	const char *newline;

	if (status >= 0) {
		if (error->len != 0)
			promise_broken("a file that is read says nothing");
		return;
	}
	if (!error->data || strncmp(error->data, SHOWN, strlen(SHOWN)) != 0 ||
	    !strstr(error->data, ": error: "))
		promise_broken("an error names the file and says error");
	newline = memchr(error->data, '\n', error->len);
	if (!newline || (size_t)(newline - error->data) + 1 != error->len)
		promise_broken("an error is one line");
}

static void check_excludes(const struct config *config)
{
	struct exclude_set set;
	size_t i;

	if (!config->has_exclude)
		return;
	if (exclude_set_init(&set, NULL,
	                     (const char *const *)config->exclude.codes,
	                     config->exclude.count, "pyproject.toml") == 0) {
		for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
			exclude_set_matches(&set, paths[i], 0);
			exclude_set_matches(&set, paths[i], 1);
			exclude_set_match_below(&set, paths[i], 0, "pkg");
		}
	}
	exclude_set_free(&set);
}

static void check_rules(const struct config *config)
{
	static const char *const none[] = {NULL};
	am_options options = AM_OPTIONS_INIT;

	if (config->has_select)
		options.select = config->select.count
		                         ? rule_codes_array(&config->select)
		                         : none;
	if (config->has_ignore)
		options.ignore = config->ignore.count
		                         ? rule_codes_array(&config->ignore)
		                         : none;
	promise_check_migration(sample, sizeof(sample) - 1, &options);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config config = CONFIG_INIT;
	struct buffer error = BUFFER_INIT;
	int status = config_read_text(&config, (const char *)data, size, SHOWN,
	                              &error);

	if (status < -1 || status > 1)
		promise_broken("the table is there, or not, or refused");
	check_error(status, &error);
	if (status == 1) {
		check_excludes(&config);
		check_rules(&config);
	}
	config_free(&config);
	buffer_free(&error);
	return 0;
}
