/* ANY900 leftover: every asyncio use that no rule rewrote or reported. */
#include "rule.h"
#include "advice.h"
#include "value_flow.h"

#include <string.h>

static void report_reference(am_context *ctx, const am_reference *ref)
{
	uint32_t start = ts_node_start_byte(ref->node);
	uint32_t end = ts_node_end_byte(ref->node);
	if (am_context_claimed(ctx, start, end))
		return;
	if (ref->ambiguous) {
		uint32_t len;
		const char *name = am_node_text(ctx->text, ref->node, &len);
		am_flag(ctx, ref->node,
		        "`%.*s` left as is: the name is bound to asyncio and "
		        "to something else in this scope",
		        (int)len, name);
		return;
	}
	const char *advice = am_advice_for_name(ref->qualname);
	if (strcmp(ref->qualname, "asyncio") == 0 &&
	    !am_node_is(ref->node, ctx->syntax->attribute)) {
		am_flag(ctx, ref->node,
		        "`%s` left as is: used as a whole (passed on, or bound "
		        "in more than one way)",
		        am_text(ctx, ref->node));
		return;
	}
	if (advice)
		am_flag(ctx, ref->node, "`%s` left as is: %s", ref->qualname,
		        advice);
	else
		am_flag(ctx, ref->node,
		        "`%s` left as is: it has no direct anyio "
		        "equivalent",
		        ref->qualname);
}

/* A name in a string annotation: the import stays for it. */
static void report_string_reference(am_context *ctx, const am_reference *ref)
{
	if (am_context_claimed(ctx, ts_node_start_byte(ref->node),
	                       ts_node_end_byte(ref->node)))
		return;
	const char *advice =
	        ref->ambiguous ? NULL : am_advice_for_name(ref->qualname);
	am_flag(ctx, ref->node,
	        "`%s` in a string annotation left as is: it keeps asyncio "
	        "imported%s%s",
	        am_text(ctx, ref->node), advice ? "; " : "",
	        advice ? advice : "");
}

/* An asyncio import re-exported: through `__all__` (reported at its
 * string there) or as itself (`from asyncio import X as X`). */
static void report_exports(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	const char *why = "modules that import it from here get asyncio's; "
	                  "migrate them, then remove the re-export";
	for (size_t i = 0; i < b->exports.count; i++) {
		const am_export *e = &b->exports.items[i];
		const am_binding *bd =
		        e->binding >= 0 ? &b->bindings.items[e->binding] : NULL;
		if (!bd || !bd->maybe_asyncio ||
		    am_context_claimed(ctx, ts_node_start_byte(e->string),
		                       ts_node_end_byte(e->string)))
			continue;
		am_flag(ctx, e->string, "%s in `__all__` re-exports %s: %s",
		        am_text(ctx, e->string),
		        bd->kind == AM_BINDING_IMPORT
		                ? bd->qualname
		                : "a name bound to asyncio",
		        why);
	}
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *s = &b->imports.items[i];
		if (!s->reexport || strncmp(s->qualname, "asyncio", 7) != 0 ||
		    (s->qualname[7] != '\0' && s->qualname[7] != '.') ||
		    am_context_claimed(ctx, ts_node_start_byte(s->item),
		                       ts_node_end_byte(s->item)))
			continue;
		am_flag(ctx, s->item, "`%s` is re-exported as itself: %s",
		        am_text(ctx, s->item), why);
	}
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		report_reference(ctx, &b->asyncio_refs.items[i]);
	for (size_t i = 0; i < b->string_refs.count; i++)
		report_string_reference(ctx, &b->string_refs.items[i]);
	report_exports(ctx);
	for (size_t i = 0; i < b->star_imports.count; i++)
		am_flag(ctx, b->star_imports.items[i],
		        "`from asyncio import *`: the names it brings in "
		        "cannot be "
		        "followed; import what is used by name, then run "
		        "again");
	/* Imports of asyncio nothing uses but the importer could not remove. */
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *s = &b->imports.items[i];
		if (strncmp(s->qualname, "asyncio", 7) != 0 ||
		    (s->qualname[7] != '\0' && s->qualname[7] != '.'))
			continue;
		const am_binding *bd =
		        s->binding >= 0 ? &b->bindings.items[s->binding] : NULL;
		if (bd && bd->kind == AM_BINDING_IMPORT &&
		    (bd->uses > 0 || bd->string_uses > 0 || bd->exported))
			continue; /* its uses (and re-exports) are reported */
		if (am_context_claimed(ctx, ts_node_start_byte(s->item),
		                       ts_node_end_byte(s->item)))
			continue;
		am_flag(ctx, s->item,
		        bd && bd->kind != AM_BINDING_IMPORT
		                ? "asyncio import left as is: it shares its "
		                  "name with another binding in the same scope"
		                : "unused asyncio import left as is: a comment "
		                  "sits inside the statement");
	}
	/* What is done with loops, tasks and futures held in names, `self`
	 * attributes and parameters. */
	am_value_flow_report(ctx);
}

