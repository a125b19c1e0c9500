/*
 * Statements as rules read and rewrite them: whether one has its lines to
 * itself, the statement after it, a block's only or last one, the
 * expression a statement is made of, whether the value of an expression in
 * it is used, its text with a part replaced, its removal, comments between
 * nodes, and the nearest ancestor of a kind. Comments are never statements
 * here.
 */
#ifndef AM_STATEMENT_H
#define AM_STATEMENT_H

#include "rule.h"

/* Whether a statement has its lines to itself: only indentation before it,
 * and nothing but blanks or a comment after it (no `;` shares them). */
int am_statement_stands_alone(const am_context *ctx, TSNode statement);

/* The next statement of the same block, or a null node. */
TSNode am_statement_next(const am_context *ctx, TSNode statement);

/* A block's only statement, or a null node when it has more than one. */
TSNode am_block_only_statement(const am_context *ctx, TSNode block);

/* How many statements a block has. */
size_t am_block_statement_count(const am_context *ctx, TSNode block);

/* A block's last statement, or a null node. */
TSNode am_block_last_statement(const am_context *ctx, TSNode block);

/* The statement an expression makes alone (`writer.close()`), on lines of
 * its own, or a null node. */
TSNode am_statement_made_alone(const am_context *ctx, TSNode expression);
/* Where the line holding `at` ends (after a comment there): its newline. */
uint32_t am_line_end(const am_context *ctx, uint32_t at);

/* The expression an expression statement is made of alone (`f(x)`,
 * `x = f()`), or a null node. */
TSNode am_statement_expression(const am_context *ctx, TSNode statement);

/* Whether the statement does something with the value of `expression`:
 * anything but the expression statement made of it alone. */
int am_statement_uses_value(const am_context *ctx, TSNode statement,
                            TSNode expression);

/* The statement's text with `part` (a node inside it, such as its await)
 * replaced by `text` (an arena copy). */
const char *am_statement_with(am_context *ctx, TSNode statement, TSNode part,
                              const char *text);

/* Removes a statement, or puts `replacement` in its place when not "":
 * the line's comment stays, a `;` neighbour keeps its line, and a block
 * left empty gets `pass`. */
void am_statement_remove(am_context *ctx, am_fix *fix, TSNode statement,
                         const char *replacement);

/* Removes an argument of a call and the comma after it (its whole line when
 * it stands alone there; a comment after the comma keeps its place). With
 * a null fix, only says whether it can: 0 when no comma follows it. */
int am_drop_argument(am_context *ctx, am_fix *fix, TSNode argument);

/* Whether a comment starts in [from, to) inside node. */
int am_comment_between(const am_context *ctx, TSNode node, uint32_t from,
                       uint32_t to);

/* The nearest ancestor of node of the kind `symbol`, or a null node. */
TSNode am_ancestor(const am_context *ctx, TSNode node, TSSymbol symbol);
/* Whether the identifier `name` is stored once in its function, the
 * functions nested in it included: its only assignment (no other store of
 * the same name, whatever scope binds it). */
int am_stored_once_in_function(const am_context *ctx, TSNode name);
/* The stores of the identifier `name`'s text in its function (as above):
 * how many, and the last in *last (a null node when none). */
size_t am_stores_in_function(const am_context *ctx, TSNode name, TSNode *last);

#endif
