#define _GNU_SOURCE /* renameat2, RENAME_NOREPLACE */

#include "apply.h"
#include "test_hook.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define CHANGED_ON_DISK                                                        \
	"changed on disk since it was read: not written; run the tool again"
#define TEMPORARY_ATTEMPTS 100
#define COMPARE_CHUNK 65536

/* The file's folder, open, and its name in it. */
struct place {
	const char *path; /* as given, for messages */
	int folder;
	char *name;
};

static int open_place(const char *path, struct place *place)
{
	const char *slash = strrchr(path, '/');
	char *folder = !slash          ? strdup(".")
	               : slash == path ? strdup("/")
	                               : strndup(path, (size_t)(slash - path));
	int error = 0;

	place->path = path;
	place->name = strdup(slash ? slash + 1 : path);
	place->folder = -1;
	if (!folder || !place->name)
		error = ENOMEM;
	else if ((place->folder =
	                  open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		error = errno;
	free(folder);
	return error;
}

static void close_place(struct place *place)
{
	if (place->folder >= 0)
		close(place->folder);
	free(place->name);
}

static int write_all(int fd, struct apply_bytes data)
{
	size_t done = 0;

	while (done < data.len) {
		ssize_t wrote = write(fd, data.bytes + done, data.len - done);

		if (wrote < 0 && errno == EINTR)
			continue;
		if (wrote < 0)
			return -1;
		done += (size_t)wrote;
	}
	return 0;
}

/* Write, flush to disk and close `fd`; returns 0 or an errno value. */
static int finish_file(int fd, struct apply_bytes data)
{
	int error = 0;

	if (write_all(fd, data) != 0 || fsync(fd) != 0)
		error = errno;
	if (close(fd) != 0 && error == 0)
		error = errno;
	return error;
}

/* A name made and created in the folder is durable once it is flushed. */
static int sync_folder(const struct place *place)
{
	/* Some file systems cannot flush a folder; they need not. */
	if (fsync(place->folder) != 0 && errno != EINVAL)
		return errno;
	return 0;
}

static char *with_suffix(const char *name, const char *suffix)
{
	char *joined = malloc(strlen(name) + strlen(suffix) + 1);

	if (joined)
		sprintf(joined, "%s%s", name, suffix);
	return joined;
}

static int same_file(const struct stat *now, const struct stat *then)
{
	return S_ISREG(now->st_mode) && now->st_dev == then->st_dev &&
	       now->st_ino == then->st_ino && now->st_size == then->st_size &&
	       now->st_mtim.tv_sec == then->st_mtim.tv_sec &&
	       now->st_mtim.tv_nsec == then->st_mtim.tv_nsec;
}

/* 1 if `fd` holds exactly `original`'s bytes, 0 if not, -1 on error. */
static int same_bytes(int fd, struct apply_original original)
{
	char *chunk = malloc(COMPARE_CHUNK);
	size_t at = 0;
	int same = -1;

	while (chunk) {
		ssize_t got = read(fd, chunk, COMPARE_CHUNK);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			same = got < 0 ? -1 : at == original.len;
			break;
		}
		if ((size_t)got > original.len - at ||
		    memcmp(chunk, original.bytes + at, (size_t)got) != 0) {
			same = 0;
			break;
		}
		at += (size_t)got;
	}
	free(chunk);
	return same;
}

/* Whether the file is still the one that was read, and may be written. */
static int check_unchanged(const struct place *place,
                           struct apply_original original,
                           struct buffer *errors)
{
	int fd = openat(place->folder, place->name,
	                O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat now;
	int same = -1;

	if (fd < 0 && (errno == ENOENT || errno == ELOOP))
		same = 0;
	else if (fd >= 0 && fstat(fd, &now) == 0)
		same = same_file(&now, original.read_as)
		               ? same_bytes(fd, original)
		               : 0;
	if (same < 0)
		buffer_printf(errors, "%s", strerror(errno));
	else if (same == 0)
		buffer_printf(errors, CHANGED_ON_DISK);
	if (fd >= 0)
		close(fd);
	return same == 1 ? 0 : -1;
}

static int check_writable(const struct place *place, struct buffer *errors)
{
	if (faccessat(place->folder, place->name, W_OK, 0) != 0) {
		buffer_printf(errors, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/* NAME.XXXXXX: six random letters or digits, like mkstemp()'s. */
static void random_suffix(char *suffix)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz"
	                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char noise[6];
	size_t i;

	if (getrandom(noise, sizeof(noise), 0) != (ssize_t)sizeof(noise)) {
		for (i = 0; i < sizeof(noise); i++)
			noise[i] = (unsigned char)rand();
	}
	for (i = 0; i < sizeof(noise); i++)
		suffix[i] = letters[noise[i] % (sizeof(letters) - 1)];
}

/* A new file in the folder; its name in *name. Returns fd, or -1. */
static int create_temporary(const struct place *place, char **name)
{
	char *candidate = with_suffix(place->name, ".XXXXXX");
	size_t len = candidate ? strlen(candidate) : 0;
	int attempt;
	int fd = -1;

	*name = NULL;
	if (!candidate) {
		errno = ENOMEM;
		return -1;
	}
	for (attempt = 0; attempt < TEMPORARY_ATTEMPTS && fd < 0; attempt++) {
		random_suffix(candidate + len - 6);
		fd = openat(place->folder, candidate,
		            O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
		                    O_NOFOLLOW,
		            0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		free(candidate);
		return -1;
	}
	*name = candidate;
	return fd;
}

/* Owner and group are kept when allowed; the mode always is. */
static int match_original(int fd, const struct stat *original)
{
	if ((original->st_uid != geteuid() || original->st_gid != getegid()) &&
	    fchown(fd, original->st_uid, original->st_gid) != 0) {
		/* Not allowed to give the file away: it stays ours. */
	}
	return fchmod(fd, original->st_mode & 07777);
}

/* Write `migrated` to a new file in the folder; its name in *name. */
static int write_temporary(const struct place *place,
                           const struct stat *original,
                           struct apply_bytes migrated, char **name)
{
	int fd = create_temporary(place, name);
	int error;

	if (fd < 0)
		return errno;
	if (match_original(fd, original) != 0) {
		error = errno;
		close(fd);
	} else {
		error = finish_file(fd, migrated);
	}
	if (error) {
		unlinkat(place->folder, *name, 0);
		free(*name);
		*name = NULL;
	}
	return error;
}

/* Rename `from` to `to` in the folder, failing with EEXIST if `to` is
 * there: no existing file is ever replaced. */
static int rename_no_replace(const struct place *place, const char *from,
                             const char *to)
{
	if (renameat2(place->folder, from, place->folder, to,
	              RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return errno;
	/* A file system without RENAME_NOREPLACE: a hard link will not
	 * replace either. */
	if (linkat(place->folder, from, place->folder, to, 0) != 0)
		return errno;
	unlinkat(place->folder, from, 0);
	return 0;
}

/* Whether FILE.bak is a regular file (not a link) holding exactly the
 * bytes of the file as read: the backup of an earlier run whose result was
 * undone (`git checkout`), to be kept as it is. */
static int same_backup(const struct place *place, const char *name,
                       struct apply_original original)
{
	int fd = openat(place->folder, name,
	                O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	struct stat info;
	int same = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
	    (size_t)info.st_size == original.len)
		same = same_bytes(fd, original) == 1;
	close(fd);
	return same;
}

/* 1 if FILE.bak is there (reused when it is the same backup, *reused
 * set), 0 if not. */
static int backup_exists(const struct place *place, const char *name,
                         struct apply_original original, int *reused,
                         struct buffer *errors)
{
	struct stat info;

	*reused = 0;
	if (fstatat(place->folder, name, &info, AT_SYMLINK_NOFOLLOW) != 0)
		return 0;
	if (same_backup(place, name, original)) {
		*reused = 1;
		return 1;
	}
	buffer_printf(errors,
	              "%s.bak already exists and holds other bytes than %s: "
	              "move it away or use --no-backup",
	              place->path, place->path);
	return 1;
}

/*
 * Step 2: FILE.bak, written whole beside it and then renamed into place, so
 * a FILE.bak that exists is complete. Returns 0 (*created names it), or a
 * failure after saying why.
 */
static int write_backup(const struct place *place,
                        struct apply_original read_as, char **created,
                        struct buffer *errors)
{
	struct apply_bytes original = {read_as.bytes, read_as.len};
	char *name = with_suffix(place->name, ".bak");
	char *temporary = NULL;
	int error, reused;

	*created = NULL;
	if (!name) {
		buffer_printf(errors, "%s", strerror(ENOMEM));
		return APPLY_FAILED;
	}
	if (backup_exists(place, name, read_as, &reused, errors)) {
		free(name);
		/* The same backup: kept, and never removed by this call. */
		return reused ? APPLY_OK : APPLY_BACKUP_EXISTS;
	}
	error = write_temporary(place, read_as.read_as, original, &temporary);
	if (error == 0) {
		error = rename_no_replace(place, temporary, name);
		if (error)
			unlinkat(place->folder, temporary, 0);
	}
	free(temporary);
	if (error == EEXIST &&
	    backup_exists(place, name, read_as, &reused, errors)) {
		free(name);
		return reused ? APPLY_OK : APPLY_BACKUP_EXISTS;
	}
	if (error == 0 && (error = sync_folder(place)) != 0)
		unlinkat(place->folder, name, 0);
	if (error) {
		buffer_printf(errors, "cannot create %s.bak: %s", place->path,
		              strerror(error));
		free(name);
		return APPLY_FAILED;
	}
	*created = name;
	return APPLY_OK;
}

/* Steps 3 and 4: the new text beside the file, then renamed over it. */
static int replace_file(const struct place *place,
                        struct apply_original original,
                        struct apply_bytes migrated, struct buffer *errors)
{
	char *temporary = NULL;
	int error =
	        write_temporary(place, original.read_as, migrated, &temporary);

	if (error) {
		buffer_printf(errors,
		              "cannot write a temporary file beside it: %s",
		              strerror(error));
		return -1;
	}
	test_hook("after-temporary", place->path);
	if (check_unchanged(place, original, errors) != 0) {
		unlinkat(place->folder, temporary, 0);
		free(temporary);
		return -1;
	}
	if (renameat(place->folder, temporary, place->folder, place->name) !=
	    0) {
		error = errno;
		unlinkat(place->folder, temporary, 0);
		free(temporary);
		buffer_printf(errors, "cannot replace it: %s", strerror(error));
		return -1;
	}
	free(temporary);
	test_hook("after-rename", place->path);
	/* Durability only: old or new, the file is whole either way. */
	sync_folder(place);
	return 0;
}

static int apply_in(const struct place *place, struct apply_original original,
                    struct apply_bytes migrated, int backup,
                    struct buffer *errors)
{
	char *backup_name = NULL;
	int status;

	test_hook("before-backup", place->path);
	if (check_unchanged(place, original, errors) != 0 ||
	    check_writable(place, errors) != 0)
		return APPLY_FAILED;
	if (backup) {
		status = write_backup(place, original, &backup_name, errors);
		if (status != APPLY_OK)
			return status;
		test_hook("after-backup", place->path);
	}
	status = replace_file(place, original, migrated, errors);
	if (status != 0 && backup_name)
		unlinkat(place->folder, backup_name, 0);
	free(backup_name);
	return status == 0 ? APPLY_OK : APPLY_FAILED;
}

int apply_file(const char *path, struct apply_original original,
               struct apply_bytes migrated, int backup, struct buffer *errors)
{
	struct place place;
	int error = open_place(path, &place);
	int status = APPLY_FAILED;

	if (error)
		buffer_printf(errors, "%s", strerror(error));
	else
		status = apply_in(&place, original, migrated, backup, errors);
	close_place(&place);
	return status;
}

int apply_new_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			unlink(path);
			return -1;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		unlink(path);
		return -1;
	}
	return 0;
}
