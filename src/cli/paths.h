/*
 * Paths as the tool compares them. A path on the command line is kept as
 * typed for messages; to compare it with a git work tree or with the folder
 * of pyproject.toml it is made absolute (lexically) or canonical (its folder
 * resolved, its own name kept, so a symbolic link stays itself).
 * Every char * returned here is malloc'd (free() it), NULL if out of memory.
 */
#ifndef CLI_PATHS_H
#define CLI_PATHS_H

/* The current folder, as getcwd() gives it. */
char *path_current_folder(void);

/* `path` joined to `cwd` unless absolute, without ".", ".." or "//". */
char *path_absolute(const char *cwd, const char *path);

/*
 * The part of `absolute` below `folder` (both absolute and normal): "" if
 * they are the same, NULL if `absolute` is not inside `folder`.
 */
const char *path_below(const char *folder, const char *absolute);

/* realpath() of the folder holding `path`, joined with its last name. */
char *path_canonical(const char *path);

/* `folder` joined with `name`, with one '/' between them. */
char *path_join(const char *folder, const char *name);

#define PATH_OUTSIDE_TREE (-1)

/*
 * The file to read and write for `path`: `path` itself, or, when its last
 * name is a symbolic link, the file the link leads to (canonical), but only
 * if that is inside `tree` (an absolute, canonical folder; NULL: nowhere).
 * Returns 0 with *out malloc'd; an errno value; or PATH_OUTSIDE_TREE with
 * the link's target in *out, for the message. Free *out in every case.
 */
int path_resolve_in_tree(const char *path, const char *tree, char **out);

#endif
