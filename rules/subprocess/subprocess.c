/* ANY210 subprocess: a child process run to completion with
 * asyncio.create_subprocess_exec/_shell and communicate() or wait() ->
 * anyio.run_process(); asyncio.subprocess.PIPE/DEVNULL/STDOUT ->
 * subprocess's. */
#include "spawn.h"

#include "imports.h"
#include "lift.h"
#include "statement.h"

#include <string.h>

/* The statement after it: `await name.communicate(input)` or `await
 * name.wait()`, alone or as an assignment's value or a return value. */
typedef struct ending {
	TSNode statement, await;
	int communicate;
	TSNode input; /* a null node for none */
} ending;

/* The other awaits of `name.wait()`, rewritten to `name.returncode`. */
typedef struct later_waits {
	TSNode awaits[AM_MAX_ARGS];
	size_t count;
} later_waits;

static const char *const process_keywords[] = {
        "stdout",   "stderr",      "cwd",           "env",
        "user",     "group",       "umask",         "start_new_session",
        "pass_fds", "startupinfo", "creationflags", NULL};

static int in_list(const char *const *list, const char *name, size_t len)
{
	for (; *list; list++)
		if (strlen(*list) == len && memcmp(*list, name, len) == 0)
			return 1;
	return 0;
}

static const char *const constant_names[] = {"PIPE", "DEVNULL", "STDOUT", NULL};

/* PIPE, DEVNULL or STDOUT when `qualname` is asyncio's or subprocess's. */
static const char *constant_of(const char *qualname)
{
	if (!qualname)
		return NULL;
	if (strncmp(qualname, "asyncio.", 8) == 0)
		qualname += 8;
	if (strncmp(qualname, "subprocess.", 11) != 0)
		return NULL;
	qualname += 11;
	return in_list(constant_names, qualname, strlen(qualname)) ? qualname
	                                                           : NULL;
}

static am_stream_kind stream_of(const am_context *ctx, TSNode value)
{
	if (strcmp(ts_node_type(value), "none") == 0)
		return STREAM_NONE;
	const char *constant = constant_of(am_bind_resolve(ctx->binder, value));
	/* `subprocess.PIPE` written by this rule's other fix before the
	 * importer has imported `subprocess` */
	if (!constant && am_node_is(value, ctx->syntax->attribute)) {
		const char *text = am_text(ctx, value);
		TSNode object = am_node_field(value, ctx->syntax->field.object);
		const am_name_use *use = am_bind_find_load(ctx->binder, object);
		if (strncmp(text, "subprocess.", 11) == 0 && use &&
		    use->binding < 0)
			constant = constant_of(text);
	}
	if (!constant)
		return STREAM_OTHER;
	return strcmp(constant, "PIPE") == 0      ? STREAM_PIPE
	       : strcmp(constant, "DEVNULL") == 0 ? STREAM_DEVNULL
	                                          : STREAM_STDOUT;
}

/* The statement, the name and an annotation of `name = await call`, or a
 * reason to flag. */
static const char *read_target(am_context *ctx, am_spawn *s)
{
	const am_syntax *sx = ctx->syntax;
	am_lift lift;
	if (!am_lift_find(ctx, s->call, &lift) ||
	    !am_node_is(lift.statement, sx->expression_statement))
		return "it is not awaited as the value of an assignment";
	TSNode assignment = ts_node_named_child(lift.statement, 0);
	TSNode left = am_node_field(assignment, sx->field.left);
	if (!am_node_is(assignment, sx->assignment))
		return "its process is not assigned to a name";
	if (!am_node_is(left, sx->identifier))
		return "the process is kept other than in a local name";
	s->statement = lift.statement;
	s->await = lift.await;
	s->name = left;
	s->annotation = am_node_field(assignment, sx->field.type);
	if (!ts_node_is_null(s->annotation)) {
		TSNode type = ts_node_named_child(s->annotation, 0);
		const char *q = am_bind_resolve(ctx->binder, type);
		if (!q || strcmp(q, "asyncio.subprocess.Process") != 0)
			return "its annotation is not "
			       "`asyncio.subprocess.Process`";
		if (!am_imports_name_available(ctx, s->call, "subprocess"))
			return "the name `subprocess` is bound to something "
			       "else here";
	}
	const am_binder *b = ctx->binder;
	int scope = am_bind_scope_at(b, ts_node_start_byte(s->statement));
	uint32_t len;
	const char *name = am_node_text(ctx->text, left, &len);
	int index = am_bind_lookup(b, scope, name, len);
	if (index < 0 || b->bindings.items[index].kind != AM_BINDING_OTHER ||
	    b->scopes.items[b->bindings.items[index].scope].kind !=
	            AM_SCOPE_FUNCTION)
		return "the process is kept other than in a local name";
	return NULL;
}

