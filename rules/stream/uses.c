/* The uses of a stream reader and writer, and their anyio forms. */
#include "uses.h"

#include "imports.h"
#include "lift.h"
#include "statement.h"
#include "tls.h"

#include <string.h>

#define MAX_USES AM_STREAM_MAX_USES

typedef am_stream connection;

static int add_edit(connection *c, TSNode node, const char *text)
{
	if (c->edit_count == MAX_USES)
		return 0;
	c->nodes[c->edit_count] = node;
	c->texts[c->edit_count++] = text;
	return 1;
}

static int add_await(connection *c, TSNode await)
{
	if (c->await_count == MAX_USES)
		return 0;
	c->awaits[c->await_count++] = await;
	return 1;
}

/* Nested functions included: the stream is the only value it holds. */
int am_stream_local_once(const am_context *ctx, TSNode name)
{
	const am_binder *b = ctx->binder;
	uint32_t len;
	const char *text = am_node_text(ctx->text, name, &len);
	int scope = am_bind_scope_at(b, ts_node_start_byte(name));
	int index = am_bind_lookup(b, scope, text, len);
	if (index < 0 || b->bindings.items[index].kind != AM_BINDING_OTHER ||
	    b->scopes.items[b->bindings.items[index].scope].kind !=
	            AM_SCOPE_FUNCTION)
		return 0;
	return am_stored_once_in_function(ctx, name);
}

/* `NAME.METHOD(...)` when `use` is NAME's load there: the call, or a
 * null node. */
static TSNode method_call(const am_context *ctx, TSNode use,
                          const char **method)
{
	const am_syntax *sx = ctx->syntax;
	TSNode attribute = am_parent(ctx, use);
	TSNode call = am_parent(ctx, attribute);
	if (!am_node_is(attribute, sx->attribute) ||
	    !am_node_is_field(attribute, sx->field.object, use) ||
	    !am_node_is(call, sx->call) ||
	    !am_node_is_field(call, sx->field.function, attribute))
		return am_null_node();
	*method = am_text(ctx, am_node_field(attribute, sx->field.attribute));
	return call;
}

/* Whether the statement after `statement` is `await NAME.METHOD()` alone:
 * that await, or a null node. */
static TSNode next_await(const am_context *ctx, TSNode statement, TSNode name,
                         const char *method)
{
	const am_syntax *sx = ctx->syntax;
	TSNode next = am_statement_next(ctx, statement);
	if (ts_node_is_null(next) ||
	    !am_node_is(next, sx->expression_statement) ||
	    ts_node_named_child_count(next) != 1 ||
	    !am_statement_stands_alone(ctx, next))
		return am_null_node();
	TSNode await = ts_node_named_child(next, 0);
	TSNode call = ts_node_named_child(await, 0);
	TSNode fn = am_node_field(call, sx->field.function);
	if (!am_node_is(await, sx->await) || !am_node_is(call, sx->call) ||
	    !am_node_is(fn, sx->attribute) ||
	    !am_same_name(ctx, am_node_field(fn, sx->field.object), name) ||
	    !am_node_text_eq(ctx->text, am_node_field(fn, sx->field.attribute),
	                     method) ||
	    am_call_positional_only(ctx, call) != 0)
		return am_null_node();
	return await;
}

/* Whether the await is one the connection's edits keep or remove. */
static int is_connection_await(const connection *c, TSNode await)
{
	for (size_t i = 0; i < c->await_count; i++)
		if (ts_node_eq(c->awaits[i], await))
			return 1;
	return 0;
}

/* The first await of `block` that is not the connection's own, or a null
 * node. */
static TSNode foreign_await(const am_context *ctx, const connection *c,
                            TSNode block)
{
	TSNode found = am_null_node();
	am_walk walk;
	am_walk_init(&walk, block);
	for (TSNode n; am_walk_next(&walk, &n);)
		if (am_node_is(n, ctx->syntax->await) &&
		    !is_connection_await(c, n)) {
			found = n;
			break;
		}
	am_walk_release(&walk);
	return found;
}

