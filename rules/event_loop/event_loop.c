/* ANY204 event-loop: drop unused `loop = asyncio.get_running_loop()`;
 * new_event_loop/run_until_complete/close -> anyio.run */
#include "imports.h"
#include "advice.h"
#include "loop_var.h"
#include "policy.h"
#include "run_call.h"
#include "runner.h"
#include "rule.h"
#include "split_call.h"
#include "statement.h"

#include <string.h>

/* `X.method` when node is the X of an attribute; else a null node. */
static TSNode attribute_on(const am_context *ctx, TSNode node)
{
	TSNode parent = am_parent(ctx, node);
	if (am_node_is(parent, ctx->syntax->attribute) &&
	    am_node_is_field(parent, ctx->syntax->field.object, node))
		return parent;
	return am_null_node();
}

static int attribute_is(const am_context *ctx, TSNode attribute,
                        const char *name)
{
	return !ts_node_is_null(attribute) &&
	       am_node_text_eq(
	               ctx->text,
	               am_node_field(attribute, ctx->syntax->field.attribute),
	               name);
}

/* Whether `loop.method(...)` is a call another rule rewrites or reports:
 * `run_in_executor` (ANY203), `time` (ANY209), `create_future` (ANY211),
 * `call_soon_threadsafe` on a name (ANY212). */
static int handled_elsewhere(const am_context *ctx, TSNode attribute)
{
	TSNode loop = am_node_field(attribute, ctx->syntax->field.object);
	return !ts_node_is_null(am_callee_call(ctx, attribute)) &&
	       ((attribute_is(ctx, attribute, "call_soon_threadsafe") &&
	         am_node_is(loop, ctx->syntax->identifier)) ||
	        attribute_is(ctx, attribute, "run_in_executor") ||
	        attribute_is(ctx, attribute, "time") ||
	        attribute_is(ctx, attribute, "create_future"));
}

/* Whether a load is an argument of a call of asyncio itself
 * (`asyncio.set_event_loop(loop)`): the rule of that call speaks of it. */
static int argument_of_asyncio_call(const am_context *ctx, TSNode use)
{
	const am_syntax *sx = ctx->syntax;
	TSNode parent = am_parent(ctx, use);
	if (am_node_is(parent, sx->keyword_argument))
		parent = am_parent(ctx, parent);
	if (!am_node_is(parent, sx->argument_list))
		return 0;
	TSNode call = am_parent(ctx, parent);
	const char *q = am_bind_resolve(
	        ctx->binder, am_node_field(call, sx->field.function));
	return q && strncmp(q, "asyncio.", 8) == 0;
}

/* "`loop.call_soon()`", "`loop.time`" or "`loop` passed on". */
static const char *describe_use(am_context *ctx, TSNode use)
{
	TSNode attribute = attribute_on(ctx, use);
	if (ts_node_is_null(attribute))
		return am_arena_printf(ctx->arena, "`%s` passed on",
		                       am_text(ctx, use));
	int called = !ts_node_is_null(am_callee_call(ctx, attribute));
	return am_arena_printf(ctx->arena, "`%s%s`", am_text(ctx, attribute),
	                       called ? "()" : "");
}

/* Flags what is done with a loop, at each load of it. */
static void flag_use(am_context *ctx, TSNode use)
{
	TSNode attribute = attribute_on(ctx, use);
	if (ts_node_is_null(attribute)) {
		if (argument_of_asyncio_call(ctx, use))
			return;
		am_flag(ctx, use,
		        "`%s` (an asyncio loop) is passed on or kept: "
		        "anyio has no loop object",
		        am_text(ctx, use));
		return;
	}
	if (handled_elsewhere(ctx, attribute))
		return;
	uint32_t len;
	const char *method = am_node_text(
	        ctx->text,
	        am_node_field(attribute, ctx->syntax->field.attribute), &len);
	am_flag(ctx, attribute, "%s left as is: anyio has no loop object; %s",
	        describe_use(ctx, use), am_advice_for_loop_method(method, len));
}

static void flag_uses(am_context *ctx, int binding)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->uses.count; i++)
		if (b->uses.items[i].binding == binding)
			flag_use(ctx, b->uses.items[i].node);
}

/* The first load of a binding that is not one of `skip`, or a null node. */
static TSNode first_use_except(const am_context *ctx, int binding,
                               const TSNode *skip, size_t skip_count)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *u = &b->uses.items[i];
		if (u->binding != binding)
			continue;
		size_t k = 0;
		while (k < skip_count && !ts_node_eq(skip[k], u->node))
			k++;
		if (k == skip_count)
			return u->node;
	}
	return am_null_node();
}

/* Whether node is an identifier spelled `name`. */
static int is_name(const am_context *ctx, TSNode node, const char *name)
{
	return am_node_is(node, ctx->syntax->identifier) &&
	       am_node_text_eq(ctx->text, node, name);
}

/* The call `name.method(...)` when node is one, else a null node. */
static TSNode method_call(const am_context *ctx, TSNode node, const char *name,
                          const char *method)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(node, sx->call))
		return am_null_node();
	TSNode fn = am_node_field(node, sx->field.function);
	if (!am_node_is(fn, sx->attribute) || !attribute_is(ctx, fn, method) ||
	    !is_name(ctx, am_node_field(fn, sx->field.object), name))
		return am_null_node();
	return node;
}

