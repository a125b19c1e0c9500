#include "toml.h"
#include "buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const TSLanguage *tree_sitter_toml(void);

int toml_parse(struct toml_document *document, const char *text, size_t len)
{
	document->text = text;
	document->len = len;
	document->tree = NULL;
	document->parser = ts_parser_new();
	if (!document->parser || len > UINT32_MAX ||
	    !ts_parser_set_language(document->parser, tree_sitter_toml()))
		return -1;
	document->tree = ts_parser_parse_string(document->parser, NULL, text,
	                                        (uint32_t)len);
	return document->tree ? 0 : -1;
}

void toml_document_free(struct toml_document *document)
{
	if (document->tree)
		ts_tree_delete(document->tree);
	if (document->parser)
		ts_parser_delete(document->parser);
	document->tree = NULL;
	document->parser = NULL;
}

TSNode toml_root(const struct toml_document *document)
{
	return ts_tree_root_node(document->tree);
}

static int is_error(TSNode node)
{
	return strcmp(ts_node_type(node), "ERROR") == 0 ||
	       ts_node_is_missing(node);
}

/*
 * Move the cursor to the next node in document order: into the current
 * node's children if `descend`, else to the next sibling of it or of its
 * nearest ancestor. 0 once the cursor's root is done. Walking with a cursor
 * instead of recursion: deep nesting cannot overflow the stack.
 */
static int cursor_next(TSTreeCursor *cursor, int descend)
{
	if (descend && ts_tree_cursor_goto_first_child(cursor))
		return 1;
	while (!ts_tree_cursor_goto_next_sibling(cursor)) {
		if (!ts_tree_cursor_goto_parent(cursor))
			return 0;
	}
	return 1;
}

static int find_error(TSNode root, TSNode *found)
{
	TSTreeCursor cursor = ts_tree_cursor_new(root);
	int status = 0;
	TSNode node;

	do {
		node = ts_tree_cursor_current_node(&cursor);
		if (is_error(node)) {
			*found = node;
			status = 1;
			break;
		}
	} while (cursor_next(&cursor, ts_node_has_error(node)));
	ts_tree_cursor_delete(&cursor);
	return status;
}

int toml_first_error(const struct toml_document *document, TSNode *found)
{
	return find_error(toml_root(document), found);
}

struct toml_position toml_position_of(const struct toml_document *document,
                                      TSNode node)
{
	uint32_t offset = ts_node_start_byte(node);
	struct toml_position position = {1, 1};
	uint32_t i;

	for (i = 0; i < offset && i < document->len; i++) {
		unsigned char c = (unsigned char)document->text[i];

		if (c == '\n') {
			position.line++;
			position.column = 1;
		} else if ((c & 0xC0) != 0x80) {
			position.column++;
		}
	}
	return position;
}

int toml_is_key(TSNode node)
{
	const char *type = ts_node_type(node);

	return strcmp(type, "bare_key") == 0 ||
	       strcmp(type, "quoted_key") == 0 ||
	       strcmp(type, "dotted_key") == 0;
}

static int key_push(struct toml_key *key, char *part)
{
	char **parts;

	if (!part)
		return -1;
	if (key->count == key->capacity) {
		size_t capacity = key->capacity ? key->capacity * 2 : 4;

		parts = realloc(key->parts, capacity * sizeof(*parts));
		if (!parts) {
			free(part);
			return -1;
		}
		key->parts = parts;
		key->capacity = capacity;
	}
	key->parts[key->count++] = part;
	return 0;
}

int toml_key_add(struct toml_key *key, const char *part)
{
	return key_push(key, strdup(part));
}

static int append_simple_key(const struct toml_document *document, TSNode node,
                             struct toml_key *key)
{
	uint32_t start = ts_node_start_byte(node);
	uint32_t end = ts_node_end_byte(node);

	if (strcmp(ts_node_type(node), "bare_key") == 0)
		return key_push(key,
		                strndup(document->text + start, end - start));
	return key_push(key, toml_string_value(document, node));
}

/* A dotted key nests to the left (`a.b.c` is `(a.b).c`), as deep as it has
 * dots: its parts are collected in document order with a cursor. */
int toml_key_append(const struct toml_document *document, TSNode key_node,
                    struct toml_key *key)
{
	TSTreeCursor cursor = ts_tree_cursor_new(key_node);
	int status = 0;
	int dotted;

	do {
		TSNode node = ts_tree_cursor_current_node(&cursor);

		dotted = strcmp(ts_node_type(node), "dotted_key") == 0;
		if (!dotted && toml_is_key(node))
			status = append_simple_key(document, node, key);
	} while (status == 0 && cursor_next(&cursor, dotted));
	ts_tree_cursor_delete(&cursor);
	return status;
}

