#include "rule_codes.h"

#include "anyio_migrate.h"
#include "suggest.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rule_codes_add(struct rule_codes *list, const char *code, size_t len)
{
	char *copy;

	if (list->count + 1 >= list->capacity) {
		size_t capacity = list->capacity ? list->capacity * 2 : 8;
		char **codes = realloc(list->codes, capacity * sizeof(*codes));

		if (!codes)
			return -1;
		list->codes = codes;
		list->capacity = capacity;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, code, len);
	copy[len] = '\0';
	list->codes[list->count++] = copy;
	list->codes[list->count] = NULL;
	return 0;
}

void rule_code_canonical(char *code)
{
	int is_code = (code[0] | 32) == 'a' && (code[1] | 32) == 'n' &&
	              (code[2] | 32) == 'y';

	for (; *code; code++)
		*code = (char)(is_code ? toupper((unsigned char)*code)
		                       : tolower((unsigned char)*code));
}

const char *rule_code_suggestion(const char *code)
{
	size_t count = am_rule_count();
	const char **names = malloc((2 * count + 1) * sizeof(*names));
	const char *best;
	size_t i;

	if (!names)
		return NULL;
	for (i = 0; i < count; i++) {
		names[2 * i] = am_rule_code(am_rule_at(i));
		names[2 * i + 1] = am_rule_name(am_rule_at(i));
	}
	best = suggest_nearest(code, names, 2 * count);
	free(names);
	return best;
}

int rule_code_known(const char *code)
{
	size_t len = strlen(code);
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < am_rule_count(); i++) {
		const am_rule_info *rule = am_rule_at(i);

		if (strncmp(am_rule_code(rule), code, len) == 0 ||
		    strcmp(am_rule_name(rule), code) == 0)
			return 1;
	}
	return 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Add the code in [start, end) after trimming it; -1 with `error` set. */
static int add_piece(struct rule_codes *list, const char *start,
                     const char *end, char error[RULE_CODES_ERROR_SIZE])
{
	size_t before = list->count;

	while (start < end && is_space(*start))
		start++;
	while (end > start && is_space(end[-1]))
		end--;
	if (start == end) {
		snprintf(error, RULE_CODES_ERROR_SIZE, "empty rule code");
		return -1;
	}
	if (rule_codes_add(list, start, (size_t)(end - start)) != 0) {
		snprintf(error, RULE_CODES_ERROR_SIZE, "out of memory");
		return -1;
	}
	rule_code_canonical(list->codes[before]);
	if (!rule_code_known(list->codes[before])) {
		const char *near = rule_code_suggestion(list->codes[before]);

		snprintf(error, RULE_CODES_ERROR_SIZE,
		         "unknown rule code '%.*s'%s%.100s%s",
		         (int)(end - start < 100 ? end - start : 100), start,
		         near ? "; did you mean '" : "", near ? near : "",
		         near ? "'?" : "");
		return -1;
	}
	return 0;
}

int rule_codes_parse(struct rule_codes *list, const char *text,
                     char error[RULE_CODES_ERROR_SIZE])
{
	const char *start = text;

	for (;;) {
		const char *comma = strchr(start, ',');
		const char *end = comma ? comma : start + strlen(start);

		if (add_piece(list, start, end, error) != 0)
			return -1;
		if (!comma)
			return 0;
		start = comma + 1;
	}
}

const char *const *rule_codes_array(const struct rule_codes *list)
{
	return (const char *const *)list->codes;
}

void rule_codes_free(struct rule_codes *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		free(list->codes[i]);
	free(list->codes);
	list->codes = NULL;
	list->count = 0;
	list->capacity = 0;
}