/* Whether a statement is `name.close()`. */
static int is_close(const am_context *ctx, TSNode statement, const char *name)
{
	TSNode call = method_call(ctx, am_statement_expression(ctx, statement),
	                          name, "close");
	if (ts_node_is_null(call))
		return 0;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	return !args.generator && !args.positional_count && !args.keyword_count;
}

/* Whether a statement is `asyncio.set_event_loop(name)`. */
static int is_set_event_loop(const am_context *ctx, TSNode statement,
                             const char *name)
{
	TSNode call = am_statement_expression(ctx, statement);
	if (!am_node_is(call, ctx->syntax->call) ||
	    !am_bind_is_asyncio(
	            ctx->binder,
	            am_node_field(call, ctx->syntax->field.function),
	            "set_event_loop"))
		return 0;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	return !args.generator && args.positional_count == 1 &&
	       !args.keyword_count && is_name(ctx, args.positional[0], name);
}

/* ---- loop = asyncio.new_event_loop() ... loop.close() -> anyio.run ------ */

typedef struct run_sequence {
	TSNode create;        /* loop = asyncio.new_event_loop() */
	TSNode set;           /* asyncio.set_event_loop(loop), or null */
	TSNode run_statement; /* holding loop.run_until_complete(...) */
	TSNode run_call;
	TSNode close; /* loop.close() (in `finally:` in the try form), or null
	               * when none follows the run */
	TSNode try_statement; /* try: <run> finally: loop.close(), or null */
} run_sequence;

/* The try form: `try: <run statement> finally: name.close()`. */
static int read_try(const am_context *ctx, TSNode statement, const char *name,
                    run_sequence *seq)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(statement, sx->try_statement))
		return 0;
	TSNode finally_clause = am_null_node();
	uint32_t count = ts_node_named_child_count(statement);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(statement, i);
		const char *type = ts_node_type(child);
		if (strcmp(type, "finally_clause") == 0)
			finally_clause = child;
		else if (strcmp(type, "block") != 0 &&
		         strcmp(type, "comment") != 0)
			return 0; /* except, except*, else */
	}
	if (ts_node_is_null(finally_clause))
		return 0;
	TSNode body = am_block_only_statement(
	        ctx, am_node_field(statement, sx->field.body));
	TSNode run_call = am_run_statement_call(ctx, body, 1);
	TSNode cleanup = ts_node_named_child(
	        finally_clause, ts_node_named_child_count(finally_clause) - 1);
	if (ts_node_is_null(body) ||
	    ts_node_is_null(
	            method_call(ctx, run_call, name, "run_until_complete")) ||
	    !am_node_is(cleanup, sx->block) ||
	    !is_close(ctx, am_block_only_statement(ctx, cleanup), name))
		return 0;
	seq->close = am_block_only_statement(ctx, cleanup);
	seq->try_statement = statement;
	seq->run_statement = body;
	seq->run_call = run_call;
	return 1;
}

/* Reads the statements after `create`: 0 when they do not start with a
 * run; seq->close stays null when no `loop.close()` follows it. */
static int read_sequence(const am_context *ctx, TSNode create, const char *name,
                         run_sequence *seq)
{
	seq->create = create;
	seq->set = seq->close = seq->try_statement = am_null_node();
	TSNode next = am_statement_next(ctx, create);
	if (is_set_event_loop(ctx, next, name)) {
		seq->set = next;
		next = am_statement_next(ctx, next);
	}
	if (read_try(ctx, next, name, seq))
		return 1;
	seq->run_statement = next;
	seq->run_call = am_run_statement_call(ctx, next, 0);
	if (ts_node_is_null(method_call(ctx, seq->run_call, name,
	                                "run_until_complete")))
		return 0;
	TSNode after = am_statement_next(ctx, next);
	if (is_close(ctx, after, name))
		seq->close = after;
	return 1;
}

/* Whether each statement of the run has its lines to itself, and the try
 * form holds no comment outside the run statement. */
static int sequence_layout_ok(const am_context *ctx, const run_sequence *seq)
{
	if (!am_statement_stands_alone(ctx, seq->create) ||
	    (!ts_node_is_null(seq->set) &&
	     !am_statement_stands_alone(ctx, seq->set)))
		return 0;
	if (ts_node_is_null(seq->try_statement))
		return am_statement_stands_alone(ctx, seq->run_statement) &&
		       (ts_node_is_null(seq->close) ||
		        am_statement_stands_alone(ctx, seq->close));
	TSNode t = seq->try_statement;
	return !am_comment_between(ctx, t, ts_node_start_byte(t),
	                           ts_node_start_byte(seq->run_statement)) &&
	       !am_comment_between(ctx, t, ts_node_end_byte(seq->run_statement),
	                           ts_node_end_byte(t));
}

