#include "test_hook.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VARIABLE "AM_TEST_HOOK"

static void append_line(const char *path)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);

	if (fd < 0)
		return;
	if (write(fd, "# changed\n", 10) != 10)
		perror(VARIABLE);
	close(fd);
}

/* Another first byte, with the size and the modification time as they were. */
static void rewrite_first_byte(const char *path)
{
	struct stat before;
	struct timespec times[2];
	int fd = open(path, O_RDWR | O_CLOEXEC);
	char first;

	if (fd < 0)
		return;
	if (fstat(fd, &before) == 0 && pread(fd, &first, 1, 0) == 1) {
		first = first == '#' ? ' ' : '#';
		if (pwrite(fd, &first, 1, 0) != 1)
			perror(VARIABLE);
		times[0] = before.st_atim;
		times[1] = before.st_mtim;
		futimens(fd, times);
	}
	close(fd);
}

static void touch(const char *path)
{
	struct stat before;
	struct timespec times[2];

	if (stat(path, &before) != 0)
		return;
	times[0] = before.st_atim;
	times[1] = before.st_mtim;
	times[1].tv_sec += 1;
	utimensat(AT_FDCWD, path, times, 0);
}

/* The file becomes a symbolic link to $AM_TEST_LINK. */
static void swap_for_link(const char *path)
{
	const char *target = getenv("AM_TEST_LINK");

	if (target && unlink(path) == 0 && symlink(target, path) != 0)
		perror(VARIABLE);
}

static void act(const char *action, size_t len, const char *path)
{
	if (len == 4 && strncmp(action, "kill", len) == 0)
		raise(SIGKILL);
	else if (len == 6 && strncmp(action, "append", len) == 0)
		append_line(path);
	else if (len == 7 && strncmp(action, "rewrite", len) == 0)
		rewrite_first_byte(path);
	else if (len == 5 && strncmp(action, "touch", len) == 0)
		touch(path);
	else if (len == 6 && strncmp(action, "delete", len) == 0)
		unlink(path);
	else if (len == 10 && strncmp(action, "unreadable", len) == 0)
		chmod(path, 0);
	else if (len == 9 && strncmp(action, "swap-link", len) == 0)
		swap_for_link(path);
}

/* Whether `path` ends with the `len` bytes of `name` ("" matches all). */
static int names(const char *path, const char *name, size_t len)
{
	size_t path_len = strlen(path);

	return path_len >= len &&
	       strncmp(path + path_len - len, name, len) == 0;
}

/* One hook, "ACTION" or "ACTION@NAME", of `len` bytes. */
static void run_hook(const char *hook, size_t len, const char *path)
{
	const char *at = memchr(hook, '@', len);
	size_t action_len = at ? (size_t)(at - hook) : len;

	if (!at || names(path, at + 1, len - action_len - 1))
		act(hook, action_len, path);
}

void test_hook(const char *step, const char *path)
{
	const char *hooks = getenv(VARIABLE);
	size_t step_len = strlen(step);

	while (hooks && *hooks) {
		size_t len = strcspn(hooks, ",");

		if (len > step_len && hooks[step_len] == ':' &&
		    strncmp(hooks, step, step_len) == 0)
			run_hook(hooks + step_len + 1, len - step_len - 1,
			         path);
		hooks += len + (hooks[len] == ',' ? 1 : 0);
	}
}
