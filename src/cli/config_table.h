/*
 * Reading [tool.migrate_to_anyio] out of a parsed pyproject.toml, in any of
 * TOML's spellings: a [tool.migrate_to_anyio] header, dotted keys
 * (`tool.migrate_to_anyio.select = [...]`, or `migrate_to_anyio.select`
 * under [tool]) and inline tables.
 */
#ifndef CLI_CONFIG_TABLE_H
#define CLI_CONFIG_TABLE_H

#include "config.h"
#include "toml.h"

#define CONFIG_MESSAGE_SIZE 320

struct config_problem {
	int has_node; /* 0: not about a place in the file (out of memory) */
	TSNode node;
	char message[CONFIG_MESSAGE_SIZE];
};

/*
 * Fill `config`'s settings from `document` (which must be free of syntax
 * errors). Returns 1 if the table is there, 0 if not, -1 with `problem`.
 */
int config_table_read(const struct toml_document *document,
                      struct config *config, struct config_problem *problem);

#endif