/* The loads of the loop the run is made of. */
static size_t sequence_loads(const am_context *ctx, const run_sequence *seq,
                             TSNode loads[3])
{
	const am_syntax *sx = ctx->syntax;
	size_t n = 0;
	if (!ts_node_is_null(seq->set)) {
		am_call_args args;
		am_call_args_read(ctx, am_statement_expression(ctx, seq->set),
		                  &args);
		loads[n++] = args.positional[0];
	}
	TSNode calls[2] = {seq->run_call, am_null_node()};
	if (!ts_node_is_null(seq->close))
		calls[1] = am_statement_expression(ctx, seq->close);
	for (size_t i = 0; i < 2 && !ts_node_is_null(calls[i]); i++)
		loads[n++] = am_node_field(
		        am_node_field(calls[i], sx->field.function),
		        sx->field.object);
	return n;
}

/* The line of a second `name.run_until_complete()`, when `use` (a load of
 * the loop outside the run) makes one; else 0. */
static unsigned int second_run_line(const am_context *ctx, TSNode use)
{
	TSNode attribute = attribute_on(ctx, use);
	if (!attribute_is(ctx, attribute, "run_until_complete") ||
	    ts_node_is_null(am_callee_call(ctx, attribute)))
		return 0;
	return am_node_line(ctx, attribute);
}

/* Why another call of `asyncio.get_event_loop()` is not a start this rule
 * rewrites, or NULL (defined with the rule below). */
static const char *other_start_doubt(am_context *ctx, TSNode getter);

/* Why the loop of `asyncio.get_event_loop()` (the call `getter`) may be
 * shared with other code of the file, or NULL: another
 * `asyncio.get_event_loop()` outside an `async def`, unless it is a start
 * rewritten too, reaches the same loop of the thread (work scheduled there
 * would run during this run; after `anyio.run()` the thread has no current
 * loop left). */
static const char *shared_loop_doubt(am_context *ctx, TSNode getter)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *r = &b->asyncio_refs.items[i];
		if (r->ambiguous ||
		    strcmp(r->qualname, "asyncio.get_event_loop") != 0)
			continue;
		TSNode call = am_callee_call(ctx, r->node);
		if (ts_node_eq(call, getter) ||
		    (!ts_node_is_null(call) &&
		     (am_in_async_function(ctx, call) ||
		      !other_start_doubt(ctx, call))))
			continue;
		return am_arena_printf(
		        ctx->arena,
		        "the thread's loop is also reached on line %u "
		        "(`asyncio.get_event_loop()`), where each "
		        "`anyio.run()` makes its own",
		        am_node_line(ctx, r->node));
	}
	return NULL;
}

/* Why the statements after `loop = asyncio.new_event_loop()` (or
 * `get_event_loop()`, whose `close()` may be left out) do not become
 * `anyio.run(...)`, or NULL when they do. */
static const char *sequence_doubt(am_context *ctx, TSNode create,
                                  const am_loop_var *var, am_loop_source source,
                                  int check_shared, run_sequence *seq)
{
	const am_binder *b = ctx->binder;
	const am_binding *bd = &b->bindings.items[var->binding];
	const char *name = am_arena_strndup(ctx->arena, bd->name, bd->name_len);
	const char *not_a_run = "what follows it is not "
	                        "`loop.run_until_complete(...)` and then "
	                        "`loop.close()`";
	if (!name || !read_sequence(ctx, create, name, seq))
		return not_a_run;
	if (var->assignments != 1)
		return "the name is assigned more than once in its scope";
	TSNode loads[3];
	size_t n = sequence_loads(ctx, seq, loads);
	TSNode other = first_use_except(ctx, var->binding, loads, n);
	unsigned int second =
	        ts_node_is_null(other) ? 0 : second_run_line(ctx, other);
	if (second)
		return am_arena_printf(
		        ctx->arena,
		        "two runs (lines %u and %u) share the loop, where each "
		        "`anyio.run()` makes its own",
		        am_node_line(ctx, seq->run_call), second);
	if (!ts_node_is_null(other))
		return am_arena_printf(ctx->arena,
		                       "the loop is also used elsewhere (%s)",
		                       describe_use(ctx, other));
	if (ts_node_is_null(seq->close) && source == AM_LOOP_NEW_EVENT_LOOP)
		return not_a_run;
	if (!sequence_layout_ok(ctx, seq))
		return "the statements share lines with others (`;`) or hold "
		       "comments that rewriting would drop";
	const char *why = am_run_call_doubt(ctx, seq->run_call);
	if (why || source != AM_LOOP_GET_EVENT_LOOP || !check_shared)
		return why;
	return shared_loop_doubt(
	        ctx, am_node_field(am_statement_expression(ctx, create),
	                           ctx->syntax->field.right));
}

static void fix_sequence(am_context *ctx, TSNode fn, am_loop_source source,
                         const run_sequence *seq)
{
	int closed = !ts_node_is_null(seq->close);
	am_fix *fix =
	        am_fix_new(ctx, fn,
	                   "`asyncio.%s()`%s`run_until_complete(main(...))`%s "
	                   "become `anyio.run(main, ...)`",
	                   am_loop_source_name(source), closed ? ", " : " and ",
	                   closed ? " and `close()`" : "");
	am_fix_unsafe(fix); /* see Fix safety */
	am_statement_remove(ctx, fix, seq->create, "");
	if (!ts_node_is_null(seq->set))
		am_statement_remove(ctx, fix, seq->set, "");
	if (ts_node_is_null(seq->try_statement)) {
		if (closed)
			am_statement_remove(ctx, fix, seq->close, "");
	} else {
		/* `try:` up to the run statement, and from its end the
		 * `finally:` clause: the statement takes the try's place. */
		TSNode t = seq->try_statement;
		am_fix_replace(fix, ts_node_start_byte(t),
		               ts_node_start_byte(seq->run_statement), "");
		am_fix_replace(fix, ts_node_end_byte(seq->run_statement),
		               ts_node_end_byte(t), "");
	}
	am_fix_run_call(ctx, fix, seq->run_call, NULL);
}

