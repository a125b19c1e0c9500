/*
 * The project around the files of a run, read before any is migrated: what
 * one file needs to know of the others. For a test suite moving from
 * pytest-asyncio to anyio's pytest plugin:
 *
 *   - the pytest configuration of each test file (the nearest pytest.ini,
 *     pyproject.toml with [tool.pytest.ini_options], tox.ini with [pytest]
 *     or setup.cfg with [tool:pytest], as pytest looks for it), and its
 *     `asyncio_mode`: under `auto` the async tests carry no marker;
 *   - the fixtures that plain (not async) tests and fixtures request, from
 *     every test module and conftest.py of the run (anyio's plugin runs an
 *     async fixture for async tests only);
 *   - the conftest.py at the root of the tests (one for each pytest
 *     configuration, and one for the tests under none), which gets the
 *     `anyio_backend` fixture (made when there is none).
 *
 * Test files are those pytest collects by default (test_*.py, *_test.py)
 * and conftest.py files. Only they are read here, and only when they spell
 * something of pytest-asyncio does the run touch the project's tests.
 */
#ifndef CLI_PROJECT_H
#define CLI_PROJECT_H

#include <stddef.h>

#include "anyio_migrate.h"
#include "process.h"
#include "settings.h"
#include "walk.h"

/* What the project says of one file of the run. */
struct project_file {
	unsigned char auto_mode; /* a test module under `asyncio_mode = auto` */
	unsigned char root_conftest; /* gets the `anyio_backend` fixture */
};

struct pytest_config;

struct project {
	struct project_file *files; /* as many as the walk's items */
	size_t count;
	struct pytest_config *configs;
	size_t config_count;
	char **sync_requested; /* NULL-terminated, or NULL */
	size_t sync_count;
	char **new_conftests; /* the conftest.py files to make, as shown */
	size_t new_count;
	const char *backends;
	int backends_asked;
	int event_loop_unrequested; /* see am_options */
};

/* The project of `whole` (every file under the paths given), for the files
 * `part` of it that the run migrates (the same list, but with
 * --changed-since). Returns 0, or -1 when out of memory. */
int project_build(struct project *project, const struct walk_list *whole,
                  const struct walk_list *part,
                  const struct cli_options *options,
                  const struct settings *settings);
/* `rules` as the project says for the walk's item `index`. */
void project_options(const struct project *project, size_t index,
                     const am_options *rules, am_options *out);
/*
 * The files the project's tests need besides the Python files migrated:
 * the conftest.py to make, and the pytest configurations whose
 * `asyncio_mode` goes (not when `failed`: a file of the run was not
 * migrated). Each is shown, written or checked as the mode says, with the
 * same guarantees as a Python file, and handed to `each`.
 */
void project_extra_files(const struct project *project,
                         const struct process_context *context, int failed,
                         void (*each)(void *data, const char *path,
                                      struct file_outcome *outcome),
                         void *data);
void project_free(struct project *project);

#endif
