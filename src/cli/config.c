#define _GNU_SOURCE /* memmem */

#include "config.h"
#include "config_table.h"
#include "paths.h"
#include "source_file.h"
#include "toml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define FILE_NAME "pyproject.toml"
#define TABLE_NAME "migrate_to_anyio"

static void report_problem(struct buffer *error, const char *shown,
                           const struct toml_document *document,
                           const struct config_problem *problem)
{
	struct toml_position at;

	if (!problem->has_node) {
		buffer_printf(error, "%s: error: %s\n", shown,
		              problem->message);
		return;
	}
	at = toml_position_of(document, problem->node);
	buffer_printf(error, "%s:%u:%u: error: %s\n", shown, at.line, at.column,
	              problem->message);
}

static int syntax_problem(const struct toml_document *document,
                          struct config_problem *problem)
{
	TSNode node;

	if (!toml_first_error(document, &node))
		return 0;
	problem->has_node = 1;
	problem->node = node;
	if (ts_node_is_missing(node))
		snprintf(problem->message, CONFIG_MESSAGE_SIZE,
		         "TOML syntax error: `%s` expected",
		         ts_node_type(node));
	else
		snprintf(problem->message, CONFIG_MESSAGE_SIZE,
		         "TOML syntax error");
	return 1;
}

int config_read_text(struct config *config, const char *text, size_t len,
                     const char *shown, struct buffer *error)
{
	struct toml_document document;
	struct config_problem problem;
	int status;

	/* Only a file that names the table can hold it: others are not even
	 * parsed, so a broken pyproject.toml of another project is no error. */
	if (!memmem(text, len, TABLE_NAME, strlen(TABLE_NAME)))
		return 0;
	problem.has_node = 0;
	snprintf(problem.message, CONFIG_MESSAGE_SIZE, "out of memory");
	if (toml_parse(&document, text, len) != 0)
		status = -1;
	else if (syntax_problem(&document, &problem))
		status = -1;
	else
		status = config_table_read(&document, config, &problem);
	if (status < 0)
		report_problem(error, shown, &document, &problem);
	toml_document_free(&document);
	return status;
}

/* Look in `folder`. Returns 1 if found, 0 if not, -1 after an error. */
static int try_folder(struct config *config, const char *folder,
                      const char *shown, struct buffer *error)
{
	struct source_file file = SOURCE_FILE_INIT;
	char *candidate = path_join(folder, FILE_NAME);
	int status;

	if (!candidate) {
		buffer_printf(error, "%s: error: %s\n", shown,
		              strerror(ENOMEM));
		return -1;
	}
	status = source_file_read(candidate, 1, &file);
	free(candidate);
	if (status == ENOENT || status == ENOTDIR)
		return 0;
	if (status != 0) {
		buffer_printf(error, "%s: error: %s\n", shown,
		              source_file_error(status));
		return -1;
	}
	status = config_read_text(config, file.bytes, file.len, shown, error);
	source_file_free(&file);
	return status;
}

/* Cut the last name off `folder` ("/a/b" to "/a"); 0 at the root. */
static int go_up(char *folder)
{
	char *slash = strrchr(folder, '/');

	if (!slash || slash[1] == '\0')
		return 0;
	slash[slash == folder ? 1 : 0] = '\0';
	return 1;
}

/* "pyproject.toml" with one more "../" in front. */
static char *shown_above(char *shown)
{
	char *longer = malloc(strlen(shown) + 4);

	if (longer) {
		memcpy(longer, "../", 3);
		strcpy(longer + 3, shown);
	}
	free(shown);
	return longer;
}

int config_load(struct config *config, struct buffer *error)
{
	char *folder = path_current_folder();
	char *shown = strdup(FILE_NAME);
	int status = 0;

	while (folder && shown) {
		status = try_folder(config, folder, shown, error);
		if (status != 0 || !go_up(folder))
			break;
		shown = shown_above(shown);
	}
	if (!folder || !shown) {
		buffer_printf(error, "%s: error: %s\n", FILE_NAME,
		              strerror(ENOMEM));
		status = -1;
	}
	if (status > 0) {
		config->path = shown;
		config->folder = folder;
		return 0;
	}
	free(shown);
	free(folder);
	return status;
}

void config_free(struct config *config)
{
	free(config->path);
	free(config->folder);
	rule_codes_free(&config->select);
	rule_codes_free(&config->ignore);
	rule_codes_free(&config->exclude);
	free(config->queue_compat);
	config->queue_compat = NULL;
	free(config->test_backends);
	config->test_backends = NULL;
	config->path = NULL;
	config->folder = NULL;
}
