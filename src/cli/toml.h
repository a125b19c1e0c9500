/*
 * TOML, read with the tree-sitter TOML grammar: parsing a document, finding
 * its first syntax error, positions as 1-based line and column (columns in
 * characters), and decoding keys and strings to their values.
 */
#ifndef CLI_TOML_H
#define CLI_TOML_H

#include <stddef.h>
#include <tree_sitter/api.h>

struct toml_document {
	const char *text; /* borrowed: must outlive the document */
	size_t len;
	TSParser *parser;
	TSTree *tree;
};

/* Returns 0, or -1 if out of memory (or the text is too long). */
int toml_parse(struct toml_document *document, const char *text, size_t len);
void toml_document_free(struct toml_document *document);

TSNode toml_root(const struct toml_document *document);

/*
 * The first ERROR or MISSING node in document order. Returns 1 and sets
 * *found, or 0 if the document is well-formed.
 */
int toml_first_error(const struct toml_document *document, TSNode *found);

struct toml_position {
	unsigned int line;
	unsigned int column;
};

struct toml_position toml_position_of(const struct toml_document *document,
                                      TSNode node);

/* A key split into its parts: `a."b.c".d` is {"a", "b.c", "d"}. */
struct toml_key {
	char **parts;
	size_t count;
	size_t capacity;
};

#define TOML_KEY_INIT                                                          \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* 1 if `node` is a bare, quoted or dotted key. */
int toml_is_key(TSNode node);
/* Append a copy of `part` to `key`. Returns 0, or -1 if out of memory. */
int toml_key_add(struct toml_key *key, const char *part);
/* Append the parts of `key_node` to `key`. Returns 0, or -1 on ENOMEM. */
int toml_key_append(const struct toml_document *document, TSNode key_node,
                    struct toml_key *key);
void toml_key_free(struct toml_key *key);

/* The value of a string node, decoded (malloc'd; NULL if out of memory). */
char *toml_string_value(const struct toml_document *document, TSNode node);

#endif
