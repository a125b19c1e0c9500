#include "buffer.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static int buffer_reserve(struct buffer *buf, size_t extra)
{
	size_t needed;
	size_t capacity;
	char *data;

	if (buf->failed)
		return -1;
	if (extra > (size_t)-1 - buf->len - 1)
		goto fail;
	needed = buf->len + extra + 1;
	if (needed <= buf->capacity)
		return 0;
	capacity = buf->capacity ? buf->capacity : 256;
	while (capacity < needed)
		capacity = capacity > (size_t)-1 / 2 ? needed : capacity * 2;
	data = realloc(buf->data, capacity);
	if (!data)
		goto fail;
	buf->data = data;
	buf->capacity = capacity;
	return 0;
fail:
	buf->failed = 1;
	return -1;
}

void buffer_append(struct buffer *buf, const char *bytes, size_t len)
{
	if (buffer_reserve(buf, len) < 0)
		return;
	if (len)
		memcpy(buf->data + buf->len, bytes, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

void buffer_append_string(struct buffer *buf, const char *text)
{
	buffer_append(buf, text, strlen(text));
}

void buffer_append_unsigned(struct buffer *buf, unsigned long value)
{
	char digits[3 * sizeof(value)];
	size_t at = sizeof(digits);

	do
		digits[--at] = (char)('0' + value % 10);
	while ((value /= 10) != 0);
	buffer_append(buf, digits + at, sizeof(digits) - at);
}

void buffer_printf(struct buffer *buf, const char *format, ...)
{
	va_list args;
	int needed;
	size_t room = buf->failed ? 0 : buf->capacity - buf->len;

	/* Formatted once where it fits in the room left, as most lines do. */
	va_start(args, format);
	needed = vsnprintf(room ? buf->data + buf->len : NULL, room, format,
	                   args);
	va_end(args);
	if (needed < 0) {
		buf->failed = 1;
		return;
	}
	if ((size_t)needed >= room) {
		if (buffer_reserve(buf, (size_t)needed) < 0)
			return;
		va_start(args, format);
		vsnprintf(buf->data + buf->len, (size_t)needed + 1, format,
		          args);
		va_end(args);
	}
	buf->len += (size_t)needed;
}

int buffer_failed(const struct buffer *buf)
{
	return buf->failed;
}

int buffer_write(const struct buffer *buf, FILE *stream)
{
	if (buf->len == 0)
		return 0;
	if (fwrite(buf->data, 1, buf->len, stream) != buf->len)
		return -1;
	return 0;
}

void buffer_free(struct buffer *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->capacity = 0;
	buf->failed = 0;
}
