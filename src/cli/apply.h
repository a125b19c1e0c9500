/*
 * Writing a migrated file: FILE.bak first (the exact original bytes, never
 * over an existing one), then the new text in a temporary file in the same
 * folder, given the original's mode and renamed over it, so a reader sees
 * either the old file or the new one, never half of one.
 */
#ifndef CLI_APPLY_H
#define CLI_APPLY_H

#include <stddef.h>

#include "buffer.h"

struct apply_bytes {
	const char *bytes;
	size_t len;
};

/*
 * Replace `path` (whose bytes were `original`) with `migrated`. Returns 0,
 * or -1 with "path: error: ..." appended to `errors`; then `path` is as it
 * was and no .bak was left behind by this call.
 */
int apply_file(const char *path, struct apply_bytes original,
               struct apply_bytes migrated, int backup, struct buffer *errors);

#endif