/* The assignment `name = asyncio.get_*_loop()` a statement is made of, or a
 * null node. */
static TSNode loop_assignment(const am_context *ctx, TSNode statement)
{
	const am_syntax *sx = ctx->syntax;
	TSNode e = am_statement_expression(ctx, statement);
	if (!am_node_is(e, sx->assignment) ||
	    !am_node_is(am_node_field(e, sx->field.left), sx->identifier))
		return am_null_node();
	return am_loop_call_source(ctx, am_node_field(e, sx->field.right))
	               ? e
	               : am_null_node();
}

/* Why the statement of an unused `name = asyncio.get_*_loop()` cannot go,
 * or NULL. */
static const char *removal_doubt(am_context *ctx, TSNode assignment, int scope,
                                 am_loop_source source)
{
	const am_scope *s = &ctx->binder->scopes.items[scope];
	TSNode statement = am_parent(ctx, assignment);
	if (!ts_node_eq(loop_assignment(ctx, statement), assignment))
		return "it is part of a larger statement";
	if (s->kind == AM_SCOPE_MODULE)
		return "a module-level name may be imported by other modules";
	if (am_node_is(s->node, ctx->syntax->function_definition) &&
	    am_node_is_async(s->node))
		return NULL;
	return source == AM_LOOP_GET_RUNNING_LOOP
	               ? "in a plain function it also checks that an event "
	                 "loop runs (RuntimeError otherwise)"
	               : "in a plain function it may also create the thread's "
	                 "event loop, or fail without one";
}

/* Whether the statement would be removed: an unused loop assignment that
 * can go. */
static int removable(am_context *ctx, TSNode statement)
{
	const am_binder *b = ctx->binder;
	TSNode assignment = loop_assignment(ctx, statement);
	if (ts_node_is_null(assignment))
		return 0;
	TSNode right = am_node_field(assignment, ctx->syntax->field.right);
	am_loop_source source = am_loop_call_source(ctx, right);
	if (source == AM_LOOP_NEW_EVENT_LOOP)
		return 0;
	uint32_t len;
	const char *name = am_node_text(
	        ctx->text, am_node_field(assignment, ctx->syntax->field.left),
	        &len);
	int scope = am_bind_scope_at(b, ts_node_start_byte(statement));
	int binding = am_bind_lookup(b, scope, name, len);
	am_loop_var var;
	return binding >= 0 && b->bindings.items[binding].scope == scope &&
	       b->bindings.items[binding].uses == 0 &&
	       am_loop_var_read(ctx, binding, &var) &&
	       !removal_doubt(ctx, assignment, scope, source);
}

/* Removing every statement of a block at once would leave it empty: then
 * only the first goes in this pass, and the last one becomes `pass`. */
static int removal_waits(am_context *ctx, TSNode statement)
{
	TSNode block = am_parent(ctx, statement);
	if (!am_node_is(block, ctx->syntax->block))
		return 0;
	int first = 1;
	uint32_t count = ts_node_named_child_count(block);
	for (uint32_t i = 0; i < count; i++) {
		TSNode child = ts_node_named_child(block, i);
		if (ts_node_eq(child, statement) ||
		    am_node_is(child, ctx->syntax->comment))
			continue;
		if (!removable(ctx, child))
			return 0;
		if (ts_node_start_byte(child) < ts_node_start_byte(statement))
			first = 0;
	}
	return !first;
}

/* ---- the rule ----------------------------------------------------------- */

/* Why the uses of the name an assignment binds cannot be followed, or
 * NULL (then *var describes them). */
static const char *loop_var_doubt(am_context *ctx, TSNode assignment,
                                  am_loop_var *var)
{
	const am_binder *b = ctx->binder;
	TSNode target = am_node_field(assignment, ctx->syntax->field.left);
	const char *name = am_text(ctx, target);
	int scope = am_bind_scope_at(b, ts_node_start_byte(assignment));
	int binding = am_bind_lookup(b, scope, name, strlen(name));
	if (binding < 0 || b->bindings.items[binding].scope != scope)
		return am_arena_printf(
		        ctx->arena,
		        "`%s` is declared `global` or `nonlocal` here", name);
	if (b->scopes.items[scope].kind == AM_SCOPE_CLASS)
		return am_arena_printf(
		        ctx->arena,
		        "`%s` is a class attribute, used through the class or "
		        "its instances",
		        name);
	if (!am_loop_var_read(ctx, binding, var))
		return am_arena_printf(
		        ctx->arena, "`%s` is also bound by %s here", name,
		        am_loop_describe_binding(ctx, var->other));
	return NULL;
}

/* The statement a call forms on its own (`call` or `target = call`), or a
 * null node. */
