/*
 * libFuzzer harness over the library: bytes in, migration out, with every
 * rule, with and without the unsafe fixes, checked against the promises of
 * promises.h. migrate.dict holds the
 * tokens that reach the rules quickly (asyncio names, suppression comments).
 */
#include "promises.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The defaults (the unsafe fixes held back), and every fix made. */
	static const am_options every_fix = {.version = AM_OPTIONS_VERSION,
	                                     .unsafe_fixes = 1};
	promise_check_migration((const char *)data, size, NULL);
	promise_check_migration((const char *)data, size, &every_fix);
	return 0;
}
