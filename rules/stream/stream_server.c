/* ANY215 stream-server: `server = await asyncio.start_server(handler, host,
 * port)` served in its function -> an anyio listener whose handler gets one
 * stream. */
#include "imports.h"
#include "program.h"
#include "rule.h"
#include "statement.h"
#include "uses.h"

#include <string.h>

#define MAX_PORTS 16

typedef struct server {
	TSNode callee, call, statement, name;
	int unix_socket;
	const char *function; /* "start_server" or "start_unix_server" */
	am_call_args args;
	TSNode host, port; /* the path of a Unix server is `port` */
	TSNode handler;    /* the handler's function definition */
	am_stream stream;  /* the handler's reader and writer */
	TSNode block;      /* `async with server:` */
	TSNode serve;      /* `server.serve_forever()` */
	TSNode ports[MAX_PORTS];
	size_t port_count;
	/* the writer's new annotation, or NULL when it has none */
	const char *writer_type;
} server;

/* `server = await asyncio.start_server(...)`, a local bound there only. */
static const char *read_target(am_context *ctx, server *s)
{
	s->statement = am_stream_awaited_assignment(ctx, s->call, &s->name);
	if (ts_node_is_null(s->statement))
		return "it is not awaited alone as the value of an assignment";
	if (!am_node_is(s->name, ctx->syntax->identifier) ||
	    !am_stream_local_once(ctx, s->name))
		return "the server is kept other than in a local name bound "
		       "once";
	return NULL;
}

/* One IP address written out: the host then binds one socket, as asyncio
 * does, where a name or all interfaces may bind several (each on its own
 * port when the port is 0, which anyio's extra attributes do not show). */
