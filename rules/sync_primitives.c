/* ANY103 sync-primitives: asyncio.Event/Lock/Semaphore/BoundedSemaphore/
 * Condition -> their anyio counterparts. */
#include "holder.h"
#include "imports.h"
#include "rule.h"

#include <string.h>

typedef struct primitive {
	const char *asyncio_name;
	const char *anyio_name;
} primitive;

static const primitive primitives[] = {
        {"Event", "anyio.Event"},
        {"Lock", "anyio.Lock"},
        {"Semaphore", "anyio.Semaphore"},
        {"BoundedSemaphore", "anyio.Semaphore"},
        {"Condition", "anyio.Condition"},
};

static const primitive *primitive_named(const char *asyncio_name)
{
	for (size_t i = 0; i < sizeof(primitives) / sizeof(primitives[0]); i++)
		if (strcmp(primitives[i].asyncio_name, asyncio_name) == 0)
			return &primitives[i];
	return NULL;
}

/* The primitive `fn` denotes (`asyncio.Event`, or a name imported from
 * asyncio as it), resolved once. */
static const primitive *primitive_of(const am_context *ctx, TSNode fn)
{
	char member[32];
	const char *name =
	        am_bind_asyncio_member(ctx->binder, fn, member, sizeof(member));
	return name ? primitive_named(name) : NULL;
}

typedef struct usage_scan {
	int result_used;
	uint32_t line_at;
} usage_scan;

static void note_result_use(am_context *ctx, TSNode call, void *data)
{
	usage_scan *scan = data;
	if (am_call_result_used(ctx, call) && !scan->result_used) {
		scan->result_used = 1;
		scan->line_at = am_input_line(ctx, ts_node_start_byte(call));
	}
}

/* A reason this primitive cannot move to anyio as it is used, or NULL. */
static const char *behaviour_difference(am_context *ctx, const primitive *p,
                                        TSNode call)
{
	am_holder holder;
	am_holder_of(ctx, call, &holder);
	const char *name = p->asyncio_name;
	if (strcmp(name, "Event") == 0) {
		usage_scan scan = {0, 0};
		if (am_holder_method_calls(ctx, &holder, "clear",
		                           note_result_use, &scan))
			return "anyio.Event has no clear(), and the file calls "
			       "`.clear()` on it";
		am_holder_method_calls(ctx, &holder, "wait", note_result_use,
		                       &scan);
		if (scan.result_used)
			return am_arena_printf(
			        ctx->arena,
			        "the result of `.wait()` is used (line %u): "
			        "anyio's is None, asyncio's True",
			        scan.line_at);
		return NULL;
	}
	usage_scan scan = {0, 0};
	am_holder_method_calls(ctx, &holder, "acquire", note_result_use, &scan);
	if (strcmp(name, "Condition") == 0)
		am_holder_method_calls(ctx, &holder, "wait", note_result_use,
		                       &scan);
	if (scan.result_used)
		return am_arena_printf(
		        ctx->arena,
		        "the result of `.acquire()`/`.wait()` is used "
		        "(line %u): anyio's is None, asyncio's True",
		        scan.line_at);
	if (strcmp(name, "Condition") == 0 &&
	    am_holder_method_calls(ctx, &holder, "wait_for", NULL, NULL))
		return "anyio.Condition has no wait_for()";
	if (strstr(name, "Semaphore") &&
	    am_holder_method_calls(ctx, &holder, "locked", NULL, NULL))
		return "anyio.Semaphore has no locked(), and the file calls it";
	if (strcmp(name, "Lock") == 0 &&
	    am_holder_method_calls(ctx, &holder, "release", NULL, NULL))
		return "the file calls `.release()` on this lock, and "
		       "anyio.Lock "
		       "may only be released by the task that acquired it";
	return NULL;
}