static int is_incomplete_read_error(const am_context *ctx, TSNode type)
{
	const char *q = am_bind_resolve(ctx->binder, type);
	return q && (strcmp(q, "asyncio.IncompleteReadError") == 0 ||
	             strcmp(q, "asyncio.exceptions.IncompleteReadError") == 0);
}

/* One except clause of a try around `readexactly()`: 1 when it catches
 * asyncio.IncompleteReadError (its type is kept for the edit), 0 when it
 * does not, or a reason to flag in *why. */
static int read_handler(am_context *ctx, connection *c, TSNode try_body,
                        TSNode clause, const char **why)
{
	const am_syntax *sx = ctx->syntax;
	TSNode type = ts_node_named_child(clause, 0);
	if (ts_node_is_null(type) || am_node_is(type, sx->block))
		return 0; /* a bare except: catches anyio.IncompleteRead too */
	int named = am_node_is(type, sx->as_pattern);
	TSNode caught = named ? ts_node_named_child(type, 0) : type;
	if (am_node_is(caught, sx->tuple) ||
	    am_node_is(caught, sx->parenthesized_expression)) {
		for (uint32_t i = 0; i < ts_node_named_child_count(caught); i++)
			if (is_incomplete_read_error(
			            ctx, ts_node_named_child(caught, i)))
				*why = "`asyncio.IncompleteReadError` is "
				       "caught "
				       "with other exceptions";
		return 0;
	}
	if (am_node_text_eq(ctx->text, caught, "EOFError")) {
		*why = "`readexactly()` is caught as `EOFError`, which "
		       "`anyio.IncompleteRead` is not";
		return 0;
	}
	if (!is_incomplete_read_error(ctx, caught))
		return 0;
	TSNode other = foreign_await(ctx, c, try_body);
	if (am_except_is_star(sx, clause))
		*why = "`asyncio.IncompleteReadError` is caught with `except*`";
	else if (named)
		*why = "the `asyncio.IncompleteReadError` caught is read "
		       "(`partial` has no anyio equivalent)";
	else if (!ts_node_is_null(other))
		*why = am_arena_printf(
		        ctx->arena,
		        "its `except asyncio.IncompleteReadError` "
		        "also covers another await (line %u)",
		        am_node_line(ctx, other));
	else if (c->handler_count == MAX_USES)
		*why = "it is used too often";
	else
		c->handlers[c->handler_count++] = caught;
	return 1;
}

/* The tries around a `readexactly()` up to the first that catches its
 * asyncio.IncompleteReadError: that handler becomes anyio.IncompleteRead. */
static const char *read_handlers(am_context *ctx, connection *c, TSNode await)
{
	const am_syntax *sx = ctx->syntax;
	for (TSNode n = am_parent(ctx, await); !ts_node_is_null(n);
	     n = am_parent(ctx, n)) {
		if (am_node_is(n, sx->function_definition) ||
		    am_node_is(n, sx->lambda) ||
		    am_node_is(n, sx->class_definition))
			return NULL;
		TSNode body = am_node_field(n, sx->field.body);
		if (!am_node_is(n, sx->try_statement) ||
		    !am_node_within(await, body))
			continue;
		for (uint32_t i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode clause = ts_node_named_child(n, i);
			const char *why = NULL;
			if (!am_node_is(clause, sx->except_clause))
				continue;
			int caught = read_handler(ctx, c, body, clause, &why);
			if (why)
				return why;
			if (caught)
				return NULL;
		}
	}
	return NULL;
}

