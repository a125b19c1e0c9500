#include "config_table.h"
#include "queue_compat.h"
#include "test_backends.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE "[tool.migrate_to_anyio]"

static const char *const table_key[] = {"tool", "migrate_to_anyio"};
#define TABLE_DEPTH 2

struct reader {
	const struct toml_document *document;
	struct config *config;
	int found; /* the table has been seen */
	struct config_problem *problem;
};

/* Where a key path stands relative to [tool.migrate_to_anyio]. */
enum relation {
	UNRELATED,
	ABOVE,  /* "tool": the table may be inside */
	TARGET, /* the table itself */
	BELOW   /* a key of the table */
};

static enum relation relate(const struct toml_key *key)
{
	size_t i;

	for (i = 0; i < key->count && i < TABLE_DEPTH; i++) {
		if (strcmp(key->parts[i], table_key[i]) != 0)
			return UNRELATED;
	}
	if (key->count < TABLE_DEPTH)
		return ABOVE;
	return key->count == TABLE_DEPTH ? TARGET : BELOW;
}

static int fail(struct reader *reader, TSNode node, const char *format, ...)
        __attribute__((format(printf, 3, 4)));

static int fail(struct reader *reader, TSNode node, const char *format, ...)
{
	va_list args;

	reader->problem->has_node = 1;
	reader->problem->node = node;
	va_start(args, format);
	vsnprintf(reader->problem->message, CONFIG_MESSAGE_SIZE, format, args);
	va_end(args);
	return -1;
}

static int out_of_memory(struct reader *reader)
{
	reader->problem->has_node = 0;
	snprintf(reader->problem->message, CONFIG_MESSAGE_SIZE,
	         "out of memory");
	return -1;
}

static int is_type(TSNode node, const char *type)
{
	return strcmp(ts_node_type(node), type) == 0;
}

/* The key and the value of a pair: "key = value". */
static void pair_parts(TSNode pair, TSNode *key, TSNode *value)
{
	uint32_t count = ts_node_child_count(pair);
	int after_equals = 0;
	uint32_t i;

	*key = ts_node_child(pair, 0);
	*value = *key;
	for (i = 0; i < count; i++) {
		TSNode child = ts_node_child(pair, i);

		if (!after_equals && toml_is_key(child))
			*key = child;
		else if (is_type(child, "="))
			after_equals = 1;
		else if (after_equals && ts_node_is_named(child) &&
		         !is_type(child, "comment")) {
			*value = child;
			return;
		}
	}
}

/* The key of a [table] or [[table]] header. */
static TSNode header_key(TSNode table)
{
	uint32_t count = ts_node_named_child_count(table);
	uint32_t i;

	for (i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(table, i);

		if (toml_is_key(child))
			return child;
	}
	return table;
}

/* An unknown code, as written, and the nearest known one. */
static int unknown_code(struct reader *reader, TSNode item, const char *name,
                        const char *code)
{
	char *written = toml_string_value(reader->document, item);
	const char *near = rule_code_suggestion(code);
	int status = fail(
	        reader, item, "unknown rule code `%.100s` in `%s`%s%.100s%s",
	        written ? written : code, name, near ? "; did you mean `" : "",
	        near ? near : "", near ? "`?" : "");

	free(written);
	return status;
}

/* The string elements of an array, checked; the caller keeps them. */
static int read_strings(struct reader *reader, const char *name, TSNode value,
                        struct rule_codes *out, int codes)
{
	uint32_t count = ts_node_named_child_count(value);
	uint32_t i;

