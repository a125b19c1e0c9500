#include "run.h"
#include "diff.h"
#include "discover.h"
#include "git_dirty.h"
#include "pool.h"
#include "process.h"
#include "project.h"
#include "sink.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STDIN_NAME "<stdin>"
#define WAIT_MS 100

struct task {
	const struct walk_item *item;
	const char *uncommitted; /* --apply: why git cannot give it back */
	struct file_outcome outcome;
};

struct tasks {
	const struct process_context *context; /* engine: per worker */
	const struct project *project;
	am_engine **engines;
	size_t engine_count;
	struct task *items;
	size_t count;
	int failed; /* a file was not migrated */
};

static void process_context_init(struct process_context *context,
                                 const struct cli_options *options,
                                 const struct settings *settings)
{
	context->engine = NULL;
	context->options = options;
	context->rules = &settings->rules;
	context->backup = settings->backup;
	context->colour = (options->mode == MODE_DIFF || options->show_diff) &&
	                  options->format == FORMAT_TEXT &&
	                  !options->from_stdin && diff_use_colour();
	context->stdin_name =
	        options->stdin_filename ? options->stdin_filename : STDIN_NAME;
}

static void work(void *shared, size_t worker, size_t index)
{
	struct tasks *tasks = shared;
	struct task *task = &tasks->items[index];
	struct process_context context = *tasks->context;
	am_options rules;

	if (task->item->kind != WALK_FILE)
		return;
	project_options(tasks->project, index, tasks->context->rules, &rules);
	context.rules = &rules;
	context.engine = tasks->engines[worker];
	process_file(&context, task->item->path, task->item->tree,
	             task->uncommitted, &task->outcome);
}

/* The main thread's part: each task's outcome, in order, once done. */
static void deliver_in_order(struct pool *pool, struct tasks *tasks,
                             struct sink *sink)
{
	size_t i, done = 0;

	progress_start(&sink->progress, tasks->count, sink->options->quiet);
	for (i = 0; i < tasks->count; i++) {
		struct task *task = &tasks->items[i];

		while (!pool_wait(pool, i, WAIT_MS, &done))
			progress_update(&sink->progress, done);
		if (task->outcome.counts.failed != FAILURE_NONE)
			tasks->failed = 1;
		if (task->item->kind == WALK_FILE)
			sink_file(sink, task->item->path, &task->outcome);
		else
			sink_walk_item(sink, task->item);
		file_outcome_free(&task->outcome);
		progress_update(&sink->progress, done);
	}
}

static int start_engines(struct tasks *tasks, size_t count, struct sink *sink)
{
	size_t i;

	tasks->engines = calloc(count, sizeof(*tasks->engines));
	if (!tasks->engines) {
		sink_fatal_error(sink, "out of memory");
		return -1;
	}
	for (i = 0; i < count; i++) {
		if (am_engine_new(&tasks->engines[i]) != AM_OK) {
			sink_fatal_error(sink, "cannot start the engine");
			return -1;
		}
		tasks->engine_count++;
	}
	return 0;
}

static void stop_engines(struct tasks *tasks)
{
	size_t i;

	for (i = 0; i < tasks->engine_count; i++)
		am_engine_free(tasks->engines[i]);
	free(tasks->engines);
}

/* Migrate the tasks with a pool of workers, printing as they finish. */
static void run_tasks(struct tasks *tasks, const struct cli_options *options,
                      struct sink *sink)
{
	size_t workers = pool_worker_count(options->jobs, tasks->count);
	struct pool pool;

	if (start_engines(tasks, workers, sink) == 0) {
		if (pool_start(&pool, workers, tasks->count, work, tasks) !=
		    0) {
			sink_fatal_error(sink,
			                 "cannot start the worker threads");
		} else {
			deliver_in_order(&pool, tasks, sink);
			pool_finish(&pool);
		}
	}
	stop_engines(tasks);
}

/* --apply: which files git cannot give back (read before workers start). */
static void read_git_status(struct tasks *tasks,
                            const struct cli_options *options)
{
	struct dirty_check check = DIRTY_CHECK_INIT;
	size_t i;

	if (options->mode != MODE_APPLY || options->allow_dirty)
		return;
	for (i = 0; i < tasks->count; i++) {
		if (tasks->items[i].item->kind == WALK_FILE)
			tasks->items[i].uncommitted = dirty_check_file(
			        &check, tasks->items[i].item->path);
	}
	dirty_check_free(&check);
}