static TSNode call_statement(const am_context *ctx, TSNode call)
{
	TSNode statement = am_parent(ctx, call);
	if (am_node_is(statement, ctx->syntax->assignment))
		statement = am_parent(ctx, statement);
	if (ts_node_eq(am_run_statement_call(ctx, statement, 0), call))
		return statement;
	return am_null_node();
}

static const char *other_start_doubt(am_context *ctx, TSNode getter)
{
	const am_syntax *sx = ctx->syntax;
	TSNode attribute = attribute_on(ctx, getter);
	TSNode run_call = ts_node_is_null(attribute)
	                          ? attribute
	                          : am_callee_call(ctx, attribute);
	if (attribute_is(ctx, attribute, "run_until_complete") &&
	    !ts_node_is_null(run_call))
		return ts_node_is_null(call_statement(ctx, run_call))
		               ? "part of a larger expression"
		               : am_run_call_doubt(ctx, run_call);
	TSNode assignment = am_parent(ctx, getter);
	am_loop_var var;
	run_sequence seq;
	if (!am_node_is(assignment, sx->assignment) ||
	    !am_node_is(am_node_field(assignment, sx->field.left),
	                sx->identifier) ||
	    loop_var_doubt(ctx, assignment, &var))
		return "not a start";
	return sequence_doubt(ctx, am_parent(ctx, assignment), &var,
	                      AM_LOOP_GET_EVENT_LOOP, 0, &seq);
}

/* Whether `loop = asyncio.get_event_loop()` starts a run of the loop: the
 * next statement (after an optional `asyncio.set_event_loop(loop)`) runs it,
 * in a plain function or at module level. In an `async def` it gives the
 * running loop, which cannot run again: that stays as it is. */
static int starts_a_run(am_context *ctx, TSNode assignment,
                        const am_loop_var *var)
{
	const am_binder *b = ctx->binder;
	if (am_in_async_function(ctx, assignment))
		return 0;
	const am_binding *bd = &b->bindings.items[var->binding];
	const char *name = am_arena_strndup(ctx->arena, bd->name, bd->name_len);
	run_sequence seq;
	return name &&
	       read_sequence(ctx, am_parent(ctx, assignment), name, &seq);
}

/* The line of the first `loop.run_forever()` of a loop, or 0. */
static unsigned int run_forever_line(am_context *ctx, int binding)
{
	size_t count = 0;
	const uint32_t *loads = am_binding_loads(ctx, binding, &count);
	for (size_t i = 0; i < count; i++) {
		TSNode attribute = attribute_on(
		        ctx, ctx->binder->uses.items[loads[i]].node);
		if (attribute_is(ctx, attribute, "run_forever") &&
		    !ts_node_is_null(am_callee_call(ctx, attribute)))
			return am_node_line(ctx, attribute);
	}
	return 0;
}

/* Flags a loop assignment left as is because the loop runs forever, with
 * the recipe; 0 when it does not. */
static int flag_forever(am_context *ctx, TSNode fn, int binding,
                        const char *what)
{
	unsigned int forever = run_forever_line(ctx, binding);
	if (forever)
		am_flag(ctx, fn,
		        "%s left as is: the loop runs forever (line %u); start "
		        "with `anyio.run(main)`, main ending in `await "
		        "anyio.sleep_forever()`",
		        what, forever);
	return forever != 0;
}

/* `loop = asyncio.new_event_loop()`, or a `get_event_loop()` that starts a
 * run: the `anyio.run()` it becomes, or flags. */
static void on_new_loop(am_context *ctx, TSNode fn, TSNode assignment,
                        const am_loop_var *var, am_loop_source source,
                        const char *what)
{
	run_sequence seq;
	const char *why = sequence_doubt(ctx, am_parent(ctx, assignment), var,
	                                 source, 1, &seq);
	if (!why) {
		fix_sequence(ctx, fn, source, &seq);
		return;
	}
	if (ts_node_eq(var->first,
	               am_node_field(assignment, ctx->syntax->field.left)))
		flag_uses(ctx, var->binding);
	if (!flag_forever(ctx, fn, var->binding, what))
		am_flag(ctx, fn, "%s left as is: %s", what, why);
}

/* `loop = asyncio.get_running_loop()` that nothing uses. */
static void on_unused_loop(am_context *ctx, TSNode fn, TSNode assignment,
                           const am_loop_var *var, am_loop_source source,
                           const char *what)
{
	const char *why = removal_doubt(ctx, assignment, var->scope, source);
	if (why) {
		am_flag(ctx, fn, "%s left as is although `%s` is unused: %s",
		        what,
		        am_text(ctx, am_node_field(assignment,
		                                   ctx->syntax->field.left)),
		        why);
		return;
	}
	TSNode statement = am_parent(ctx, assignment);
	if (removal_waits(ctx, statement))
		return;
	am_fix *fix = am_fix_new(ctx, fn,
	                         "unused %s removed (anyio has no event loop "
	                         "object)",
	                         what);
	am_statement_remove(ctx, fix, statement, "");
}