	if (!is_type(value, "array"))
		return fail(reader, value, "`%s` must be a list of strings",
		            name);
	for (i = 0; i < count; i++) {
		TSNode item = ts_node_named_child(value, i);
		char *text;

		if (is_type(item, "comment"))
			continue;
		if (!is_type(item, "string"))
			return fail(reader, item,
			            "`%s` must be a list of strings", name);
		text = toml_string_value(reader->document, item);
		if (!text || rule_codes_add(out, text, strlen(text)) != 0) {
			free(text);
			return out_of_memory(reader);
		}
		free(text);
		if (!codes)
			continue;
		if (out->codes[out->count - 1][0] == '\0')
			return fail(reader, item, "empty rule code in `%s`",
			            name);
		rule_code_canonical(out->codes[out->count - 1]);
		if (!rule_code_known(out->codes[out->count - 1]))
			return unknown_code(reader, item, name,
			                    out->codes[out->count - 1]);
	}
	return 0;
}

static int read_boolean(struct reader *reader, const char *name, TSNode value,
                        int *out)
{
	const char *text = reader->document->text + ts_node_start_byte(value);

	if (!is_type(value, "boolean"))
		return fail(reader, value, "`%s` must be true or false", name);
	*out = strncmp(text, "true", 4) == 0;
	return 0;
}

static int read_module(struct reader *reader, TSNode value)
{
	char *text = is_type(value, "string")
	                     ? toml_string_value(reader->document, value)
	                     : NULL;

	if (!text || !module_name_valid(text)) {
		free(text);
		return fail(reader, value,
		            "`queue-compat` must be a dotted module name, like "
		            "\"myapp.aqueue\"");
	}
	reader->config->queue_compat = text;
	return 0;
}

static int read_backends(struct reader *reader, const char *name, TSNode value)
{
	struct rule_codes names = RULE_CODES_INIT;
	char why[TEST_BACKENDS_ERROR_SIZE];
	int status = read_strings(reader, name, value, &names, 0);

	if (status == 0 &&
	    test_backends_join(names.codes, names.count,
	                       &reader->config->test_backends, why) != 0)
		status = fail(reader, value, "`%s`: %s", name, why);
	rule_codes_free(&names);
	return status;
}

static int unknown_key(struct reader *reader, TSNode key_node,
                       const struct toml_key *key, size_t first)
{
	char name[CONFIG_MESSAGE_SIZE] = "";
	size_t i, used = 0;

	for (i = first; i < key->count && used < sizeof(name) - 1; i++)
		used += (size_t)snprintf(name + used, sizeof(name) - used,
		                         "%s%.60s", i > first ? "." : "",
		                         key->parts[i]);
	return fail(reader, key_node,
	            "unknown key `%s` in " TABLE
	            ": the keys are select, ignore, exclude, backup, "
	            "queue-compat, unsafe-fixes and test-backends",
	            name);
}

/* One key of the table: key->parts[TABLE_DEPTH] on. */
static int read_setting(struct reader *reader, TSNode key_node,
                        const struct toml_key *key, TSNode value)
{
	struct config *config = reader->config;
	const char *name = key->parts[TABLE_DEPTH];
	int *seen =
	        strcmp(name, "select") == 0         ? &config->has_select
	        : strcmp(name, "ignore") == 0       ? &config->has_ignore
	        : strcmp(name, "exclude") == 0      ? &config->has_exclude
	        : strcmp(name, "backup") == 0       ? &config->has_backup
	        : strcmp(name, "queue-compat") == 0 ? &config->has_queue_compat
	        : strcmp(name, "unsafe-fixes") == 0 ? &config->has_unsafe_fixes
	        : strcmp(name, "test-backends") == 0
	                ? &config->has_test_backends
	                : NULL;

	if (!seen || key->count != TABLE_DEPTH + 1)
		return unknown_key(reader, key_node, key, TABLE_DEPTH);
	if (*seen)
		return fail(reader, key_node, "duplicate key `%s`", name);
	*seen = 1;
	if (seen == &config->has_backup)
		return read_boolean(reader, name, value, &config->backup);
	if (seen == &config->has_unsafe_fixes)
		return read_boolean(reader, name, value, &config->unsafe_fixes);
	if (seen == &config->has_queue_compat)
		return read_module(reader, value);
	if (seen == &config->has_test_backends)
		return read_backends(reader, name, value);
	if (seen == &config->has_exclude)
		return read_strings(reader, name, value, &config->exclude, 0);
	return read_strings(reader, name, value,
	                    seen == &config->has_select ? &config->select
	                                                : &config->ignore,
	                    1);
}

