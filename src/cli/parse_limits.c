#include "parse_limits.h"

#include <stdlib.h>
#include <string.h>

/*
 * A rough Python tokenizer that estimates, from above, how many entries the
 * parser's stack holds. Within one pair of brackets, what comes before a
 * comma is reduced to one node by the time the comma is read, so each open
 * bracket level only holds what came since its last comma: a flat list of a
 * million items is shallow, `f(a, f(a, ...` is not. Indentation counts 4
 * per column, for the blocks around the line.
 */
struct scan {
	const char *bytes;
	size_t len;
	size_t at;
	size_t line;       /* the physical line at `at`, 1-based */
	size_t start_line; /* where the current logical line starts */
	size_t total;      /* the estimate: indentation and every level's */
	size_t *pending;   /* per open bracket level, 0 the statement's own:
	                      what it adds to the estimate */
	size_t levels;     /* levels in use, at least 1 */
	size_t capacity;
	int at_line_start; /* its indentation comes next */
	int failed;        /* out of memory */
};

static int is_word_byte(unsigned char c)
{
	return c == '_' || c >= 0x80 || (c >= '0' && c <= '9') ||
	       (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\r';
}

static char peek(const struct scan *scan, size_t ahead)
{
	return scan->at + ahead < scan->len ? scan->bytes[scan->at + ahead]
	                                    : '\0';
}

static void add(struct scan *scan, size_t tokens)
{
	scan->pending[scan->levels - 1] += tokens;
	scan->total += tokens;
}

static void open_level(struct scan *scan)
{
	if (scan->levels == scan->capacity) {
		size_t capacity = scan->capacity * 2;
		size_t *pending =
		        realloc(scan->pending, capacity * sizeof(*pending));

		if (!pending) {
			scan->failed = 1;
			return;
		}
		scan->pending = pending;
		scan->capacity = capacity;
	}
	scan->pending[scan->levels++] = 0;
}

static void close_level(struct scan *scan)
{
	if (scan->levels > 1)
		scan->total -= scan->pending[--scan->levels];
}

/* A comma: what the level held is one node now, beside the comma. */
static void separate(struct scan *scan)
{
	size_t *level = &scan->pending[scan->levels - 1];

	if (*level > 2) {
		scan->total -= *level - 2;
		*level = 2;
	} else {
		add(scan, 1);
	}
}

static void skip_indentation(struct scan *scan)
{
	size_t width = 0;

	while (scan->at < scan->len && is_blank(scan->bytes[scan->at])) {
		scan->at++;
		width++;
	}
	scan->start_line = scan->line;
	scan->total = 4 * width;
	scan->pending[0] = 0;
	scan->at_line_start = 0;
}

/* One string: a token, and one more per punctuation byte in it (f-strings
 * hold expressions). Stops before a newline that ends a one-line string. */
static void skip_string(struct scan *scan)
{
	char quote = peek(scan, 0);
	int triple = peek(scan, 1) == quote && peek(scan, 2) == quote;

	scan->at += triple ? 3 : 1;
	add(scan, 1);
	while (scan->at < scan->len) {
		char c = scan->bytes[scan->at];

		if (c == '\\') {
			scan->line += peek(scan, 1) == '\n';
			scan->at += 2;
			continue;
		}
		if (c == quote && (!triple || (peek(scan, 1) == quote &&
		                               peek(scan, 2) == quote))) {
			scan->at += triple ? 3 : 1;
			return;
		}
		if (c == '\n' && !triple)
			return;
		scan->line += c == '\n';
		if (!is_word_byte((unsigned char)c) && !is_blank(c) &&
		    c != '\n')
			add(scan, 1);
		scan->at++;
	}
}

static void skip_comment(struct scan *scan)
{
	while (scan->at < scan->len && scan->bytes[scan->at] != '\n')
		scan->at++;
	add(scan, 1);
}

static void skip_word(struct scan *scan)
{
	while (scan->at < scan->len &&
	       is_word_byte((unsigned char)scan->bytes[scan->at]))
		scan->at++;
	add(scan, 1);
}

static void newline(struct scan *scan)
{
	scan->at++;
	scan->line++;
	if (scan->levels == 1)
		scan->at_line_start = 1;
}

/* A byte that is a token of its own: an operator or a bracket. */
static void operator(struct scan *scan)
{
	char c = scan->bytes[scan->at++];

	if (c == ',') {
		separate(scan);
		return;
	}
	if (c == ')' || c == ']' || c == '}') {
		close_level(scan);
		return;
	}
	add(scan, 1);
	if (c == '(' || c == '[' || c == '{')
		open_level(scan);
}

static void step(struct scan *scan)
{
	char c = scan->bytes[scan->at];

	if (scan->at_line_start)
		skip_indentation(scan);
	else if (c == '\n')
		newline(scan);
	else if (c == '\\' && peek(scan, 1) == '\n') {
		scan->at += 2;
		scan->line++;
	} else if (is_blank(c) || c == '\\')
		scan->at++;
	else if (c == '#')
		skip_comment(scan);
	else if (c == '\'' || c == '"')
		skip_string(scan);
	else if (is_word_byte((unsigned char)c))
		skip_word(scan);
	else
		operator(scan);
}

int parse_limits_python(const char *bytes, size_t len, size_t *line)
{
	struct scan scan = {bytes, len, 0, 1, 1, 0, NULL, 1, 64, 1, 0};
	int status = 0;

	scan.pending = calloc(scan.capacity, sizeof(*scan.pending));
	if (!scan.pending)
		scan.failed = 1;
	while (!scan.failed && scan.at < scan.len) {
		step(&scan);
		if (scan.total > PARSE_LIMIT_STACK)
			break;
	}
	if (scan.failed || scan.total > PARSE_LIMIT_STACK) {
		*line = scan.start_line;
		status = -1;
	}
	free(scan.pending);
	return status;
}

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
