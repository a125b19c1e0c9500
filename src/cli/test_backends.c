#include "test_backends.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const known[] = {"asyncio", "trio"};
#define KNOWN (sizeof(known) / sizeof(known[0]))

static int known_index(const char *name, size_t len)
{
	for (size_t i = 0; i < KNOWN; i++)
		if (strlen(known[i]) == len && memcmp(known[i], name, len) == 0)
			return (int)i;
	return -1;
}

/* One name more: checked, then appended to `out` (of room enough). */
static int add_name(const char *name, size_t len, int *seen, char *out,
                    char why[TEST_BACKENDS_ERROR_SIZE])
{
	int index = known_index(name, len);

	if (index < 0) {
		snprintf(why, TEST_BACKENDS_ERROR_SIZE,
		         "unknown backend `%.*s`: the backends are asyncio "
		         "and trio",
		         (int)(len < 40 ? len : 40), name);
		return -1;
	}
	if (seen[index]) {
		snprintf(why, TEST_BACKENDS_ERROR_SIZE,
		         "backend `%s` given twice", known[index]);
		return -1;
	}
	seen[index] = 1;
	if (*out)
		strcat(out, ",");
	strcat(out, known[index]);
	return 0;
}

static char *new_list(void)
{
	size_t room = 1;
	for (size_t i = 0; i < KNOWN; i++)
		room += strlen(known[i]) + 1;
	return calloc(1, room);
}

int test_backends_join(char *const *names, size_t count, char **out,
                       char why[TEST_BACKENDS_ERROR_SIZE])
{
	int seen[KNOWN] = {0};
	char *list = new_list();

	if (!list) {
		snprintf(why, TEST_BACKENDS_ERROR_SIZE, "out of memory");
		return -1;
	}
	if (count == 0) {
		snprintf(why, TEST_BACKENDS_ERROR_SIZE, "no backend given");
		free(list);
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		if (add_name(names[i], strlen(names[i]), seen, list, why) !=
		    0) {
			free(list);
			return -1;
		}
	}
	free(*out);
	*out = list;
	return 0;
}

int test_backends_parse(const char *given, char **out,
                        char why[TEST_BACKENDS_ERROR_SIZE])
{
	int seen[KNOWN] = {0};
	char *list = new_list();
	const char *p = given;

	if (!list) {
		snprintf(why, TEST_BACKENDS_ERROR_SIZE, "out of memory");
		return -1;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (add_name(p, len, seen, list, why) != 0) {
			free(list);
			return -1;
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	free(*out);
	*out = list;
	return 0;
}
