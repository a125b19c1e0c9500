"""The default mode: a diff on stdout, nothing written."""

import os
import unittest

from cli_support import (
    FLAGGED,
    FLAGGED_USE,
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    CliTestCase,
    dry_run_summary,
    position_of,
    sample_diff,
)


class DryRunTest(CliTestCase):
    def test_prints_the_exact_diff_and_writes_nothing(self):
        self.write("app.py", SAMPLE)
        before = self.snapshot()
        result = self.run_tool("app.py")
        self.assertOutput(
            result, 0, sample_diff("app.py"),
            [dry_run_summary(1, SAMPLE_EDITS, 0, 1)],
        )
        self.assertEqual(self.snapshot(), before)

    def test_nothing_to_change_prints_only_the_summary(self):
        self.write("done.py", MIGRATED)
        result = self.run_tool("done.py")
        self.assertOutput(result, 0, "", [dry_run_summary(0, 0, 0, 1)])

    def test_diff_headers_keep_the_path_as_typed(self):
        self.write("pkg/sub/app.py", SAMPLE)
        result = self.run_tool("./pkg/sub/app.py")
        self.assertEqual(result.stdout.decode(), sample_diff("./pkg/sub/app.py"))
        result = self.run_tool("pkg/")
        self.assertEqual(result.stdout.decode(), sample_diff("pkg/sub/app.py"))
        result = self.run_tool(".")
        self.assertEqual(result.stdout.decode(), sample_diff("pkg/sub/app.py"))

    def test_missing_newline_at_end_is_shown(self):
        self.write("app.py", SAMPLE.rstrip(b"\n"))
        result = self.run_tool("app.py")
        self.assertEqual(result.returncode, 0)
        self.assertTrue(
            result.stdout.decode().endswith(
                "-asyncio.run(main())\n"
                "\\ No newline at end of file\n"
                "+anyio.run(main)\n"
                "\\ No newline at end of file\n"
            ),
            result.stdout.decode(),
        )

    def test_uses_left_are_listed_in_input_coordinates(self):
        self.write("flagged.py", FLAGGED)
        before = self.snapshot()
        result = self.run_tool("flagged.py")
        line, column = position_of(FLAGGED, FLAGGED_USE)
        stderr = result.stderr.decode().splitlines()
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(len(stderr), 2, stderr)
        self.assertRegex(stderr[0], r"^flagged\.py:%d:%d: ANY\d+ \S" % (line, column))
        self.assertNotIn("[*]", stderr[0])
        self.assertRegex(
            stderr[1],
            r"^1 file would be changed \(\d+ edits?\), 1 use left to migrate "
            r"by hand in 1 file, 1 file checked$",
        )
        self.assertIn("+    await anyio.sleep(1); tasks = asyncio.all_tasks()", result.stdout.decode())
        self.assertEqual(self.snapshot(), before)

    def test_files_in_command_line_order_and_sorted_within_folders(self):
        for name in ("b.py", "a.py", "a/z.py", "a/b/c.py", "a_b.py"):
            self.write(name, SAMPLE)
        result = self.run_tool("b.py", ".")
        headers = [
            line[len("--- a/"):]
            for line in result.stdout.decode().splitlines()
            if line.startswith("--- a/")
        ]
        # b.py is named first; the folder's walk finds it again: once.
        self.assertEqual(headers, ["b.py", "a.py", "a/b/c.py", "a/z.py", "a_b.py"])
        self.assertEqual(
            result.stderr.decode().splitlines(),
            [dry_run_summary(5, 5 * SAMPLE_EDITS, 0, 5)],
        )

    def test_a_file_named_explicitly_is_processed_whatever_its_name(self):
        self.write("script", SAMPLE)
        self.write("notes.txt", SAMPLE)
        result = self.run_tool("script", "notes.txt")
        self.assertOutput(
            result, 0, sample_diff("script") + sample_diff("notes.txt"),
            [dry_run_summary(2, 2 * SAMPLE_EDITS, 0, 2)],
        )
        result = self.run_tool(".")
        self.assertOutput(result, 0, "", [dry_run_summary(0, 0, 0, 0)])

    def test_an_error_exits_2_and_the_other_files_go_on(self):
        self.write("a.py", SAMPLE)
        self.write("c.py", SAMPLE)
        result = self.run_tool("a.py", "missing.py", "c.py")
        self.assertOutput(
            result, 2, sample_diff("a.py") + sample_diff("c.py"),
            [
                "missing.py: error: No such file or directory",
                dry_run_summary(2, 2 * SAMPLE_EDITS, 0, 2, errors=1),
            ],
        )
        self.assertFalse(os.path.exists(self.path("missing.py")))


if __name__ == "__main__":
    unittest.main()
