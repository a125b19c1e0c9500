"""--apply: backups, atomic replacement, modes, refusals."""

import json
import os
import unittest

from cli_support import (
    FLAGGED,
    FLAGGED_USE,
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    SAMPLE_USES,
    CliTestCase,
    apply_summary,
    dry_run_summary,
    position_of,
    sample_check_lines,
    sample_diff,
    without_messages,
)

BAK_EXISTS = ("{0}: error: {0}.bak already exists and holds other bytes than "
              "{0}: move it away or use --no-backup")


class ApplyTest(CliTestCase):
    def test_writes_the_result_and_a_backup_of_the_exact_bytes(self):
        self.write("app.py", SAMPLE, mode=0o640)
        result = self.run_tool("--apply", "app.py")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertEqual(self.read("app.py"), MIGRATED)
        self.assertEqual(self.read("app.py.bak"), SAMPLE)
        self.assertEqual(self.mode("app.py"), 0o640)
        self.assertEqual(self.mode("app.py.bak"), 0o640)
        # The temporary file was renamed, not left behind.
        self.assertEqual(sorted(os.listdir(self.dir)), ["app.py", "app.py.bak"])

    def test_other_modes_are_kept_too(self):
        self.write("tool.py", SAMPLE, mode=0o755)
        self.write("private.py", SAMPLE, mode=0o600)
        result = self.run_tool("--apply", "--no-backup", "tool.py", "private.py")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(self.mode("tool.py"), 0o755)
        self.assertEqual(self.mode("private.py"), 0o600)

    def test_unchanged_files_are_not_touched_and_get_no_backup(self):
        self.write("done.py", MIGRATED)
        before = self.snapshot()
        result = self.run_tool("--apply", "done.py")
        self.assertOutput(result, 0, "", [apply_summary(0, 0, 0, 0)])
        self.assertEqual(self.snapshot(), before)

    def test_a_second_run_changes_nothing(self):
        self.write("app.py", SAMPLE)
        self.assertEqual(self.run_tool("--apply", "app.py").returncode, 0)
        before = self.snapshot()
        result = self.run_tool("--apply", "app.py")
        self.assertOutput(result, 0, "", [apply_summary(0, 0, 0, 0)])
        self.assertEqual(self.snapshot(), before)

    def test_an_existing_backup_is_refused_and_the_others_go_on(self):
        self.write("a.py", SAMPLE)
        self.write("a.py.bak", b"older backup\n")
        self.write("b.py", SAMPLE)
        result = self.run_tool("--apply", "a.py", "b.py")
        self.assertOutput(
            result, 2, "",
            [BAK_EXISTS.format("a.py")] + sample_check_lines("a.py")
            + [apply_summary(1, SAMPLE_EDITS, 0, 1, bak_exists=1,
                             left_in_refused=SAMPLE_USES)],
        )
        self.assertEqual(self.read("a.py"), SAMPLE)
        self.assertEqual(self.read("a.py.bak"), b"older backup\n")
        self.assertEqual(self.read("b.py"), MIGRATED)
        self.assertEqual(self.read("b.py.bak"), SAMPLE)

    def test_a_backup_of_the_same_bytes_is_reused(self):
        # The try, `git checkout .`, retry loop: FILE.bak is the file as
        # read, so it is the same backup.
        self.write("a.py", SAMPLE)
        for attempt in range(2):
            with self.subTest(attempt=attempt):
                result = self.run_tool("--apply", "a.py")
                self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
                self.assertEqual(self.read("a.py"), MIGRATED)
                self.assertEqual(self.read("a.py.bak"), SAMPLE)
                self.write("a.py", SAMPLE)  # as `git checkout a.py` does
        # Other bytes are another backup: refused, as before.
        self.write("a.py", SAMPLE + b"# edited\n")
        result = self.run_tool("--apply", "a.py")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode().splitlines()[0], BAK_EXISTS.format("a.py"))
        self.assertEqual(self.read("a.py.bak"), SAMPLE)

    def test_a_backup_that_is_not_a_regular_file_is_not_reused(self):
        self.write("a.py", SAMPLE)
        self.write("real.bak", SAMPLE)
        os.symlink("real.bak", self.path("a.py.bak"))
        result = self.run_tool("--apply", "a.py")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(self.read("a.py"), SAMPLE)

    def test_refused_in_a_folder_walk_too(self):
        self.write("pkg/a.py", SAMPLE)
        self.write("pkg/a.py.bak", b"keep\n")
        self.write("pkg/b.py", SAMPLE)
        result = self.run_tool("--apply", "pkg")
        self.assertOutput(
            result, 2, "",
            [BAK_EXISTS.format("pkg/a.py")] + sample_check_lines("pkg/a.py")
            + [apply_summary(1, SAMPLE_EDITS, 0, 1, bak_exists=1,
                             left_in_refused=SAMPLE_USES)],
        )
        self.assertEqual(self.read("pkg/a.py"), SAMPLE)
        self.assertEqual(self.read("pkg/b.py"), MIGRATED)

    def test_a_refused_file_keeps_its_uses_in_the_reports(self):
        self.write("a.py", FLAGGED)
        self.write("a.py.bak", b"keep\n")
        result = self.run_tool("--apply", "--format", "json", "a.py")
        self.assertEqual(result.returncode, 2)
        document = json.loads(result.stdout)
        check = json.loads(self.run_tool("--check", "--format", "json", "a.py").stdout)
        self.assertEqual(document["diagnostics"], check["diagnostics"])
        self.assertEqual(document["files"], [])
        self.assertEqual(len(document["errors"]), 1)
        uses = len(check["diagnostics"])
        self.assertEqual(
            (document["summary"]["uses"], document["summary"]["fixable"],
             document["summary"]["uses_left"]),
            (uses, 0, uses))
        self.assertEqual(self.read("a.py"), FLAGGED)

    def test_no_backup(self):
        self.write("app.py", SAMPLE, mode=0o640)
        result = self.run_tool("--apply", "--no-backup", "app.py")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertEqual(self.read("app.py"), MIGRATED)
        self.assertEqual(self.mode("app.py"), 0o640)
        self.assertEqual(os.listdir(self.dir), ["app.py"])

    def test_no_backup_leaves_an_existing_backup_alone(self):
        self.write("app.py", SAMPLE)
        self.write("app.py.bak", b"older backup\n")
        result = self.run_tool("--no-backup", "--apply", "app.py")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertEqual(self.read("app.py"), MIGRATED)
        self.assertEqual(self.read("app.py.bak"), b"older backup\n")

    def test_uses_left_are_listed_where_they_now_are(self):
        self.write("flagged.py", FLAGGED)
        result = self.run_tool("--apply", "flagged.py")
        written = self.read("flagged.py")
        self.assertEqual(self.read("flagged.py.bak"), FLAGGED)
        self.assertNotEqual(written, FLAGGED)
        line, column = position_of(written, FLAGGED_USE)
        self.assertNotEqual((line, column), position_of(FLAGGED, FLAGGED_USE))
        stderr = result.stderr.decode().splitlines()
        self.assertEqual(result.returncode, 0, stderr)
        self.assertEqual(len(stderr), 2, stderr)
        self.assertRegex(stderr[0], r"^flagged\.py:%d:%d: ANY\d+ \S" % (line, column))
        self.assertRegex(
            stderr[1],
            r"^1 file changed \(\d+ edits?\), 1 use left to migrate by hand "
            r"in 1 file, 0 files refused$",
        )

    def test_a_symbolic_link_stays_a_link(self):
        self.write("real/app.py", SAMPLE)
        os.symlink("real/app.py", self.path("link.py"))
        result = self.run_tool("--apply", "link.py")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertTrue(os.path.islink(self.path("link.py")))
        self.assertEqual(self.read("real/app.py"), MIGRATED)
        self.assertEqual(self.read("real/app.py.bak"), SAMPLE)

    def test_a_read_only_file_is_refused(self):
        self.write("locked.py", SAMPLE, mode=0o444)
        self.write("open.py", SAMPLE)
        result = self.run_tool_with_permissions("--apply", "locked.py", "open.py")
        self.assertOutput(
            result, 2, "",
            ["locked.py: error: Permission denied"] + sample_check_lines("locked.py")
            + [apply_summary(1, SAMPLE_EDITS, 0, 1, unwritable=1,
                             left_in_refused=SAMPLE_USES)],
        )
        self.assertEqual(self.read("locked.py"), SAMPLE)
        self.assertFalse(os.path.exists(self.path("locked.py.bak")))
        self.assertEqual(self.read("open.py"), MIGRATED)

    def test_a_read_only_folder_is_refused(self):
        self.write("locked/app.py", SAMPLE)
        self.write("open.py", SAMPLE)
        os.chmod(self.path("locked"), 0o555)
        result = self.run_tool_with_permissions("--apply", "locked/app.py", "open.py")
        self.assertOutput(
            result, 2, "",
            [
                "locked/app.py: error: cannot create locked/app.py.bak: "
                "Permission denied",
            ] + sample_check_lines("locked/app.py") + [
                apply_summary(1, SAMPLE_EDITS, 0, 1, unwritable=1,
                              left_in_refused=SAMPLE_USES),
            ],
        )
        self.assertEqual(self.read("locked/app.py"), SAMPLE)
        self.assertEqual(self.read("open.py"), MIGRATED)

    def test_diff_shows_what_was_written(self):
        self.write("a.py", SAMPLE)
        self.write("b.py", SAMPLE)
        self.write("b.py.bak", b"keep\n")
        self.write("done.py", MIGRATED)
        result = self.run_tool("--apply", "--diff", "a.py", "b.py", "done.py")
        self.assertOutput(
            result, 2, sample_diff("a.py"),
            [BAK_EXISTS.format("b.py")] + sample_check_lines("b.py")
            + [apply_summary(1, SAMPLE_EDITS, 0, 1, bak_exists=1,
                             left_in_refused=SAMPLE_USES)],
        )
        self.assertEqual(self.read("a.py"), MIGRATED)

    def test_quiet_drops_the_summary_only(self):
        self.write("a.py", SAMPLE)
        self.write("a.py.bak", b"keep\n")
        self.write("flagged.py", FLAGGED)
        result = self.run_tool("--apply", "--quiet", "a.py", "flagged.py")
        lines = result.stderr.decode().splitlines()
        self.assertEqual(result.returncode, 2)
        self.assertEqual(lines[0], BAK_EXISTS.format("a.py"))
        self.assertEqual(without_messages("\n".join(lines[1:4])),
                         sample_check_lines("a.py"))
        self.assertEqual(len(lines), 5)
        self.assertRegex(lines[4], r"^flagged\.py:\d+:\d+: ANY\d+ \S")
        self.write("c.py", SAMPLE)
        result = self.run_tool("-q", "c.py")
        self.assertEqual((result.returncode, result.stdout.decode(), result.stderr),
                         (0, sample_diff("c.py"), b""))
        result = self.run_tool("-q", "c.py", "missing.py")
        self.assertEqual((result.returncode, result.stderr.decode()),
                         (2, "missing.py: error: No such file or directory\n"))
        self.assertEqual(self.run_tool("c.py").stderr.decode(),
                         dry_run_summary(1, SAMPLE_EDITS, 0, 1) + "\n")


if __name__ == "__main__":
    unittest.main()
