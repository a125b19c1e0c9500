"""--check: the CI gate. Writes nothing, lists every use, exit 1 if any."""

import unittest

from cli_support import (
    FLAGGED,
    FLAGGED_USE,
    MIGRATED,
    SAMPLE,
    SAMPLE_USES,
    CliTestCase,
    check_summary,
    position_of,
    sample_check_lines,
    without_messages,
)


class CheckTest(CliTestCase):
    def test_a_stub_keeps_its_re_exports_and_reports_every_annotation(self):
        # In a .pyi stub `X as X` is how a name is re-exported, and every
        # annotation names what type checkers see.
        stub = (b"import asyncio\n"
                b"from asyncio import Future as Future, Event\n\n"
                b"def f(loop: asyncio.AbstractEventLoop) -> Future[int]: ...\n")
        self.write("api.pyi", stub)
        result = self.run_tool("--apply", "--no-backup", "api.pyi")
        self.assertEqual(self.read("api.pyi"), stub.replace(b", Event", b""))
        result = self.run_tool("--check", "api.pyi")
        self.assertOutput(
            result, 1,
            ["api.pyi:2:21: ANY900", "api.pyi:4:13: ANY900", "api.pyi:4:43: ANY900"],
            [check_summary(3, 0, 1, 1)])

    def test_lists_every_use_marking_the_fixable_ones(self):
        self.write("app.py", SAMPLE)
        before = self.snapshot()
        result = self.run_tool("--check", "app.py")
        # The report on stdout (`--check src > report.txt`), the summary
        # on stderr.
        self.assertOutput(
            result, 1, sample_check_lines("app.py"),
            [check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1)],
        )
        self.assertEqual(self.snapshot(), before)

    def test_uses_that_cannot_be_fixed_are_listed_unmarked(self):
        self.write("flagged.py", FLAGGED)
        self.write("done.py", MIGRATED)
        result = self.run_tool("--check", "flagged.py", "done.py")
        line, column = position_of(FLAGGED, FLAGGED_USE)
        stdout = result.stdout.decode().splitlines()
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(result.stderr.decode().splitlines(), [check_summary(2, 1, 1, 2)])
        self.assertEqual(len(stdout), 2)
        self.assertRegex(stdout[0], r"^flagged\.py:5:11: ANY102 \[\*\] \S")
        self.assertRegex(stdout[1], r"^flagged\.py:%d:%d: ANY\d+ [^[]" % (line, column))

    def test_an_already_migrated_file_passes_with_only_the_summary(self):
        self.write("done.py", MIGRATED)
        result = self.run_tool("--check", "done.py")
        self.assertEqual(
            (result.returncode, result.stdout, result.stderr.decode()),
            (0, b"", check_summary(0, 0, 0, 1) + "\n"),
        )

    def test_an_error_wins_over_uses_left(self):
        self.write("app.py", SAMPLE)
        result = self.run_tool("--check", "app.py", "missing.py")
        self.assertOutput(
            result, 2, sample_check_lines("app.py"),
            [
                "missing.py: error: No such file or directory",
                check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1, errors=1),
            ],
        )

    def test_an_error_alone_exits_2(self):
        self.write("done.py", MIGRATED)
        result = self.run_tool("--check", "done.py", "missing.py")
        self.assertOutput(
            result, 2, "",
            [
                "missing.py: error: No such file or directory",
                check_summary(0, 0, 0, 1, errors=1),
            ],
        )


if __name__ == "__main__":
    unittest.main()