static int claim_table(struct reader *reader, TSNode node)
{
	if (reader->found)
		return fail(reader, node, "%s is defined more than once",
		            TABLE);
	reader->found = 1;
	return 0;
}

static int read_pairs(struct reader *reader, const struct toml_key *prefix,
                      TSNode parent);

/* A pair under `prefix` (the keys of the table or inline table it is in). */
static int read_pair(struct reader *reader, const struct toml_key *prefix,
                     TSNode pair)
{
	struct toml_key key = TOML_KEY_INIT;
	TSNode key_node, value;
	size_t i;
	int status = 0;

	pair_parts(pair, &key_node, &value);
	for (i = 0; i < prefix->count && status == 0; i++)
		status = toml_key_add(&key, prefix->parts[i]);
	if (status == 0)
		status = toml_key_append(reader->document, key_node, &key);
	if (status != 0) {
		toml_key_free(&key);
		return out_of_memory(reader);
	}
	switch (relate(&key)) {
	case TARGET:
		if (!is_type(value, "inline_table"))
			status = fail(reader, value, "%s must be a table",
			              TABLE);
		else if ((status = claim_table(reader, key_node)) == 0)
			status = read_pairs(reader, &key, value);
		break;
	case BELOW:
		reader->found = 1;
		status = read_setting(reader, key_node, &key, value);
		break;
	case ABOVE:
		if (is_type(value, "inline_table"))
			status = read_pairs(reader, &key, value);
		break;
	case UNRELATED:
		break;
	}
	toml_key_free(&key);
	return status;
}

static int read_pairs(struct reader *reader, const struct toml_key *prefix,
                      TSNode parent)
{
	uint32_t count = ts_node_named_child_count(parent);
	uint32_t i;

	for (i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(parent, i);

		if (is_type(child, "pair") &&
		    read_pair(reader, prefix, child) != 0)
			return -1;
	}
	return 0;
}

/* A [table] header and its pairs, or a [[table]] one. */
static int read_table(struct reader *reader, TSNode table, int is_array)
{
	struct toml_key key = TOML_KEY_INIT;
	TSNode key_node = header_key(table);
	int status = 0;

	if (toml_key_append(reader->document, key_node, &key) != 0) {
		toml_key_free(&key);
		return out_of_memory(reader);
	}
	switch (relate(&key)) {
	case TARGET:
		if (is_array)
			status = fail(reader, key_node, "%s must be a table",
			              TABLE);
		else if ((status = claim_table(reader, key_node)) == 0)
			status = read_pairs(reader, &key, table);
		break;
	case BELOW:
		status = unknown_key(reader, key_node, &key, TABLE_DEPTH);
		break;
	case ABOVE:
		if (!is_array)
			status = read_pairs(reader, &key, table);
		break;
	case UNRELATED:
		break;
	}
	toml_key_free(&key);
	return status;
}

int config_table_read(const struct toml_document *document,
                      struct config *config, struct config_problem *problem)
{
	struct reader reader = {document, config, 0, problem};
	struct toml_key top = TOML_KEY_INIT;
	TSNode root = toml_root(document);
	uint32_t count = ts_node_named_child_count(root);
	uint32_t i;

	for (i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(root, i);
		int status = 0;

		if (is_type(child, "pair"))
			status = read_pair(&reader, &top, child);
		else if (is_type(child, "table"))
			status = read_table(&reader, child, 0);
		else if (is_type(child, "table_array_element"))
			status = read_table(&reader, child, 1);
		if (status != 0)
			return -1;
	}
	return reader.found;
}
