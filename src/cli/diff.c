#include "diff.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "line_diff.h"

#define COLOUR_BOLD "\033[1m"
#define COLOUR_RED "\033[31m"
#define COLOUR_GREEN "\033[32m"
#define COLOUR_CYAN "\033[36m"
#define COLOUR_RESET "\033[0m"

/* Lines of context around each change; changes closer than twice this
 * share a hunk. */
#define CONTEXT 3
/* The longest function name in a hunk header, in bytes. */
#define FUNCTION_NAME_MAX 80
/* The longest hunk header, its '\n' included. */
#define HUNK_HEADER_MAX 127

int diff_use_colour(void)
{
	const char *no_colour = getenv("NO_COLOR");

	if (no_colour && no_colour[0] != '\0')
		return 0;
	return isatty(STDOUT_FILENO);
}

static void append_coloured(struct buffer *out, const char *colour,
                            const char *bytes, size_t len)
{
	buffer_append_string(out, colour);
	buffer_append(out, bytes, len);
	buffer_append_string(out, COLOUR_RESET);
}

/* --- Headers --- */

static int needs_quotes(const char *path)
{
	const unsigned char *at;

	for (at = (const unsigned char *)path; *at; at++) {
		if (*at == '"' || *at == '\\' || *at < ' ' || *at > '~')
			return 1;
	}
	return 0;
}

/*
 * `side` ("a/" or "b/") and the path without its leading '/', as git writes
 * a path in a header: in double quotes with C escapes (octal for bytes
 * outside ASCII) when it holds a control byte, a byte outside ASCII, '"' or
 * '\\'.
 */
static void append_header_path(struct buffer *out, const char *side,
                               const char *path)
{
	static const char escapes[] = "abtnvfr"; /* '\a' to '\r' */
	const unsigned char *at;
	int quoted;

	while (*path == '/')
		path++;
	quoted = needs_quotes(path);
	if (!quoted) {
		buffer_append_string(out, side);
		buffer_append_string(out, path);
		return;
	}
	buffer_append(out, "\"", 1);
	buffer_append_string(out, side);
	for (at = (const unsigned char *)path; *at; at++) {
		if (*at >= '\a' && *at <= '\r') {
			buffer_append(out, "\\", 1);
			buffer_append(out, &escapes[*at - '\a'], 1);
		} else if (*at == '"' || *at == '\\') {
			buffer_append(out, "\\", 1);
			buffer_append(out, (const char *)at, 1);
		} else if (*at < ' ' || *at > '~') {
			buffer_printf(out, "\\%03o", *at);
		} else {
			buffer_append(out, (const char *)at, 1);
		}
	}
	buffer_append(out, "\"", 1);
}

/* "--- a/PATH" or "+++ b/PATH" ("/dev/null" for no file), bold if asked. */
static void append_file_header(struct buffer *out, const char *marker,
                               const char *side, const char *path, int present,
                               int colour)
{
	if (colour)
		buffer_append_string(out, COLOUR_BOLD);
	buffer_append_string(out, marker);
	if (present)
		append_header_path(out, side, path);
	else
		buffer_append_string(out, "/dev/null");
	if (colour)
		buffer_append_string(out, COLOUR_RESET);
	buffer_append(out, "\n", 1);
}

/* --- Hunk headers --- */

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' ||
	       c == '\r';
}

/*
 * The length of the function name `line` gives a hunk, 0 if none: git's
 * default rule takes a line that starts with an ASCII letter, '_' or '$',
 * without its trailing whitespace, cut at FUNCTION_NAME_MAX bytes.
 */
static size_t function_name_len(const struct line_diff_line *line)
{
	size_t len = line->len;
	char first = line->bytes[0]; /* a line has at least one byte */

	if (!((first >= 'a' && first <= 'z') ||
	      (first >= 'A' && first <= 'Z') || first == '_' || first == '$'))
		return 0;
	while (is_space(line->bytes[len - 1]))
		len--;
	return len < FUNCTION_NAME_MAX ? len : FUNCTION_NAME_MAX;
}

/*
 * How many bytes of `bytes` are UTF-8 as git checks it for a hunk header:
 * a lead byte and the continuation bytes it announces, without a check of
 * the value they encode.
 */
static size_t utf8_prefix_len(const unsigned char *bytes, size_t len)
{
	size_t at = 0;

	while (at < len) {
		unsigned char lead = bytes[at];
		size_t size = lead < 0x80   ? 1
		              : lead < 0xc0 ? 0
		              : lead < 0xe0 ? 2
		              : lead < 0xf0 ? 3
		              : lead < 0xf8 ? 4
		                            : 0;
		size_t i;

		if (size == 0 || size > len - at)
			break;
		for (i = 1; i < size; i++) {
			if ((bytes[at + i] & 0xc0) != 0x80)
				return at;
		}
		at += size;
	}
	return at;
}

static size_t format_range(char *at, long start, long count)
{
	/* An empty range names the line before it. */
	long shown = count == 0 ? start - 1 : start;

	if (count == 1)
		return (size_t)sprintf(at, "%ld", shown);
	return (size_t)sprintf(at, "%ld,%ld", shown, count);
}

