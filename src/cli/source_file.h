/*
 * Reading a file's bytes in one go. The bytes are not interpreted here: the
 * library decides whether they are UTF-8 Python.
 */
#ifndef CLI_SOURCE_FILE_H
#define CLI_SOURCE_FILE_H

#include <stddef.h>
#include <sys/types.h>

struct source_file {
	char *bytes;
	size_t len;
};

#define SOURCE_FILE_INIT                                                       \
	{                                                                      \
		NULL, 0                                                        \
	}

/* Read all of `path`. Returns 0, or an errno value (nothing to free). */
int source_file_read(const char *path, struct source_file *out);
/* Read `fd` up to its end (for standard input). Same returns. */
int source_file_read_fd(int fd, struct source_file *out);
void source_file_free(struct source_file *file);

#endif
