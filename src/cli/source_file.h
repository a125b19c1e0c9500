/*
 * Reading a file's bytes in one go. The bytes are not interpreted here: the
 * library decides whether they are UTF-8 Python.
 *
 * Only regular files are read (a FIFO would block, /dev/zero never ends),
 * and none larger than SOURCE_FILE_MAX.
 */
#ifndef CLI_SOURCE_FILE_H
#define CLI_SOURCE_FILE_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

/* Larger files are refused unread: no Python source is this big. */
#define SOURCE_FILE_MAX ((size_t)16 << 20)

/* Failures that are not errno values (those are positive). */
enum {
	SOURCE_NOT_REGULAR = -1, /* a folder, FIFO, device or socket */
	SOURCE_TOO_LARGE = -2    /* over SOURCE_FILE_MAX */
};

struct source_file {
	char *bytes;
	size_t len;
	char *path;          /* the file read; NULL for stdin */
	struct stat read_as; /* what fstat() said of it then */
};

#define SOURCE_FILE_INIT                                                       \
	{                                                                      \
		NULL, 0, NULL,                                                 \
		{                                                              \
			0                                                      \
		}                                                              \
	}

/*
 * Read all of `path`. Returns 0, or a failure (nothing to free). Without
 * `follow_links`, a symbolic link as its last name is refused (ELOOP): the
 * caller has resolved links and names the file itself.
 */
int source_file_read(const char *path, int follow_links,
                     struct source_file *out);
/* Read `fd` up to its end (for standard input). Same returns. */
int source_file_read_fd(int fd, struct source_file *out);
void source_file_free(struct source_file *file);
/* What a failure of the above means, for messages. */
const char *source_file_error(int status);

#endif
