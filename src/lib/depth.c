#include "depth.h"

#include "anyio_migrate.h"

#include <stdlib.h>
#include <string.h>

/*
 * A rough Python tokenizer that estimates, from above, how many entries the
 * parser's stack holds. Within one pair of brackets, what comes before a
 * comma is reduced to one node by the time the comma is read, so each open
 * bracket level only holds what came since its last comma: a flat list of a
 * million items is shallow, `f(a, f(a, ...` is not. Indentation counts 4
 * per column, for the blocks around the line.
 *
 * It also measures runs of comments and line continuations (the grammar's
 * "extras") with nothing else between them but blank lines. The Python
 * grammar's external scanner, at each of them, reads on to the end of the
 * run to learn the next line's indentation, so a run costs its lines times
 * its bytes: line continuations anywhere, comments outside brackets once
 * the file has had a token (inside brackets and before the first token it
 * does not read on).
 */
struct scan {
	const char *bytes;
	size_t len;
	size_t at;
	size_t start;    /* where the current logical line starts */
	size_t total;    /* the estimate: indentation and every level's */
	size_t *pending; /* per open bracket level, 0 the statement's own:
	                    what it adds to the estimate */
	size_t levels;   /* levels in use, at least 1 */
	size_t capacity;
	int at_line_start; /* its indentation comes next */
	int failed;        /* out of memory */
	int seen_token;    /* the file has had a token */
	size_t run_lines;  /* extras of the current run the scanner reads on
	                      from */
	size_t run_start;  /* where the first of them starts */
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
	scan->run_lines = 0;
	scan->seen_token = 1;
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

	scan->start = scan->at;
	while (scan->at < scan->len && is_blank(scan->bytes[scan->at])) {
		scan->at++;
		width++;
	}
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
		if (!is_word_byte((unsigned char)c) && !is_blank(c) &&
		    c != '\n')
			add(scan, 1);
		scan->at++;
	}
}

/* A comment or a line continuation from `at`, that the scanner reads on
 * from or not (`costly`). */
static void extra(struct scan *scan, size_t at, int costly)
{
	if (costly && scan->run_lines++ == 0)
		scan->run_start = at;
}

static void skip_comment(struct scan *scan)
{
	extra(scan, scan->at, scan->levels == 1 && scan->seen_token);
	while (scan->at < scan->len && scan->bytes[scan->at] != '\n')
		scan->at++;
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
	if (scan->levels == 1)
		scan->at_line_start = 1;
}

/* A byte that is a token of its own: an operator or a bracket. */
static void operator(struct scan *scan)
{
	char c = scan->bytes[scan->at++];

	scan->run_lines = 0;
	scan->seen_token = 1;
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
		extra(scan, scan->at, 1);
		scan->at += 2;
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

/* What the current run of extras costs the scanner: its lines times its
 * bytes. */
static size_t run_cost(const struct scan *scan)
{
	return scan->run_lines ? scan->run_lines * (scan->at - scan->run_start)
	                       : 0;
}

int am_depth_check(const char *bytes, size_t len, size_t *at, const char **what)
{
	struct scan scan = {bytes, len, 0, 0, 0, NULL, 1, 64, 1, 0, 0, 0, 0};
	int status = AM_OK;

	scan.pending = calloc(scan.capacity, sizeof(*scan.pending));
	if (!scan.pending)
		return AM_ENOMEM;
	while (!scan.failed && scan.at < scan.len) {
		step(&scan);
		if (scan.total > AM_DEPTH_LIMIT ||
		    run_cost(&scan) > AM_EXTRAS_COST_LIMIT)
			break;
	}
	if (scan.failed) {
		status = AM_ENOMEM;
	} else if (scan.total > AM_DEPTH_LIMIT) {
		*at = scan.start;
		*what = "a statement nested too deeply to parse safely "
		        "(over " AM_DEPTH_STRING
		        " open constructs): it is left unchanged";
		status = AM_EDEPTH;
	} else if (run_cost(&scan) > AM_EXTRAS_COST_LIMIT) {
		*at = scan.run_start;
		*what = "too many comment lines or line continuations in a row "
		        "to parse in reasonable time (their number times their "
		        "bytes passes " AM_EXTRAS_COST_STRING
		        "): the file is left unchanged";
		status = AM_EDEPTH;
	}
	free(scan.pending);
	return status;
}