/* Reads the keywords: the streams, what is dropped, what is kept. */
static const char *read_keywords(am_context *ctx, am_spawn *s)
{
	const am_syntax *sx = ctx->syntax;
	for (size_t i = 0; i < s->args.keyword_count; i++) {
		TSNode kw = s->args.keywords[i];
		TSNode key = am_node_field(kw, sx->field.name);
		TSNode value = am_node_field(kw, sx->field.value);
		uint32_t len;
		const char *name = am_node_text(ctx->text, key, &len);
		if (am_node_text_eq(ctx->text, key, "stdin")) {
			s->stdin = stream_of(ctx, value);
			s->dropped[s->dropped_count++] = kw;
		} else if (am_node_text_eq(ctx->text, key, "limit")) {
			/* the buffer limit of readline(): read() ignores it */
			s->dropped[s->dropped_count++] = kw;
		} else if (in_list(process_keywords, name, len)) {
			if (am_node_text_eq(ctx->text, key, "stdout"))
				s->stdout = stream_of(ctx, value);
			else if (am_node_text_eq(ctx->text, key, "stderr"))
				s->stderr = stream_of(ctx, value);
		} else {
			return am_arena_printf(
			        ctx->arena, "`%.*s=` has no anyio equivalent",
			        (int)len, name);
		}
	}
	if (s->dropped_count &&
	    am_has_comment(ctx, am_node_field(s->call, sx->field.arguments)))
		return "a comment sits among its arguments";
	return NULL;
}

static const char *read_arguments(am_context *ctx, am_spawn *s)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args_read(ctx, s->call, &s->args);
	am_call_args *a = &s->args;
	if (a->generator || a->too_many || a->has_kwsplat ||
	    a->positional_count == 0)
		return "it has arguments this rule cannot map";
	TSNode last = a->positional[a->positional_count - 1];
	for (size_t i = 0; i < a->keyword_count; i++)
		if (ts_node_start_byte(a->keywords[i]) < ts_node_end_byte(last))
			return "it has arguments this rule cannot map";
	if (s->shell) {
		TSNode command = a->positional[0];
		if (a->positional_count != 1 ||
		    am_node_is(command, sx->list_splat) ||
		    am_node_is(command, sx->list) ||
		    am_node_is(command, sx->tuple))
			return "its command is not one string";
	}
	return read_keywords(ctx, s);
}

/* Whether `await` is `await NAME.METHOD(...)`: its call, or a null node. */
static TSNode awaited_method(const am_context *ctx, TSNode await, TSNode name,
                             const char *method)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(await, sx->await))
		return am_null_node();
	TSNode call = ts_node_named_child(await, 0);
	TSNode fn = am_node_field(call, sx->field.function);
	if (!am_node_is(call, sx->call) || !am_node_is(fn, sx->attribute))
		return am_null_node();
	TSNode object = am_node_field(fn, sx->field.object);
	TSNode attr = am_node_field(fn, sx->field.attribute);
	uint32_t len;
	const char *n = am_node_text(ctx->text, name, &len);
	uint32_t olen;
	const char *o = am_node_text(ctx->text, object, &olen);
	if (!am_node_is(object, sx->identifier) || olen != len ||
	    memcmp(n, o, len) != 0 || !am_node_text_eq(ctx->text, attr, method))
		return am_null_node();
	return call;
}

/* The await a statement is made of: alone, an assignment's value, a
 * return value; or a null node. */
static TSNode statement_await(const am_context *ctx, TSNode statement)
{
	const am_syntax *sx = ctx->syntax;
	TSNode e = ts_node_named_child(statement, 0);
	if (am_node_is(statement, sx->return_statement) ||
	    (am_node_is(statement, sx->expression_statement) &&
	     am_node_is(e, sx->await)))
		return e;
	if (am_node_is(statement, sx->expression_statement) &&
	    am_node_is(e, sx->assignment))
		return am_node_field(e, sx->field.right);
	return am_null_node();
}

/* Whether `identifier` loads a local of the function the process starts
 * in, other than the process's own name: no other task can rebind it
 * while the process starts. */