static int is_ip_literal(const am_context *ctx, TSNode host)
{
	uint32_t len;
	const char *text = am_node_text(ctx->text, host, &len);
	if (!am_node_is(host, ctx->syntax->string) || len < 3 ||
	    (text[0] != '"' && text[0] != '\'') || text[len - 1] != text[0])
		return 0;
	size_t dots = 0, colons = 0, letters = 0;
	for (uint32_t i = 1; i + 1 < len; i++) {
		char ch = text[i];
		dots += ch == '.';
		colons += ch == ':';
		letters += (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
		if (!strchr("0123456789abcdefABCDEF.:", ch))
			return 0;
	}
	return colons ? colons >= 2 : dots == 3 && !letters;
}

/* The handler first, then host and port (or the path), by place or
 * keyword; every other argument is not mapped. */
static const char *read_arguments(am_context *ctx, server *s)
{
	am_call_args *a = &s->args;
	am_call_args_read(ctx, s->call, a);
	if (a->generator || a->too_many || a->has_star || a->has_kwsplat ||
	    a->positional_count == 0)
		return "it has arguments this rule cannot map";
	const char *why = am_stream_unmapped_keyword(ctx, a, s->unix_socket, 0);
	if (why)
		return why;
	const char *first = s->unix_socket ? "path" : "host";
	s->host = a->positional_count > 1 ? a->positional[1]
	                                  : am_call_keyword(ctx, a, first);
	s->port = s->unix_socket            ? s->host
	          : a->positional_count > 2 ? a->positional[2]
	                                    : am_call_keyword(ctx, a, "port");
	why = am_stream_read_limit(ctx, a, &s->stream);
	if (why)
		return why;
	size_t limit = s->stream.limit != NULL;
	if (a->positional_count + a->keyword_count - limit !=
	            (s->unix_socket ? 2u : 3u) ||
	    ts_node_is_null(s->host) || ts_node_is_null(s->port))
		return s->unix_socket ? "it is not given a handler and a path"
		                      : "it is not given a handler, a host and "
		                        "a port";
	if (!s->unix_socket && !is_ip_literal(ctx, s->host))
		return "its host is not one IP address written out (a name or "
		       "all interfaces may bind several sockets)";
	return NULL;
}

static void count_store(const am_context *ctx, TSNode identifier, void *data)
{
	(void)ctx;
	(void)identifier;
	++*(size_t *)data;
}

/* Whether the module-level name a definition binds (binding `index`) is
 * bound nowhere else: stores of the same name that resolve to other
 * scopes' locals do not count. */
static int bound_once_in_file(const am_context *ctx, int index)
{
	size_t stores = 0;
	am_each_store(ctx, index, ctx->root, count_store, &stores);
	return stores == 1;
}

/* The stream anyio's listeners hand a handler: `SocketListener.serve()`
 * (a Unix listener's too) is declared to pass an `anyio.abc.SocketStream`. */
#define LISTENER_STREAM "anyio.abc.SocketStream"

static int is_stream_class(const char *qualname, const char *member)
{
	return qualname && (strcmp(qualname, member) == 0 ||
	                    (strncmp(qualname, "asyncio.streams.", 16) == 0 &&
	                     strcmp(qualname + 16, member + 8) == 0));
}

/* A string annotation that is `member` as a whole ("asyncio.StreamWriter",
 * or "StreamWriter" imported from asyncio): its one content node, or a
 * null node. */
static TSNode quoted_stream_class(const am_context *ctx, TSNode string,
                                  const char *member)
{
	const am_binder *b = ctx->binder;
	TSNode content = ts_node_named_child(string, 1);
	if (!am_node_is(string, ctx->syntax->string) ||
	    ts_node_named_child_count(string) != 3 ||
	    !am_node_is(content, ctx->syntax->string_content))
		return am_null_node();
	for (size_t i = 0; i < b->string_refs.count; i++) {
		const am_reference *ref = &b->string_refs.items[i];
		if (ts_node_start_byte(ref->node) ==
		            ts_node_start_byte(content) &&
		    ts_node_end_byte(ref->node) == ts_node_end_byte(content))
			return !ref->ambiguous && is_stream_class(ref->qualname,
			                                          member)
			               ? content
			               : am_null_node();
	}
	return am_null_node();
}

/* The writer's annotation once it is a listener's stream: the same form,
 * written out or in the same quotes. */
static const char *stream_annotation(am_context *ctx, TSNode type)
{
	if (!am_node_is(type, ctx->syntax->string))
		return LISTENER_STREAM;
	uint32_t start = ts_node_start_byte(type);
	uint32_t from = ts_node_start_byte(ts_node_named_child(type, 1));
	uint32_t to = ts_node_end_byte(ts_node_named_child(type, 1));
	return am_arena_printf(ctx->arena, "%.*s" LISTENER_STREAM "%.*s",
	                       (int)(from - start), ctx->text + start,
	                       (int)(ts_node_end_byte(type) - to),
	                       ctx->text + to);
}

/* One of the handler's parameters: a name, unannotated or annotated with
 * `member` (asyncio's reader or writer class). The name in *name, the
 * annotation's expression (or a null node) in *type; a reason to flag, or
 * NULL. */
static const char *read_parameter(am_context *ctx, TSNode param,
                                  const char *role, const char *member,
                                  TSNode *name, TSNode *type)
{
	const am_syntax *sx = ctx->syntax;
	*name = param;
	*type = am_null_node();
	if (am_node_is(param, sx->typed_parameter)) {
		*name = ts_node_named_child(param, 0);
		*type = ts_node_named_child(
		        am_node_field(param, sx->field.type), 0);
	}
	if (!am_node_is(*name, sx->identifier))
		return "its handler does not take two plain parameters";
	if (ts_node_is_null(*type) ||
	    is_stream_class(am_bind_resolve(ctx->binder, *type), member) ||
	    !ts_node_is_null(quoted_stream_class(ctx, *type, member)))
		return NULL;
	uint32_t len;
	const char *text = am_node_text(ctx->text, *type, &len);
	if (len > 60 || memchr(text, '\n', len) || memchr(text, '\r', len))
		return am_arena_printf(ctx->arena,
		                       "its handler's %s is annotated other "
		                       "than `%s`",
		                       role, member);
	return am_arena_printf(ctx->arena,
	                       "its handler's %s is annotated `%.*s`, not "
	                       "`%s`",
	                       role, (int)len, text, member);
}

/* The handler's two parameters, annotated with asyncio's classes or not;
 * the writer's annotation, if any, becomes the listener's stream. */
static const char *read_parameters(am_context *ctx, server *s, TSNode params)
{
	am_stream *st = &s->stream;
	TSNode reader_type, writer_type;
	const char *why = read_parameter(ctx, ts_node_named_child(params, 0),
	                                 "reader", "asyncio.StreamReader",
	                                 &st->reader, &reader_type);
	if (!why)
		why = read_parameter(ctx, ts_node_named_child(params, 1),
		                     "writer", "asyncio.StreamWriter",
		                     &st->writer, &writer_type);
	if (why)
		return why;
	if (!ts_node_is_null(writer_type))
		s->writer_type = stream_annotation(ctx, writer_type);
	return NULL;
}

/* The handler: an `async def` of the module, undecorated, bound once, with
 * two plain parameters and no use but this server's. */
static const char *read_handler(am_context *ctx, server *s)
{
	const am_syntax *sx = ctx->syntax;
	TSNode arg = s->args.positional[0];
	const am_name_use *use = am_node_is(arg, sx->identifier)
	                                 ? am_bind_find_load(ctx->binder, arg)
	                                 : NULL;
	const am_binding *b =
	        use && use->binding >= 0
	                ? &ctx->binder->bindings.items[use->binding]
	                : NULL;
	if (!b || b->scope != 0 || ts_node_is_null(b->undecorated_definition) ||
	    !ts_node_eq(b->definition, b->undecorated_definition) ||
	    !am_node_is_async(b->definition))
		return "its handler is not an `async def` of this module";
	s->handler = b->definition;
	TSNode name = am_node_field(s->handler, sx->field.name);
	if (b->uses != 1 || b->string_uses ||
	    !bound_once_in_file(ctx, use->binding))
		return "its handler is bound twice or used elsewhere";
	/* its parameters change: no other module may call it */
	if (b->exported ||
	    (am_text(ctx, name)[0] != '_' && !am_module_runs_itself(ctx)))
		return "its handler is public in a module that is not a "
		       "program";
	TSNode params = am_node_field(s->handler, sx->field.parameters);
	TSNode body = am_node_field(s->handler, sx->field.body);
	if (ts_node_named_child_count(params) != 2 ||
	    am_comment_between(ctx, params, ts_node_start_byte(params),
	                       ts_node_end_byte(params)))
		return "its handler does not take two plain parameters";
	const char *why = read_parameters(ctx, s, params);
	if (why)
		return why;
	am_stream *st = &s->stream;
	st->statement = ts_node_named_child(body, 0);
	st->unix_socket = s->unix_socket;
	st->function = s->function;
	if (!am_statement_stands_alone(ctx, st->statement) ||
	    !am_stream_local_once(ctx, st->reader) ||
	    !am_stream_local_once(ctx, st->writer))
		return "its handler does not take two plain parameters";
	why = am_stream_read_uses(ctx, st);
	return why ? am_arena_printf(ctx->arena, "in its handler, %s", why)
	           : NULL;
}

/* `NAME.sockets[0].getsockname()[1]` whose NAME is `use`: the port read,
 * or a null node. */
static TSNode port_read(am_context *ctx, const server *s, TSNode use)
{
	TSNode n = use;
	for (int i = 0; i < 5 && !ts_node_is_null(n); i++)
		n = am_parent(ctx, n);
	if (s->unix_socket || ts_node_is_null(n) ||
	    !am_node_is(n, ctx->syntax->subscript) ||
	    ts_node_start_byte(n) != ts_node_start_byte(use))
		return am_null_node();
	const char *want =
	        am_arena_printf(ctx->arena, "%s.sockets[0].getsockname()[1]",
	                        am_text(ctx, use));
	return am_node_text_eq(ctx->text, n, want) ? n : am_null_node();
}

/* `async with NAME:`, one item and no `as`, a later statement of the
 * block that starts the server: the with statement, or a null node. */
static TSNode serving_block(am_context *ctx, const server *s, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode item = am_parent(ctx, use);
	TSNode clause = am_parent(ctx, item);
	TSNode with = am_parent(ctx, clause);
	if (!am_node_is(item, sx->with_item) ||
	    !am_node_is(clause, sx->with_clause) ||
	    ts_node_named_child_count(clause) != 1 ||
	    !am_node_is(with, sx->with_statement) || !am_node_is_async(with) ||
	    !ts_node_eq(am_parent(ctx, with), am_parent(ctx, s->statement)) ||
	    ts_node_start_byte(with) < ts_node_end_byte(s->statement))
		return am_null_node();
	return with;
}

/* `await NAME.serve_forever()` alone, inside the serving block and in the
 * function that starts the server: the call, or a null node. */
static TSNode serve_call(am_context *ctx, const server *s, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode attribute = am_parent(ctx, use);
	TSNode call = am_parent(ctx, attribute);
	TSNode await = am_parent(ctx, call);
	TSNode statement = am_parent(ctx, await);
	TSNode fn = am_ancestor(ctx, use, sx->function_definition);
	am_call_args args;
	if (!am_node_is(attribute, sx->attribute) ||
	    !am_node_text_eq(ctx->text,
	                     am_node_field(attribute, sx->field.attribute),
	                     "serve_forever") ||
	    !am_node_is(call, sx->call) || !am_node_is(await, sx->await) ||
	    !am_node_is(statement, sx->expression_statement) ||
	    ts_node_named_child_count(statement) != 1 ||
	    ts_node_is_null(s->block) || !am_node_within(use, s->block) ||
	    !ts_node_eq(fn, am_ancestor(ctx, s->statement,
	                                sx->function_definition)))
		return am_null_node();
	am_call_args_read(ctx, call, &args);
	if (args.positional_count || args.keyword_count || args.has_star ||
	    args.has_kwsplat)
		return am_null_node();
	return call;
}

/* Every load of the server, in the order of the text: the port reads,
 * then `async with server:`, then `serve_forever()` inside it. */
static const char *read_server_uses(am_context *ctx, server *s)
{
	const am_binder *b = ctx->binder;
	int scope = am_bind_scope_at(b, ts_node_start_byte(s->statement));
	uint32_t len;
	const char *name = am_node_text(ctx->text, s->name, &len);
	int binding = am_bind_lookup(b, scope, name, len);
	for (size_t i = 0; i < b->uses.count; i++) {
		TSNode use = b->uses.items[i].node, found;
		if (b->uses.items[i].binding != binding)
			continue;
		if (!ts_node_is_null(found = port_read(ctx, s, use)) &&
		    s->port_count < MAX_PORTS)
			s->ports[s->port_count++] = found;
		else if (ts_node_is_null(s->block) &&
		         !ts_node_is_null(found = serving_block(ctx, s, use)))
			s->block = found;
		else if (ts_node_is_null(s->serve) &&
		         !ts_node_is_null(found = serve_call(ctx, s, use)))
			s->serve = found;
		else
			return am_arena_printf(
			        ctx->arena,
			        "the server is used other than by `async with "
			        "server: await server.serve_forever()` in its "
			        "function (line %u)",
			        am_node_line(ctx, use));
	}
	if (ts_node_is_null(s->serve))
		return "it is not served by `async with server: await "
		       "server.serve_forever()` in its function";
	return NULL;
}

/* A deadline, whose entering does not yield: `async with
 * asyncio.timeout(...)`, or what it becomes, `with anyio.fail_after(...)`
 * (and `move_on_after`). */
static int is_timeout_block(am_context *ctx, TSNode with)
{
	static const char *const deadlines[2][2] = {
	        {"anyio.fail_after", "anyio.move_on_after"},
	        {"asyncio.timeout", "asyncio.timeout_at"},
	};
	const char *const *names = deadlines[am_node_is_async(with) ? 1 : 0];
	TSNode clause = ts_node_named_child(with, 0);
	for (uint32_t i = 0; i < ts_node_named_child_count(clause); i++) {
		TSNode call =
		        ts_node_named_child(ts_node_named_child(clause, i), 0);
		const char *q =
		        am_node_is(call, ctx->syntax->call)
		                ? am_bind_resolve(
		                          ctx->binder,
		                          am_node_field(
		                                  call,
		                                  ctx->syntax->field.function))
		                : NULL;
		if (!q ||
		    (strcmp(q, names[0]) != 0 && strcmp(q, names[1]) != 0))
			return 0;
	}
	return 1;
}

/* Whether `serve_forever()` runs whenever the serving block does: between
 * them only deadlines and the bodies of `try` statements, no branch whose
 * other arm would wait while asyncio serves and anyio does not. */
static int always_served(am_context *ctx, const server *s)
{
	const am_syntax *sx = ctx->syntax;
	TSNode n = am_parent(ctx, am_parent(ctx, s->serve));
	for (;;) {
		TSNode body = am_parent(ctx, n);
		TSNode owner = am_parent(ctx, body);
		if (!am_node_is(body, sx->block) || ts_node_is_null(owner) ||
		    !am_node_is_field(owner, sx->field.body, body))
			return 0;
		if (ts_node_eq(owner, s->block))
			return 1;
		if (!am_node_is(owner, sx->try_statement) &&
		    !(am_node_is(owner, sx->with_statement) &&
		      is_timeout_block(ctx, owner)))
			return 0;
		n = owner;
	}
}

/* asyncio serves from start_server() on, anyio from serve(): nothing
 * between them may wait (a client run there would wait for an answer
 * that never comes). */
static const char *read_between(am_context *ctx, const server *s)
{
	const am_syntax *sx = ctx->syntax;
	if (!always_served(ctx, s))
		return "its `serve_forever()` is inside a branch or a loop of "
		       "the `async with server:` block";
	uint32_t from = ts_node_end_byte(s->statement);
	uint32_t to = ts_node_start_byte(am_parent(ctx, s->serve));
	const char *why = NULL;
	am_walk walk;
	am_walk_init(&walk,
	             am_ancestor(ctx, s->statement, sx->function_definition));
	for (TSNode n; !why && am_walk_next(&walk, &n);) {
		if (ts_node_start_byte(n) < from || ts_node_start_byte(n) >= to)
			continue;
		int waits = am_node_is(n, sx->await) ||
		            ((am_node_is(n, sx->with_statement) ||
		              am_node_is(n, sx->for_statement)) &&
		             am_node_is_async(n) && !ts_node_eq(n, s->block) &&
		             !is_timeout_block(ctx, n));
		if (waits)
			why = am_arena_printf(
			        ctx->arena,
			        "it waits at line %u before "
			        "`serve_forever()`, where asyncio "
			        "serves already",
			        am_node_line(ctx, n));
	}
	am_walk_release(&walk);
	return why;
}

/* `reader = _buffered_stream(writer)`, first in the handler's body: after
 * a docstring, which stays its first statement. */
static void insert_buffered(am_context *ctx, am_fix *fix, const server *s)
{
	TSNode first = s->stream.statement;
	TSNode next = am_statement_next(ctx, first);
	const char *line = am_arena_printf(
	        ctx->arena, "%s = " AM_HELPER_BUFFERED "(%s)",
	        am_text(ctx, s->stream.reader), am_text(ctx, s->stream.writer));
	const char *indent = am_line_indent(ctx, ts_node_start_byte(first));
	int docstring =
	        am_node_is(first, ctx->syntax->expression_statement) &&
	        am_node_is(ts_node_named_child(first, 0), ctx->syntax->string);
	if (docstring && ts_node_is_null(next))
		am_fix_insert(fix, am_line_end(ctx, ts_node_end_byte(first)),
		              am_arena_printf(ctx->arena, "%s%s%s",
		                              ctx->newline, indent, line));
	else
		am_fix_insert(fix, ts_node_start_byte(docstring ? next : first),
		              am_arena_printf(ctx->arena, "%s%s%s", line,
		                              ctx->newline, indent));
}

static void fix_server(am_context *ctx, const server *s)
{
	const am_syntax *sx = ctx->syntax;
	const char *target =
	        s->unix_socket ? "create_unix_listener" : "create_tcp_listener";
	am_fix *fix = am_fix_new(ctx, s->callee,
	                         "`asyncio.%s()` becomes `anyio.%s()`, its "
	                         "handler given one stream",
	                         s->function, target);
	am_fix_unsafe(fix); /* errors, backlog, open connections: Fix safety */
	am_fix_replace_node(fix, s->callee,
	                    am_arena_printf(ctx->arena, "anyio.%s", target));
	am_drop_argument(ctx, fix, s->args.positional[0]);
	am_stream_drop_limit(ctx, fix, &s->stream);
	for (int i = 0; i < 2 && !s->unix_socket; i++) {
		TSNode value = i ? s->port : s->host;
		TSNode keyword = am_parent(ctx, value);
		const char *local = i ? "local_port" : "local_host";
		if (am_node_is(keyword, sx->keyword_argument))
			am_fix_replace_node(
			        fix, am_node_field(keyword, sx->field.name),
			        local);
		else
			am_fix_insert(
			        fix, ts_node_start_byte(value),
			        am_arena_printf(ctx->arena, "%s=", local));
	}
	const char *name = am_text(ctx, s->name);
	const char *handler =
	        am_text(ctx, am_node_field(s->handler, sx->field.name));
	am_fix_replace_node(fix, s->serve,
	                    am_arena_printf(ctx->arena,
	                                    "%s.serve(" AM_HELPER_LOGGED_HANDLER
	                                    "(%s))",
	                                    name, handler));
	for (size_t i = 0; i < s->port_count; i++)
		am_fix_replace_node(
		        fix, s->ports[i],
		        am_arena_printf(ctx->arena,
		                        "%s.extra(anyio.abc."
		                        "SocketAttribute.local_port)",
		                        name));
	const char *writer = am_text(ctx, s->stream.writer);
	am_fix_replace_node(
	        fix, am_node_field(s->handler, sx->field.parameters),
	        s->writer_type ? am_arena_printf(ctx->arena, "(%s: %s)", writer,
	                                         s->writer_type)
	                       : am_arena_printf(ctx->arena, "(%s)", writer));
	insert_buffered(ctx, fix, s);
	am_stream_apply(ctx, fix, &s->stream);
}

static const char *read_names(am_context *ctx, const server *s)
{
	const char *why = am_stream_names_taken(ctx, s->call);
	if (why)
		return why;
	if (!am_imports_helper_available(ctx, AM_HELPER_LOGGED_HANDLER))
		return "the name `" AM_HELPER_LOGGED_HANDLER "` is taken";
	return NULL;
}

static void on_call(am_context *ctx, const am_call *call)
{
	server *s = am_arena_alloc(ctx->arena, sizeof *s);
	if (!s)
		return;
	memset(s, 0, sizeof *s);
	s->callee = call->callee;
	s->call = call->node;
	s->unix_socket = strstr(call->asyncio_name, "unix") != NULL;
	s->function = s->unix_socket ? "start_unix_server" : "start_server";
	const char *why = read_target(ctx, s);
	if (!why)
		why = read_arguments(ctx, s);
	if (!why)
		why = read_server_uses(ctx, s);
	if (!why)
		why = read_between(ctx, s);
	if (!why)
		why = read_handler(ctx, s);
	if (!why)
		why = read_names(ctx, s);
	if (why) {
		am_flag(ctx, s->callee, "`asyncio.%s()` left as is: %s",
		        s->function, why);
		return;
	}
	fix_server(ctx, s);
}

const am_rule am_rule_stream_server = {
        .code = "ANY215",
        .name = "stream-server",
        .summary = "`server = await asyncio.start_server(handler, host, "
                   "port)` served in its function → an anyio listener",
        .doc = "## What it does\n"
               "Rewrites a server that one function starts and serves: `server "
               "= await asyncio.start_server(handler, host, port)`, with the "
               "host one IP address written out, becomes `server = await "
               "anyio.create_tcp_listener(local_host=host, local_port=port)` "
               "(`start_unix_server(handler, path)` becomes "
               "`anyio.create_unix_listener(path)`), and its `async with "
               "server: await server.serve_forever()` serves with `await "
               "server.serve(_logged_handler(handler))`; "
               "`server.sockets[0].getsockname()[1]` becomes "
               "`server.extra(anyio.abc.SocketAttribute.local_port)`. A "
               "deadline may sit between the two (`async with "
               "asyncio.timeout():`, in a `try` or not). A `limit=` (a "
               "positive integer written out) leaves the call and goes to "
               "each `_readline(reader, limit)` of the handler.\n"
               "\n"
               "The handler, an `async def` of the module used only there "
               "(private, or in a module that runs itself), "
               "takes one stream: `async def handler(reader, writer)` becomes "
               "`async def handler(writer)` whose first statement (after a "
               "docstring) is `reader = _buffered_stream(writer)`, and its "
               "reader's and writer's uses are rewritten as ANY214 rewrites a "
               "client's. The parameters may be annotated "
               "`asyncio.StreamReader` and `asyncio.StreamWriter` (the "
               "classes imported by name, or in a string, too): the reader's "
               "annotation goes with it, the writer's becomes "
               "`anyio.abc.SocketStream` in the same form (`writer: "
               "\"anyio.abc.SocketStream\"` from a string). That is the type "
               "anyio's listeners, TCP and Unix, are declared to hand their "
               "handler (a Unix listener's stream is an "
               "`anyio.abc.UNIXSocketStream`, a subclass). The line `reader = "
               "_buffered_stream(writer)` gets no annotation. A return "
               "annotation stays as it is.\n"
               "\n"
               "`_logged_handler()` is written once in the module: anyio's "
               "`serve()` raises a handler's error in the server, which stops "
               "serving; asyncio logs it and closes that connection. The "
               "helper does the same: it logs `Unhandled exception in "
               "client_connected_cb` with the error at level ERROR, and closes "
               "the stream.\n"
               "\n"
               "## Why\n"
               "asyncio's servers run only on asyncio. anyio's listener serves "
               "on every backend; each connection is one byte stream that "
               "sends and receives.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "async def handle(reader, writer: asyncio.StreamWriter):\n"
               "    line = await reader.readline()\n"
               "    writer.write(line.upper())\n"
               "    await writer.drain()\n"
               "    writer.close()\n"
               "    await writer.wait_closed()\n"
               "\n"
               "\n"
               "async def main():\n"
               "    server = await asyncio.start_server(handle, \"127.0.0.1\", "
               "0)\n"
               "    port = server.sockets[0].getsockname()[1]\n"
               "    async with server:\n"
               "        await server.serve_forever()\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "async def handle(writer: anyio.abc.SocketStream):\n"
               "    reader = _buffered_stream(writer)\n"
               "    line = await _readline(reader)\n"
               "    await writer.send(line.upper())\n"
               "    await writer.aclose()\n"
               "\n"
               "\n"
               "async def main():\n"
               "    server = await "
               "anyio.create_tcp_listener(local_host=\"127.0.0.1\", "
               "local_port=0)\n"
               "    port = server.extra(anyio.abc.SocketAttribute.local_port)\n"
               "    async with server:\n"
               "        await server.serve(_logged_handler(handle))\n"
               "```\n"
               "\n"
               "## When it flags instead\n"
               "- the host is a name (`\"localhost\"`), `None` or empty: it "
               "may bind several sockets, each on its own port when the port "
               "is 0;\n"
               "- `ssl=`, `family=`, `reuse_address=`, "
               "`reuse_port=`, `backlog=`, `start_serving=`, `sock=` and every "
               "other keyword (they are not mapped); `limit=` other than a "
               "positive integer written out;\n"
               "- the server is kept elsewhere than in a local name bound once "
               "(on `self`, returned, passed on), or used other than by `async "
               "with server:`, `await server.serve_forever()` inside it and "
               "reads of the port: `server.close()` and `wait_closed()` after "
               "some work are flagged too;\n"
               "- the function waits (an `await`, `async with` or `async for`) "
               "between `start_server()` and `serve_forever()`: asyncio serves "
               "already there, anyio not yet;\n"
               "- the handler is not an `async def` of the module, is "
               "decorated, bound twice, used elsewhere, or takes other than "
               "two plain parameters (a default, `*args`); or a parameter is "
               "annotated other than with asyncio's reader or writer class "
               "alone (`object`, `Optional[asyncio.StreamWriter]`, a union, "
               "another module's type, the two classes swapped); or it is "
               "public "
               "(no leading `_`, or listed in `__all__`) in a module that does "
               "not run itself with `asyncio.run()` (its parameters change, "
               "and another module may call it);\n"
               "- the handler's reader or writer is used in a way ANY214 flags "
               "for a client.\n"
               "\n"
               "## Fix safety\n"
               "Unsafe: on these paths the code behaves otherwise.\n"
               "- A handler's error: the log record comes from the logger of "
               "the module the handler is in, not from `asyncio`'s (both pass "
               "it on to the root logger); asyncio's message has the transport "
               "after it. `BaseException`s that are not errors "
               "(`KeyboardInterrupt`) are not caught.\n"
               "- Stopping: when `serve()` is cancelled (a deadline, the "
               "program's end), the handlers still running are cancelled with "
               "it. asyncio's `serve_forever()` and `async with server` close "
               "only the listening socket: on Python 3.11 the handlers run on, "
               "on 3.12 and later `wait_closed()` waits for their connections "
               "to close.\n"
               "- A connection whose handler returns without closing it stays "
               "open "
               "until it is collected; when that is differs between asyncio "
               "and the "
               "backends.\n"
               "- A Unix server's socket file: asyncio from Python 3.13 "
               "removes it when "
               "the server closes, anyio leaves it.\n"
               "- An error while accepting (too many open files): asyncio logs "
               "it and pauses accepting; anyio raises it from `serve()`.\n"
               "- The listening socket's backlog: asyncio's is 100, anyio's "
               "65,536 (the system may cap both).\n"
               "- Everything ANY214's Fix safety lists for the handler's "
               "reader and writer (errors of a broken connection, short reads, "
               "a line past the limit, sending as a checkpoint, closing, an "
               "IPv6 peer's address of two items).\n"
               "\n"
               "## Migrating by hand\n"
               "Make the listener with "
               "`anyio.create_tcp_listener(local_host=..., local_port=..., "
               "backlog=..., reuse_port=...)` and serve it in a task group: "
               "`tg.start_soon(listener.serve, handler)`, then "
               "`tg.cancel_scope.cancel()` where asyncio's `server.close()` "
               "was; `listener.serve(handler, task_group=tg)` runs the "
               "handlers in a group of your own, which can outlive the "
               "accepting. For TLS wrap the listener in "
               "`anyio.streams.tls.TLSListener`. Catch a handler's errors in "
               "the handler (or a wrapper) unless they should stop the server. "
               "The handler's one parameter is an `anyio.abc.SocketStream` "
               "(an `anyio.abc.UNIXSocketStream` at run time for a Unix "
               "listener); for lines and exact sizes wrap it in "
               "`anyio.streams.buffered.BufferedByteReceiveStream`. "
               "A class that keeps the server on `self` keeps the listener and "
               "the task group there, entered in an `async with` of its own.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_UNSAFE,
        .calls = AM_NAMES("start_server", "start_unix_server",
                          "streams.start_server", "streams.start_unix_server"),
        .on_call = on_call,
};
