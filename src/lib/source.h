/*
 * What the engine knows of a text as bytes: encoding checks, the BOM, the
 * newline convention, and byte offset -> line:column mapping.
 */
#ifndef AM_SOURCE_H
#define AM_SOURCE_H

#include "anyio_migrate.h"
#include "arena.h"

#include <stddef.h>

/* The last position found, from which the next one on the same line is
 * counted: many positions on one long line cost its length once, not once
 * each. */
typedef struct am_line_memo {
	size_t line, from, byte; /* from: where its columns are counted */
	unsigned int column;
} am_line_memo;

typedef struct am_line_index {
	size_t *starts; /* byte offset of each line's first byte */
	size_t count;
	am_line_memo *last; /* none yet when its line is SIZE_MAX */
} am_line_index;

/* AM_OK, AM_EBINARY (NUL byte) or AM_EENCODING (invalid UTF-8); on error
 * *bad_offset is the offending byte. */
int am_source_check(const char *text, size_t len, size_t *bad_offset);

/* Length of a UTF-8 byte order mark at the start of text, or 0. */
size_t am_source_bom_length(const char *text, size_t len);

/* "\r\n" when the first line break of text is CRLF, else "\n". */
const char *am_source_newline(const char *text, size_t len);

int am_line_index_build(am_line_index *index, am_arena *arena, const char *text,
                        size_t len);
/* 1-based line and column (in characters) of a byte offset. */
am_position am_line_index_position(const am_line_index *index, const char *text,
                                   size_t len, size_t byte);

#endif
