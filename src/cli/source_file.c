#include "source_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int grow(struct source_file *file, size_t *capacity)
{
	size_t bigger = *capacity < 4096 ? 4096 : *capacity * 2;
	char *bytes;

	if (bigger < *capacity)
		return ENOMEM;
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
	}
fail:
	source_file_free(out);
	return status;
}

int source_file_read_fd(int fd, struct source_file *out)
{
	return read_all(fd, 0, out);
}

int source_file_read(const char *path, struct source_file *out)
{
	struct stat info;
	int fd;
	int status;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (fstat(fd, &info) != 0) {
		status = errno;
		close(fd);
		return status;
	}
	if (S_ISDIR(info.st_mode)) {
		close(fd);
		return EISDIR;
	}
	status = read_all(fd, S_ISREG(info.st_mode) ? (size_t)info.st_size : 0,
	                  out);
	close(fd);
	return status;
}

void source_file_free(struct source_file *file)
{
	free(file->bytes);
	file->bytes = NULL;
	file->len = 0;
}