/* The new arguments for Semaphore/BoundedSemaphore, or NULL to flag. */
static const char *semaphore_arguments(am_context *ctx, const primitive *p,
                                       const am_call_args *args)
{
	TSNode value = am_call_keyword(ctx, args, "value");
	if (args->positional_count + !ts_node_is_null(value) > 1 ||
	    args->keyword_count > (size_t)!ts_node_is_null(value) ||
	    args->has_star)
		return NULL;
	if (args->positional_count)
		value = args->positional[0];
	const char *v = ts_node_is_null(value) ? "1" : am_text(ctx, value);
	if (strcmp(p->asyncio_name, "Semaphore") == 0)
		return am_arena_printf(ctx->arena, "(%s, fast_acquire=True)",
		                       v);
	/* The bound repeats the value: only when evaluating it twice is safe.
	 */
	if (!ts_node_is_null(value) && !am_is_dotted(ctx, value) &&
	    !am_node_is(value, ctx->syntax->integer))
		return NULL;
	return am_arena_printf(ctx->arena,
	                       "(%s, max_value=%s, fast_acquire=True)", v, v);
}

static void on_call(am_context *ctx, const am_call *creation)
{
	TSNode fn = creation->callee;
	const primitive *p = primitive_named(creation->asyncio_name);
	if (!p)
		return;
	TSNode call = creation->node;
	am_call_args args;
	am_call_args_read(ctx, call, &args);
	const char *new_args = NULL;
	int is_semaphore = strstr(p->asyncio_name, "Semaphore") != NULL;
	if (is_semaphore)
		new_args = semaphore_arguments(ctx, p, &args);
	else if (args.positional_count == 0 && args.keyword_count == 0 &&
	         !args.generator)
		new_args = "";
	if (!new_args) {
		am_flag(ctx, fn,
		        "`asyncio.%s()` left as is: its arguments cannot be "
		        "mapped",
		        p->asyncio_name);
		return;
	}
	const char *why = behaviour_difference(ctx, p, call);
	if (why) {
		am_flag(ctx, fn, "`asyncio.%s()` left as is: %s",
		        p->asyncio_name, why);
		return;
	}
	am_fix *fix = am_fix_new(ctx, fn, "`asyncio.%s()` becomes `%s()`",
	                         p->asyncio_name, p->anyio_name);
	am_fix_replace_node(fix, fn, p->anyio_name);
	if (is_semaphore)
		am_fix_replace_node(fix, creation->arguments, new_args);
	else if (strcmp(p->asyncio_name, "Lock") == 0)
		am_fix_replace_node(fix, creation->arguments,
		                    "(fast_acquire=True)");
	else if (strcmp(p->asyncio_name, "Condition") == 0)
		am_fix_replace_node(fix, creation->arguments,
		                    "(anyio.Lock(fast_acquire=True))");
}

/* ---- annotations that name a primitive ---------------------------------- */

/* For each primitive: whether the file still creates asyncio's, and
 * whether it creates anyio's (what this rule rewrote them to). */
typedef struct creations {
	int asyncio_left[sizeof(primitives) / sizeof(primitives[0])];
	int anyio_made[sizeof(primitives) / sizeof(primitives[0])];
} creations;

/* Whether a callee is `anyio.<name>` (anyio imported, or free there for
 * the importer to add). */
/* The anyio primitive `fn` calls (`anyio.Event`, anyio being the module),
 * as the index of its asyncio counterpart in `made`. */
static void note_anyio_callee(const am_context *ctx, TSNode fn, int *made)
{
	const am_syntax *sx = ctx->syntax;
	if (!am_node_is(fn, sx->attribute))
		return;
	TSNode object = am_node_field(fn, sx->field.object);
	if (!am_node_is(object, sx->identifier) ||
	    !am_node_text_eq(ctx->text, object, "anyio"))
		return;
	TSNode attribute = am_node_field(fn, sx->field.attribute);
	int available = -1; /* looked up once, when a name matches */
	for (size_t k = 0; k < sizeof(primitives) / sizeof(primitives[0]);
	     k++) {
		if (!am_node_text_eq(ctx->text, attribute,
		                     primitives[k].anyio_name + 6))
			continue;
		if (available < 0)
			available = am_imports_name_available(ctx, fn, "anyio");
		if (available)
			made[k] = 1;
	}
}