/* `await reader.read(n)` -> `await _read(reader, n)`. */
static const char *read_read(am_context *ctx, connection *c, TSNode use,
                             TSNode call, TSNode await)
{
	if (!am_imports_helper_available(ctx, AM_HELPER_READ))
		return "the name `" AM_HELPER_READ "` is taken";
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	const char *reader = am_text(ctx, use);
	add_edit(c, call,
	         args.positional_count
	                 ? am_arena_printf(ctx->arena,
	                                   AM_HELPER_READ "(%s, %s)", reader,
	                                   am_text(ctx, args.positional[0]))
	                 : am_arena_printf(ctx->arena, AM_HELPER_READ "(%s)",
	                                   reader));
	return add_await(c, await) ? NULL : "it is used too often";
}

/* `await reader.readline()` -> `await _readline(reader)`; `await
 * reader.readexactly(n)` -> `await reader.receive_exactly(n)`. */
static const char *read_reader_use(am_context *ctx, connection *c, TSNode use)
{
	const char *method = NULL;
	TSNode call = method_call(ctx, use, &method);
	TSNode await = ts_node_is_null(call) ? call : am_parent(ctx, call);
	if (ts_node_is_null(await) || !am_node_is(await, ctx->syntax->await))
		return am_arena_printf(ctx->arena,
		                       "the reader is used other than in an "
		                       "awaited call (line %u)",
		                       am_node_line(ctx, use));
	int args = am_call_positional_only(ctx, call);
	if (strcmp(method, "readline") == 0 && args == 0) {
		if (!am_imports_helper_available(ctx, AM_HELPER_READLINE))
			return "the name `" AM_HELPER_READLINE "` is taken";
		const char *reader = am_text(ctx, use);
		add_edit(c, call,
		         c->limit ? am_arena_printf(ctx->arena,
		                                    AM_HELPER_READLINE
		                                    "(%s, %s)",
		                                    reader, c->limit)
		                  : am_arena_printf(ctx->arena,
		                                    AM_HELPER_READLINE "(%s)",
		                                    reader));
		return add_await(c, await) ? NULL : "it is used too often";
	}
	if (strcmp(method, "readexactly") == 0 && args == 1) {
		TSNode fn = am_node_field(call, ctx->syntax->field.function);
		add_edit(c, am_node_field(fn, ctx->syntax->field.attribute),
		         "receive_exactly");
		if (!add_await(c, await) || c->exact_count == MAX_USES)
			return "it is used too often";
		c->exact[c->exact_count++] = await;
		return NULL;
	}
	if (strcmp(method, "read") == 0 && (args == 0 || args == 1))
		return read_read(ctx, c, use, call, await);
	return am_arena_printf(ctx->arena,
	                       "`%s()` at line %u is not rewritten (only "
	                       "`read()`, `readline()` and `readexactly(n)`)",
	                       method, am_node_line(ctx, call));
}

/* `writer.write(data)` alone, then `await writer.drain()`: one `await
 * writer.send(data)` (send waits as drain did, and writes first). */
static const char *read_write(am_context *ctx, connection *c, TSNode call,
                              const char *method)
{
	int close = strcmp(method, "close") == 0;
	TSNode statement = am_statement_made_alone(ctx, call);
	TSNode next = ts_node_is_null(statement)
	                      ? statement
	                      : next_await(ctx, statement, c->writer,
	                                   close ? "wait_closed" : "drain");
	int args = am_call_positional_only(ctx, call);
	if (ts_node_is_null(next) || args != (close ? 0 : 1))
		return am_arena_printf(
		        ctx->arena,
		        "`%s()` at line %u is not followed by `%s()`", method,
		        am_node_line(ctx, call),
		        close ? "await writer.wait_closed"
		              : "await writer.drain");
	TSNode arguments = am_node_field(call, ctx->syntax->field.arguments);
	const char *writer = am_text(ctx, c->writer);
	add_edit(
	        c, call,
	        close ? am_arena_printf(ctx->arena, "await %s.aclose()", writer)
	              : am_arena_printf(ctx->arena, "await %s.send%s", writer,
	                                am_text(ctx, arguments)));
	add_edit(c, am_parent(ctx, next), "");
	return add_await(c, next) ? NULL : "it is used too often";
}