static int local_name(const am_context *ctx, const am_spawn *s,
                      TSNode identifier)
{
	const am_binder *b = ctx->binder;
	const am_name_use *use = am_bind_find_load(b, identifier);
	uint32_t len, name_len;
	const char *text = am_node_text(ctx->text, identifier, &len);
	const char *name = am_node_text(ctx->text, s->name, &name_len);
	if (!use || use->binding < 0 ||
	    (len == name_len && memcmp(text, name, len) == 0))
		return 0;
	const am_binding *bd = &b->bindings.items[use->binding];
	return bd->kind == AM_BINDING_OTHER &&
	       bd->scope ==
	               am_bind_scope_at(b, ts_node_start_byte(s->statement));
}

/* The input of `communicate()`: a literal or a local name, which reads
 * the same before the process starts as after. */
static const char *read_input(am_context *ctx, const am_spawn *s, ending *e,
                              TSNode call)
{
	const am_syntax *sx = ctx->syntax;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	TSNode input = am_call_keyword(ctx, &args, "input");
	size_t named = !ts_node_is_null(input);
	if (args.has_star || args.has_kwsplat || args.generator ||
	    args.keyword_count != named || args.positional_count + named > 1)
		return "its `communicate()` has arguments this rule cannot map";
	if (!named && args.positional_count)
		input = args.positional[0];
	if (ts_node_is_null(input) || strcmp(ts_node_type(input), "none") == 0)
		return NULL;
	const char *type = ts_node_type(input);
	if (!am_node_is(input, sx->string) &&
	    strcmp(type, "concatenated_string") != 0 &&
	    !am_node_is(input, sx->identifier))
		return "`communicate()` computes its input after the process "
		       "starts";
	if (am_node_is(input, sx->identifier) && !local_name(ctx, s, input))
		return "`communicate()` reads its input from a global or outer "
		       "name";
	e->input = input;
	return NULL;
}

static const char *read_ending(am_context *ctx, const am_spawn *s, ending *e)
{
	static const char *const missing =
	        "the next statement does not await its `communicate()` or "
	        "`wait()`";
	TSNode next = am_statement_next(ctx, s->statement);
	if (ts_node_is_null(next))
		return missing;
	TSNode await = statement_await(ctx, next);
	TSNode call = awaited_method(ctx, await, s->name, "communicate");
	e->communicate = !ts_node_is_null(call);
	if (!e->communicate)
		call = awaited_method(ctx, await, s->name, "wait");
	am_lift lift;
	if (ts_node_is_null(call) || !am_lift_find(ctx, call, &lift))
		return missing;
	e->statement = next;
	e->await = await;
	e->input = am_null_node();
	if (!e->communicate) {
		am_call_args args;
		am_call_args_read(ctx, call, &args);
		return args.positional_count || args.keyword_count
		               ? "its `wait()` has arguments"
		               : NULL;
	}
	return read_input(ctx, s, e, call);
}

/* Why the streams make the rewrite differ, or NULL. */
static const char *streams_doubt(const am_spawn *s, const ending *e)
{
	int input = !ts_node_is_null(e->input);
	if (s->stdin == STREAM_OTHER)
		return "`stdin=` is not PIPE, DEVNULL or None: "
		       "`anyio.run_process()` takes only `input=`";
	if (input && s->stdin != STREAM_PIPE)
		return "`communicate()` is given input that asyncio drops "
		       "(no `stdin=PIPE`)";
	if (!input && s->stdin == STREAM_PIPE)
		return "`stdin=PIPE` and no input: asyncio keeps the child's "
		       "stdin "
		       "open";
	if (!e->communicate &&
	    (s->stdout == STREAM_PIPE || s->stderr == STREAM_PIPE))
		return "`wait()` leaves a pipe unread, `anyio.run_process()` "
		       "reads it";
	if (!e->communicate &&
	    (s->stdout == STREAM_OTHER || s->stderr == STREAM_OTHER))
		return "`wait()` with an output that may be a pipe";
	return NULL;
}

/* Checks every other use of the process's name: `.returncode` reads, and
 * `await name.wait()` (kept in `waits`) when the name is bound once: the
 * process has ended wherever the name is bound then. */