static void count_creations(const am_context *ctx, creations *c)
{
	const am_binder *b = ctx->binder;
	memset(c, 0, sizeof(*c));
	/* A class passed as a value (`defaultdict(asyncio.Event)`) may
	 * create asyncio's where no call shows it. */
	for (size_t i = 0; i < b->asyncio_refs.count; i++) {
		const am_reference *ref = &b->asyncio_refs.items[i];
		if (ref->annotation || ref->ambiguous ||
		    strncmp(ref->qualname, "asyncio.", 8) != 0 ||
		    !ts_node_is_null(am_callee_call(ctx, ref->node)))
			continue;
		for (size_t k = 0;
		     k < sizeof(primitives) / sizeof(primitives[0]); k++)
			if (strcmp(ref->qualname + 8,
			           primitives[k].asyncio_name) == 0)
				c->asyncio_left[k] = 1;
	}
	for (size_t i = 0; i < b->sites.count; i++) {
		const am_site *site = &b->sites.items[i];
		if (site->kind != AM_SITE_CALL)
			continue;
		const primitive *p = primitive_of(ctx, site->first);
		if (p)
			c->asyncio_left[p - primitives] = 1;
		note_anyio_callee(ctx, site->first, c->anyio_made);
	}
}

/* An annotation naming asyncio's primitive becomes anyio's once every
 * primitive of that kind the file creates is anyio's: the annotation
 * describes them. */
static void on_annotation(am_context *ctx, const am_reference *ref,
                          const creations *c)
{
	if (!ref->annotation || ref->ambiguous ||
	    strncmp(ref->qualname, "asyncio.", 8) != 0)
		return;
	size_t count = sizeof(primitives) / sizeof(primitives[0]);
	for (size_t k = 0; k < count; k++) {
		const primitive *p = &primitives[k];
		if (strcmp(ref->qualname + 8, p->asyncio_name) != 0)
			continue;
		int made = 0;
		for (size_t j = 0; j < count; j++)
			if (strcmp(primitives[j].anyio_name, p->anyio_name) ==
			    0)
				made |= c->anyio_made[j];
		if (c->asyncio_left[k] || !made ||
		    !am_imports_name_available(ctx, ref->node, "anyio"))
			return;
		am_fix *fix =
		        am_fix_new(ctx, ref->node,
		                   "`%s` in an annotation becomes `%s`: "
		                   "the %ss this file creates are anyio's",
		                   am_text(ctx, ref->node), p->anyio_name,
		                   p->asyncio_name);
		am_fix_replace_node(fix, ref->node, p->anyio_name);
		return;
	}
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	creations c;
	count_creations(ctx, &c);
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		on_annotation(ctx, &b->asyncio_refs.items[i], &c);
	for (size_t i = 0; i < b->string_refs.count; i++)
		on_annotation(ctx, &b->string_refs.items[i], &c);
}

