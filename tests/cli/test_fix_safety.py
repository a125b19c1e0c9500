"""Fix safety: the unsafe fixes (those that change behaviour on some path)
are made only with --unsafe-fixes or `unsafe-fixes = true`, shown either
way, marked; each diagnostic carries its fix's edits in JSON and SARIF."""

import json
import unittest

from cli_support import CliTestCase, check_summary, dry_run_summary, apply_summary

PROGRAM = (
    b"import asyncio\n"
    b"\n"
    b"\n"
    b"async def f(x):\n"
    b"    await asyncio.sleep(x)\n"
    b"\n"
    b"\n"
    b"async def main():\n"
    b"    await asyncio.gather(f(1), f(2))\n"
    b"\n"
    b"\n"
    b"asyncio.run(main())\n"
)
SAFE = PROGRAM.replace(b"asyncio.sleep", b"anyio.sleep").replace(
    b"asyncio.run(main())", b"anyio.run(main)").replace(
    b"import asyncio\n", b"import anyio\nimport asyncio\n")
EVERY = (
    b"import anyio\n"
    b"\n"
    b"\n"
    b"async def f(x):\n"
    b"    await anyio.sleep(x)\n"
    b"\n"
    b"\n"
    b"async def main():\n"
    b"    async with anyio.create_task_group() as tg:\n"
    b"        tg.start_soon(f, 1)\n"
    b"        tg.start_soon(f, 2)\n"
    b"\n"
    b"\n"
    b"anyio.run(main)\n"
)


def apply_edits(data, edits):
    """`data` with a fix's edits ({start, end, text}, positions with a
    byte) applied."""
    out, at = b"", 0
    for edit in edits:
        start, end = edit["start"]["byte"], edit["end"]["byte"]
        out += data[at:start] + edit["text"].encode()
        at = end
    return out + data[at:]


