#include "settings.h"

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
}
