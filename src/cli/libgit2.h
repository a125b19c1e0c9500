/*
 * libgit2, loaded when a git feature is first used: a folder walk inside a
 * work tree (.gitignore), --apply's check for uncommitted changes, and
 * --changed-since. Linking it would cost every run about 9 ms of dynamic
 * loading (it brings mbedTLS, libssh2, OpenSSL's libcrypto, Kerberos, ...)
 * and `git_libgit2_init()` another 15 ms (it reads the system's CA
 * certificates), three times what migrating one file costs; most runs never
 * use git.
 *
 * The functions are those of <git2.h>, checked against its declarations,
 * and called through the table: `lg->repository_free(repo)` for
 * `git_repository_free(repo)`.
 */
#ifndef CLI_LIBGIT2_H
#define CLI_LIBGIT2_H

#include <git2.h>

#define LIBGIT2_FUNCTIONS(X)                                                   \
	X(libgit2_init)                                                        \
	X(libgit2_shutdown)                                                    \
	X(error_last)                                                          \
	X(repository_open_ext)                                                 \
	X(repository_free)                                                     \
	X(repository_workdir)                                                  \
	X(repository_is_bare)                                                  \
	X(status_file)                                                         \
	X(ignore_path_is_ignored)                                              \
	X(revparse_single)                                                     \
	X(object_peel)                                                         \
	X(object_free)                                                         \
	X(tree_free)                                                           \
	X(diff_options_init)                                                   \
	X(diff_tree_to_workdir_with_index)                                     \
	X(diff_num_deltas)                                                     \
	X(diff_get_delta)                                                      \
	X(diff_free)

struct libgit2 {
#define LIBGIT2_DECLARE(name) __typeof__(git_##name) *name;
	LIBGIT2_FUNCTIONS(LIBGIT2_DECLARE)
#undef LIBGIT2_DECLARE
};

/*
 * The loaded and initialised library (once per process, from any thread),
 * or NULL when it cannot be loaded: then *why (if not NULL) says why, as a
 * static string.
 */
const struct libgit2 *libgit2_get(const char **why);

/*
 * 0 if neither `folder` nor any folder above it holds a `.git` entry:
 * libgit2 would find no repository there (it is not loaded to learn that).
 * 1 if one may be found.
 */
int libgit2_may_find_repository(const char *folder);

/* The last libgit2 error's message, or `fallback`. */
const char *libgit2_message(const struct libgit2 *lg, const char *fallback);

/* At exit: shuts the library down if it was loaded. */
void libgit2_release(void);

#endif
