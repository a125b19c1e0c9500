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

enum apply_status {
	APPLY_OK = 0,
	APPLY_FAILED = -1,       /* could not be written */
	APPLY_BACKUP_EXISTS = -2 /* FILE.bak is there already */
};

/*
 * Replace `path` (whose bytes were `original`) with `migrated`. Returns
 * APPLY_OK, or a failure with the reason (one line, no newline) appended to
 * `errors`; then `path` is as it was and no .bak was left behind by this
 * call.
 */
int apply_file(const char *path, struct apply_bytes original,
               struct apply_bytes migrated, int backup, struct buffer *errors);

#endif
