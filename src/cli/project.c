#define _GNU_SOURCE /* memmem */

#include "project.h"
#include "apply.h"
#include "diff.h"
#include "git_dirty.h"
#include "pool.h"
#include "source_file.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum pytest_mode { MODE_NONE, MODE_STRICT, MODE_AUTO };

struct pytest_config {
	char *real;   /* the file's absolute path */
	char *folder; /* its absolute folder */
	char *shown;  /* as the run shows paths; NULL until a file needs it */
	enum pytest_mode mode;
	size_t line_start, line_end; /* the `asyncio_mode` line, its newline */
	unsigned line;               /* 1-based */
	int in_addopts; /* the line is `addopts = --asyncio-mode=auto` */
	int material;   /* tests under it use pytest-asyncio */
};

/* ---- reading a pytest configuration -------------------------------------- */

static const char *skip_blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Whether the line [p, end) is the section header `[name]`. */
static int is_header(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	p = skip_blanks(p, end);
	if (p >= end || *p != '[' || (size_t)(end - p) < n + 2 ||
	    memcmp(p + 1, name, n) != 0 || p[n + 1] != ']')
		return 0;
	return skip_blanks(p + n + 2, end) == end || p[n + 2] == '#' ||
	       p[n + 2] == '\r';
}

/*
 * Reads `text` as a configuration whose pytest section is `section`. Returns
 * 1 when the section is there (or `always`), filling the mode and the
 * `asyncio_mode` line; 0 when it is not pytest's file.
 */