const am_rule am_rule_sync_primitives = {
        .code = "ANY103",
        .name = "sync-primitives",
        .summary =
                "`asyncio.Event/Lock/Semaphore/BoundedSemaphore/Condition()` "
                "→ anyio's",
        .doc = "## What it does\n"
               "Rewrites the creation of asyncio's synchronization "
               "primitives to anyio's: `Event()`, `Lock()`, `Condition()`, "
               "`Semaphore(n)` (`Semaphore()` becomes `anyio.Semaphore(1)`, "
               "asyncio's default) and `BoundedSemaphore(n)` → "
               "`anyio.Semaphore(n, max_value=n)`. Locks and semaphores get "
               "`fast_acquire=True` (a Condition gets such a lock): like "
               "asyncio's, they then let an "
               "uncontended `acquire()` go on without yielding to other "
               "tasks, so tasks interleave as they did.\n\n"
               "## Why\n"
               "anyio's primitives work on every backend. anyio 4.5 and later "
               "also allow creating them outside an event loop (at module "
               "level), as asyncio does.\n\n"
               "## Example\n"
               "```python\nready = asyncio.Event()\n"
               "pool = asyncio.BoundedSemaphore(4)\n```\n\n"
               "## Use instead\n"
               "```python\nready = anyio.Event()\n"
               "pool = anyio.Semaphore(4, max_value=4, fast_acquire=True)\n"
               "```\n\n"
               "An annotation (or a string annotation) that names one of "
               "them becomes anyio's once every primitive of that kind the "
               "file creates is anyio's; until then it is reported, and "
               "asyncio stays imported for it.\n\n"
               "## When it flags instead\n"
               "The rule follows the object through the name it is assigned "
               "to (`ev = ...`, `self.ev = ...`) and looks at every method "
               "call on that name in the file. It flags when:\n"
               "- an Event's `.clear()` is called (anyio's Event cannot be "
               "cleared);\n"
               "- the result of `await x.acquire()` or `await ev.wait()` is "
               "used (asyncio returns True, anyio None);\n"
               "- a Lock's `.release()` is called explicitly (anyio checks "
               "that the owner releases it);\n"
               "- a Semaphore's `.locked()` is called (anyio has none);\n"
               "- a Condition's `.wait_for()` is called, or it is given a "
               "lock;\n"
               "- a BoundedSemaphore's value is an expression that may not be "
               "evaluated twice.\n"
               "When the object is not assigned to a plain name, any such "
               "call in the file counts. Calls made in other modules cannot "
               "be seen: review primitives that are handed out.\n\n"
               "## Fix safety\n"
               "Safe. anyio's `Event.wait()` on an event already set yields "
               "to the other tasks once (a checkpoint: tasks ready at the "
               "same time may run first, and a cancellation already "
               "requested is raised there), where asyncio's returns at "
               "once: a difference of scheduling only (see \"What the same "
               "behaviour means\" in the README).\n"
               "Needs anyio 4.5 or later (`fast_acquire`, and primitives "
               "created outside an event loop). The message of the "
               "`ValueError` for an over-released bounded semaphore "
               "differs. An "
               "annotation becomes anyio's from what this file creates: a "
               "parameter annotated `asyncio.Lock` that other modules hand "
               "asyncio's locks is then wrong until those modules are "
               "migrated too (a type checker, or pydantic, says so).\n"
               "\n"
               "## Migrating by hand\n"
               "Use `anyio.Event()`, `anyio.Lock()`, `anyio.Semaphore(n)`, "
               "`anyio.Condition()`; a `BoundedSemaphore(n)` is "
               "`anyio.Semaphore(n, max_value=n)`, and a Condition takes an "
               "`anyio.Lock`. Where anyio differs:\n"
               "- `Event.clear()`: create a new `anyio.Event` instead of "
               "clearing this one (waiters keep the one they wait on).\n"
               "- the result of `wait()` or `acquire()`: anyio returns "
               "None; use `.is_set()` (or nothing) after waiting.\n"
               "- `Condition.wait_for(predicate)`: loop on `await "
               "cond.wait()` until the predicate holds.\n"
               "- `Semaphore.locked()`: use `sem.value == 0`.\n"
               "- `Lock.release()` from another task: use `async with "
               "lock:`, or, to signal between tasks, an `anyio.Event` or "
               "`anyio.Semaphore`.\n",
        .fix_kind = AM_RULE_MIXED,
        .safety = AM_RULE_SAFE,
        .calls = AM_NAMES("Event", "Lock", "Semaphore", "BoundedSemaphore",
                          "Condition"),
        .on_call = on_call,
        .on_pass = on_pass,
};
