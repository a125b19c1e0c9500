#include "advice.h"

#include <string.h>

typedef struct advice_row {
	const char *apis; /* "`asyncio.X`, `loop.y`" */
	const char *message;
} advice_row;

#define AM_ADVICE_ROW(apis, message, recipe) {apis, message},
static const advice_row rows[] = {AM_ADVICE_TABLE(AM_ADVICE_ROW)};
#undef AM_ADVICE_ROW

/* Does `name` (`len` bytes) match `pattern` (`plen` bytes, from between
 * backquotes)? A pattern ending in `*` is a prefix; another matches the
 * name itself and what is under it (`asyncio.Queue` matches
 * `asyncio.Queue.get` too). */
static int matches(const char *pattern, size_t plen, const char *name,
                   size_t len)
{
	if (plen && pattern[plen - 1] == '*')
		return len >= plen - 1 && memcmp(name, pattern, plen - 1) == 0;
	return len >= plen && memcmp(name, pattern, plen) == 0 &&
	       (len == plen || name[plen] == '.');
}

static const char *lookup(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *p = rows[i].apis;
		while ((p = strchr(p, '`')) != NULL) {
			const char *end = strchr(p + 1, '`');
			if (!end)
				break;
			if (matches(p + 1, (size_t)(end - p - 1), name, len))
				return rows[i].message;
			p = end + 1;
		}
	}
	return NULL;
}

const char *am_advice_for_name(const char *qualname)
{
	if (strncmp(qualname, "asyncio.", 8) != 0)
		return NULL;
	return lookup(qualname, strlen(qualname));
}

const char *am_advice_for_loop_method(const char *method, size_t len)
{
	char name[64] = "loop.";
	if (len < sizeof(name) - 5) {
		memcpy(name + 5, method, len);
		const char *found = lookup(name, len + 5);
		if (found)
			return found;
	}
	return "restructure it with task groups and `anyio.to_thread`";
}