const am_rule am_rule_leftover = {
        .code = "ANY900",
        .name = "leftover",
        .summary = "Report every asyncio use left, with the anyio way to "
                   "write it",
        .doc = "## What it does\n"
               "Once the other rules are done, reports every remaining "
               "reference to asyncio that no rule rewrote or reported, with "
               "the anyio equivalent where there is one: streams for "
               "`open_connection`, `run_process` for subprocesses, task groups "
               "for `create_task`, and so on. That includes names in "
               "string annotations and asyncio names the module re-exports "
               "(`__all__`, `import X as X`). It runs whatever "
               "`--select`/`--ignore` say.\n\n"
               "## Why\n"
               "A migration is finished when no asyncio is left; "
               "`--check` fails while this rule reports anything.\n\n"
               "## Example\n"
               "```python\nproc = await "
               "asyncio.create_subprocess_exec(\"ls\")\n"
               "```\n\n"
               "## Use instead\n"
               "```python\nresult = await anyio.run_process([\"ls\"])\n```\n\n"
               "## When it flags instead\n"
               "Always: this rule never rewrites.\n"
               "\n"
               "## Migrating by hand\n"
               "Each message names the anyio way for the API it reports, "
               "from the table below (asyncio's functions and classes and "
               "an event loop's methods, which ANY204 uses too). A task or a "
               "future held in a variable: start the work in a task group, "
               "cancel it through `tg.cancel_scope` and wait for it by "
               "leaving the group; for a future, an `anyio.Event` and a "
               "variable for the result. A loop passed on: "
               "make what receives it use anyio. An "
               "API with no direct anyio equivalent: restructure it with "
               "task groups, `anyio.to_thread`, `anyio.from_thread` and "
               "cancel scopes (see anyio's documentation). A name in a "
               "string annotation keeps asyncio imported while it names "
               "asyncio (`typing.get_type_hints()` evaluates it): rewrite "
               "the annotation.\n"
               "\n"
               "A name bound to asyncio and also otherwise in one "
               "scope, or `asyncio` itself passed on: give each its own name, "
               "then run again. An unused asyncio import holding a comment: "
               "remove it (keep the comment).\n\n"
               "A protocol and its transport become a stream and the task "
               "that reads it: `data_received` is the body of an `async "
               "for` over the stream, `connection_lost` and `eof_received` "
               "what follows the loop, `transport.write(b)` is `await "
               "stream.send(b)` (which waits when the peer is slow, in place "
               "of `pause_writing`/`resume_writing`), `transport.close()` is "
               "`await stream.aclose()`. A server:\n\n"
               "```python\nclass Echo(asyncio.Protocol):\n"
               "    def connection_made(self, transport):\n"
               "        self.transport = transport\n\n"
               "    def data_received(self, data):\n"
               "        self.transport.write(data)\n\n"
               "server = await loop.create_server(Echo, \"127.0.0.1\", "
               "8888)\n"
               "async with server:\n"
               "    await server.serve_forever()\n```\n\n"
               "becomes\n\n"
               "```python\nasync def echo(stream):\n"
               "    async with stream:\n"
               "        async for data in stream:\n"
               "            await stream.send(data)\n\n"
               "listener = await anyio.create_tcp_listener(\n"
               "    local_host=\"127.0.0.1\", local_port=8888)\n"
               "await listener.serve(echo)\n```\n\n"
               "and a client's `transport, protocol = await "
               "loop.create_connection(Proto, host, port)` becomes `stream "
               "= await anyio.connect_tcp(host, port)`, read the same "
               "way.\n\n"
               "## The anyio way, by API\n" AM_ADVICE_DOC,
        .fix_kind = AM_RULE_FLAGS,
        .on_pass = on_pass,
        .stage = AM_STAGE_REPORT,
};
