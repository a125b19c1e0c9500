/*
 * Writing a migrated file so that nothing is lost, whenever the process
 * stops (a crash, kill -9, a power cut):
 *
 *   1. the file must still be the one that was read (same file, size,
 *      modification time and bytes): if it changed on disk meanwhile, it is
 *      not written;
 *   2. FILE.bak gets the exact original bytes (never over an existing one),
 *      flushed to disk with its folder entry before anything else happens;
 *      a FILE.bak that already holds exactly those bytes (a regular file)
 *      is that backup, kept as it is (try, `git checkout`, try again);
 *   3. the new text goes to a temporary file in the same folder, with the
 *      original's mode, flushed to disk;
 *   4. the file is checked again, then the temporary file is renamed over
 *      it and the folder is flushed.
 *
 * So at any moment the file holds either its old bytes or its new ones, and
 * a FILE.bak that exists is complete. A process killed before step 4 may
 * leave its temporary file (FILE.XXXXXX) beside the file.
 * Every step works on the folder opened once, and on names in it without
 * following symbolic links: `path` must name the file itself.
 */
#ifndef CLI_APPLY_H
#define CLI_APPLY_H

#include <stddef.h>
#include <sys/stat.h>

#include "buffer.h"

struct apply_bytes {
	const char *bytes;
	size_t len;
};

/* The file as it was read: its bytes, and what fstat() said then. */
struct apply_original {
	const char *bytes;
	size_t len;
	const struct stat *read_as;
};

enum apply_status {
	APPLY_OK = 0,
	APPLY_FAILED = -1,       /* could not be written */
	APPLY_BACKUP_EXISTS = -2 /* FILE.bak is there, with other bytes */
};

/*
 * Replace `path` (whose bytes were `original`) with `migrated`. Returns
 * APPLY_OK, or a failure with the reason (one line, no newline) appended to
 * `errors`; then `path` is as it was and no .bak was left behind by this
 * call.
 */
int apply_file(const char *path, struct apply_original original,
               struct apply_bytes migrated, int backup, struct buffer *errors);

/*
 * Make `path`, a file that is not there, with `len` bytes of `data`,
 * flushed to disk (never over a file that exists: EEXIST). Returns 0, or
 * -1 with errno set; then no file is left.
 */
int apply_new_file(const char *path, const char *data, size_t len);

#endif