/* `name = asyncio.get_running_loop()` and the like. */
static void on_loop_assignment(am_context *ctx, TSNode fn, TSNode assignment,
                               am_loop_source source)
{
	TSNode target = am_node_field(assignment, ctx->syntax->field.left);
	const char *name = am_text(ctx, target);
	const char *what = am_arena_printf(ctx->arena, "`%s = asyncio.%s()`",
	                                   name, am_loop_source_name(source));
	am_loop_var var;
	const char *why = loop_var_doubt(ctx, assignment, &var);
	if (why) {
		am_flag(ctx, fn,
		        "%s left as is: %s, so its uses cannot be followed",
		        what, why);
		return;
	}
	if (source == AM_LOOP_NEW_EVENT_LOOP ||
	    (source == AM_LOOP_GET_EVENT_LOOP &&
	     starts_a_run(ctx, assignment, &var))) {
		on_new_loop(ctx, fn, assignment, &var, source, what);
		return;
	}
	if (ctx->binder->bindings.items[var.binding].uses == 0) {
		on_unused_loop(ctx, fn, assignment, &var, source, what);
		return;
	}
	if (ts_node_eq(var.first, target))
		flag_uses(ctx, var.binding);
	if (flag_forever(ctx, fn, var.binding, what))
		return;
	am_flag(ctx, fn,
	        "%s left as is while `%s` is used (%s): anyio has no loop "
	        "object",
	        what, name,
	        describe_use(ctx, first_use_except(ctx, var.binding, NULL, 0)));
}

/* `asyncio.get_event_loop().run_until_complete(main())` as a statement. */
static void on_chained_run(am_context *ctx, TSNode attribute, TSNode call,
                           am_loop_source source)
{
	const char *why = NULL;
	if (source != AM_LOOP_GET_EVENT_LOOP)
		why = "only the loop of `asyncio.get_event_loop()` is "
		      "rewritten";
	else if (ts_node_is_null(call_statement(ctx, call)))
		why = "it is part of a larger expression";
	else if (am_in_async_function(ctx, call))
		why = "in an `async def` the loop already runs";
	else if (!(why = shared_loop_doubt(
	                   ctx,
	                   am_node_field(
	                           am_node_field(call,
	                                         ctx->syntax->field.function),
	                           ctx->syntax->field.object))))
		why = am_run_call_doubt(ctx, call);
	if (why) {
		am_flag(ctx, attribute,
		        "`asyncio.%s().run_until_complete()` left as is: %s",
		        am_loop_source_name(source), why);
		return;
	}
	am_fix *fix = am_fix_new(
	        ctx, attribute,
	        "`asyncio.get_event_loop().run_until_complete(main(...))` "
	        "becomes `anyio.run(main, ...)`");
	am_fix_unsafe(fix); /* see Fix safety */
	am_fix_run_call(ctx, fix, call, NULL);
}

/* `asyncio.get_event_loop().method(...)`. */
static void on_chained(am_context *ctx, TSNode attribute, am_loop_source source)
{
	TSNode call = am_callee_call(ctx, attribute);
	if (handled_elsewhere(ctx, attribute))
		return;
	if (attribute_is(ctx, attribute, "run_until_complete") &&
	    !ts_node_is_null(call)) {
		on_chained_run(ctx, attribute, call, source);
		return;
	}
	uint32_t len;
	const char *method = am_node_text(
	        ctx->text,
	        am_node_field(attribute, ctx->syntax->field.attribute), &len);
	am_flag(ctx, attribute,
	        "`asyncio.%s().%.*s%s` left as is: anyio has no loop "
	        "object; %s",
	        am_loop_source_name(source), (int)len, method,
	        ts_node_is_null(call) ? "" : "()",
	        am_advice_for_loop_method(method, len));
}

/* `X.run_until_complete(...)` where X is not known to be a loop of this
 * file (`self.loop`, a parameter): still asyncio's API. */
static void on_other_run_until_complete(am_context *ctx, TSNode fn)
{
	const am_syntax *sx = ctx->syntax;
	TSNode receiver = am_node_field(fn, sx->field.object);
	am_loop_var var;
	if (am_loop_call_source(ctx, receiver) ||
	    (am_node_is(receiver, sx->identifier) &&
	     am_loop_var_of_load(ctx, receiver, &var)))
		return; /* reported with the loop's assignment */
	am_flag(ctx, fn, "`%s()` left as is: not a loop this rule follows",
	        am_text(ctx, fn));
}

static void on_call(am_context *ctx, const am_call *loop_call)
{
	const am_syntax *sx = ctx->syntax;
	TSNode fn = loop_call->callee;
	TSNode call = loop_call->node;
	const char *name = loop_call->asyncio_name;
	if (name && strcmp(name, "Runner") == 0) {
		am_event_loop_on_runner(ctx, loop_call);
		return;
	}
	if (name && strcmp(name, "set_event_loop_policy") == 0) {
		am_event_loop_on_policy(ctx, loop_call);
		return;
	}
	if (loop_call->method && strcmp(loop_call->method, "install") == 0) {
		am_event_loop_on_install(ctx, loop_call);
		return;
	}
	am_loop_source source = am_loop_call_source(ctx, call);
	if (source == AM_LOOP_NONE) {
		if (loop_call->method)
			on_other_run_until_complete(ctx, fn);
		return;
	}
	TSNode attribute = attribute_on(ctx, call);
	if (!ts_node_is_null(attribute)) {
		on_chained(ctx, attribute, source);
		return;
	}
	TSNode parent = am_parent(ctx, call);
	if (am_node_is(parent, sx->assignment) &&
	    am_node_is_field(parent, sx->field.right, call) &&
	    am_node_is(am_node_field(parent, sx->field.left), sx->identifier))
		on_loop_assignment(ctx, fn, parent, source);
	/* Anything else is reported by ANY900. */
}

