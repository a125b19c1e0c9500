#include "settings.h"
#include "test_backends.h"

#include <stdlib.h>

#include <string.h>

/* An empty list that is given (`select = []`) selects nothing. */
static const char *const no_codes[] = {NULL};

static const char *const *chosen_codes(const struct rule_codes *command_line,
                                       int command_line_given,
                                       const struct rule_codes *file,
                                       int file_given)
{
	const struct rule_codes *list = command_line_given ? command_line
	                                : file_given       ? file
	                                                   : NULL;

	if (!list)
		return NULL;
	return list->count ? rule_codes_array(list) : no_codes;
}

static int choose_excludes(struct settings *settings,
                           const struct cli_options *options)
{
	const struct config *config = &settings->config;

	if (options->exclude_count > 0)
		return exclude_set_init(&settings->exclude, NULL,
		                        options->excludes,
		                        options->exclude_count, "--exclude");
	if (config->has_exclude)
		return exclude_set_init(
		        &settings->exclude, config->folder,
		        (const char *const *)config->exclude.codes,
		        config->exclude.count, config->path);
	return exclude_set_init(&settings->exclude, NULL, NULL, 0, NULL);
}

int settings_load(struct settings *settings, const struct cli_options *options,
                  struct buffer *error)
{
	struct config empty = CONFIG_INIT;
	am_options rules = AM_OPTIONS_INIT;
	const struct config *config = &settings->config;

	memset(settings, 0, sizeof(*settings));
	settings->config = empty;
	settings->rules = rules;
	if (config_load(&settings->config, error) != 0)
		return -1;
	settings->rules.select =
	        chosen_codes(&options->select, options->select_given,
	                     &config->select, config->has_select);
	settings->rules.ignore =
	        chosen_codes(&options->ignore, options->ignore_given,
	                     &config->ignore, config->has_ignore);
	settings->rules.queue_compat = options->queue_compat
	                                       ? options->queue_compat
	                                       : config->queue_compat;
	settings->rules.unsafe_fixes =
	        options->unsafe_fixes || config->unsafe_fixes;
	settings->test_backends_asked =
	        options->test_backends || config->has_test_backends;
	if (options->test_backends) {
		char why[TEST_BACKENDS_ERROR_SIZE];

		if (test_backends_parse(options->test_backends,
		                        &settings->test_backends, why) != 0) {
			buffer_printf(error, "migrate_to_anyio: error: %s\n",
			              why);
			return -1;
		}
	} else {
		settings->test_backends =
		        strdup(config->test_backends ? config->test_backends
		                                     : TEST_BACKENDS_DEFAULT);
		if (!settings->test_backends) {
			buffer_printf(
			        error,
			        "migrate_to_anyio: error: out of memory\n");
			return -1;
		}
	}
	settings->backup = options->no_backup   ? 0
	                   : config->has_backup ? config->backup
	                                        : 1;
	if (choose_excludes(settings, options) != 0) {
		buffer_printf(error,
		              "migrate_to_anyio: error: out of memory\n");
		return -1;
	}
	return 0;
}

void settings_free(struct settings *settings)
{
	exclude_set_free(&settings->exclude);
	config_free(&settings->config);
	free(settings->test_backends);
	settings->test_backends = NULL;
}

static const char *source(int command_line, int file, const char *path)
{
	return command_line ? "command line" : file ? path : "default";
}

static void show_codes(FILE *stream, const char *key, const char *const *codes,
                       const char *none, const char *from)
{
	fprintf(stream, "%s: ", key);
	if (!codes)
		fputs(none, stream);
	for (; codes && *codes; codes++)
		fprintf(stream, "%s%s", *codes, codes[1] ? ", " : "");
	fprintf(stream, " (%s)\n", from);
}

static void show_rules(FILE *stream, const am_options *rules)
{
	size_t count = am_rule_count(), running = 0, i;

	for (i = 0; i < count; i++)
		running += (size_t)am_rule_selected(am_rule_at(i), rules);
	fprintf(stream, "rules that run (%zu of %zu):", running, count);
	for (i = 0; i < count; i++) {
		const am_rule_info *rule = am_rule_at(i);

		if (am_rule_selected(rule, rules))
			fprintf(stream, " %s", am_rule_code(rule));
	}
	fputc('\n', stream);
}

static void show_excludes(FILE *stream, const struct settings *settings,
                          const struct cli_options *options)
{
	const struct exclude_set *set = &settings->exclude;
	size_t i;

	fputs("exclude: ", stream);
	if (set->count == 0)
		fputs("none", stream);
	for (i = 0; i < set->count; i++)
		fprintf(stream, "%s\"%s\"", i ? ", " : "", set->globs[i]);
	if (set->count > 0)
		fprintf(stream, " (%s; relative to %s)",
		        source(options->exclude_count > 0, 1,
		               settings->config.path),
		        set->base);
	else
		fputs(" (default)", stream);
	fprintf(stream, "\nforce-exclude: %s (%s)\n",
	        options->force_exclude ? "true" : "false",
	        options->force_exclude ? "command line" : "default");
}

void settings_show(FILE *stream, const struct settings *settings,
                   const struct cli_options *options)
{
	const struct config *config = &settings->config;
	const am_options *rules = &settings->rules;

	if (config->path)
		fprintf(stream, "configuration: %s\n", config->path);
	else
		fputs("configuration: none (no pyproject.toml with a "
		      "[tool.migrate_to_anyio] table in the current folder or "
		      "above)\n",
		      stream);
	show_codes(stream, "select", rules->select, "all",
	           source(options->select_given, config->has_select,
	                  config->path));
	show_codes(stream, "ignore", rules->ignore, "none",
	           source(options->ignore_given, config->has_ignore,
	                  config->path));
	show_rules(stream, rules);
	show_excludes(stream, settings, options);
	fprintf(stream, "backup: %s (%s)\n",
	        settings->backup ? "true" : "false",
	        source(options->no_backup, config->has_backup, config->path));
	fprintf(stream, "unsafe-fixes: %s (%s)\n",
	        rules->unsafe_fixes ? "true" : "false",
	        source(options->unsafe_fixes, config->has_unsafe_fixes,
	               config->path));
	fprintf(stream, "queue-compat: %s (%s)\n",
	        rules->queue_compat ? rules->queue_compat : "none",
	        source(options->queue_compat != NULL, config->has_queue_compat,
	               config->path));
	fprintf(stream, "test-backends: %s (%s)\n", settings->test_backends,
	        source(options->test_backends != NULL,
	               config->has_test_backends, config->path));
}