static int make_tasks(struct tasks *tasks, const struct walk_list *found)
{
	struct file_outcome empty = FILE_OUTCOME_INIT;
	size_t i;

	tasks->count = found->count;
	tasks->items =
	        calloc(found->count ? found->count : 1, sizeof(*tasks->items));
	if (!tasks->items)
		return -1;
	for (i = 0; i < found->count; i++) {
		tasks->items[i].item = &found->items[i];
		tasks->items[i].uncommitted = NULL;
		tasks->items[i].outcome = empty;
	}
	return 0;
}

/* The files to migrate; -1 after reporting why there are none. */
static int find_files(const struct cli_options *options,
                      const struct settings *settings, struct walk_list *found,
                      struct sink *sink)
{
	struct changed_files changed = CHANGED_FILES_INIT;
	struct buffer why = BUFFER_INIT;
	int status = 0;

	if (options->changed_since &&
	    changed_files_load(&changed, options->changed_since, options->paths,
	                       options->path_count, &why) != 0) {
		sink_fatal_error(sink, why.data ? why.data : "out of memory");
		status = -1;
	}
	if (status == 0 &&
	    discover_files(options->paths, options->path_count,
	                   &settings->exclude, options->force_exclude,
	                   options->changed_since ? &changed : NULL,
	                   found) != 0) {
		sink_run_error(sink, "out of memory");
		status = -1;
	}
	changed_files_free(&changed);
	buffer_free(&why);
	return status;
}

/* With --changed-since, every file under the paths, for the project's view
 * (a fixture a file changed defines is requested by the files not changed
 * too); nothing without it. */
static int find_whole(const struct cli_options *options,
                      const struct settings *settings,
                      const struct walk_list *found, struct walk_list *whole)
{
	if (!options->changed_since || found->count == 0)
		return 0;
	return discover_files(options->paths, options->path_count,
	                      &settings->exclude, options->force_exclude, NULL,
	                      whole);
}

static void sink_extra_file(void *data, const char *path,
                            struct file_outcome *outcome)
{
	sink_file(data, path, outcome);
}

int run_paths(const struct cli_options *options,
              const struct settings *settings)
{
	struct process_context context;
	struct walk_list found = WALK_LIST_INIT;
	struct walk_list whole = WALK_LIST_INIT;
	struct project project;
	struct tasks tasks;
	struct sink sink;

	memset(&tasks, 0, sizeof(tasks));
	memset(&project, 0, sizeof(project));
	process_context_init(&context, options, settings);
	tasks.context = &context;
	tasks.project = &project;
	if (sink_open(&sink, options) == 0 &&
	    find_files(options, settings, &found, &sink) == 0) {
		if (make_tasks(&tasks, &found) != 0 ||
		    find_whole(options, settings, &found, &whole) != 0 ||
		    project_build(&project, whole.count ? &whole : &found,
		                  &found, options, settings) != 0) {
			sink_run_error(&sink, "out of memory");
		} else {
			read_git_status(&tasks, options);
			run_tasks(&tasks, options, &sink);
			project_extra_files(&project, &context, tasks.failed,
			                    sink_extra_file, &sink);
		}
	}
	project_free(&project);
	walk_list_free(&whole);
	free(tasks.items);
	walk_list_free(&found);
	return sink_close(&sink);
}

int run_stdin(const struct cli_options *options,
              const struct settings *settings)
{
	struct process_context context;
	struct file_outcome outcome = FILE_OUTCOME_INIT;
	struct sink sink;
	const char *glob;

	process_context_init(&context, options, settings);
	if (sink_open(&sink, options) != 0)
		return sink_close(&sink);
	glob = options->stdin_filename && options->force_exclude
	               ? exclude_set_match(&settings->exclude,
	                                   options->stdin_filename, 0)
	               : NULL;
	if (glob) {
		sink_excluded(&sink, options->stdin_filename,
		              walk_excluded_message(&settings->exclude, glob));
		process_stdin_excluded(&context, &outcome);
		buffer_write(&outcome.out, stdout);
		buffer_write(&outcome.err, stderr);
		if (outcome.counts.failed != FAILURE_NONE)
			report_count_error(&sink.totals, outcome.counts.failed);
	} else if (am_engine_new(&context.engine) != AM_OK) {
		sink_run_error(&sink, "cannot start the engine");
	} else {
		process_stdin(&context, &outcome);
		sink_file(&sink, context.stdin_name, &outcome);
		am_engine_free(context.engine);
	}
	file_outcome_free(&outcome);
	return sink_close(&sink);
}
