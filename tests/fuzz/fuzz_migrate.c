/*
 * libFuzzer harness over the library: bytes in, migration out, with every
 * rule, with and without the unsafe fixes, and as a test module of a
 * project (auto mode, the root conftest.py), checked against the promises
 * of promises.h; and the scans of a test file, which must not crash.
 * migrate.dict holds the tokens that reach the rules quickly (asyncio names,
 * suppression comments).
 */
#include "promises.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The defaults (the unsafe fixes held back), and every fix made. */
	static const am_options every_fix = {.version = AM_OPTIONS_VERSION,
	                                     .unsafe_fixes = 1};
	static const char *const requested[] = {"db", "loop", NULL};
	static const am_options test_module = {.version = AM_OPTIONS_VERSION,
	                                       .unsafe_fixes = 1,
	                                       .pytest_auto_mode = 1,
	                                       .sync_requested_fixtures =
	                                               requested,
	                                       .anyio_backends = "asyncio,trio",
	                                       .anyio_backends_asked = 1,
	                                       .event_loop_unrequested = 1};
	promise_check_migration((const char *)data, size, NULL);
	promise_check_migration((const char *)data, size, &every_fix);
	promise_check_migration((const char *)data, size, &test_module);
	promise_check_scans((const char *)data, size);
	return 0;
}
