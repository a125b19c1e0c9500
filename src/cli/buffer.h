/*
 * A growable byte buffer for text that is built up piece by piece (a diff,
 * diagnostic lines) and printed later. An allocation failure is sticky: the
 * appends after it do nothing and buffer_failed() says so, which lets callers
 * check once at the end instead of after every append.
 */
#ifndef CLI_BUFFER_H
#define CLI_BUFFER_H

#include <stddef.h>
#include <stdio.h>

struct buffer {
	char *data;
	size_t len;
	size_t capacity;
	int failed;
};

#define BUFFER_INIT                                                            \
	{                                                                      \
		NULL, 0, 0, 0                                                  \
	}

void buffer_append(struct buffer *buf, const char *bytes, size_t len);
void buffer_append_string(struct buffer *buf, const char *text);
/* The decimal digits of value. */
void buffer_append_unsigned(struct buffer *buf, unsigned long value);
void buffer_printf(struct buffer *buf, const char *format, ...)
        __attribute__((format(printf, 2, 3)));
int buffer_failed(const struct buffer *buf);
/* Write the contents to `stream`; returns 0, or -1 if the write failed. */
int buffer_write(const struct buffer *buf, FILE *stream);
void buffer_free(struct buffer *buf);

#endif
