"""Files the tool cannot migrate: reported, left alone, exit 2."""

import json
import os
import unittest

from cli_support import (
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    SAMPLE_USES,
    CliTestCase,
    apply_summary,
    check_summary,
    dry_run_summary,
    sample_check_lines,
)

BINARY = b"import asyncio\n\x00\nasyncio.run(main())\n"
LATIN_1 = b"# caf\xe9\nimport asyncio\n\nasyncio.run(main())\n"
BROKEN = b"import asyncio\n\ndef main(:\n    await asyncio.sleep(1)\n"


class BadInputTest(CliTestCase):
    def assertRefused(self, name, data, at):
        """In every mode: `name` is reported and untouched, good.py goes on."""
        self.write(name, data)
        self.write("good.py", SAMPLE)
        expectations = [
            ((), 2, dry_run_summary(1, SAMPLE_EDITS, 0, 1, errors=1)),
            (("--check",), 2,
             check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1, errors=1)),
            (("--apply",), 2,
             apply_summary(1, SAMPLE_EDITS, 0, 1, unreadable=1)),
        ]
        for options, code, summary in expectations:
            with self.subTest(options=options):
                self.write("good.py", SAMPLE)
                if os.path.exists(self.path("good.py.bak")):
                    os.unlink(self.path("good.py.bak"))
                result = self.run_tool(*options, name, "good.py")
                errors = [
                    line for line in result.stderr.decode().splitlines()
                    if line.startswith(name + ":")
                ]
                self.assertEqual(result.returncode, code, result.stderr.decode())
                self.assertEqual(len(errors), 1, result.stderr.decode())
                self.assertRegex(errors[0], "^%s%s: error: \\S" % (name, at))
                self.assertEqual(result.stderr.decode().splitlines()[-1], summary)
                self.assertEqual(self.read(name), data)
                self.assertFalse(os.path.exists(self.path(name + ".bak")))
        self.assertEqual(self.read("good.py"), MIGRATED)

    def test_binary_file(self):
        self.assertRefused("binary.py", BINARY, ":2:1")

    def test_latin_1_file(self):
        self.assertRefused("latin.py", LATIN_1, ":1:6")

    def test_syntax_error(self):
        self.assertRefused("broken.py", BROKEN, ":3:10")


# Python: line 6, column 9 ("expected 'except' or 'finally' block"). The
# grammar's outermost ERROR node starts at 1:1: it wraps the whole function.
DEEP_ERROR = (
    b"async def main(retries):\n"
    b"    import asyncio\n"
    b"    for attempt in range(retries):\n"
    b"        try:\n"
    b"            await asyncio.sleep(1)\n"
    b"        expect ValueError:\n"
    b"            pass\n"
)


class SyntaxErrorPositionTest(CliTestCase):
    def test_the_error_is_reported_where_the_grammar_failed(self):
        self.write("deep.py", DEEP_ERROR)
        result = self.run_tool("--check", "deep.py")
        self.assertEqual(
            (result.returncode, result.stderr.decode().splitlines()[0]),
            (2, "deep.py:6:9: error: syntax error: the file does not parse as "
                "Python 3; it is left unchanged"))

    def test_json_and_sarif_carry_the_position(self):
        self.write("deep.py", DEEP_ERROR)
        document = json.loads(self.run_tool("--check", "--format", "json",
                                            "deep.py").stdout)
        self.assertEqual(
            document["errors"],
            [{"path": "deep.py", "line": 6, "column": 9,
              "byte": DEEP_ERROR.index(b"expect"),
              "message": "syntax error: the file does not parse as Python 3; "
                         "it is left unchanged"}])
        log = json.loads(self.run_tool("--check", "--format", "sarif",
                                       "deep.py").stdout)
        notification = log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]
        region = notification["locations"][0]["physicalLocation"]["region"]
        self.assertEqual((region["startLine"], region["startColumn"]), (6, 9))


class MissingPathTest(CliTestCase):
    def test_each_mode_reports_it_and_exits_2(self):
        for options in ((), ("--check",), ("--apply",)):
            with self.subTest(options=options):
                result = self.run_tool(*options, "nowhere/missing.py")
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stdout, b"")
                self.assertEqual(
                    result.stderr.decode().splitlines()[0],
                    "nowhere/missing.py: error: No such file or directory",
                )


class PermissionTest(CliTestCase):
    def test_an_unreadable_folder_is_reported_and_the_others_go_on(self):
        self.write("closed/app.py", SAMPLE)
        self.write("open/app.py", SAMPLE)
        os.chmod(self.path("closed"), 0)
        result = self.run_tool_with_permissions("--check", "closed", "open")
        self.assertOutput(
            result, 2, sample_check_lines("open/app.py"),
            ["closed: error: Permission denied",
             check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1, errors=1)],
        )

    def test_an_unreadable_file_is_reported(self):
        self.write("secret.py", SAMPLE, mode=0)
        result = self.run_tool_with_permissions("secret.py")
        self.assertOutput(
            result, 2, "",
            ["secret.py: error: Permission denied",
             dry_run_summary(0, 0, 0, 0, errors=1)],
        )


if __name__ == "__main__":
    unittest.main()
