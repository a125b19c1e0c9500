#include "imports.h"
#include "rule.h"

const am_rule am_rule_imports = {
        .code = "ANY001",
        .name = "imports",
        .summary = "Add `import anyio` where rewrites need it; drop asyncio "
                   "imports once nothing uses them",
        .doc = "## What it does\n"
               "Adds `import anyio` (and `functools`, `inspect`, `math` or "
               "`subprocess`) once per module when rewritten code refers to "
               "them, and "
               "removes an asyncio import once nothing uses the names it "
               "binds. A module-level `import asyncio` that is no longer "
               "needed becomes `import anyio` in place.\n\n"
               "A use is also a name in a string annotation "
               "(`\"asyncio.Future[int]\"`, `Optional[\"Task\"]`, "
               "`typing.cast(\"Event\", x)`), which typing.get_type_hints(), "
               "mypy, pydantic and FastAPI evaluate, and a re-export: a name "
               "`__all__` lists, or one imported as itself (`from asyncio "
               "import Queue as Queue`, the spelling stubs use). Such an "
               "import stays (also under `if TYPE_CHECKING:`), and ANY900 "
               "reports the use. A rule left out by `--select`/`--ignore` "
               "rewrites nothing, so the imports its uses need stay too.\n\n"
               "## Why\n"
               "The other rules only rewrite uses; this rule keeps the "
               "imports right, so that a half-migrated file keeps its "
               "asyncio import and a fully migrated one loses it.\n\n"
               "## Example\n"
               "```python\nimport asyncio\n\nasync def main():\n"
               "    await asyncio.sleep(1)\n```\n\n"
               "## Use instead\n"
               "```python\nimport anyio\n\nasync def main():\n"
               "    await anyio.sleep(1)\n```\n\n"
               "## When it flags instead\n"
               "Never. An unused asyncio import that holds a comment between "
               "its names is left as it is and reported by ANY900.\n\n"
               "## Fix safety\n"
               "Safe: an import added for rewritten code, or one no code uses "
               "removed, changes nothing the code does.\n"
               "\n"
               "## Migrating by hand\n"
               "Nothing: this rule removes the asyncio imports nothing uses "
               "any more and adds those of anyio, functools, inspect, math "
               "and subprocess the rewrites need. An asyncio import that stays "
               "is "
               "used by a use left as is: migrate that use and run again.\n",
        .fix_kind = AM_RULE_FIXES,
        .on_pass = am_imports_on_pass,
        .stage = AM_STAGE_IMPORTS,
};
