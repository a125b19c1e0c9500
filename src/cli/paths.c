#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *path_current_folder(void)
{
	size_t size = 256;

	for (;;) {
		char *folder = malloc(size);

		if (!folder)
			return NULL;
		if (getcwd(folder, size))
			return folder;
		free(folder);
		if (errno != ERANGE || size > (size_t)1 << 20)
			return NULL;
		size *= 2;
	}
}

char *path_join(const char *folder, const char *name)
{
	size_t folder_len = strlen(folder);
	size_t name_len = strlen(name);
	int slash = folder_len == 0 || folder[folder_len - 1] != '/';
	char *joined = malloc(folder_len + (size_t)slash + name_len + 1);

	if (!joined)
		return NULL;
	memcpy(joined, folder, folder_len);
	if (slash)
		joined[folder_len] = '/';
	memcpy(joined + folder_len + (size_t)slash, name, name_len + 1);
	return joined;
}

/* Append the component [name, name+len) to `out` (holding `*out_len`). */
static void push_component(char *out, size_t *out_len, const char *name,
                           size_t len)
{
	if (len == 0 || (len == 1 && name[0] == '.'))
		return;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		while (*out_len > 1 && out[*out_len - 1] != '/')
			(*out_len)--;
		if (*out_len > 1)
			(*out_len)--;
		return;
	}
	if (*out_len > 1)
		out[(*out_len)++] = '/';
	memcpy(out + *out_len, name, len);
	*out_len += len;
}

static void push_components(char *out, size_t *out_len, const char *path)
{
	while (*path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);

		push_component(out, out_len, path, len);
		path += len + (slash ? 1 : 0);
	}
}

char *path_absolute(const char *cwd, const char *path)
{
	char *out = malloc(strlen(cwd) + strlen(path) + 3);
	size_t len = 1;

	if (!out)
		return NULL;
	out[0] = '/';
	if (path[0] != '/')
		push_components(out, &len, cwd);
	push_components(out, &len, path);
	out[len] = '\0';
	return out;
}

const char *path_below(const char *folder, const char *absolute)
{
	size_t len = strlen(folder);

	if (len == 1 && folder[0] == '/')
		return absolute + 1;
	if (strncmp(folder, absolute, len) != 0)
		return NULL;
	if (absolute[len] == '\0')
		return absolute + len;
	return absolute[len] == '/' ? absolute + len + 1 : NULL;
}

char *path_canonical(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *folder;
	char *real;
	char *joined;

	if (!slash)
		folder = strdup(".");
	else if (slash == path)
		folder = strdup("/");
	else
		folder = strndup(path, (size_t)(slash - path));
	if (!folder)
		return NULL;
	real = realpath(folder, NULL);
	free(folder);
	if (!real)
		return NULL;
	joined = path_join(real, slash ? slash + 1 : path);
	free(real);
	return joined;
}

/* `path`'s target, absolute and canonical, if `path` is a symbolic link. */
static int link_target(const char *path, char **target)
{
	struct stat info;

	*target = NULL;
	if (lstat(path, &info) != 0)
		return errno;
	if (!S_ISLNK(info.st_mode))
		return 0;
	*target = realpath(path, NULL);
	return *target ? 0 : errno;
}

int path_resolve_in_tree(const char *path, const char *tree, char **out)
{
	char *target;
	int status = link_target(path, &target);

	*out = NULL;
	if (status != 0)
		return status;
	if (!target) {
		*out = strdup(path);
		return *out ? 0 : ENOMEM;
	}
	*out = target;
	if (!tree || !path_below(tree, target))
		return PATH_OUTSIDE_TREE;
	return 0;
}
