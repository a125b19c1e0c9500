/*
 * The parser's own speed, the floor for a tool that parses every file it
 * migrates: walks the same folders as migrate_to_anyio (*.py and *.pyi;
 * hidden folders and __pycache__ skipped), reads each file, and parses it
 * with the same tree-sitter and Python grammar. With --asyncio-only it
 * parses only the files whose bytes contain "asyncio" (it still reads them
 * all), which is what a parser-bound tool with that prefilter must do.
 *
 * With --reparse it also measures what tree-sitter's incremental parsing
 * costs after the smallest edit a migration makes: in every parsed file
 * that contains "asyncio", the first one becomes "anyio", the tree is told
 * (ts_tree_edit) and the text parsed again with the old tree; it prints the
 * thread CPU time of the first parses and of those re-parses.
 *
 *     parse_only [--asyncio-only] [--reparse] [--jobs N] PATH...
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
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

typedef struct file_list {
	char **paths;
	size_t count, capacity;
} file_list;

typedef struct totals {
	atomic_size_t next;
	atomic_size_t parsed, bytes_read, bytes_parsed, errors;
	atomic_size_t reparsed, parse_ns, reparse_ns;
} totals;

static const file_list *files;
static int asyncio_only, reparse;
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
		if (e->d_name[0] == '.' ||
		    strcmp(e->d_name, "__pycache__") == 0)
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

static size_t thread_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (size_t)t.tv_sec * 1000000000u + (size_t)t.tv_nsec;
}

/* The point after text[0, at). */
static TSPoint point_at(const char *text, size_t at)
{
	TSPoint p = {0, 0};
	for (size_t i = 0; i < at; i++) {
		p.column++;
		if (text[i] == '\n') {
			p.row++;
			p.column = 0;
		}
	}
	return p;
}

/* The first "asyncio" becomes "anyio"; the tree of text is re-parsed. */
static void edit_and_reparse(TSParser *parser, TSTree *tree, const char *text,
                             size_t len)
{
	const char *hit = memmem(text, len, "asyncio", 7);
	if (!hit)
		return;
	size_t at = (size_t)(hit - text);
	char *edited = malloc(len);
	if (!edited)
		exit(2);
	memcpy(edited, text, at);
	memcpy(edited + at, "anyio", 5);
	memcpy(edited + at + 5, hit + 7, len - at - 7);
	TSPoint start = point_at(text, at);
	TSPoint old_end = {start.row, start.column + 7};
	TSPoint new_end = {start.row, start.column + 5};
	TSInputEdit edit = {(uint32_t)at, (uint32_t)at + 7, (uint32_t)at + 5,
	                    start,        old_end,          new_end};
	ts_tree_edit(tree, &edit);
	size_t t0 = thread_ns();
	TSTree *again = ts_parser_parse_string(parser, tree, edited,
	                                       (uint32_t)(len - 2));
	atomic_fetch_add(&sums.reparse_ns, thread_ns() - t0);
	atomic_fetch_add(&sums.reparsed, 1);
	ts_tree_delete(again);
	free(edited);
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
			size_t t0 = thread_ns();
			TSTree *tree = ts_parser_parse_string(
			        parser, NULL, text, (uint32_t)len);
			atomic_fetch_add(&sums.parse_ns, thread_ns() - t0);
			if (reparse)
				edit_and_reparse(parser, tree, text, len);
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
		else if (strcmp(argv[i], "--reparse") == 0)
			reparse = 1;
		else if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc)
			jobs = strtol(argv[++i], NULL, 10);
		else
			break;
	}
	if (i == argc || jobs < 1) {
		fprintf(stderr,
		        "usage: parse_only [--asyncio-only] [--reparse] "
		        "[--jobs N] PATH...\n");
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
	fprintf(stderr,
	        "%zu files read, %zu parsed; %zu bytes read, %zu parsed\n",
	        list.count, (size_t)sums.parsed, (size_t)sums.bytes_read,
	        (size_t)sums.bytes_parsed);
	if (reparse)
		fprintf(stderr,
		        "first parses: %.3f s CPU; %zu re-parses after a "
		        "one-word "
		        "edit: %.3f s CPU\n",
		        (double)sums.parse_ns / 1e9, (size_t)sums.reparsed,
		        (double)sums.reparse_ns / 1e9);
	for (size_t k = 0; k < list.count; k++)
		free(list.paths[k]);
	free(list.paths);
	free(threads);
	return sums.errors ? 1 : 0;
}