class FixSafetyTest(CliTestCase):
    def setUp(self):
        super().setUp()
        self.write("app.py", PROGRAM)

    def test_check_marks_each_kind(self):
        result = self.run_tool("--check", "app.py")
        self.assertOutput(result, 1, [
            "app.py:5:11: ANY102 [*]",
            "app.py:9:11: ANY401 [unsafe]",
            "app.py:12:1: ANY101 [*]",
        ], [check_summary(3, 2, 1, 1, unsafe_left=1)])
        result = self.run_tool("--check", "--unsafe-fixes", "app.py")
        self.assertOutput(result, 1, [
            "app.py:1:1: ANY001 [*]",
            "app.py:5:11: ANY102 [*]",
            "app.py:9:11: ANY401 [*unsafe]",
            "app.py:12:1: ANY101 [*]",
        ], [check_summary(4, 4, 1, 1, unsafe_fixed=1)])

    def test_the_dry_run_shows_them_either_way(self):
        result = self.run_tool("app.py")
        self.assertEqual(result.returncode, 0)
        # The diff is what --apply writes: the unsafe fix is not in it, and
        # stderr says where it is.
        self.assertNotIn(b"-    await asyncio.gather", result.stdout)
        self.assertNotIn(b"create_task_group", result.stdout)
        self.assertEqual(result.stderr.decode().splitlines()[0][:31],
                         "app.py:9:11: ANY401 [unsafe] `a")
        self.assertEqual(result.stderr.decode().splitlines()[1],
                         dry_run_summary(1, 4, 0, 1, unsafe_left=1))
        result = self.run_tool("--unsafe-fixes", "app.py")
        self.assertIn(b"+    async with anyio.create_task_group() as tg:\n", result.stdout)
        self.assertOutput(result, 0, result.stdout.decode(), [
            "app.py:9:11: ANY401 [*unsafe]",
            dry_run_summary(1, 5, 0, 1, unsafe_fixed=1)])

    def test_apply_makes_them_only_when_asked(self):
        result = self.run_tool("--apply", "--no-backup", "app.py")
        self.assertOutput(result, 0, "", [
            "app.py:10:11: ANY401 [unsafe]",
            apply_summary(1, 4, 0, 0, unsafe_left=1)])
        self.assertEqual(self.read("app.py"), SAFE)
        result = self.run_tool("--apply", "--no-backup", "--unsafe-fixes", "app.py")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("app.py"), EVERY)

    def test_the_setting(self):
        self.write("pyproject.toml", b"[tool.migrate_to_anyio]\nunsafe-fixes = true\n")
        result = self.run_tool("--apply", "--no-backup", "app.py")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.read("app.py"), EVERY)
        self.write("pyproject.toml", b"[tool.migrate_to_anyio]\nunsafe-fixes = 1\n")
        result = self.run_tool("app.py")
        self.assertEqual(
            (result.returncode, result.stderr),
            (2, b"pyproject.toml:2:16: error: `unsafe-fixes` must be true or false\n"))

    def test_json_gives_each_fix_its_edits(self):
        document = json.loads(self.run_tool("--check", "--format", "json",
                                            "app.py").stdout)
        by_code = {d["code"]: d for d in document["diagnostics"]}
        self.assertEqual(
            [(d["code"], d["fixable"], d["applicability"]) for d in document["diagnostics"]],
            [("ANY102", True, "safe"), ("ANY401", False, "unsafe"),
             ("ANY101", True, "safe")])
        self.assertEqual(document["summary"]["unsafe_fixable"], 1)
        # One fix alone: its edits and the import it needs.
        sleep = by_code["ANY102"]["fix"]
        self.assertEqual(sleep["applicability"], "safe")
        self.assertEqual(apply_edits(PROGRAM, sleep["edits"]),
                         b"import anyio\n" + PROGRAM.replace(b"asyncio.sleep", b"anyio.sleep"))
        gather = apply_edits(PROGRAM, by_code["ANY401"]["fix"]["edits"])
        self.assertIn(b"    async with anyio.create_task_group() as tg:\n", gather)
        self.assertIn(b"asyncio.run(main())", gather)
        for d in document["diagnostics"]:
            compile(apply_edits(PROGRAM, d["fix"]["edits"]), "app.py", "exec")
        for edit in sleep["edits"]:
            before = PROGRAM[:edit["start"]["byte"]].decode()
            self.assertEqual(edit["start"]["line"], before.count("\n") + 1)

    def test_json_fix_alone_defines_the_helpers_it_calls(self):
        program = (
            b"import asyncio\n"
            b"\n"
            b"\n"
            b"async def f(x):\n"
            b"    return x\n"
            b"\n"
            b"\n"
            b"async def main():\n"
            b"    a, b = await asyncio.gather(f(1), f(2))\n"
            b"    c = await asyncio.gather(f(3), return_exceptions=True)\n"
            b"    return a, b, c\n"
        )
        self.write("app.py", program)
        document = json.loads(self.run_tool("--check", "--format", "json",
                                            "app.py").stdout)
        gathers = [d for d in document["diagnostics"] if d["code"] == "ANY401"]
        self.assertEqual(len(gathers), 2)
        for d, helper in zip(gathers, (b"_store_result", b"_store_outcome")):
            fixed = apply_edits(program, d["fix"]["edits"])
            compile(fixed, "app.py", "exec")
            self.assertIn(b"tg.start_soon(" + helper + b", results, 0, f, ", fixed)
            self.assertEqual(fixed.count(b"async def " + helper + b"("), 1)

    def test_json_fix_alone_imports_what_its_helper_uses(self):
        # `_Future` uses anyio, which the fix's own text does not name.
        program = (
            b"import asyncio\n"
            b"\n"
            b"\n"
            b"async def f(register):\n"
            b"    fut = asyncio.Future()\n"
            b"    register(lambda value: None)\n"
            b"    return await fut\n"
        )
        self.write("app.py", program)
        document = json.loads(self.run_tool("--check", "--format", "json",
                                            "app.py").stdout)
        [future] = [d for d in document["diagnostics"] if d["code"] == "ANY211"]
        fixed = apply_edits(program, future["fix"]["edits"])
        self.assertTrue(fixed.startswith(b"import anyio\nimport asyncio\n\n\nclass _Future:\n"))
        self.assertIn(b"    fut = _Future()\n", fixed)
        compile(fixed, "app.py", "exec")

    def test_json_after_apply_gives_the_held_fix_on_the_written_file(self):
        document = json.loads(self.run_tool("--apply", "--no-backup", "--format", "json",
                                            "app.py").stdout)
        [held] = document["diagnostics"]
        self.assertEqual((held["code"], held["fixable"]), ("ANY401", False))
        self.assertEqual(apply_edits(SAFE, held["fix"]["edits"]),
                         EVERY.replace(b"import anyio\n", b"import anyio\nimport asyncio\n"))

    def test_sarif_fixes(self):
        log = json.loads(self.run_tool("--check", "--format", "sarif", "app.py").stdout)
        results = log["runs"][0]["results"]
        gather = [r for r in results if r["ruleId"] == "ANY401"][0]
        self.assertEqual(gather["properties"], {"fixable": False, "applicability": "unsafe"})
        [change] = gather["fixes"][0]["artifactChanges"]
        self.assertEqual(change["artifactLocation"]["uri"], "app.py")
        edits = [{"start": {"byte": r["deletedRegion"]["byteOffset"]},
                  "end": {"byte": r["deletedRegion"]["byteOffset"]
                          + r["deletedRegion"]["byteLength"]},
                  "text": r["insertedContent"]["text"]}
                 for r in change["replacements"]]
        self.assertIn(b"create_task_group", apply_edits(PROGRAM, edits))
        rules = {r["id"]: r["properties"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
        self.assertEqual(rules["ANY401"]["fixSafety"], "unsafe")
        self.assertEqual(rules["ANY102"]["fixSafety"], "safe")
        self.assertIsNone(rules["ANY900"]["fixSafety"])

    def test_held_fixes_are_reported_as_if_made(self):
        # A queue the stream rewrite takes (held: unsafe) is not also given
        # to the drop-in queue; one only the drop-in queue takes is not also
        # one to migrate by hand. What --unsafe-fixes would make is counted.
        self.write("local.py", b"import asyncio\n\n\nasync def main():\n"
                   b"    q = asyncio.Queue()\n    await q.put(1)\n    print(await q.get())\n")
        self.write("factory.py", b"import asyncio\n\n\ndef make():\n"
                   b"    return asyncio.Queue()\n")
        for name, code in (("local.py", "5:9: ANY301"), ("factory.py", "5:12: ANY302")):
            with self.subTest(name=name):
                result = self.run_tool("--check", "--queue-compat", "aq", name)
                self.assertOutput(result, 1, ["%s:%s [unsafe]" % (name, code)],
                                  [check_summary(1, 0, 1, 1, unsafe_left=1)])
                result = self.run_tool("--check", "--unsafe-fixes", "--queue-compat",
                                       "aq", name)
                self.assertIn("%s:%s [*unsafe]" % (name, code), result.stdout.decode())
                self.assertIn(", 1 of them unsafe)", result.stderr.decode())

    def test_github_marks(self):
        result = self.run_tool("--check", "--format", "github", "app.py")
        self.assertIn("title=ANY401::[unsafe] `", result.stdout.decode())


if __name__ == "__main__":
    unittest.main()
