/*
 * Lists of rule codes for --select and --ignore (and the same keys in
 * pyproject.toml): exact codes ("ANY102"), prefixes ("ANY1") or rule names
 * ("sleep"), as the library's am_options takes them, in any case ("any102").
 */
#ifndef CLI_RULE_CODES_H
#define CLI_RULE_CODES_H

#include <stddef.h>

struct rule_codes {
	char **codes; /* NULL-terminated once anything was added */
	size_t count;
	size_t capacity;
};

#define RULE_CODES_INIT                                                        \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Append a copy of `len` bytes of `code`. Returns 0, or -1 out of memory. */
int rule_codes_add(struct rule_codes *list, const char *code, size_t len);

#define RULE_CODES_ERROR_SIZE 256

/*
 * Append the comma-separated codes of `text` (spaces around them are
 * dropped). Returns 0, or -1 with the reason in `error`: an empty or unknown
 * code, or out of memory.
 */
int rule_codes_parse(struct rule_codes *list, const char *text,
                     char error[RULE_CODES_ERROR_SIZE]);

/* 1 if `code` names a rule, or is a non-empty prefix of a rule's code. */
int rule_code_known(const char *code);
/* Codes are taken whatever their case: "any1" is ANY1, "Sleep" sleep. */
void rule_code_canonical(char *code);
/* The code or name nearest to a mistyped one, or NULL. */
const char *rule_code_suggestion(const char *code);

/* The list for am_options: NULL-terminated, or NULL if nothing was added. */
const char *const *rule_codes_array(const struct rule_codes *list);
void rule_codes_free(struct rule_codes *list);

#endif