static const char *read_writer_use(am_context *ctx, connection *c, TSNode use)
{
	const char *method = NULL;
	TSNode call = method_call(ctx, use, &method);
	if (ts_node_is_null(call))
		return am_arena_printf(
		        ctx->arena,
		        "the writer is used other than in a call "
		        "of its methods (line %u)",
		        am_node_line(ctx, use));
	TSNode await = am_parent(ctx, call);
	if ((strcmp(method, "drain") == 0 ||
	     strcmp(method, "wait_closed") == 0) &&
	    is_connection_await(c, await))
		return NULL; /* written with its write() or close() */
	if (strcmp(method, "write") == 0 || strcmp(method, "close") == 0)
		return read_write(ctx, c, call, method);
	TSNode arguments = am_node_field(call, ctx->syntax->field.arguments);
	if (strcmp(method, "get_extra_info") == 0 && !c->unix_socket &&
	    am_call_positional_only(ctx, call) == 1 &&
	    (am_node_text_eq(ctx->text, arguments, "(\"peername\")") ||
	     am_node_text_eq(ctx->text, arguments, "('peername')"))) {
		add_edit(c, call,
		         am_arena_printf(ctx->arena,
		                         "%s.extra(anyio.abc.SocketAttribute."
		                         "remote_address)",
		                         am_text(ctx, c->writer)));
		return NULL;
	}
	if (strcmp(method, "get_extra_info") == 0)
		return am_arena_printf(ctx->arena,
		                       "`get_extra_info()` at line %u asks for "
		                       "other than a TCP peer's address",
		                       am_node_line(ctx, call));
	return am_arena_printf(ctx->arena, "`%s()` at line %u is not rewritten",
	                       method, am_node_line(ctx, call));
}

/* Every load of the reader and of the writer, in the order of the text. */
const char *am_stream_read_uses(am_context *ctx, connection *c)
{
	const am_binder *b = ctx->binder;
	int scope = am_bind_scope_at(b, ts_node_start_byte(c->statement));
	uint32_t rlen, wlen;
	const char *r = am_node_text(ctx->text, c->reader, &rlen);
	const char *w = am_node_text(ctx->text, c->writer, &wlen);
	int reader = am_bind_lookup(b, scope, r, rlen);
	int writer = am_bind_lookup(b, scope, w, wlen);
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *use = &b->uses.items[i];
		const char *why = NULL;
		if (use->binding == reader)
			why = read_reader_use(ctx, c, use->node);
		else if (use->binding == writer)
			why = read_writer_use(ctx, c, use->node);
		if (!why && c->edit_count == MAX_USES)
			why = "it is used too often";
		if (why)
			return why;
	}
	for (size_t i = 0; i < c->exact_count; i++) {
		const char *why = read_handlers(ctx, c, c->exact[i]);
		if (why)
			return why;
	}
	return NULL;
}

TSNode am_stream_awaited_assignment(am_context *ctx, TSNode call, TSNode *left)
{
	const am_syntax *sx = ctx->syntax;
	am_lift lift;
	if (!am_lift_find(ctx, call, &lift) ||
	    !am_node_is(lift.statement, sx->expression_statement) ||
	    !am_statement_stands_alone(ctx, lift.statement))
		return am_null_node();
	TSNode assignment = ts_node_named_child(lift.statement, 0);
	if (!am_node_is(assignment, sx->assignment) ||
	    !ts_node_eq(am_node_field(assignment, sx->field.right), lift.await))
		return am_null_node();
	*left = am_node_field(assignment, sx->field.left);
	return lift.statement;
}

/* A decimal integer literal other than 0: evaluated once by asyncio, at
 * every `_readline()` call once migrated, and one that is not positive
 * makes asyncio raise `ValueError` at once. */
