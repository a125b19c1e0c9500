/*
 * The backends anyio's pytest plugin runs a migrated test suite on: the
 * `anyio_backend` fixture the root conftest.py gets (--test-backends,
 * `test-backends` in pyproject.toml). "asyncio" unless asked otherwise.
 */
#ifndef CLI_TEST_BACKENDS_H
#define CLI_TEST_BACKENDS_H

#include <stddef.h>

#define TEST_BACKENDS_DEFAULT "asyncio"
#define TEST_BACKENDS_ERROR_SIZE 160

/* `names` (asyncio, trio; each once) joined with commas into *out
 * (malloc'd). Returns 0, or -1 with why in `why`. */
int test_backends_join(char *const *names, size_t count, char **out,
                       char why[TEST_BACKENDS_ERROR_SIZE]);
/* The same for "asyncio,trio" as given on the command line. */
int test_backends_parse(const char *list, char **out,
                        char why[TEST_BACKENDS_ERROR_SIZE]);

#endif