static const char *read_uses(am_context *ctx, const am_spawn *s,
                             const ending *e, later_waits *waits)
{
	const am_syntax *sx = ctx->syntax;
	const am_binder *b = ctx->binder;
	uint32_t len;
	const char *name = am_node_text(ctx->text, s->name, &len);
	int scope = am_bind_scope_at(b, ts_node_start_byte(s->statement));
	int binding = am_bind_lookup(b, scope, name, len);
	int once = -1;
	for (size_t i = 0; i < b->uses.count; i++) {
		const am_name_use *use = &b->uses.items[i];
		if (use->binding != binding ||
		    am_node_within(use->node, e->await))
			continue;
		TSNode attribute = am_parent(ctx, use->node);
		TSNode attr = am_node_field(attribute, sx->field.attribute);
		if (!am_node_is(attribute, sx->attribute) ||
		    !am_node_is_field(attribute, sx->field.object, use->node))
			return am_arena_printf(
			        ctx->arena,
			        "`%.*s` is used as a whole (line %u)", (int)len,
			        name, am_node_line(ctx, use->node));
		if (am_node_text_eq(ctx->text, attr, "returncode") &&
		    am_spawn_attribute_read(ctx, attribute))
			continue;
		if (am_node_text_eq(ctx->text, attr, "pid"))
			return "it reads `pid`, which `anyio.run_process()`'s "
			       "result lacks";
		TSNode call = am_parent(ctx, attribute);
		TSNode await = am_parent(ctx, call);
		if (am_node_text_eq(ctx->text, attr, "wait") &&
		    am_node_is(call, sx->call) &&
		    ts_node_named_child_count(
		            am_node_field(call, sx->field.arguments)) == 0 &&
		    am_node_is(await, sx->await) &&
		    waits->count < AM_MAX_ARGS) {
			if (once < 0)
				once = am_stored_once_in_function(ctx, s->name);
			if (!once)
				return am_arena_printf(
				        ctx->arena,
				        "`%.*s.wait()` at line %u may be "
				        "another "
				        "process's",
				        (int)len, name,
				        am_node_line(ctx, await));
			waits->awaits[waits->count++] = await;
			continue;
		}
		return am_arena_printf(
		        ctx->arena, "`%s` uses the running process (line %u)",
		        am_text(ctx, attribute), am_node_line(ctx, attribute));
	}
	return NULL;
}

/* Whether the statement is the await alone: it then goes. */
static int await_alone(const am_context *ctx, TSNode await)
{
	TSNode statement = am_parent(ctx, await);
	return am_node_is(statement, ctx->syntax->expression_statement) &&
	       ts_node_named_child_count(statement) == 1;
}

/* `out, err = await proc.communicate()` -> `out, err = proc.stdout,
 * proc.stderr`; `await proc.wait()` -> `proc.returncode`; either awaited
 * alone goes. */
static void fix_await(am_context *ctx, am_fix *fix, const am_spawn *s,
                      TSNode await, int communicate)
{
	const am_syntax *sx = ctx->syntax;
	const char *name = am_text(ctx, s->name);
	if (await_alone(ctx, await)) {
		am_statement_remove(ctx, fix, am_parent(ctx, await), "");
		return;
	}
	if (!communicate) {
		am_fix_replace_node(
		        fix, await,
		        am_arena_printf(ctx->arena, "%s.returncode", name));
		return;
	}
	TSNode parent = am_parent(ctx, await);
	int bare = am_node_is(parent, sx->return_statement) ||
	           am_node_is(parent, sx->assignment);
	am_fix_replace_node(fix, await,
	                    am_arena_printf(ctx->arena,
	                                    bare ? "%s.stdout, %s.stderr"
	                                         : "(%s.stdout, %s.stderr)",
	                                    name, name));
}

static void fix_process(am_context *ctx, const am_spawn *s, const ending *e,
                        const later_waits *waits)
{
	am_fix *fix = am_fix_new(ctx, s->callee,
	                         "`asyncio.%s()` and `%s()` become "
	                         "`anyio.run_process(..., check=False)`",
	                         s->function,
	                         e->communicate ? "communicate" : "wait");
	am_fix_unsafe(fix); /* cancellation and stdin: see Fix safety */
	am_fix_replace_node(fix, s->callee, "anyio.run_process");
	const char *keywords[AM_SPAWN_MAX_KEYWORDS + 1];
	size_t k = 0;
	if (s->stdout == STREAM_ABSENT)
		keywords[k++] = "stdout=None";
	if (s->stderr == STREAM_ABSENT)
		keywords[k++] = "stderr=None";
	if (!ts_node_is_null(e->input))
		keywords[k++] = am_arena_printf(ctx->arena, "input=%s",
		                                am_text(ctx, e->input));
	keywords[k++] = "check=False";
	keywords[k] = NULL;
	am_spawn_fix_arguments(ctx, fix, s, keywords);
	if (!ts_node_is_null(s->annotation))
		am_fix_replace_node(fix, ts_node_named_child(s->annotation, 0),
		                    "subprocess.CompletedProcess");
	fix_await(ctx, fix, s, e->await, e->communicate);
	for (size_t i = 0; i < waits->count; i++)
		fix_await(ctx, fix, s, waits->awaits[i], 0);
}