static int is_positive_integer(const am_context *ctx, TSNode value)
{
	if (!am_node_is(value, ctx->syntax->integer))
		return 0;
	uint32_t len;
	const char *text = am_node_text(ctx->text, value, &len);
	int nonzero = 0;
	for (uint32_t i = 0; i < len; i++) {
		if (!strchr("0123456789_", text[i]))
			return 0;
		nonzero |= text[i] >= '1' && text[i] <= '9';
	}
	return nonzero;
}

/* With the comma after it, or else the one before it (NULL fix: whether
 * one is there, no comment between). */
static int drop_limit(am_context *ctx, am_fix *fix, TSNode keyword)
{
	if (am_drop_argument(ctx, fix, keyword))
		return 1;
	TSNode comma = ts_node_prev_sibling(keyword);
	if (ts_node_is_null(comma) || !am_node_text_eq(ctx->text, comma, ","))
		return 0;
	if (fix)
		am_fix_replace(fix, ts_node_start_byte(comma),
		               ts_node_end_byte(keyword), "");
	return 1;
}

const char *am_stream_read_limit(am_context *ctx, const am_call_args *a,
                                 am_stream *c)
{
	TSNode value = am_call_keyword(ctx, a, "limit");
	if (ts_node_is_null(value))
		return NULL;
	c->limit = am_text(ctx, value);
	c->limit_keyword = am_parent(ctx, value);
	if (!drop_limit(ctx, NULL, c->limit_keyword))
		return "`limit=` cannot be removed apart from a comment";
	return NULL;
}

void am_stream_drop_limit(am_context *ctx, am_fix *fix, const am_stream *c)
{
	if (c->limit)
		drop_limit(ctx, fix, c->limit_keyword);
}

const char *am_stream_unmapped_keyword(am_context *ctx, const am_call_args *a,
                                       int unix_socket, int tls)
{
	for (size_t i = 0; i < a->keyword_count; i++) {
		TSNode key =
		        am_node_field(a->keywords[i], ctx->syntax->field.name);
		int known = unix_socket
		                    ? am_node_text_eq(ctx->text, key, "path")
		                    : am_node_text_eq(ctx->text, key, "host") ||
		                              am_node_text_eq(ctx->text, key,
		                                              "port");
		if (tls && am_stream_tls_keyword(ctx, key))
			known = 1;
		if (am_node_text_eq(ctx->text, key, "limit")) {
			TSNode value = am_node_field(a->keywords[i],
			                             ctx->syntax->field.value);
			if (!is_positive_integer(ctx, value))
				return "`limit=` is not a positive integer "
				       "written out";
			known = 1;
		}
		if (!known)
			return am_arena_printf(ctx->arena,
			                       "`%s=` is not mapped to anyio",
			                       am_text(ctx, key));
	}
	return NULL;
}

const char *am_stream_names_taken(am_context *ctx, TSNode call)
{
	if (!am_imports_name_available(ctx, call, "anyio"))
		return "the name `anyio` is bound to something else here";
	if (!am_imports_helper_available(ctx, AM_HELPER_BUFFERED))
		return "the name `" AM_HELPER_BUFFERED "` is taken";
	return NULL;
}

void am_stream_apply(am_context *ctx, am_fix *fix, const am_stream *c)
{
	for (size_t i = 0; i < c->edit_count; i++)
		if (*c->texts[i])
			am_fix_replace_node(fix, c->nodes[i], c->texts[i]);
		else
			am_statement_remove(ctx, fix, c->nodes[i], "");
	for (size_t i = 0; i < c->handler_count; i++) {
		size_t j = 0;
		while (j < i && !ts_node_eq(c->handlers[j], c->handlers[i]))
			j++;
		if (j == i)
			am_fix_replace_node(fix, c->handlers[i],
			                    "anyio.IncompleteRead");
	}
}
