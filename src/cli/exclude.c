#include "exclude.h"
#include "paths.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

static size_t segment_length(const char *text)
{
	const char *slash = strchr(text, '/');

	return slash ? (size_t)(slash - text) : strlen(text);
}

/* The text after the segment starting at `text` and its '/', if any. */
static const char *next_segment(const char *text)
{
	size_t len = segment_length(text);

	return text[len] == '/' ? text + len + 1 : text + len;
}

static int is_globstar(const char *glob)
{
	return segment_length(glob) == 2 && glob[0] == '*' && glob[1] == '*';
}

/* fnmatch() of one glob segment against one path segment. */
static int segment_matches(const char *glob, const char *path)
{
	size_t glob_len = segment_length(glob);
	size_t path_len = segment_length(path);
	char *glob_copy = strndup(glob, glob_len);
	char *path_copy = strndup(path, path_len);
	int matched = 0;

	if (glob_copy && path_copy)
		matched = fnmatch(glob_copy, path_copy, FNM_PATHNAME) == 0;
	free(glob_copy);
	free(path_copy);
	return matched;
}

/*
 * Segment by segment, a `**` matching any number of them: wildcard matching
 * with `**` as the star, which only ever needs to go back to the last `**`
 * seen (to let it take one more segment), so it takes time proportional to
 * segments in the glob times segments in the path, whatever the glob.
 */
int exclude_glob_matches(const char *glob, const char *path)
{
	const char *after_star = NULL; /* the glob after the last `**` */
	const char *star_upto = NULL;  /* where that `**` stops for now */

	for (;;) {
		if (*glob != '\0' && is_globstar(glob)) {
			glob = after_star = next_segment(glob);
			star_upto = path;
		} else if (*glob == '\0' && *path == '\0') {
			return 1;
		} else if (*glob != '\0' && *path != '\0' &&
		           segment_matches(glob, path)) {
			glob = next_segment(glob);
			path = next_segment(path);
		} else if (after_star && *star_upto != '\0') {
			star_upto = next_segment(star_upto);
			path = star_upto;
			glob = after_star;
		} else {
			return 0;
		}
	}
}

/* Whether `glob` matches `path`; a glob ending with '/' only a folder. */
static int glob_matches_entry(const char *glob, const char *path, int is_folder)
{
	size_t len = strlen(glob);
	char *trimmed;
	int matched;

	if (len < 2 || glob[len - 1] != '/')
		return exclude_glob_matches(glob, path);
	if (!is_folder)
		return 0;
	trimmed = strndup(glob, len - 1);
	matched = trimmed && exclude_glob_matches(trimmed, path);
	free(trimmed);
	return matched;
}

/* Whether `glob` matches `relative` or one of the folders leading to it,
 * those of its first `kept` bytes left out. */
static int glob_covers(const char *glob, const char *relative, int is_folder,
                       size_t kept)
{
	char *prefix = strdup(relative);
	char *slash;
	int matched = 0;

	if (!prefix)
		return 0;
	/* "./src/" means "src/". */
	while (glob[0] == '.' && glob[1] == '/')
		glob += 2;
	for (;;) {
		if (strlen(prefix) <= kept)
			break;
		matched = glob_matches_entry(glob, prefix, is_folder);
		slash = strrchr(prefix, '/');
		if (matched || !slash)
			break;
		*slash = '\0';
		is_folder = 1;
	}
	free(prefix);
	return matched;
}

/* The length of `root`'s path below the base folder (0 if it is not
 * below it, or if there is no root). */
static size_t root_length(const struct exclude_set *set, const char *root)
{
	char *absolute = root ? path_absolute(set->cwd, root) : NULL;
	const char *relative =
	        absolute ? path_below(set->base, absolute) : NULL;
	size_t len = relative ? strlen(relative) : 0;

	free(absolute);
	return len;
}

const char *exclude_set_match_below(const struct exclude_set *set,
                                    const char *path, int is_folder,
                                    const char *root)
{
	char *absolute;
	const char *relative;
	const char *matched = NULL;
	size_t kept, i;

	if (set->count == 0)
		return NULL;
	absolute = path_absolute(set->cwd, path);
	if (!absolute)
		return NULL;
	relative = path_below(set->base, absolute);
	kept = root_length(set, root);
	for (i = 0; relative && *relative && i < set->count && !matched; i++) {
		if (glob_covers(set->globs[i], relative, is_folder, kept))
			matched = set->globs[i];
	}
	free(absolute);
	return matched;
}

const char *exclude_set_match(const struct exclude_set *set, const char *path,
                              int is_folder)
{
	return exclude_set_match_below(set, path, is_folder, NULL);
}

int exclude_set_matches(const struct exclude_set *set, const char *path,
                        int is_folder)
{
	return exclude_set_match(set, path, is_folder) != NULL;
}

int exclude_set_init(struct exclude_set *set, const char *base,
                     const char *const *globs, size_t count, const char *origin)
{
	set->origin = origin;
	set->globs = globs;
	set->count = count;
	set->cwd = path_current_folder();
	set->base = NULL;
	if (set->cwd)
		set->base = path_absolute(set->cwd, base ? base : ".");
	return set->cwd && set->base ? 0 : -1;
}

void exclude_set_free(struct exclude_set *set)
{
	free(set->base);
	free(set->cwd);
	set->base = NULL;
	set->cwd = NULL;
}
