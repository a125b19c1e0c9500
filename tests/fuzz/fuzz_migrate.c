/*
 * libFuzzer harness over the library: bytes in, migration out, with every
 * rule, checked against the promises of promises.h. migrate.dict holds the
 * tokens that reach the rules quickly (asyncio names, suppression comments).
 */
#include "promises.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	promise_check_migration((const char *)data, size, NULL);
	return 0;
}
