#include "parse_limits.h"

#include <string.h>

/* The end of the TOML string starting at `at`, or `len`. */
static size_t toml_string_end(const char *bytes, size_t len, size_t at)
{
	char quote = bytes[at];
	int triple = at + 2 < len && bytes[at + 1] == quote &&
	             bytes[at + 2] == quote;
	size_t i = at + (triple ? 3 : 1);

	while (i < len) {
		if (bytes[i] == '\\' && quote == '"') {
			i += 2;
		} else if (bytes[i] == quote &&
		           (!triple || (i + 2 < len && bytes[i + 1] == quote &&
		                        bytes[i + 2] == quote))) {
			return i + (triple ? 3 : 1);
		} else if (bytes[i] == '\n' && !triple) {
			return i;
		} else {
			i++;
		}
	}
	return len;
}

int parse_limits_toml(const char *bytes, size_t len, size_t *offset)
{
	size_t depth = 0;
	size_t i = 0;

	while (i < len) {
		char c = bytes[i];

		if (c == '"' || c == '\'') {
			i = toml_string_end(bytes, len, i);
			continue;
		}
		if (c == '#') {
			const char *end = memchr(bytes + i, '\n', len - i);

			i = end ? (size_t)(end - bytes) : len;
			continue;
		}
		if ((c == '[' || c == '{') &&
		    ++depth > PARSE_LIMIT_TOML_DEPTH) {
			*offset = i;
			return -1;
		}
		if ((c == ']' || c == '}') && depth > 0)
			depth--;
		i++;
	}
	return 0;
}