const am_rule am_rule_event_loop = {
        .code = "ANY204",
        .name = "event-loop",
        .summary = "Remove unused `loop = asyncio.get_running_loop()`; the "
                   "program's start (`new_event_loop`/`get_event_loop` + "
                   "`run_until_complete`, `asyncio.Runner`) → "
                   "`anyio.run(main)`",
        .doc = "## What it does\n"
               "- Removes `loop = asyncio.get_running_loop()` (or "
               "`get_event_loop()`), a statement of its own in an `async "
               "def`, once nothing in its scope uses `loop` (for instance "
               "after ANY203 rewrote `loop.run_in_executor`). A statement "
               "alone in its block becomes `pass`.\n"
               "- Rewrites the program's start to `anyio.run(main, a)`, in a "
               "plain function or at module level (under `if __name__ == "
               "\"__main__\":` too), when nothing else is done with the loop "
               "or the runner:\n"
               "  - `loop = asyncio.new_event_loop()`, an optional "
               "`asyncio.set_event_loop(loop)`, "
               "`loop.run_until_complete(main(a))` and `loop.close()`, the "
               "close either the next statement or the only one of the "
               "`finally:` of a `try:` that holds just the run;\n"
               "  - the same with `loop = asyncio.get_event_loop()`, where "
               "the `loop.close()` may also be left out;\n"
               "  - `asyncio.get_event_loop().run_until_complete(main(a))`, a "
               "statement of its own;\n"
               "  - `with asyncio.Runner() as runner:` whose block is "
               "`runner.run(main(a))` alone; `asyncio.Runner(debug=True)` "
               "gives `backend_options={\"debug\": True}`.\n"
               "- In each form the result may be assigned (`x = ...`, or "
               "`return ...` "
               "inside the `try:` or the `with`). The call is split as ANY101 "
               "does: keyword arguments go through `functools.partial` (all "
               "the arguments do when moving the keywords ahead of the "
               "positional ones could change what they evaluate to).\n"
               "- Flags the loop a program picks before it starts "
               "(`asyncio.set_event_loop_policy(...)`, `uvloop.install()`) "
               "with the option of `anyio.run()` that picks it, and a loop "
               "that runs forever with the recipe below.\n"
               "\n"
               "## Why\n"
               "anyio has no event loop object: `anyio.run()` starts and "
               "closes the loop of the chosen backend, and the loop's methods "
               "have structured equivalents (task groups, `anyio.to_thread`, "
               "`anyio.current_time()`, signal receivers). A leftover "
               "`asyncio.get_running_loop()` fails on the trio backend.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "loop = asyncio.new_event_loop()\n"
               "asyncio.set_event_loop(loop)\n"
               "try:\n"
               "    total = loop.run_until_complete(main(path, retries=3))\n"
               "finally:\n"
               "    loop.close()\n"
               "\n"
               "with asyncio.Runner(debug=True) as runner:\n"
               "    runner.run(report(total))\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "total = anyio.run(functools.partial(main, retries=3), path)\n"
               "\n"
               "anyio.run(report, total, backend_options={\"debug\": True})\n"
               "```\n"
               "\n"
               "## When it flags instead\n"
               "- `loop` is used for anything else: each use is reported with "
               "the anyio way (`loop.time` not called → "
               "`anyio.current_time`, `call_later` → a task that does `await "
               "anyio.sleep(d)` then "
               "the call, "
               "`add_signal_handler` → `anyio.open_signal_receiver`, "
               "`create_task` → a task group, `loop` passed on → make the "
               "receiver use anyio), and the assignment, which stays, says "
               "why; calls of `loop.time()`, `loop.run_in_executor()`, "
               "`loop.create_future()` and `loop.call_soon_threadsafe()` are "
               "ANY209's, ANY203's, ANY211's and ANY212's;\n"
               "- two runs share one loop (`loop.run_until_complete(a()); "
               "loop.run_until_complete(b())`, or two `runner.run()` in one "
               "block): each `anyio.run()` makes a loop of its own, so what "
               "the first run leaves on the loop would not reach the second; "
               "the message names both lines;\n"
               "- `asyncio.get_event_loop()` is called elsewhere in the "
               "file outside an `async def` (to schedule work on the "
               "thread's loop, or in a start left as is): the run shares "
               "that loop, where `anyio.run()` would make a new one and "
               "leave the thread without a current loop;\n"
               "- `loop.run_forever()`: the assignment says the loop runs "
               "forever and names the recipe (see Migrating by hand);\n"
               "- `loop` is also bound another way in its scope (a parameter, "
               "another assignment, `global`): its uses cannot be followed;\n"
               "- the unused assignment is at module level or in a class "
               "(other code may read it), is part of a larger statement, or "
               "sits in a plain `def`, where `get_running_loop()` also checks "
               "that a loop runs and `get_event_loop()` may create one;\n"
               "- `run_until_complete` or `runner.run` in any other shape: "
               "inside an `async def` (the loop already runs there), on a "
               "loop not made right before, not given a call of an async "
               "function (a task, `asyncio.gather(...)`), with other "
               "statements in between or in the `with` block, `try:` with "
               "`except`, `runner.run(..., context=...)`, or on `self.loop` "
               "or a parameter;\n"
               "- `asyncio.Runner(loop_factory=...)`: it picks an asyncio "
               "loop class, an option of the asyncio backend alone;\n"
               "- `asyncio.set_event_loop_policy(...)` and `uvloop.install()` "
               "(through the module's name) are never rewritten: the policy "
               "applies to every loop the process makes. The message names "
               "the option: `backend_options={\"loop_factory\": "
               "asyncio.SelectorEventLoop}` for "
               "`asyncio.WindowsSelectorEventLoopPolicy()`, "
               "`backend_options={\"use_uvloop\": True}` for uvloop.\n"
               "\n"
               "## Fix safety\n"
               "The removal of an unused loop is safe; the rewrites to "
               "`anyio.run()` are unsafe.\n"
               "Removing an unused `loop = asyncio.get_running_loop()` from "
               "an `async def` changes nothing: there it always returns the "
               "running loop.\n"
               "\n"
               "`anyio.run()` does more at the end than "
               "`run_until_complete()` and `close()`: it cancels the tasks "
               "still pending (and lets them finish), shuts down asynchronous "
               "generators and the default executor, closes the loop even "
               "when the run fails, and sets no current event loop afterwards "
               "(a later `asyncio.get_event_loop()` in the main thread raises "
               "RuntimeError instead of returning the loop). On Ctrl+C it "
               "cancels the main task before raising KeyboardInterrupt. "
               "`asyncio.get_event_loop()` returns the loop already set when "
               "there is one, with whatever other code scheduled on it, and "
               "without `loop.close()` leaves it open for later code; each "
               "`anyio.run()` gets a new loop and closes it. A module-level "
               "`loop` that another module imports is gone. In the `with "
               "asyncio.Runner()` form the arguments of `main` were evaluated "
               "with the runner's loop already made and set; `anyio.run(main, "
               "a)` evaluates them before. Exceptions from `main` reach the "
               "caller as they did. The argument is taken to be the call of "
               "an async function, as `asyncio.run()` requires; an object "
               "that is merely awaitable runs only on the asyncio backend. "
               "`backend_options={\"debug\": True}` turns on asyncio's debug "
               "mode; anyio 4.8's trio backend ignores backend options.\n"
               "\n"
               "## Migrating by hand\n"
               "Each use of a loop moves to the anyio way of doing it, and "
               "the loop goes once nothing uses it.\n"
               "- The program's start: make it one of the forms above (one "
               "run of one async main, nothing else done with the loop) and "
               "run again, or write `anyio.run(main, *args)` yourself. Two "
               "runs on one loop become one async main that awaits both.\n"
               "- A loop that runs forever: the work moves into an async main "
               "that ends waiting; signals arrive in a task:\n"
               "```python\n"
               "# before\n"
               "loop = asyncio.new_event_loop()\n"
               "loop.add_signal_handler(signal.SIGTERM, loop.stop)\n"
               "loop.create_task(serve())\n"
               "loop.run_forever()\n"
               "loop.close()\n"
               "\n"
               "# after\n"
               "async def stop_on_signal(scope):\n"
               "    with anyio.open_signal_receiver(signal.SIGTERM) as "
               "signals:\n"
               "        async for _ in signals:\n"
               "            scope.cancel()\n"
               "            return\n"
               "\n"
               "async def main():\n"
               "    async with anyio.create_task_group() as tg:\n"
               "        tg.start_soon(stop_on_signal, tg.cancel_scope)\n"
               "        tg.start_soon(serve)\n"
               "        await anyio.sleep_forever()\n"
               "\n"
               "anyio.run(main)\n"
               "```\n"
               "- The loop's class: drop `asyncio.set_event_loop_policy(...)` "
               "or `uvloop.install()` and pass the option to the start: "
               "`anyio.run(main, backend_options={\"use_uvloop\": True})`, or "
               "`backend_options={\"loop_factory\": "
               "asyncio.SelectorEventLoop}` (asyncio backend only: the file "
               "keeps asyncio imported for it; mark that line `# "
               "anyio-migrate: ignore[ANY900]`).\n"
               "- A loop passed on or kept: make what receives it use anyio "
               "(task groups, `anyio.to_thread.run_sync`, "
               "`anyio.from_thread.run`).\n"
               "- `loop.call_soon()`, `call_later()`, `create_future()`, "
               "`time()` and the other methods: each message names the anyio "
               "way, and the table of `--explain ANY900` gives the recipe for "
               "each method (rows `loop.*`).\n"
               "- Once the loop's uses are migrated, run again: an unused "
               "`loop = asyncio.get_running_loop()` is removed; in a plain "
               "function it is kept (it also checks that a loop runs, or "
               "makes one): delete it yourself if nothing relies on that.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_SAFE_OR_UNSAFE,
        .calls = AM_NAMES("get_event_loop", "get_running_loop",
                          "new_event_loop", "Runner", "set_event_loop_policy"),
        .methods = AM_NAMES("run_until_complete", "install"),
        .on_call = on_call,
};