/* Why the process is not a run to completion, or NULL. */
static const char *run_to_completion(am_context *ctx, const am_spawn *s,
                                     ending *e, later_waits *waits)
{
	memset(e, 0, sizeof *e);
	e->statement = am_null_node();
	waits->count = 0;
	const char *why = read_ending(ctx, s, e);
	if (!why)
		why = streams_doubt(s, e);
	if (!why)
		why = read_uses(ctx, s, e, waits);
	return why;
}

static void on_call(am_context *ctx, const am_call *call)
{
	am_spawn s;
	memset(&s, 0, sizeof s);
	s.callee = call->callee;
	s.call = call->node;
	s.shell = strstr(call->asyncio_name, "shell") != NULL;
	s.function =
	        s.shell ? "create_subprocess_shell" : "create_subprocess_exec";
	ending e;
	later_waits waits;
	const char *why = read_target(ctx, &s);
	if (!why)
		why = read_arguments(ctx, &s);
	if (!why && !am_imports_name_available(ctx, s.call, "anyio"))
		why = "the name `anyio` is bound to something else here";
	if (!why) {
		const char *run = run_to_completion(ctx, &s, &e, &waits);
		if (!run) {
			fix_process(ctx, &s, &e, &waits);
			return;
		}
		/* a process used while it runs; when the next statement is its
		 * communicate() or wait(), why that is not rewritten says more
		 */
		const char *streamed = am_spawn_streamed(ctx, &s);
		if (!streamed)
			return;
		why = ts_node_is_null(e.statement) ? streamed : run;
	}
	am_flag(ctx, s.callee, "`asyncio.%s()` left as is: %s", s.function,
	        why);
}

/* ---- the constants ------------------------------------------------------ */

/* Whether the name `subprocess` denotes asyncio.subprocess at `at`. */
static int subprocess_is_asyncios(const am_context *ctx, TSNode at)
{
	const am_binder *b = ctx->binder;
	int scope = am_bind_scope_at(b, ts_node_start_byte(at));
	int index = am_bind_lookup(b, scope, "subprocess", 10);
	return index >= 0 &&
	       b->bindings.items[index].kind == AM_BINDING_IMPORT &&
	       strcmp(b->bindings.items[index].qualname,
	              "asyncio.subprocess") == 0;
}

static void on_constant(am_context *ctx, const am_reference *ref)
{
	if (strncmp(ref->qualname, "asyncio.subprocess.", 19) != 0 ||
	    !constant_of(ref->qualname) ||
	    am_node_is(ref->node, ctx->syntax->identifier))
		return; /* a name imported from asyncio.subprocess: below */
	const char *constant = constant_of(ref->qualname);
	if (!am_imports_name_available(ctx, ref->node, "subprocess")) {
		am_flag(ctx, ref->node,
		        "`%s` left as is: the name `subprocess` is %s here",
		        ref->qualname,
		        subprocess_is_asyncios(ctx, ref->node)
		                ? "asyncio's (`from asyncio import subprocess`)"
		                : "bound to something else");
		return;
	}
	am_fix *fix = am_fix_new(ctx, ref->node, "`%s` is `subprocess.%s`",
	                         ref->qualname, constant);
	am_fix_replace_node(
	        fix, ref->node,
	        am_arena_printf(ctx->arena, "subprocess.%s", constant));
}

/* `from asyncio.subprocess import PIPE, DEVNULL as D`: every name is one
 * of the constants, so the statement imports them from subprocess. */
