#include "source.h"

#include <stdint.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid. */
static size_t utf8_sequence_length(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned int min;
	unsigned int cp;
	if ((c & 0xE0) == 0xC0) {
		n = 2;
		min = 0x80;
		cp = c & 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3;
		min = 0x800;
		cp = c & 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4;
		min = 0x10000;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (avail < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

int am_source_check(const char *text, size_t len, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)text;
	if (memchr(text, '\0', len)) {
		*bad_offset =
		        (size_t)((const char *)memchr(text, '\0', len) - text);
		return AM_EBINARY;
	}
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = utf8_sequence_length(p + i, len - i);
		if (n == 0) {
			*bad_offset = i;
			return AM_EENCODING;
		}
		i += n;
	}
	return AM_OK;
}

size_t am_source_bom_length(const char *text, size_t len)
{
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		return 3;
	return 0;
}

const char *am_source_newline(const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);
	if (nl && nl > text && nl[-1] == '\r')
		return "\r\n";
	return "\n";
}

int am_line_index_build(am_line_index *index, am_arena *arena, const char *text,
                        size_t len)
{
	size_t lines = 1;
	/* len 0 may come with text NULL, which memchr() must not see. */
	for (const char *p = text;
	     len > 0 && (p = memchr(p, '\n', len - (size_t)(p - text))); p++)
		lines++;
	index->starts = am_arena_alloc(arena, lines * sizeof(size_t));
	if (!index->starts)
		return AM_ENOMEM;
	index->last = am_arena_alloc(arena, sizeof(*index->last));
	if (!index->last)
		return AM_ENOMEM;
	index->last->line = SIZE_MAX;
	index->count = 0;
	index->starts[index->count++] = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			index->starts[index->count++] = i + 1;
	return AM_OK;
}

/* The UTF-8 characters that start in text[from, to). */
static unsigned int characters(const char *text, size_t from, size_t to)
{
	unsigned int n = 0;
	for (size_t i = from; i < to; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

am_position am_line_index_position(const am_line_index *index, const char *text,
                                   size_t len, size_t byte)
{
	if (byte > len)
		byte = len;
	size_t lo = 0, hi = index->count;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (index->starts[mid] <= byte)
			lo = mid;
		else
			hi = mid;
	}
	size_t from = index->starts[lo];
	if (from == 0 && byte >= 3 && am_source_bom_length(text, len))
		from = 3; /* a BOM is not a column */
	am_line_memo *last = index->last;
	unsigned int column;
	if (last->line == lo && last->from == from && last->byte <= byte)
		column = last->column + characters(text, last->byte, byte);
	else if (last->line == lo && last->from == from)
		column = last->column - characters(text, byte, last->byte);
	else
		column = 1 + characters(text, from, byte);
	last->line = lo;
	last->from = from;
	last->byte = byte;
	last->column = column;
	am_position pos = {byte, (unsigned int)lo + 1, column};
	return pos;
}
