#include "queue_compat.h"
#include "apply.h"

#include "anyio_migrate.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PROGRAM "migrate_to_anyio"

static int identifier_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int identifier_char(char c)
{
	return identifier_start(c) || (c >= '0' && c <= '9');
}

int module_name_valid(const char *name)
{
	int at_start = 1;
	for (const char *p = name; *p; p++) {
		if (*p == '.') {
			if (at_start)
				return 0;
			at_start = 1;
		} else if (at_start ? !identifier_start(*p)
		                    : !identifier_char(*p)) {
			return 0;
		} else {
			at_start = 0;
		}
	}
	return !at_start;
}

/* 1 if the file at path holds exactly data, 0 if it differs, -1 if it
 * cannot be read (errno set). */
static int same_content(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t n = 0;
	int same = 1;
	char buf[4096];
	size_t got;
	while (same && (got = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (n + got > len || memcmp(buf, data + n, got) != 0)
			same = 0;
		n += got;
	}
	fclose(f);
	return same && n == len;
}

int queue_compat_write(const char *path)
{
	size_t len;
	const char *data = am_queue_compat_source(&len);
	int same = same_content(path, data, len);
	if (same == 1) {
		printf("%s is up to date\n", path);
		return 0;
	}
	if (same == 0) {
		fprintf(stderr,
		        "%s: error: %s exists and differs from the drop-in "
		        "queue "
		        "module; it was not overwritten (remove it to write it "
		        "anew)\n",
		        PROGRAM, path);
		return 2;
	}
	if (errno != ENOENT || apply_new_file(path, data, len) != 0) {
		fprintf(stderr, "%s: error: %s: %s\n", PROGRAM, path,
		        strerror(errno));
		return 2;
	}
	printf("wrote %s\n", path);
	return 0;
}
