/* ANY104 timeout-error: asyncio.TimeoutError -> the builtin TimeoutError */
#include "imports.h"
#include "rule.h"

#include <string.h>

/* Whether `TimeoutError` means something else than the builtin at `at`
 * (an import of the builtin, or of asyncio's, which is the builtin, does
 * not count). */
static int builtin_shadowed(const am_context *ctx, TSNode at)
{
	const am_binder *b = ctx->binder;
	int scope = am_bind_scope_at(b, ts_node_start_byte(at));
	int index = am_bind_lookup(b, scope, "TimeoutError", 12);
	if (index < 0)
		return 0;
	const am_binding *bd = &b->bindings.items[index];
	return bd->kind != AM_BINDING_IMPORT ||
	       (strcmp(bd->qualname, "builtins.TimeoutError") != 0 &&
	        strcmp(bd->qualname, "asyncio.TimeoutError") != 0 &&
	        strcmp(bd->qualname, "asyncio.exceptions.TimeoutError") != 0);
}

/* `from asyncio import TimeoutError` that the module re-exports
 * (`__all__`): the name must stay bound, to the same class. */
static void fix_exported_import(am_context *ctx, const am_import_site *site)
{
	const am_binder *b = ctx->binder;
	size_t items = 0;
	for (size_t i = 0; i < b->imports.count; i++)
		items += ts_node_eq(b->imports.items[i].statement,
		                    site->statement);
	if (items != 1 || am_has_comment(ctx, site->statement))
		return; /* the leftover rule reports the re-export */
	am_fix *fix = am_fix_new(ctx, site->item,
	                         "`asyncio.TimeoutError` is the builtin "
	                         "`TimeoutError`: the re-exported name is "
	                         "imported from builtins");
	am_fix_replace_node(fix, site->statement,
	                    "from builtins import TimeoutError");
}

/* `from asyncio import TimeoutError`: its uses already spell the builtin's
 * name, so the fix is to drop the import. */
static void fix_plain_import(am_context *ctx, const am_import_site *site)
{
	am_fix *fix = am_fix_new(ctx, site->item,
	                         "`asyncio.TimeoutError` is the builtin "
	                         "`TimeoutError`: import removed");
	am_imports_drop_item(ctx, fix, site->statement, site->item);
}

/* `asyncio.TimeoutError` in code or in a string annotation. */
static void on_reference(am_context *ctx, const am_reference *ref)
{
	if (strcmp(ref->qualname, "asyncio.TimeoutError") != 0 &&
	    strcmp(ref->qualname, "asyncio.exceptions.TimeoutError") != 0)
		return;
	if (am_node_text_eq(ctx->text, ref->node, "TimeoutError"))
		return; /* handled at its import */
	if (builtin_shadowed(ctx, ref->node)) {
		am_flag(ctx, ref->node,
		        "`asyncio.TimeoutError` left as is: this scope binds "
		        "the name `TimeoutError` to something else");
		return;
	}
	am_fix *fix = am_fix_new(ctx, ref->node,
	                         "`asyncio.TimeoutError` becomes the builtin "
	                         "`TimeoutError`");
	am_fix_replace_node(fix, ref->node, "TimeoutError");
}

static void on_pass(am_context *ctx)
{
	const am_binder *b = ctx->binder;
	for (size_t i = 0; i < b->imports.count; i++) {
		const am_import_site *site = &b->imports.items[i];
		if (strcmp(site->qualname, "asyncio.TimeoutError") != 0 ||
		    !am_node_is(site->item, ctx->syntax->dotted_name) ||
		    site->binding < 0 ||
		    b->bindings.items[site->binding].kind != AM_BINDING_IMPORT)
			continue;
		/* `from module import TimeoutError` elsewhere needs the
		 * re-exported name bound. */
		if (b->bindings.items[site->binding].exported) {
			fix_exported_import(ctx, site);
			continue;
		}
		if (am_has_comment(ctx, site->statement)) {
			am_flag(ctx, site->item,
			        "the import of `asyncio.TimeoutError` left as "
			        "is: "
			        "removing it would drop its comment");
			continue;
		}
		fix_plain_import(ctx, site);
	}
	for (size_t i = 0; i < b->asyncio_refs.count; i++)
		on_reference(ctx, &b->asyncio_refs.items[i]);
	for (size_t i = 0; i < b->string_refs.count; i++)
		on_reference(ctx, &b->string_refs.items[i]);
}

const am_rule am_rule_timeout_error = {
        .code = "ANY104",
        .name = "timeout-error",
        .summary = "`asyncio.TimeoutError` → builtin `TimeoutError`",
        .doc = "## What it does\n"
               "Replaces `asyncio.TimeoutError` (and "
               "`asyncio.exceptions.TimeoutError`) with the builtin "
               "`TimeoutError`, also in string annotations, and drops `from "
               "asyncio import TimeoutError` (or, when `__all__` re-exports "
               "it, imports it from `builtins`).\n\n"
               "## Why\n"
               "Since Python 3.11 `asyncio.TimeoutError` is the builtin "
               "`TimeoutError`, which is what `anyio.fail_after()` raises: "
               "the handlers keep catching the same exceptions.\n\n"
               "## Example\n"
               "```python\ntry:\n    ...\nexcept asyncio.TimeoutError:\n"
               "    ...\n```\n\n"
               "## Use instead\n"
               "```python\ntry:\n    ...\nexcept TimeoutError:\n    "
               "...\n```\n\n"
               "## When it flags instead\n"
               "The scope binds the name `TimeoutError` to something else, "
               "or `from asyncio import TimeoutError` holds a comment that "
               "removing the name would drop: then the import is reported "
               "for removal by hand.\n\n"
               "## Fix safety\n"
               "Safe: since Python 3.11 `asyncio.TimeoutError` is the builtin "
               "`TimeoutError`.\n"
               "\n"
               "## Migrating by hand\n"
               "`asyncio.TimeoutError` is the builtin `TimeoutError` since "
               "Python 3.11: use `TimeoutError`. Where the scope binds that "
               "name to something else, rename that first; an import of "
               "`asyncio.TimeoutError` that holds a comment can simply go "
               "(keep the comment).\n",
        .fix_kind = AM_RULE_MIXED,
        .on_pass = on_pass,
};