void toml_key_free(struct toml_key *key)
{
	size_t i;

	for (i = 0; i < key->count; i++)
		free(key->parts[i]);
	free(key->parts);
	key->parts = NULL;
	key->count = 0;
	key->capacity = 0;
}

static void append_utf8(struct buffer *out, uint32_t code)
{
	char bytes[4];
	size_t len;

	if (code < 0x80) {
		bytes[0] = (char)code;
		len = 1;
	} else if (code < 0x800) {
		bytes[0] = (char)(0xC0 | (code >> 6));
		bytes[1] = (char)(0x80 | (code & 0x3F));
		len = 2;
	} else if (code < 0x10000) {
		bytes[0] = (char)(0xE0 | (code >> 12));
		bytes[1] = (char)(0x80 | ((code >> 6) & 0x3F));
		bytes[2] = (char)(0x80 | (code & 0x3F));
		len = 3;
	} else {
		bytes[0] = (char)(0xF0 | (code >> 18));
		bytes[1] = (char)(0x80 | ((code >> 12) & 0x3F));
		bytes[2] = (char)(0x80 | ((code >> 6) & 0x3F));
		bytes[3] = (char)(0x80 | (code & 0x3F));
		len = 4;
	}
	buffer_append(out, bytes, len);
}

static uint32_t hex_value(const char *digits, size_t count)
{
	uint32_t value = 0;
	size_t i;

	for (i = 0; i < count; i++) {
		char c = digits[i];
		uint32_t digit =
		        c >= '0' && c <= '9'   ? (uint32_t)(c - '0')
		        : c >= 'a' && c <= 'f' ? (uint32_t)(c - 'a' + 10)
		        : c >= 'A' && c <= 'F' ? (uint32_t)(c - 'A' + 10)
		                               : 0;

		value = value * 16 + digit;
	}
	return value;
}

/* After a line-ending backslash: skip whitespace and newlines. */
static size_t skip_line_continuation(const char *text, size_t len, size_t at)
{
	size_t i = at;

	while (i < len && (text[i] == ' ' || text[i] == '\t' ||
	                   text[i] == '\r' || text[i] == '\n'))
		i++;
	return i;
}

static int is_line_ending_backslash(const char *text, size_t len, size_t at)
{
	size_t i = at;

	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	return i < len && (text[i] == '\n' || text[i] == '\r');
}

/* One escape sequence starting after its '\\'; returns its length. */
static size_t decode_escape(const char *text, size_t len, size_t at,
                            struct buffer *out)
{
	static const char simple_from[] = "btnfre\"\\";
	static const char simple_to[] = "\b\t\n\f\r\033\"\\";
	const char *simple = at < len ? strchr(simple_from, text[at]) : NULL;
	size_t digits;

	if (at >= len)
		return 0;
	if (simple && *simple) {
		buffer_append(out, simple_to + (simple - simple_from), 1);
		return 1;
	}
	digits = text[at] == 'u'   ? 4
	         : text[at] == 'U' ? 8
	         : text[at] == 'x' ? 2
	                           : 0;
	if (digits == 0 || at + 1 + digits > len) {
		buffer_append(out, text + at - 1, 2);
		return 1;
	}
	append_utf8(out, hex_value(text + at + 1, digits));
	return 1 + digits;
}

static void decode_basic(const char *text, size_t len, int multiline,
                         struct buffer *out)
{
	size_t i = 0;

	while (i < len) {
		if (text[i] != '\\') {
			buffer_append(out, text + i, 1);
			i++;
		} else if (multiline &&
		           is_line_ending_backslash(text, len, i + 1)) {
			i = skip_line_continuation(text, len, i + 1);
		} else {
			i += 1 + decode_escape(text, len, i + 1, out);
		}
	}
}

char *toml_string_value(const struct toml_document *document, TSNode node)
{
	const char *text = document->text + ts_node_start_byte(node);
	size_t len = ts_node_end_byte(node) - ts_node_start_byte(node);
	struct buffer out = BUFFER_INIT;
	int literal = len > 0 && text[0] == '\'';
	size_t quotes = len >= 6 && (memcmp(text, "\"\"\"", 3) == 0 ||
	                             memcmp(text, "'''", 3) == 0)
	                        ? 3
	                        : 1;

	if (len < 2 * quotes)
		return strdup("");
	text += quotes;
	len -= 2 * quotes;
	/* A newline right after the opening """ or ''' is not part of it. */
	if (quotes == 3 && len > 0 && text[0] == '\n') {
		text++;
		len--;
	} else if (quotes == 3 && len > 1 && text[0] == '\r' &&
	           text[1] == '\n') {
		text += 2;
		len -= 2;
	}
	if (literal)
		buffer_append(&out, text, len);
	else
		decode_basic(text, len, quotes == 3, &out);
	buffer_append(&out, "", 0);
	if (buffer_failed(&out)) {
		buffer_free(&out);
		return NULL;
	}
	return out.data;
}
