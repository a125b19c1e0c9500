/*
 * A main() for the harnesses without libFuzzer: runs LLVMFuzzerTestOneInput
 * once on every file named, and on every file in every folder named (not
 * below it). ctest replays the regressions and seeds with it in every
 * build, so an input that once broke a promise is a test for good.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *stream = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!stream || fseek(stream, 0, SEEK_END) != 0 ||
	    (size = ftell(stream)) < 0 || fseek(stream, 0, SEEK_SET) != 0 ||
	    !(data = malloc((size_t)size + 1)) ||
	    fread(data, 1, (size_t)size, stream) != (size_t)size) {
		fprintf(stderr, "%s: cannot read it\n", path);
		free(data);
		if (stream)
			fclose(stream);
		return -1;
	}
	fclose(stream);
	LLVMFuzzerTestOneInput((const uint8_t *)data, (size_t)size);
	free(data);
	return 0;
}

/* Returns how many files were replayed, or -1. */
static long replay_folder(const char *folder)
{
	DIR *dir = opendir(folder);
	struct dirent *entry;
	long count = 0;

	if (!dir) {
		fprintf(stderr, "%s: cannot open it\n", folder);
		return -1;
	}
	while (count >= 0 && (entry = readdir(dir))) {
		char *path;
		struct stat info;

		if (entry->d_name[0] == '.')
			continue;
		path = malloc(strlen(folder) + strlen(entry->d_name) + 2);
		if (!path)
			break;
		sprintf(path, "%s/%s", folder, entry->d_name);
		if (stat(path, &info) == 0 && S_ISREG(info.st_mode))
			count = replay_file(path) == 0 ? count + 1 : -1;
		free(path);
	}
	closedir(dir);
	return count;
}

int main(int argc, char **argv)
{
	long total = 0;
	int i;

	for (i = 1; i < argc; i++) {
		struct stat info;
		long count;

		if (stat(argv[i], &info) == 0 && S_ISDIR(info.st_mode))
			count = replay_folder(argv[i]);
		else
			count = replay_file(argv[i]) == 0 ? 1 : -1;
		if (count < 0)
			return 1;
		total += count;
	}
	printf("%ld inputs replayed, no promise broken\n", total);
	return 0;
}
