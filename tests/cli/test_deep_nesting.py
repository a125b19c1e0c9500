"""Deeply nested expressions through the command-line tool.

Each file uses asyncio, so it is parsed (a file without the bytes `asyncio`
is passed over unparsed). 10,000 levels of parentheses, lists, calls and
awaits are migrated, with the nested line kept byte for byte; nesting deep
enough to break the parser (see src/lib/depth.h) is refused with a
clear error, and the other files go on.
"""

import unittest

from cli_support import (
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    CliTestCase,
    apply_summary,
)

LEVELS = 10000

NESTED = {
    "parentheses": b"X = " + b"(" * LEVELS + b"1" + b")" * LEVELS + b"\n",
    "lists": b"X = " + b"[" * LEVELS + b"1" + b"]" * LEVELS + b"\n",
    "calls": b"X = " + b"f(" * LEVELS + b"1" + b")" * LEVELS + b"\n",
    "dicts": b"X = " + b"{1: " * LEVELS + b"1" + b"}" * LEVELS + b"\n",
    "unary": b"X = " + b"-" * LEVELS + b"1\n",
}


class DeepNestingTest(CliTestCase):
    def test_ten_thousand_levels_are_migrated(self):
        for kind, line in NESTED.items():
            with self.subTest(kind=kind):
                self.write(kind + ".py", SAMPLE + line)
                result = self.run_tool("--apply", "--no-backup", kind + ".py")
                self.assertOutput(result, 0, "",
                                  [apply_summary(1, SAMPLE_EDITS, 0, 0)])
                self.assertEqual(self.read(kind + ".py"), MIGRATED + line)

    def test_ten_thousand_awaits(self):
        line = (b"async def deep():\n    return " + b"(await " * LEVELS
                + b"asyncio.sleep(1)" + b")" * LEVELS + b"\n")
        self.write("awaits.py", SAMPLE + line)
        result = self.run_tool("--apply", "awaits.py")
        self.assertEqual(result.returncode, 0, result.stderr.decode()[-500:])
        self.assertEqual(self.read("awaits.py"),
                         MIGRATED + line.replace(b"asyncio.sleep", b"anyio.sleep"))
        self.assertEqual(self.read("awaits.py.bak"), SAMPLE + line)

    def test_deeper_than_the_parser_takes(self):
        too_deep = {
            "open_brackets": b"X = " + b"[" * 70000 + b"\n",
            "dangling_minus": b"X = " + b"-" * 70000 + b"\n",
            "balanced": b"X = " + b"(" * 60000 + b"1" + b")" * 60000 + b"\n",
        }
        self.write("good.py", SAMPLE)
        for kind, line in too_deep.items():
            with self.subTest(kind=kind):
                data = SAMPLE + line
                self.write(kind + ".py", data)
                self.write("good.py", SAMPLE)
                result = self.run_tool("--apply", "--no-backup", kind + ".py",
                                       "good.py")
                self.assertOutput(result, 2, "", [
                    "%s.py:7:1: error: a statement nested too deeply to "
                    "parse safely (over 50000 open constructs): it is left "
                    "unchanged" % kind,
                    apply_summary(1, SAMPLE_EDITS, 0, 1, unreadable=1)])
                self.assertEqual(self.read(kind + ".py"), data)
                self.assertEqual(self.read("good.py"), MIGRATED)


if __name__ == "__main__":
    unittest.main()
