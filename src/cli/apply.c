#include "apply.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static char *with_suffix(const char *path, const char *suffix)
{
	char *joined = malloc(strlen(path) + strlen(suffix) + 1);

	if (joined)
		sprintf(joined, "%s%s", path, suffix);
	return joined;
}

/* Returns APPLY_OK, or a failure after saying why no backup was made. */
static int write_backup(const char *backup_path, mode_t mode,
                        struct apply_bytes original, struct buffer *errors)
{
	int fd = open(backup_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	              mode & 0777);
	int error;

	if (fd < 0 && errno == EEXIST) {
		buffer_printf(errors,
		              "%s already exists; move it away or use "
		              "--no-backup",
		              backup_path);
		return APPLY_BACKUP_EXISTS;
	}
	if (fd < 0) {
		buffer_printf(errors, "cannot create %s: %s", backup_path,
		              strerror(errno));
		return -1;
	}
	error = finish_file(fd, original);
	if (error) {
		unlink(backup_path);
		buffer_printf(errors, "cannot write %s: %s", backup_path,
		              strerror(error));
		return -1;
	}
	return 0;
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

/* Write `migrated` to a new file in `path`'s folder; its name in *out. */
static int write_temporary(const char *path, const struct stat *original,
                           struct apply_bytes migrated, char **out)
{
	char *temporary = with_suffix(path, ".XXXXXX");
	int fd;
	int error;

	*out = NULL;
	if (!temporary)
		return ENOMEM;
	fd = mkstemp(temporary);
	if (fd < 0) {
		error = errno;
		free(temporary);
		return error;
	}
	if (match_original(fd, original) != 0) {
		error = errno;
		close(fd);
	} else {
		error = finish_file(fd, migrated);
	}
	if (error) {
		unlink(temporary);
		free(temporary);
		return error;
	}
	*out = temporary;
	return 0;
}

/* The rename is durable once the folder itself is flushed. */
static void sync_folder(const char *path)
{
	char *copy = strdup(path);
	int fd;

	if (!copy)
		return;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Replace `target` with a file holding `migrated`. */
static int replace_file(const char *target, const struct stat *original,
                        struct apply_bytes migrated, struct buffer *errors)
{
	char *temporary = NULL;
	int error = write_temporary(target, original, migrated, &temporary);

	if (error) {
		buffer_printf(errors,
		              "cannot write a temporary file beside "
		              "it: %s",
		              strerror(error));
		return -1;
	}
	if (rename(temporary, target) != 0) {
		error = errno;
		unlink(temporary);
		free(temporary);
		buffer_printf(errors, "cannot replace it: %s", strerror(error));
		return -1;
	}
	free(temporary);
	sync_folder(target);
	return 0;
}

static int check_writable(const char *target, struct stat *info,
                          struct buffer *errors)
{
	if (stat(target, info) != 0 || access(target, W_OK) != 0) {
		buffer_printf(errors, "%s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(info->st_mode)) {
		buffer_printf(errors, "not a regular file");
		return -1;
	}
	return 0;
}

static int apply_to(const char *target, struct apply_bytes original,
                    struct apply_bytes migrated, int backup,
                    struct buffer *errors)
{
	struct stat info;
	char *backup_path = NULL;
	int status;

	if (check_writable(target, &info, errors) != 0)
		return -1;
	if (backup) {
		backup_path = with_suffix(target, ".bak");
		if (!backup_path) {
			buffer_printf(errors, "%s", strerror(ENOMEM));
			return -1;
		}
		status = write_backup(backup_path, info.st_mode, original,
		                      errors);
		if (status != APPLY_OK) {
			free(backup_path);
			return status;
		}
	}
	if (replace_file(target, &info, migrated, errors) != 0) {
		if (backup_path)
			unlink(backup_path);
		free(backup_path);
		return -1;
	}
	free(backup_path);
	return 0;
}

int apply_file(const char *path, struct apply_bytes original,
               struct apply_bytes migrated, int backup, struct buffer *errors)
{
	struct stat link_info;
	char *target = NULL;
	int status;

	/* A symbolic link stays one: the file it points to is replaced. */
	if (lstat(path, &link_info) == 0 && S_ISLNK(link_info.st_mode)) {
		target = realpath(path, NULL);
		if (!target) {
			buffer_printf(errors, "%s", strerror(errno));
			return -1;
		}
	}
	status = apply_to(target ? target : path, original, migrated, backup,
	                  errors);
	free(target);
	return status;
}
