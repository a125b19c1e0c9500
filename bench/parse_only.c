/*
 * The parser's own speed, the floor for a tool that parses every file it
 * migrates: walks the same folders as migrate_to_anyio (*.py and *.pyi;
 * hidden folders and __pycache__ skipped), reads each file, and parses it
 * with the same tree-sitter and Python grammar. With --asyncio-only it
 * parses only the files whose bytes contain "asyncio" (it still reads them
 * all), which is what a parser-bound tool with that prefilter must do.
 *
 *     parse_only [--asyncio-only] [--jobs N] PATH...
 *
 * Prints files read, files parsed, bytes read and bytes parsed on stderr.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

typedef struct file_list {
	char **paths;
	size_t count, capacity;
} file_list;

typedef struct totals {
	atomic_size_t next;
	atomic_size_t parsed, bytes_read, bytes_parsed, errors;
} totals;

static const file_list *files;
static int asyncio_only;
static totals sums;

static void add_path(file_list *list, const char *path)
{
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? 2 * list->capacity : 1024;
		list->paths = realloc(list->paths,
		                      list->capacity * sizeof(*list->paths));
		if (!list->paths) {
			perror("parse_only");
			exit(2);
		}
	}
	list->paths[list->count++] = strdup(path);
}

static int is_python(const char *name)
{
	size_t n = strlen(name);
	return (n > 3 && strcmp(name + n - 3, ".py") == 0) ||
	       (n > 4 && strcmp(name + n - 4, ".pyi") == 0);
}

static void walk(file_list *list, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		add_path(list, path);
		return;
	}
	DIR *dir = opendir(path);
	if (!dir)
		return;
	for (struct dirent *e; (e = readdir(dir));) {
		if (e->d_name[0] == '.' || strcmp(e->d_name, "__pycache__") == 0)
			continue;
		char *child;
		if (asprintf(&child, "%s/%s", path, e->d_name) < 0)
			exit(2);
		if (stat(child, &st) == 0 &&
		    (S_ISDIR(st.st_mode) || is_python(e->d_name)))
			walk(list, child);
		free(child);
	}
	closedir(dir);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *data = malloc(cap);
	for (size_t got; data && (got = fread(data + n, 1, cap - n, f)) > 0;) {
		n += got;
		if (n == cap)
			data = realloc(data, cap *= 2);
	}
	fclose(f);
	*len = n;
	return data;
}

static void *worker(void *unused)
{
	(void)unused;
	TSParser *parser = ts_parser_new();
	ts_parser_set_language(parser, tree_sitter_python());
	for (size_t i; (i = atomic_fetch_add(&sums.next, 1)) < files->count;) {
		size_t len;
		char *text = read_file(files->paths[i], &len);
		if (!text) {
			atomic_fetch_add(&sums.errors, 1);
			continue;
		}
		atomic_fetch_add(&sums.bytes_read, len);
		if (!asyncio_only || memmem(text, len, "asyncio", 7)) {
			TSTree *tree = ts_parser_parse_string(parser, NULL, text,
			                                      (uint32_t)len);
			ts_tree_delete(tree);
			atomic_fetch_add(&sums.parsed, 1);
			atomic_fetch_add(&sums.bytes_parsed, len);
		}
		free(text);
	}
	ts_parser_delete(parser);
	return NULL;
}

int main(int argc, char **argv)
{
	file_list list = {0};
	long jobs = 1;
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--asyncio-only") == 0)
			asyncio_only = 1;
		else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
			jobs = strtol(argv[++i], NULL, 10);
		else
			break;
	}
	if (i == argc || jobs < 1) {
		fprintf(stderr, "usage: parse_only [--asyncio-only] [--jobs N] "
		                "PATH...\n");
		return 2;
	}
	for (; i < argc; i++)
		walk(&list, argv[i]);
	files = &list;
	pthread_t *threads = calloc((size_t)jobs, sizeof(*threads));
	for (long t = 0; t < jobs; t++)
		pthread_create(&threads[t], NULL, worker, NULL);
	for (long t = 0; t < jobs; t++)
		pthread_join(threads[t], NULL);
	fprintf(stderr, "%zu files read, %zu parsed; %zu bytes read, %zu parsed\n",
	        list.count, (size_t)sums.parsed, (size_t)sums.bytes_read,
	        (size_t)sums.bytes_parsed);
	for (size_t k = 0; k < list.count; k++)
		free(list.paths[k]);
	free(list.paths);
	free(threads);
	return sums.errors ? 1 : 0;
}