static int read_section(struct pytest_config *config, const char *text,
                        size_t len, const char *section, int always)
{
	const char *p = text, *end = text + len;
	int found = always, in_section = always && !section;

	config->mode = MODE_NONE;
	for (unsigned line = 1; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		const char *q = skip_blanks(p, stop);

		if (q < stop && *q == '[') {
			in_section = section && is_header(p, stop, section);
			found |= in_section;
		} else if (in_section && (size_t)(stop - q) > 7 &&
		           memcmp(q, "addopts", 7) == 0 &&
		           (memmem(q, (size_t)(stop - q), "--asyncio-mode=auto",
		                   19) ||
		            memmem(q, (size_t)(stop - q), "--asyncio-mode auto",
		                   19))) {
			/* the option on pytest's command line, which wins */
			config->mode = MODE_AUTO;
			config->in_addopts = 1;
			config->line_start = (size_t)(p - text);
			config->line_end = nl ? (size_t)(nl + 1 - text) : len;
			config->line = line;
		} else if (in_section && !config->in_addopts &&
		           (size_t)(stop - q) > 12 &&
		           memcmp(q, "asyncio_mode", 12) == 0) {
			const char *v = skip_blanks(q + 12, stop);

			if (v < stop && (*v == '=' || *v == ':')) {
				v = skip_blanks(v + 1, stop);
				if (v < stop && (*v == '"' || *v == '\''))
					v++;
				config->mode = (size_t)(stop - v) >= 4 &&
				                               memcmp(v, "auto",
				                                      4) == 0
				                       ? MODE_AUTO
				                       : MODE_STRICT;
				config->line_start = (size_t)(p - text);
				config->line_end =
				        nl ? (size_t)(nl + 1 - text) : len;
				config->line = line;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return found;
}

/* The files pytest reads its settings from, in the order it prefers them
 * within one folder. */
static const struct {
	const char *name;
	const char *section; /* NULL: the whole file is pytest's */
	int always;          /* the file counts even without the section */
} config_files[] = {
        {"pytest.ini", "pytest", 1},
        {"pyproject.toml", "tool.pytest.ini_options", 0},
        {"tox.ini", "pytest", 0},
        {"setup.cfg", "tool:pytest", 0},
};

/* The pytest configuration in `folder`: 1 (filled), 0 (none), -1 (memory). */
static int config_in(const char *folder, struct pytest_config *config)
{
	for (size_t i = 0; i < sizeof(config_files) / sizeof(config_files[0]);
	     i++) {
		struct source_file file = SOURCE_FILE_INIT;
		size_t room = strlen(folder) + strlen(config_files[i].name) + 2;
		char *path = malloc(room);
		int found;

		if (!path)
			return -1;
		snprintf(path, room, "%s%s%s", folder,
		         strcmp(folder, "/") == 0 ? "" : "/",
		         config_files[i].name);
		if (source_file_read(path, 1, &file) != 0) {
			free(path);
			continue;
		}
		found = read_section(config, file.bytes, file.len,
		                     config_files[i].section,
		                     config_files[i].always);
		source_file_free(&file);
		if (!found) {
			free(path);
			continue;
		}
		config->real = path;
		config->folder = strdup(folder);
		return config->folder ? 1 : -1;
	}
	return 0;
}

/* ---- the project --------------------------------------------------------- */

struct scan {
	struct project *project;
	/* per walk item, while building */
	char **real;             /* realpath, or NULL */
	int *config;             /* index, or -1 */
	unsigned char *test;     /* test module or conftest.py */
	unsigned char *material; /* spells pytest-asyncio */
	unsigned char *backend;  /* a conftest.py with `anyio_backend` */
	char **seen_folders;     /* folders looked up, and their config */
	int *seen_config;
	size_t seen_count;
	int failed;
};

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static int is_test_module(const char *base)
{
	size_t n = strlen(base);
	return n > 3 && strcmp(base + n - 3, ".py") == 0 &&
	       (strncmp(base, "test_", 5) == 0 ||
	        (n > 8 && strcmp(base + n - 8, "_test.py") == 0));
}

static int is_conftest(const char *base)
{
	return strcmp(base, "conftest.py") == 0;
}

static char *folder_of(const char *real)
{
	const char *slash = strrchr(real, '/');
	size_t n = slash ? (size_t)(slash - real) : 0;
	char *out = malloc(n ? n + 1 : 2);

	if (!out)
		return NULL;
	if (n == 0)
		strcpy(out, "/");
	else
		memcpy(out, real, n), out[n] = '\0';
	return out;
}

/* Whether `folder` is `outer` or inside it. */
static int within(const char *folder, const char *outer)
{
	size_t n = strlen(outer);
	if (strcmp(outer, "/") == 0)
		return 1;
	return strncmp(folder, outer, n) == 0 &&
	       (folder[n] == '\0' || folder[n] == '/');
}

/* Remembers that `folder` has `config` (-1: none, up to the root). */
static void remember(struct scan *scan, const char *folder, int config)
{
	void *grown = realloc(scan->seen_folders,
	                      (scan->seen_count + 1) * sizeof(char *));
	if (grown)
		scan->seen_folders = grown;
	grown = grown ? realloc(scan->seen_config,
	                        (scan->seen_count + 1) * sizeof(int))
	              : NULL;
	char *copy = grown ? strdup(folder) : NULL;
	if (!copy) {
		scan->failed = 1;
		return;
	}
	scan->seen_config = grown;
	scan->seen_folders[scan->seen_count] = copy;
	scan->seen_config[scan->seen_count++] = config;
}

static int remembered(const struct scan *scan, const char *folder)
{
	for (size_t i = 0; i < scan->seen_count; i++)
		if (strcmp(scan->seen_folders[i], folder) == 0)
			return (int)i;
	return -1;
}

/* Adds the configuration in `folder` to the project: its index, -1 if
 * there is none, -2 when out of memory. */
static int add_config(struct scan *scan, const char *folder)
{
	struct project *project = scan->project;
	struct pytest_config config;
	void *grown;

	memset(&config, 0, sizeof(config));
	int status = config_in(folder, &config);
	if (status <= 0)
		return status < 0 ? -2 : -1;
	grown = realloc(project->configs, (project->config_count + 1) *
	                                          sizeof(*project->configs));
	if (!grown) {
		free(config.real);
		free(config.folder);
		return -2;
	}
	project->configs = grown;
	project->configs[project->config_count] = config;
	return (int)project->config_count++;
}

/* The index of the configuration for `folder` (looking up), -1 if none. */
static int config_for(struct scan *scan, const char *folder)
{
	char *f = strdup(folder);
	size_t first_new = scan->seen_count;
	int found = -1;

	while (f && !scan->failed) {
		int known = remembered(scan, f);
		if (known >= 0) {
			found = scan->seen_config[known];
			break;
		}
		found = add_config(scan, f);
		if (found == -2) {
			scan->failed = 1;
			break;
		}
		remember(scan, f, -1);
		if (found >= 0 || strcmp(f, "/") == 0)
			break;
		char *up = folder_of(f);
		free(f);
		f = up;
	}
	if (!f)
		scan->failed = 1;
	free(f);
	/* every folder passed on the way up has the same configuration */
	for (size_t i = first_new; i < scan->seen_count; i++)
		scan->seen_config[i] = found;
	return found;
}

static int spells(const struct source_file *file, const char *word)
{
	return memmem(file->bytes, file->len, word, strlen(word)) != NULL;
}

static int identifier_byte(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Whether the file spells `word` as a name of its own (`event_loop`, not
 * `new_event_loop`). */
static int spells_word(const struct source_file *file, const char *word)
{
	size_t n = strlen(word);
	const char *p = file->bytes, *end = file->bytes + file->len;
	while ((p = memmem(p, (size_t)(end - p), word, n)) != NULL) {
		if ((p == file->bytes || !identifier_byte(p[-1])) &&
		    (p + n == end || !identifier_byte(p[n])))
			return 1;
		p += n;
	}
	return 0;
}

/* One test module or conftest.py: whether it is material, and a test
 * module under auto mode. */
static void read_test_file(struct scan *scan, size_t i, const char *path)
{
	struct source_file file = SOURCE_FILE_INIT;
	int config = scan->config[i];
	int automatic =
	        config >= 0 && scan->project->configs[config].mode == MODE_AUTO;

	if (source_file_read(path, 1, &file) != 0)
		return;
	/* pytest-asyncio's marker or module, its fixture (`event_loop`, which
	 * `asyncio.new_event_loop` spells too: in a conftest.py with pytest),
	 * or an async test under auto mode */
	scan->material[i] =
	        spells(&file, "pytest_asyncio") ||
	        spells(&file, "mark.asyncio") ||
	        (is_conftest(base_name(path)) && spells(&file, "pytest") &&
	         spells_word(&file, "event_loop")) ||
	        (automatic && spells(&file, "async def"));
	scan->project->files[i].auto_mode =
	        automatic && is_test_module(base_name(path));
	scan->backend[i] = is_conftest(base_name(path)) &&
	                   spells(&file, "def anyio_backend(");
	source_file_free(&file);
}

/* The fixtures one test file's plain tests and fixtures request. */
struct requests {
	const char *path;
	char **names;
	size_t count, capacity;
	int failed;
};

struct request_scan {
	struct requests *files;
	am_engine **engines;
	am_scan_kind kind;
	/* AM_SCAN_SYNC_REQUESTS: the fixture names that matter; a file that
	 * spells none of them is not parsed */
	char *const *wanted;
	size_t wanted_count;
};

static void add_request(const char *name, size_t len, void *data)
{
	struct requests *r = data;

	if (r->count == r->capacity) {
		size_t cap = r->capacity ? r->capacity * 2 : 8;
		void *grown = realloc(r->names, cap * sizeof(*r->names));
		if (!grown) {
			r->failed = 1;
			return;
		}
		r->names = grown;
		r->capacity = cap;
	}
	r->names[r->count] = strndup(name, len);
	if (r->names[r->count])
		r->count++;
	else
		r->failed = 1;
}

static int spells_any(const struct source_file *file, char *const *names,
                      size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (spells(file, names[i]))
			return 1;
	return 0;
}

static void scan_one(void *shared, size_t worker, size_t index)
{
	struct request_scan *rs = shared;
	struct requests *r = &rs->files[index];
	struct source_file file = SOURCE_FILE_INIT;

	if (source_file_read(r->path, 1, &file) != 0)
		return;
	if (rs->kind == AM_SCAN_ASYNC_FIXTURES ||
	    spells_any(&file, rs->wanted, rs->wanted_count))
		am_scan_tests(rs->engines[worker], file.bytes, file.len,
		              rs->kind, add_request, r);
	source_file_free(&file);
}

/* The names `kind` finds in the files `which` marks, parsed by a pool of
 * workers (one engine each), handed to `add` in the walk's order. */
static void scan_names(struct scan *scan, const struct walk_list *found,
                       const struct cli_options *options,
                       const unsigned char *which, struct request_scan *rs,
                       am_name_callback add, void *data)
{
	size_t count = 0, workers = 0, started = 0;
	struct pool pool;

	for (size_t i = 0; i < found->count; i++)
		count += which[i];
	if (count == 0)
		return;
	rs->files = calloc(count, sizeof(*rs->files));
	workers = pool_worker_count(options->jobs, count);
	rs->engines = calloc(workers, sizeof(*rs->engines));
	if (!rs->files || !rs->engines)
		scan->failed = 1;
	for (size_t i = 0, k = 0; rs->files && i < found->count; i++)
		if (which[i])
			rs->files[k++].path = found->items[i].path;
	for (; !scan->failed && started < workers; started++)
		if (am_engine_new(&rs->engines[started]) != AM_OK)
			scan->failed = 1;
	if (!scan->failed) {
		if (pool_start(&pool, workers, count, scan_one, rs) != 0)
			scan->failed = 1;
		else
			pool_finish(&pool);
	}
	for (size_t k = 0; rs->files && k < count; k++) {
		struct requests *r = &rs->files[k];
		scan->failed |= r->failed;
		for (size_t n = 0; n < r->count; n++) {
			if (!scan->failed)
				add(r->names[n], strlen(r->names[n]), data);
			free(r->names[n]);
		}
		free(r->names);
	}
	for (size_t w = 0; w < started; w++)
		am_engine_free(rs->engines[w]);
	free(rs->engines);
	free(rs->files);
	rs->engines = NULL;
	rs->files = NULL;
}

/* A name of a list without repeats (NULL-terminated). */
struct name_list {
	char **names;
	size_t count, capacity;
	int failed;
};

static void add_unique(const char *name, size_t len, void *data)
{
	struct name_list *list = data;

	for (size_t i = 0; i < list->count; i++)
		if (strlen(list->names[i]) == len &&
		    memcmp(list->names[i], name, len) == 0)
			return;
	if (list->count + 2 > list->capacity) {
		size_t cap = list->capacity ? list->capacity * 2 : 16;
		void *grown = realloc(list->names, cap * sizeof(*list->names));
		if (!grown) {
			list->failed = 1;
			return;
		}
		list->names = grown;
		list->capacity = cap;
	}
	char *copy = strndup(name, len);
	if (!copy) {
		list->failed = 1;
		return;
	}
	list->names[list->count++] = copy;
	list->names[list->count] = NULL;
}

static void name_list_free(struct name_list *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->names[i]);
	free(list->names);
}

/* The fixtures the project's plain tests and fixtures request, of those
 * the files using pytest-asyncio define as async (or on `event_loop`):
 * those files parsed first for their names, then the test files that spell
 * one of them for what their plain tests and fixtures request. */
static void scan_requests(struct scan *scan, const struct walk_list *found,
                          const struct cli_options *options)
{
	struct request_scan rs;
	struct name_list fixtures = {NULL, 0, 0, 0};
	struct name_list requested = {NULL, 0, 0, 0};

	memset(&rs, 0, sizeof(rs));
	rs.kind = AM_SCAN_ASYNC_FIXTURES;
	scan_names(scan, found, options, scan->material, &rs, add_unique,
	           &fixtures);
	if (!scan->failed && !fixtures.failed && fixtures.count) {
		rs.kind = AM_SCAN_SYNC_REQUESTS;
		rs.wanted = fixtures.names;
		rs.wanted_count = fixtures.count;
		scan_names(scan, found, options, scan->test, &rs, add_unique,
		           &requested);
	}
	/* who requests pytest-asyncio's loop, but the fixtures that only
	 * hand it out */
	struct name_list loop = {NULL, 0, 0, 0};
	char *event_loop[] = {"event_loop"};
	if (!scan->failed) {
		rs.kind = AM_SCAN_LOOP_REQUESTS;
		rs.wanted = event_loop;
		rs.wanted_count = 1;
		scan_names(scan, found, options, scan->test, &rs, add_unique,
		           &loop);
	}
	scan->project->event_loop_unrequested =
	        !scan->failed && !loop.failed && loop.count == 0;
	scan->failed |= fixtures.failed || requested.failed || loop.failed;
	name_list_free(&loop);
	name_list_free(&fixtures);
	scan->project->sync_requested = requested.names;
	scan->project->sync_count = requested.count;
}

/* `name` in the folder `target` (absolute), as the run shows paths:
 * relative to the current folder when inside it. */
static char *shown_path(const char *target, const char *name)
{
	char *cwd = getcwd(NULL, 0);
	const char *rest = target;
	char *out;
	size_t room;

	if (cwd && within(target, cwd)) {
		rest = target + strlen(cwd);
		rest += *rest == '/';
	}
	room = strlen(rest) + strlen(name) + 2;
	out = malloc(room);
	if (out)
		snprintf(out, room, "%s%s%s", rest, *rest ? "/" : "", name);
	free(cwd);
	return out;
}

/* The longest folder holding every candidate, or NULL. */
static char *common_folder(struct scan *scan, const struct walk_list *found,
                           const unsigned char *candidate)
{
	char *common = NULL;

	for (size_t i = 0; i < found->count; i++) {
		if (!candidate[i] || !scan->real[i])
			continue;
		char *folder = folder_of(scan->real[i]);
		if (!folder) {
			free(common);
			return NULL;
		}
		if (!common) {
			common = folder;
			continue;
		}
		while (!within(folder, common)) {
			char *up = folder_of(common);
			free(common);
			common = up;
			if (!common)
				break;
		}
		free(folder);
		if (!common)
			return NULL;
	}
	return common;
}

/* Whether `folder` is inside a folder the run was given. */
static int inside_given(const struct cli_options *options, const char *folder)
{
	for (size_t i = 0; i < options->path_count; i++) {
		char *real = realpath(options->paths[i], NULL);
		int inside = 0;
		struct stat st;

		if (real && stat(real, &st) == 0 && S_ISDIR(st.st_mode))
			inside = within(folder, real);
		free(real);
		if (inside)
			return 1;
	}
	return 0;
}

/* The conftest.py at the root of the tests: marked among the run's files,
 * or to be made. */
static int add_new_conftest(struct project *project, const char *root)
{
	char *shown = shown_path(root, "conftest.py");
	void *grown = shown ? realloc(project->new_conftests,
	                              (project->new_count + 1) *
	                                      sizeof(*project->new_conftests))
	                    : NULL;
	if (!grown) {
		free(shown);
		return -1;
	}
	project->new_conftests = grown;
	project->new_conftests[project->new_count++] = shown;
	return 0;
}

/* The root of the candidates (a mask over the walk's items, `first` the
 * first of them) and its conftest.py: marked among the run's files, or to
 * be made. */
static void find_root(struct scan *scan, const struct walk_list *found,
                      const struct cli_options *options,
                      const unsigned char *candidate, size_t first)
{
	struct project *project = scan->project;
	char *root = common_folder(scan, found, candidate);
	if (!root) {
		scan->failed = 1;
		return;
	}
	int config = scan->config[first];
	if (config >= 0 && within(root, project->configs[config].folder) &&
	    inside_given(options, project->configs[config].folder)) {
		free(root);
		root = strdup(project->configs[config].folder);
		if (!root) {
			scan->failed = 1;
			return;
		}
	}
	size_t room = strlen(root) + sizeof("/conftest.py");
	char *conftest = malloc(room);
	if (!conftest) {
		free(root);
		scan->failed = 1;
		return;
	}
	snprintf(conftest, room, "%s/conftest.py", root);
	int marked = 0;
	for (size_t i = 0; i < found->count; i++) {
		if (scan->real[i] && strcmp(scan->real[i], conftest) == 0) {
			project->files[i].root_conftest = 1;
			marked = 1;
		}
	}
	if (!marked && access(conftest, F_OK) != 0 && errno == ENOENT &&
	    add_new_conftest(project, root) != 0)
		scan->failed = 1;
	free(conftest);
	free(root);
}

/* A root for the tests of each pytest configuration (and one for those
 * under none): those that use pytest-asyncio, or, when the backends are
 * asked for and none does, every test file. A conftest.py that has an
 * `anyio_backend` fixture is a root already (the rule rewrites only the
 * fixtures it wrote): when the backends are asked for and nothing uses
 * pytest-asyncio any more, those are the roots, so that a later run finds
 * the fixture an earlier one wrote. */
static void find_roots(struct scan *scan, const struct walk_list *found,
                       const struct cli_options *options)
{
	struct project *project = scan->project;
	const unsigned char *use = scan->material;
	int any = 0, written = 0;
	unsigned char *mask = calloc(found->count ? found->count : 1, 1);

	if (!mask) {
		scan->failed = 1;
		return;
	}
	for (size_t i = 0; i < found->count; i++) {
		any |= scan->material[i];
		written |= scan->backend[i];
		if (scan->backend[i])
			project->files[i].root_conftest = 1;
	}
	if (!any && project->backends_asked && written) {
		free(mask);
		return;
	}
	if (!any && project->backends_asked)
		use = scan->test;
	for (int group = -1;
	     group < (int)project->config_count && !scan->failed; group++) {
		size_t first = found->count;
		for (size_t i = 0; i < found->count; i++) {
			mask[i] = use[i] && scan->config[i] == group;
			if (mask[i] && first == found->count)
				first = i;
		}
		if (first < found->count)
			find_root(scan, found, options, mask, first);
	}
	free(mask);
}

/* The configurations whose `asyncio_mode` goes: tests under them use
 * pytest-asyncio, and the run was given their folder. */
static void find_configs(struct scan *scan, const struct walk_list *found,
                         const struct cli_options *options)
{
	struct project *project = scan->project;

	for (size_t i = 0; i < found->count; i++) {
		int c = scan->config[i];
		struct pytest_config *config =
		        c >= 0 ? &project->configs[c] : NULL;

		if (!config || !scan->material[i] || config->material ||
		    config->mode == MODE_NONE ||
		    !inside_given(options, config->folder))
			continue;
		config->material = 1;
		config->shown =
		        shown_path(config->folder, base_name(config->real));
		if (!config->shown)
			scan->failed = 1;
	}
}

static void scan_free(struct scan *scan, size_t count)
{
	for (size_t i = 0; scan->real && i < count; i++)
		free(scan->real[i]);
	for (size_t i = 0; i < scan->seen_count; i++)
		free(scan->seen_folders[i]);
	free(scan->real);
	free(scan->config);
	free(scan->test);
	free(scan->material);
	free(scan->backend);
	free(scan->seen_folders);
	free(scan->seen_config);
}

static int path_order(const void *a, const void *b)
{
	const struct walk_item *const *x = a, *const *y = b;
	return strcmp((*x)->path, (*y)->path);
}

/* The project's facts about `whole`'s files, for `found`'s (a part of it):
 * matched by path, as the same walk names them. */
static int narrow(struct project *project, const struct walk_list *whole,
                  const struct walk_list *found)
{
	size_t n = whole->count ? whole->count : 1;
	const struct walk_item **sorted = malloc(n * sizeof(*sorted));
	struct project_file *files =
	        calloc(found->count ? found->count : 1, sizeof(*files));

	if (!sorted || !files) {
		free(sorted);
		free(files);
		return -1;
	}
	for (size_t i = 0; i < whole->count; i++)
		sorted[i] = &whole->items[i];
	qsort(sorted, whole->count, sizeof(*sorted), path_order);
	for (size_t i = 0; i < found->count; i++) {
		const struct walk_item *key = &found->items[i];
		const struct walk_item **hit =
		        bsearch(&key, sorted, whole->count, sizeof(*sorted),
		                path_order);
		if (hit)
			files[i] = project->files[*hit - whole->items];
	}
	free(sorted);
	free(project->files);
	project->files = files;
	project->count = found->count;
	return 0;
}

int project_build(struct project *project, const struct walk_list *whole,
                  const struct walk_list *part,
                  const struct cli_options *options,
                  const struct settings *settings)
{
	const struct walk_list *found = whole;
	struct scan scan;
	size_t n = found->count ? found->count : 1;
	int any = 0;

	memset(project, 0, sizeof(*project));
	memset(&scan, 0, sizeof(scan));
	scan.project = project;
	project->backends = settings->test_backends;
	project->backends_asked = settings->test_backends_asked;
	project->count = found->count;
	project->files = calloc(n, sizeof(*project->files));
	scan.real = calloc(n, sizeof(*scan.real));
	scan.config = calloc(n, sizeof(*scan.config));
	scan.test = calloc(n, 1);
	scan.material = calloc(n, 1);
	scan.backend = calloc(n, 1);
	if (!project->files || !scan.real || !scan.config || !scan.test ||
	    !scan.material || !scan.backend) {
		scan_free(&scan, found->count);
		return -1;
	}
	for (size_t i = 0; i < found->count && !scan.failed; i++) {
		const struct walk_item *item = &found->items[i];
		const char *base = base_name(item->path);

		scan.config[i] = -1;
		if (item->kind != WALK_FILE ||
		    (!is_test_module(base) && !is_conftest(base)))
			continue;
		scan.real[i] = realpath(item->path, NULL);
		if (!scan.real[i])
			continue;
		char *folder = folder_of(scan.real[i]);
		if (!folder) {
			scan.failed = 1;
			break;
		}
		scan.config[i] = config_for(&scan, folder);
		free(folder);
		scan.test[i] = 1;
		read_test_file(&scan, i, item->path);
		any |= scan.material[i];
	}
	if (any && !scan.failed)
		scan_requests(&scan, found, options);
	if (!scan.failed)
		find_roots(&scan, found, options);
	if (!scan.failed)
		find_configs(&scan, found, options);
	scan_free(&scan, found->count);
	if (!scan.failed && part != whole && narrow(project, whole, part) != 0)
		scan.failed = 1;
	return scan.failed ? -1 : 0;
}

void project_options(const struct project *project, size_t index,
                     const am_options *rules, am_options *out)
{
	*out = *rules;
	if (!project || index >= project->count)
		return;
	out->pytest_auto_mode = project->files[index].auto_mode;
	out->sync_requested_fixtures =
	        (const char *const *)project->sync_requested;
	out->anyio_backends =
	        project->files[index].root_conftest ? project->backends : NULL;
	out->anyio_backends_asked = project->backends_asked;
	out->event_loop_unrequested = project->event_loop_unrequested;
}

/* ---- the files besides Python's ------------------------------------------ */

void project_extra_files(const struct project *project,
                         const struct process_context *context, int failed,
                         void (*each)(void *data, const char *path,
                                      struct file_outcome *outcome),
                         void *data)
{
	struct file_outcome empty = FILE_OUTCOME_INIT;

	for (size_t i = 0; i < project->new_count; i++) {
		const char *path = project->new_conftests[i];
		struct file_outcome outcome = empty;
		struct process_context made = *context;
		am_options rules = *context->rules;

		rules.anyio_backends = project->backends;
		rules.anyio_backends_asked = project->backends_asked;
		made.rules = &rules;
		if (am_engine_new(&made.engine) == AM_OK) {
			process_new_file(&made, path, &outcome);
			am_engine_free(made.engine);
			each(data, path, &outcome);
		}
		file_outcome_free(&outcome);
	}
	for (size_t i = 0; i < project->config_count; i++) {
		const struct pytest_config *config = &project->configs[i];
		struct file_outcome outcome = empty;
		struct dirty_check check = DIRTY_CHECK_INIT;
		const char *dirty = NULL;

		if (!config->material)
			continue;
		if (context->options->mode == MODE_APPLY &&
		    !context->options->allow_dirty)
			dirty = dirty_check_file(&check, config->shown);
		process_pytest_line(
		        context, config->shown, config->real,
		        config->line_start, config->line_end,
		        failed ? "a file of the run was not migrated"
		        : config->in_addopts
		                ? "it is pytest's command line: take "
		                  "`--asyncio-mode=auto` out of it by hand"
		                : NULL,
		        dirty, &outcome);
		dirty_check_free(&check);
		each(data, config->shown, &outcome);
		file_outcome_free(&outcome);
	}
}

void project_free(struct project *project)
{
	for (size_t i = 0; i < project->config_count; i++) {
		free(project->configs[i].real);
		free(project->configs[i].folder);
		free(project->configs[i].shown);
	}
	for (size_t i = 0; i < project->sync_count; i++)
		free(project->sync_requested[i]);
	free(project->sync_requested);
	free(project->configs);
	free(project->files);
	for (size_t i = 0; i < project->new_count; i++)
		free(project->new_conftests[i]);
	free(project->new_conftests);
	memset(project, 0, sizeof(*project));
}
