/*
 * .gitignore rules for one folder walk. Outside a git work tree (or in a
 * bare repository) nothing is ignored.
 */
#ifndef CLI_IGNORE_H
#define CLI_IGNORE_H

#include "libgit2.h"

struct ignore_rules {
	const struct libgit2 *lg;
	git_repository *repo; /* NULL: no rules apply */
	char *prefix;         /* the walked folder inside the work tree: "" or
	                         ending with '/' */
};

#define IGNORE_RULES_INIT                                                      \
	{                                                                      \
		NULL, NULL, NULL                                               \
	}

/*
 * Look for the work tree holding `folder`. Returns 0 (with or without
 * rules), or -1 when a repository was found but could not be used: `rules`
 * then ignores nothing and `*why` holds what went wrong (free() it).
 */
int ignore_rules_open(struct ignore_rules *rules, const char *folder,
                      char **why);
/* 1 if `relative` (a path below the walked folder) is ignored, else 0. */
int ignore_rules_match(const struct ignore_rules *rules, const char *relative,
                       int is_folder);
void ignore_rules_close(struct ignore_rules *rules);

#endif