static void on_constant_import(am_context *ctx, size_t first)
{
	const am_binder *b = ctx->binder;
	TSNode statement = b->imports.items[first].statement;
	if (!am_node_is(statement, ctx->syntax->import_from_statement))
		return;
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *site = &b->imports.items[i];
		if (!ts_node_eq(site->statement, statement))
			continue;
		if (i < first)
			return; /* done at the statement's first name */
		if (strncmp(site->qualname, "asyncio.subprocess.", 19) != 0 ||
		    !constant_of(site->qualname))
			return; /* the leftover rule reports the others */
	}
	TSNode module =
	        am_node_field(statement, ctx->syntax->field.module_name);
	am_fix *fix = am_fix_new(ctx, module,
	                         "asyncio's PIPE, DEVNULL and STDOUT are "
	                         "`subprocess`'s: imported from there");
	am_fix_replace_node(fix, module, "subprocess");
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->imports.count; i++)
		if (b->imports.items[i].qualname &&
		    constant_of(b->imports.items[i].qualname) &&
		    strncmp(b->imports.items[i].qualname, "asyncio.", 8) == 0)
			on_constant_import(ctx, i);
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		on_constant(ctx, &b->asyncio_refs.items[i]);
}

const am_rule am_rule_subprocess = {
        .code = "ANY210",
        .name = "subprocess",
        .summary = "a process run to completion → `anyio.run_process()`, "
                   "one used while it runs → `anyio.open_process()`; "
                   "`asyncio.subprocess.PIPE` → `subprocess.PIPE`",
        .doc = "## What it does\n"
               "Rewrites a child process started with `proc = await "
               "asyncio.create_subprocess_exec(program, *args, ...)` (or "
               "`create_subprocess_shell(cmd, ...)`), in one of two shapes. "
               "In both, the exec's arguments become a list (a string "
               "command runs in a shell, as with `_shell`), and the streams "
               "the asyncio call left out are written as `None` (asyncio's "
               "default is to inherit them, anyio's to pipe them).\n"
               "\n"
               "A process run to completion, the statement after it "
               "awaiting `proc.communicate(input)` or `proc.wait()`, "
               "becomes one `proc = await anyio.run_process(...)`: "
               "`communicate()`'s input becomes `input=`, `check=False` "
               "keeps a non-zero exit from raising, "
               "`stdout=None`/`stderr=None` are written where they were "
               "left out. `communicate()`'s value becomes `proc.stdout, "
               "proc.stderr`, `wait()`'s `proc.returncode`; either awaited "
               "alone goes, and so does a later `await proc.wait()` of the "
               "same process. `stdin=` and `limit=` go (`limit` bounds only "
               "`readline()`). An annotation `asyncio.subprocess.Process` "
               "of the name becomes `subprocess.CompletedProcess`.\n"
               "\n"
               "A process used while it runs, in its function only, becomes "
               "`proc = await anyio.open_process(...)`, with `stdin=None`, "
               "`stdout=None`, `stderr=None` where they were left out and "
               "`limit=` gone. Its uses:\n"
               "- `await proc.stdout.read(n)` → `await _read(proc.stdout, "
               "n)` (`read()` → `_read(proc.stdout)`, all until end of "
               "file); the same for `proc.stderr`;\n"
               "- `await proc.stdout.readline()` → `await "
               "_readline(proc_stdout)`, where `proc_stdout = "
               "_buffered_stream(proc.stdout)` follows the statement that "
               "starts the process, and every read of that stream goes "
               "through it;\n"
               "- `proc.stdin.write(data)` followed by `await "
               "proc.stdin.drain()` → `await proc.stdin.send(data)`;\n"
               "- `proc.stdin.close()` (and an `await "
               "proc.stdin.wait_closed()` after it) → `await "
               "proc.stdin.aclose()`;\n"
               "- `await proc.wait()`, `proc.returncode`, `proc.pid`, "
               "`proc.kill()`, `proc.terminate()` and "
               "`proc.send_signal(sig)` stay as they are: anyio's process "
               "has them.\n"
               "\n"
               "An annotation `asyncio.subprocess.Process` becomes "
               "`anyio.abc.Process`. `_read()`, `_readline()` and "
               "`_buffered_stream()` are written once in the module, as for "
               "ANY214. The process is not put in an `async with`: the "
               "asyncio code does not close it, and leaving an `async with` "
               "waits for the child (and kills it when cancelled).\n"
               "\n"
               "Anywhere in the file, `asyncio.subprocess.PIPE`, `DEVNULL` "
               "and `STDOUT` become `subprocess.PIPE`, ... (the same "
               "objects), and `from asyncio.subprocess import PIPE` imports "
               "from `subprocess`.\n"
               "\n"
               "## Why\n"
               "`anyio.run_process()` runs a command to completion on every "
               "backend and returns a `subprocess.CompletedProcess` whose "
               "`stdout`, `stderr` and `returncode` are what "
               "`communicate()` and `returncode` gave. "
               "`anyio.open_process()` starts one whose streams are anyio "
               "byte streams, on every backend.\n"
               "\n"
               "## Example\n"
               "```python\n"
               "proc = await asyncio.create_subprocess_exec(\n"
               "    \"git\", \"log\", ref, stdout=asyncio.subprocess.PIPE\n"
               ")\n"
               "out, _ = await proc.communicate()\n"
               "if proc.returncode:\n"
               "    raise RuntimeError(out)\n"
               "\n"
               "proc = await asyncio.create_subprocess_exec(\n"
               "    \"bluetoothctl\", \"--version\", "
               "stdout=asyncio.subprocess.PIPE\n"
               ")\n"
               "version = await proc.stdout.read()\n"
               "await proc.wait()\n"
               "```\n"
               "\n"
               "## Use instead\n"
               "```python\n"
               "proc = await anyio.run_process(\n"
               "    [\"git\", \"log\", ref], stdout=subprocess.PIPE, "
               "stderr=None, check=False\n"
               ")\n"
               "out, _ = proc.stdout, proc.stderr\n"
               "if proc.returncode:\n"
               "    raise RuntimeError(out)\n"
               "\n"
               "proc = await anyio.open_process(\n"
               "    [\"bluetoothctl\", \"--version\"], stdout=subprocess.PIPE, "
               "stdin=None, stderr=None\n"
               ")\n"
               "version = await _read(proc.stdout)\n"
               "await proc.wait()\n"
               "```\n"
               "The second is not a `run_process()`: that would give the "
               "child `/dev/null` for stdin, where asyncio's inherits the "
               "parent's, and kill it when cancelled.\n"
               "\n"
               "## When it flags instead\n"
               "- the call is not the value of an assignment to a local "
               "name (`self.proc = ...`), or not awaited there;\n"
               "- the process is returned, passed to a function, stored, "
               "used in a nested function or a comprehension, or its name "
               "is bound more than once in the function;\n"
               "- `communicate()` anywhere but in the statement after the "
               "start; `wait()` not awaited, or with arguments; `kill`, "
               "`terminate`, `send_signal` named without a call (a "
               "callback);\n"
               "- a stream used otherwise than above: iterated with `async "
               "for`, `readuntil()`, `readexactly()`, `at_eof()`, `read()` "
               "with a keyword, `write()` not followed at once by `await "
               "drain()` (anyio's `send()` waits where `write()` did not), "
               "`close()` inside an expression;\n"
               "- `proc.stdout`, `proc.stderr` or `proc.stdin` used where its "
               "keyword is not a pipe (it is None: the error would name "
               "another method);\n"
               "- a piped stdout or stderr never read, when the process is "
               "not run to completion: asyncio reads a pipe into its buffer "
               "while the child runs, trio leaves it in the pipe, where a "
               "child that writes much blocks sooner;\n"
               "- `limit=` with `readline()` (anyio's lines are bound to 64 "
               "KiB, asyncio's default);\n"
               "- for a run to completion: `wait()` with a pipe, or an "
               "output that may be one (asyncio leaves it unread, "
               "`run_process` reads it), `stdin=PIPE` with no input "
               "(asyncio leaves the child's stdin open), input with no "
               "`stdin=PIPE` (asyncio drops it), `stdin=` a file or a value "
               "it cannot read, input read from a global or outer name, "
               "input computed in `communicate()` (a call, an attribute: it "
               "would be computed before the process starts), `pid` read;\n"
               "- a keyword anyio lacks (`close_fds`, `preexec_fn`, "
               "`executable`, `extra_groups`, ...), `**kwargs`, a shell "
               "command written as a list;\n"
               "- a name the rewrite writes (`anyio`, `subprocess`, "
               "`proc_stdout`, `_read`, `_readline`, `_buffered_stream`) "
               "bound to something else.\n"
               "\n"
               "`asyncio.subprocess.PIPE` is flagged where the name "
               "`subprocess` is bound to something else (`from asyncio "
               "import subprocess`, a parameter).\n"
               "\n"
               "## Fix safety\n"
               "Safe for the constants (`asyncio.subprocess.PIPE is "
               "subprocess.PIPE`). Unsafe for the process: it behaves "
               "otherwise on these paths.\n"
               "\n"
               "A run to completion (`run_process`):\n"
               "- Cancellation (a timeout, a cancelled task): asyncio "
               "leaves the child running after a cancelled "
               "`communicate()`/`wait()`; `run_process` kills it and waits "
               "for it to exit before the cancellation goes on.\n"
               "- Standard input: when `stdin=` is not given, asyncio's "
               "child inherits the parent's stdin, `run_process`'s reads "
               "`/dev/null`. (An empty `input` also gives `/dev/null` where "
               "asyncio gave a pipe closed at once: both read end of file.)\n"
               "- Input the child does not read before it exits (more than "
               "a pipe holds): asyncio ignores the broken pipe; "
               "`run_process` raises an `ExceptionGroup` holding "
               "`BrokenPipeError` (asyncio backend) or "
               "`anyio.BrokenResourceError` (trio).\n"
               "\n"
               "A process used while it runs (`open_process`; on the "
               "asyncio backend it is asyncio's own process, so these "
               "differ on trio):\n"
               "- A signal to a process that has ended (once the event loop "
               "saw it end, waited for or not): asyncio's `kill()`, "
               "`terminate()` and `send_signal()` raise "
               "`ProcessLookupError`; trio's do nothing.\n"
               "- A function that ends before it waits for its child (an "
               "exception, a cancellation, a return): the child runs on "
               "with both; trio's pipes and process, collected, warn with "
               "`ResourceWarning` (`subprocess ... is still running`, an "
               "unclosed file), which Python shows only when asked (`-W "
               "default`, `-X dev`, pytest).\n"
               "- Output the code does not read to its end while the child "
               "writes: asyncio reads up to 128 KiB of it into its buffer "
               "past what the pipe holds (64 KiB on Linux); trio reads only "
               "what is asked for, so the child blocks sooner, and a "
               "`wait()` before the read may wait for ever.\n"
               "- Sending: trio's `send()` returns once all is written to "
               "the pipe, asyncio's `drain()` once less than 64 KiB waits "
               "in its buffer: a child that does not read its stdin blocks "
               "the sender sooner. A broken pipe raises "
               "`anyio.BrokenResourceError` on trio (asyncio: "
               "`BrokenPipeError` or `ConnectionResetError`). Trio's "
               "`send()` is a checkpoint: other tasks may run first, and a "
               "pending cancellation raises there with nothing sent.\n"
               "- Closing stdin: `aclose()` is a checkpoint (asyncio's "
               "`close()` is not): other tasks may run there, and a pending "
               "cancellation raises there, after the close.\n"
               "- A line longer than 64 KiB: asyncio's `readline()` raises "
               "`ValueError`, `_readline()` raises "
               "`anyio.DelimiterNotFound` (as for ANY214).\n"
               "\n"
               "## Migrating by hand\n"
               "A process used while it runs becomes "
               "`anyio.open_process()`, closed by `async with`:\n"
               "```python\n"
               "async with await anyio.open_process([\"server\", \"--stdio\"]) "
               "as process:\n"
               "    await process.stdin.send(b\"ping\\n\")\n"
               "    reply = await process.stdout.receive()\n"
               "    process.terminate()\n"
               "    code = await process.wait()\n"
               "```\n"
               "`open_process()` pipes all three streams by default (pass "
               "`stdin=None` etc. to inherit them); its streams are anyio "
               "byte streams: `send()`, `receive()` (any chunk, "
               "`anyio.EndOfStream` at the end), `aclose()`; `async for "
               "chunk in process.stdout` gives chunks, not lines: for lines "
               "wrap `process.stdout` in "
               "`anyio.streams.buffered.BufferedByteReceiveStream` "
               "(`receive_until(b\"\\n\", max_bytes)`). Leaving the `async "
               "with` closes the streams and waits for the process, killing "
               "it if the wait is cancelled. A process kept on `self` keeps "
               "the `anyio.abc.Process` there and is closed with `await "
               "process.aclose()`. A run to completion that the rule could "
               "not rewrite: `await anyio.run_process(command, input=..., "
               "stdout=..., stderr=..., check=False)` (a list runs the "
               "program, a string the shell).\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_SAFE_OR_UNSAFE,
        .calls = AM_NAMES("create_subprocess_exec", "create_subprocess_shell",
                          "subprocess.create_subprocess_exec",
                          "subprocess.create_subprocess_shell"),
        .on_call = on_call,
        .on_pass = on_pass,
};
