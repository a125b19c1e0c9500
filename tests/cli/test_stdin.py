"""PATH '-': standard input in, the migrated source out."""

import unittest

from cli_support import (
    FLAGGED,
    FLAGGED_USE,
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    SAMPLE_USES,
    CliTestCase,
    check_summary,
    position_of,
    sample_check_lines,
    stdin_summary,
)


class StdinTest(CliTestCase):
    def test_prints_the_migrated_source(self):
        result = self.run_tool("-", stdin=SAMPLE)
        self.assertEqual(result.stdout, MIGRATED)
        self.assertOutput(
            result, 0, MIGRATED.decode(), [stdin_summary(1, SAMPLE_EDITS, 0)]
        )
        self.assertEqual(self.snapshot(), {})

    def test_unchanged_source_comes_out_as_it_went_in(self):
        result = self.run_tool("-", stdin=MIGRATED)
        self.assertEqual(result.stdout, MIGRATED)
        self.assertOutput(result, 0, MIGRATED.decode(), [stdin_summary(0, 0, 0)])

    def test_empty_input(self):
        result = self.run_tool("-", stdin=b"")
        self.assertOutput(result, 0, "", [stdin_summary(0, 0, 0)])

    def test_uses_left_point_into_the_input(self):
        # Line numbers are the input's, as for a file: the editor or the
        # pipeline that sent it holds that text.
        result = self.run_tool("-", stdin=FLAGGED)
        line, column = position_of(FLAGGED, FLAGGED_USE)
        self.assertNotEqual((line, column), position_of(result.stdout, FLAGGED_USE))
        stderr = result.stderr.decode().splitlines()
        self.assertEqual(result.returncode, 0, stderr)
        self.assertEqual(len(stderr), 2, stderr)
        self.assertRegex(stderr[0], r"^<stdin>:%d:%d: ANY\d+ \S" % (line, column))
        self.assertRegex(
            stderr[1], r"^1 file changed \(\d+ edits?\), 1 use left to migrate by hand in 1 file$"
        )

    def test_an_error_prints_the_input_unchanged_and_exits_2(self):
        broken = b"import asyncio\n\ndef f(:\n    asyncio.sleep(1)\n"
        result = self.run_tool("-", stdin=broken)
        self.assertEqual(result.stdout, broken)
        self.assertEqual(result.returncode, 2)
        stderr = result.stderr.decode().splitlines()
        self.assertEqual(len(stderr), 2, stderr)
        self.assertRegex(stderr[0], r"^<stdin>:3:7: error: syntax error\S")
        self.assertEqual(stderr[1], stdin_summary(0, 0, 0, errors=1))

    def test_check_writes_its_report_to_stdout_not_the_source(self):
        result = self.run_tool("--check", "-", stdin=SAMPLE)
        self.assertOutput(
            result, 1, sample_check_lines("<stdin>"),
            [check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1)],
        )
        result = self.run_tool("--check", "-", stdin=MIGRATED)
        self.assertOutput(result, 0, "", [check_summary(0, 0, 0, 1)])

    def test_stdin_filename_names_it_in_messages(self):
        result = self.run_tool("--check", "--stdin-filename", "pkg/app.py", "-",
                               stdin=SAMPLE)
        self.assertOutput(
            result, 1, sample_check_lines("pkg/app.py"),
            [check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1)],
        )
        result = self.run_tool("--stdin-filename=pkg/app.py", "-", stdin=FLAGGED)
        self.assertEqual(result.returncode, 0)
        self.assertRegex(result.stderr.decode().splitlines()[0], r"^pkg/app\.py:\d+:\d+: ANY")

    def test_stdin_filename_is_matched_by_exclude_globs_with_force_exclude(self):
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nexclude = ["gen"]\n')
        note = ("gen/app.py: note: not checked: the exclude glob `gen` of "
                "pyproject.toml matches it (--force-exclude)")
        result = self.run_tool("--stdin-filename", "gen/app.py", "-", stdin=SAMPLE)
        self.assertOutput(result, 0, MIGRATED.decode(),
                          [stdin_summary(1, SAMPLE_EDITS, 0)])
        result = self.run_tool("--force-exclude", "--stdin-filename", "gen/app.py", "-",
                               stdin=SAMPLE)
        self.assertOutput(result, 0, SAMPLE.decode(),
                          [note, stdin_summary(0, 0, 0) + ", 1 file excluded"])
        result = self.run_tool("--check", "--force-exclude", "--stdin-filename",
                               "gen/app.py", "-", stdin=SAMPLE)
        self.assertOutput(result, 0, "",
                          [note, check_summary(0, 0, 0, 0) + ", 1 file excluded"])
        result = self.run_tool("--force-exclude", "--stdin-filename", "src/app.py", "-",
                               stdin=SAMPLE)
        self.assertOutput(result, 0, MIGRATED.decode(),
                          [stdin_summary(1, SAMPLE_EDITS, 0)])

    def test_quiet(self):
        result = self.run_tool("-q", "-", stdin=SAMPLE)
        self.assertEqual((result.returncode, result.stdout, result.stderr),
                         (0, MIGRATED, b""))


if __name__ == "__main__":
    unittest.main()
