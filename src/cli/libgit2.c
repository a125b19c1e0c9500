#include "libgit2.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef AM_LIBGIT2_SONAME
#error "AM_LIBGIT2_SONAME: the build names the libgit2 it compiled against"
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static void *handle;
static struct libgit2 table;
static const struct libgit2 *loaded;
static char failure[512];

static void load(void)
{
	const char *error;

	handle = dlopen(AM_LIBGIT2_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		error = dlerror();
		snprintf(failure, sizeof(failure), "cannot load libgit2: %s",
		         error ? error : AM_LIBGIT2_SONAME);
		return;
	}
#define LIBGIT2_RESOLVE(name)                                                  \
	*(void **)(&table.name) = dlsym(handle, "git_" #name);                 \
	if (!table.name) {                                                     \
		snprintf(failure, sizeof(failure),                             \
		         "cannot load libgit2: %s lacks git_%s",               \
		         AM_LIBGIT2_SONAME, #name);                            \
		dlclose(handle);                                               \
		handle = NULL;                                                 \
		return;                                                        \
	}
	LIBGIT2_FUNCTIONS(LIBGIT2_RESOLVE)
#undef LIBGIT2_RESOLVE
	if (table.libgit2_init() < 0) {
		snprintf(failure, sizeof(failure),
		         "cannot initialise libgit2: %s",
		         libgit2_message(&table, "unknown error"));
		dlclose(handle);
		handle = NULL;
		return;
	}
	loaded = &table;
}

const struct libgit2 *libgit2_get(const char **why)
{
	pthread_once(&once, load);
	if (!loaded && why)
		*why = failure;
	return loaded;
}

int libgit2_may_find_repository(const char *folder)
{
	/* libgit2 resolves the folder and looks for `.git` (a folder, or a
	 * file naming one) in it and every folder above. */
	char *path = realpath(folder, NULL);
	size_t len;
	struct stat st;
	int found = 0;

	if (!path)
		return 1; /* let libgit2 say what is wrong */
	len = strlen(path);
	for (;;) {
		char *probe = malloc(len + sizeof("/.git"));

		if (!probe) {
			found = 1;
			break;
		}
		memcpy(probe, path, len);
		strcpy(probe + (len == 1 ? 0 : len), "/.git");
		found = lstat(probe, &st) == 0;
		free(probe);
		if (found || len <= 1)
			break;
		while (len > 1 && path[len - 1] != '/')
			len--;
		if (len > 1)
			len--; /* the slash, unless it is the root's */
	}
	free(path);
	return found;
}

const char *libgit2_message(const struct libgit2 *lg, const char *fallback)
{
	const git_error *error = lg->error_last();

	return error && error->message ? error->message : fallback;
}

void libgit2_release(void)
{
	if (!loaded)
		return;
	loaded->libgit2_shutdown();
	loaded = NULL;
	dlclose(handle);
	handle = NULL;
}