/* "@@ -a,b +c,d @@ NAME", the range part cyan if asked. Starts are from 0. */
static void append_hunk_header(struct buffer *out, long before_start,
                               long before_count, long after_start,
                               long after_count,
                               const struct line_diff_line *function,
                               int colour)
{
	char header[HUNK_HEADER_MAX + 64];
	size_t len = 0, ranges_len, name_len;

	memcpy(header, "@@ -", 4);
	len = 4;
	len += format_range(header + len, before_start + 1, before_count);
	memcpy(header + len, " +", 2);
	len += 2;
	len += format_range(header + len, after_start + 1, after_count);
	memcpy(header + len, " @@", 3);
	len += 3;
	ranges_len = len;
	name_len = function ? function_name_len(function) : 0;
	if (name_len > 0 && len + 1 < HUNK_HEADER_MAX - 1) {
		if (name_len > HUNK_HEADER_MAX - 1 - (len + 1))
			name_len = HUNK_HEADER_MAX - 1 - (len + 1);
		header[len++] = ' ';
		memcpy(header + len, function->bytes, name_len);
		len += name_len;
		/* A name cut in the middle of a character (or not UTF-8) is
		 * cut before it. */
		len = utf8_prefix_len((const unsigned char *)header, len);
	}
	if (colour) {
		append_coloured(out, COLOUR_CYAN, header, ranges_len);
		buffer_append(out, header + ranges_len, len - ranges_len);
	} else {
		buffer_append(out, header, len);
	}
	buffer_append(out, "\n", 1);
}

/* --- Hunks --- */

/* One line of a hunk: `mark` (' ', '-' or '+') and the line, green or red
 * if asked, then git's note if it is a last line without '\n'. */
static void append_body_line(struct buffer *out, char mark,
                             const struct line_diff_line *line, int colour)
{
	int has_newline = line->len > 0 && line->bytes[line->len - 1] == '\n';
	size_t len = has_newline ? line->len - 1 : line->len;
	const char *chosen = !colour       ? NULL
	                     : mark == '+' ? COLOUR_GREEN
	                     : mark == '-' ? COLOUR_RED
	                                   : NULL;

	if (chosen)
		buffer_append_string(out, chosen);
	buffer_append(out, &mark, 1);
	buffer_append(out, line->bytes, len);
	if (chosen)
		buffer_append_string(out, COLOUR_RESET);
	buffer_append(out, "\n", 1);
	if (!has_newline)
		buffer_append_string(out, "\\ No newline at end of file\n");
}

struct hunk_writer {
	const struct line_diff *diff;
	struct buffer *out;
	int colour;
	long function;      /* the line of `before` naming the hunks, or -1 */
	long searched_from; /* the lines above it are searched already */
};

/* The nearest line above `start` in `before` that names a function; the
 * search goes no higher than the previous hunk's. */
static const struct line_diff_line *find_function(struct hunk_writer *w,
                                                  long start)
{
	const struct line_diff_line *lines = w->diff->before.lines;
	long at;

	for (at = start - 1; at > w->searched_from - 1; at--) {
		if (function_name_len(&lines[at]) > 0) {
			w->function = at;
			break;
		}
	}
	w->searched_from = start;
	return w->function >= 0 ? &lines[w->function] : NULL;
}

static long min_long(long a, long b)
{
	return a < b ? a : b;
}

/* The hunk of changes [first, last]. */
static void append_hunk(struct hunk_writer *w, size_t first, size_t last)
{
	const struct line_diff *diff = w->diff;
	const struct line_change *head = &diff->changes[first];
	const struct line_change *tail = &diff->changes[last];
	long before_end = tail->before_start + tail->before_count;
	long after_end = tail->after_start + tail->after_count;
	long lead = min_long(CONTEXT, head->before_start);
	long trail = min_long(CONTEXT, min_long(diff->before.count - before_end,
	                                        diff->after.count - after_end));
	long before_start = head->before_start - lead;
	long after_start = head->after_start - lead;
	long at = after_start;
	size_t c;

	append_hunk_header(w->out, before_start,
	                   before_end + trail - before_start, after_start,
	                   after_end + trail - after_start,
	                   find_function(w, before_start), w->colour);
	for (c = first; c <= last; c++) {
		const struct line_change *change = &diff->changes[c];
		long i;

		for (; at < change->after_start; at++)
			append_body_line(w->out, ' ', &diff->after.lines[at],
			                 w->colour);
		for (i = 0; i < change->before_count; i++)
			append_body_line(
			        w->out, '-',
			        &diff->before.lines[change->before_start + i],
			        w->colour);
		for (i = 0; i < change->after_count; i++)
			append_body_line(
			        w->out, '+',
			        &diff->after.lines[change->after_start + i],
			        w->colour);
		at = change->after_start + change->after_count;
	}
	for (; at < after_end + trail; at++)
		append_body_line(w->out, ' ', &diff->after.lines[at],
		                 w->colour);
}

static void append_hunks(const struct line_diff *diff, struct buffer *out,
                         int colour)
{
	struct hunk_writer w = {diff, out, colour, -1, 0};
	size_t first = 0;

	while (first < diff->change_count) {
		size_t last = first;

		/* Changes whose contexts touch or overlap share a hunk. */
		while (last + 1 < diff->change_count &&
		       diff->changes[last + 1].before_start -
		                       (diff->changes[last].before_start +
		                        diff->changes[last].before_count) <=
		               2 * CONTEXT)
			last++;
		append_hunk(&w, first, last);
		first = last + 1;
	}
}

int diff_render(const char *path, struct diff_text before,
                struct diff_text after, int colour, struct buffer *out,
                char **out_error)
{
	struct line_diff diff;
	int one_missing = !before.bytes != !after.bytes;

	*out_error = NULL;
	if (line_diff_compute(&diff, before.bytes, before.len, after.bytes,
	                      after.len) != 0) {
		*out_error = strdup(strerror(ENOMEM));
		return -1;
	}
	if (diff.change_count > 0 || one_missing) {
		append_file_header(out, "--- ", "a/", path,
		                   before.bytes != NULL, colour);
		append_file_header(out, "+++ ", "b/", path, after.bytes != NULL,
		                   colour);
		append_hunks(&diff, out, colour);
	}
	line_diff_free(&diff);
	return 0;
}
