/* ANY002 unused-suppression: a suppression comment that suppresses nothing */
#include "rule.h"
#include "suppress.h"

static void on_pass(am_context *ctx)
{
	const am_suppressions *sup = ctx->suppressions;
	for (size_t i = 0; i < sup->items.count; i++) {
		const am_suppression *item = &sup->items.items[i];
		if (item->misplaced_file) {
			am_flag_range(
			        ctx, item->comment_start, item->comment_end,
			        "`ignore-file` left unused: it counts only in "
			        "the file's header");
			continue;
		}
		if (item->used)
			continue;
		int own_line = item->line !=
		               am_suppressions_line(sup, item->comment_start);
		am_flag_range(
		        ctx, item->comment_start, item->comment_end,
		        "unused suppression: no diagnostic%s%s to suppress "
		        "on %s; remove the comment",
		        item->codes ? " of " : "",
		        item->codes ? item->codes : "",
		        own_line ? "the next line" : "this line");
	}
}

const am_rule am_rule_unused_suppression = {
        .code = "ANY002",
        .name = "unused-suppression",
        .summary =
                "A `# anyio-migrate: ignore` comment that suppresses nothing",
        .doc = "## What it does\n"
               "Reports a suppression comment whose line has no diagnostic "
               "(of the listed rules) to suppress.\n\n"
               "## Why\n"
               "Suppressions are kept for code a team decides to leave on "
               "asyncio. Once that code is migrated or gone, a stale comment "
               "would silently suppress whatever comes to that line later.\n\n"
               "## Example\n"
               "```python\nawait anyio.sleep(1)  # anyio-migrate: "
               "ignore\n```\n\n"
               "## Use instead\n"
               "```python\nawait anyio.sleep(1)\n```\n\n"
               "## When it flags instead\n"
               "Always: this rule never rewrites. The forms are `# "
               "anyio-migrate: ignore` (its own line, or the next line when "
               "the comment stands alone), `# anyio-migrate: ignore[ANY102,"
               "ANY2]` (codes or code prefixes) and `# anyio-migrate: "
               "ignore-file` in the file's header (before the first statement "
               "other than the docstring and `from __future__` imports).\n"
               "\n"
               "## Migrating by hand\n"
               "Remove a suppression comment that suppresses nothing, or "
               "correct its codes; move an `ignore-file` directive into the "
               "file's header (before the first statement other than the "
               "docstring and `from __future__` imports).\n",
        .fix_kind = AM_RULE_FLAGS,
        .on_pass = on_pass,
        .stage = AM_STAGE_SETTLED,
        .only_when_selected = 1,
};
