/*
 * Settings from pyproject.toml: the table [tool.migrate_to_anyio] of the
 * nearest pyproject.toml that has one, looking in the current folder and
 * then in each folder above it. Its keys:
 *
 *   select  = ["ANY1", "sleep"]   rules to run (codes, prefixes or names)
 *   ignore  = ["ANY9"]            rules not to run
 *   exclude = ["build", "tests/data"]   globs, relative to the folder
 *                                 of pyproject.toml (see exclude.h)
 *   backup  = false               --apply writes no FILE.bak
 *   queue-compat = "myapp.aqueue" like --queue-compat
 *   unsafe-fixes = true           like --unsafe-fixes
 *   test-backends = ["asyncio", "trio"]   like --test-backends
 *
 * Anything else in the table, a value of the wrong type or an unknown rule
 * code is an error, reported as "PATH:LINE:COL: error: ...".
 */
#ifndef CLI_CONFIG_H
#define CLI_CONFIG_H

#include <stddef.h>

#include "buffer.h"
#include "rule_codes.h"

struct config {
	char *path;   /* for messages ("pyproject.toml", "../pyproject.toml");
	                 NULL when no file has the table */
	char *folder; /* the absolute folder holding it */
	struct rule_codes select, ignore;
	struct rule_codes exclude; /* globs, in the file's order */
	int has_select, has_ignore, has_exclude, has_backup, has_queue_compat;
	int has_unsafe_fixes, has_test_backends;
	int backup;
	int unsafe_fixes;    /* make the unsafe fixes too */
	char *queue_compat;  /* a dotted module name, or NULL */
	char *test_backends; /* "asyncio,trio", or NULL */
};

#define CONFIG_INIT                                                            \
	{                                                                      \
		NULL, NULL, RULE_CODES_INIT, RULE_CODES_INIT, RULE_CODES_INIT, \
		        0, 0, 0, 0, 0, 0, 0, 1, 0, NULL, NULL                  \
	}

/*
 * Find and read the settings. Returns 0 (with config->path NULL if there
 * are none), or -1 with one line saying what is wrong appended to `error`.
 */
int config_load(struct config *config, struct buffer *error);
/*
 * Read the settings out of the `len` bytes of `text` (a pyproject.toml,
 * named `shown` in messages). Returns 1 if it holds the table, 0 if not, or
 * -1 with one line saying what is wrong appended to `error`.
 */
int config_read_text(struct config *config, const char *text, size_t len,
                     const char *shown, struct buffer *error);
void config_free(struct config *config);

#endif
