#include "source_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Room for one byte more than the limit, to see that it is over it. */
static int grow(struct source_file *file, size_t *capacity)
{
	size_t bigger = *capacity < 4096 ? 4096 : *capacity * 2;
	char *bytes;

	if (*capacity > SOURCE_FILE_MAX)
		return SOURCE_TOO_LARGE;
	if (bigger > SOURCE_FILE_MAX + 1)
		bigger = SOURCE_FILE_MAX + 1;
	bytes = realloc(file->bytes, bigger);
	if (!bytes)
		return ENOMEM;
	file->bytes = bytes;
	*capacity = bigger;
	return 0;
}

/* Reads until end of file; `size_hint` avoids regrowing for regular files. */
static int read_all(int fd, size_t size_hint, struct source_file *out)
{
	size_t capacity = 0;
	int status;

	out->bytes = NULL;
	out->len = 0;
	if (size_hint) {
		out->bytes = malloc(size_hint + 1);
		if (!out->bytes)
			return ENOMEM;
		capacity = size_hint + 1;
	}
	for (;;) {
		ssize_t got;

		if (out->len == capacity && (status = grow(out, &capacity)))
			goto fail;
		got = read(fd, out->bytes + out->len, capacity - out->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			status = errno;
			goto fail;
		}
		if (got == 0)
			return 0;
		out->len += (size_t)got;
		if (out->len > SOURCE_FILE_MAX) {
			status = SOURCE_TOO_LARGE;
			goto fail;
		}
	}
fail:
	source_file_free(out);
	return status;
}

int source_file_read_fd(int fd, struct source_file *out)
{
	return read_all(fd, 0, out);
}

int source_file_read(const char *path, int follow_links,
                     struct source_file *out)
{
	/* Non-blocking: opening a FIFO must not wait for a writer. */
	int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	            (follow_links ? 0 : O_NOFOLLOW);
	int fd = open(path, flags);
	int status;

	if (fd < 0)
		return errno;
	if (fstat(fd, &out->read_as) != 0)
		status = errno;
	else if (S_ISDIR(out->read_as.st_mode))
		status = EISDIR;
	else if (!S_ISREG(out->read_as.st_mode))
		status = SOURCE_NOT_REGULAR;
	else if ((unsigned long long)out->read_as.st_size > SOURCE_FILE_MAX)
		status = SOURCE_TOO_LARGE;
	else
		status = read_all(fd, (size_t)out->read_as.st_size, out);
	close(fd);
	if (status == 0 && !(out->path = strdup(path))) {
		source_file_free(out);
		status = ENOMEM;
	}
	return status;
}

void source_file_free(struct source_file *file)
{
	free(file->bytes);
	free(file->path);
	file->bytes = NULL;
	file->path = NULL;
	file->len = 0;
}

_Static_assert(SOURCE_FILE_MAX == (size_t)16 << 20, "the message says 16 MiB");

const char *source_file_error(int status)
{
	switch (status) {
	case SOURCE_NOT_REGULAR:
		return "not a regular file";
	case SOURCE_TOO_LARGE:
		return "larger than 16 MiB: not read";
	default:
		return strerror(status);
	}
}
