#define _GNU_SOURCE
#include "suppress.h"

#include "array.h"

#include <string.h>

#define AM_MARKER "anyio-migrate:"

uint32_t am_suppress_line_of(const char *text, uint32_t at)
{
	uint32_t line = 0;
	for (const char *p = text;
	     (p = memchr(p, '\n', (size_t)(text + at - p))); p++)
		line++;
	return line;
}

static int index_lines(am_suppressions *s, const char *text, uint32_t len)
{
	const char *end = text + len;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		if (!AM_ARRAY_PUSH(&s->line_starts, (uint32_t)(p - text) + 1))
			return AM_ENOMEM;
	return AM_OK;
}

uint32_t am_suppressions_line(const am_suppressions *s, uint32_t at)
{
	/* how many lines after the first start at or before `at` */
	size_t lo;
	AM_LOWER_BOUND(lo, s->line_starts.count,
	               s->line_starts.items[mid] <= at);
	return (uint32_t)lo;
}

static int blank_before(const char *text, uint32_t at)
{
	while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t'))
		at--;
	return at == 0 || text[at - 1] == '\n';
}

/* "ignore", "ignore[...]" or "ignore-file" after the marker; 0 when the
 * comment is something else. */
static int parse_directive(am_arena *arena, const char *p, const char *end,
                           am_suppression *s, int *file)
{
	while (p < end && *p == ' ')
		p++;
	*file = 0;
	s->codes = NULL;
	if (end - p >= 11 && memcmp(p, "ignore-file", 11) == 0) {
		*file = 1;
		return 1;
	}
	if (end - p < 6 || memcmp(p, "ignore", 6) != 0)
		return 0;
	p += 6;
	if (p < end && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));
		if (!close)
			return 0;
		/* keep the codes without spaces, in capitals (codes are
		 * taken in any case): "ANY102,ANY2" */
		char *codes = am_arena_alloc(arena, (size_t)(close - p));
		if (!codes)
			return 0;
		size_t n = 0;
		for (const char *q = p + 1; q < close; q++)
			if (*q != ' ' && *q != '\t')
				codes[n++] = (char)(*q >= 'a' && *q <= 'z'
				                            ? *q - 'a' + 'A'
				                            : *q);
		codes[n] = '\0';
		s->codes = codes;
		p = close + 1;
	}
	return p == end || *p == ' ' || *p == '\t' || *p == '#' || *p == '\r';
}

/* Whether a comment stands in the file's header: before any statement
 * other than the docstring and `from __future__` imports. */
static int in_header(TSNode root, const am_syntax *sx, uint32_t at)
{
	int header = 1;
	am_children c;
	am_children_init(&c, root);
	for (TSNode child; am_children_next(&c, &child);) {
		if (ts_node_start_byte(child) >= at)
			break;
		TSSymbol s = ts_node_symbol(child);
		int docstring =
		        s == sx->expression_statement &&
		        am_node_is(ts_node_named_child(child, 0), sx->string);
		if (s != sx->comment && s != sx->future_import_statement &&
		    !docstring) {
			header = 0;
			break;
		}
	}
	am_children_release(&c);
	return header;
}

int am_suppressions_find(am_suppressions *out, am_arena *arena,
                         const char *text, uint32_t len, TSNode root,
                         const am_syntax *syntax)
{
	memset(out, 0, sizeof(*out));
	const char *end = text + len;
	size_t marker = strlen(AM_MARKER);
	for (const char *p = text;
	     (p = memmem(p, (size_t)(end - p), AM_MARKER, marker));
	     p += marker) {
		uint32_t at = (uint32_t)(p - text);
		TSNode node = ts_node_descendant_for_byte_range(root, at, at);
		if (!am_node_is(node, syntax->comment))
			continue;
		const char *comment_end = text + ts_node_end_byte(node);
		am_suppression s = {ts_node_start_byte(node),
		                    ts_node_end_byte(node),
		                    0,
		                    NULL,
		                    0,
		                    0};
		int file;
		if (!parse_directive(arena, p + marker, comment_end, &s, &file))
			continue;
		if (file && in_header(root, syntax, s.comment_start)) {
			out->whole_file = 1;
			continue;
		}
		s.misplaced_file = file;
		if (out->items.count == 0 && out->line_starts.count == 0 &&
		    index_lines(out, text, len) != AM_OK)
			return AM_ENOMEM;
		s.line = am_suppressions_line(out, s.comment_start);
		if (blank_before(text, s.comment_start))
			s.line++; /* alone on its line: covers the next one */
		if (!AM_ARRAY_PUSH(&out->items, s))
			return AM_ENOMEM;
	}
	return AM_OK;
}

void am_suppressions_release(am_suppressions *s)
{
	AM_ARRAY_FREE(&s->items);
	AM_ARRAY_FREE(&s->line_starts);
}

static int codes_cover(const char *codes, const char *code)
{
	if (!codes)
		return 1;
	const char *p = codes;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len && strncmp(code, p, len) == 0)
			return 1;
		p += len + (comma ? 1 : 0);
	}
	return 0;
}

int am_suppressed(am_suppressions *s, const char *text, uint32_t at,
                  const am_rule *rule)
{
	if (s->items.count == 0)
		return 0;
	(void)text;
	uint32_t line = am_suppressions_line(s, at);
	int hit = 0;
	for (size_t i = 0; i < s->items.count; i++) {
		am_suppression *item = &s->items.items[i];
		if (!item->misplaced_file && item->line == line &&
		    codes_cover(item->codes, rule->code)) {
			item->used = 1;
			hit = 1;
		}
	}
	return hit;
}
