"""--jobs N: the same bytes out whatever N is; the progress line."""

import os
import pty
import re
import subprocess
import tty
import unittest

from cli_support import (
    FLAGGED,
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    TOOL,
    CliTestCase,
    dry_run_summary,
)

PROGRESS = re.compile(r"\r\x1b\[K(?:migrate_to_anyio: \d+/\d+ files)?")


class JobsTest(CliTestCase):
    def make_tree(self):
        """About thirty files of every kind, in nested folders."""
        sources = [SAMPLE, FLAGGED, MIGRATED, b"import asyncio\ndef broken(:\n", b"caf\xe9 = 1\n"]
        for i in range(32):
            folder = "pkg%d/sub%d" % (i % 3, i % 2) if i % 4 else "top"
            self.write("%s/mod_%02d.py" % (folder, i), sources[i % len(sources)])
        self.write("pkg1/sub1/mod_01.py.bak", b"")  # refused by --apply

    def outputs(self, jobs, *args):
        result = self.run_tool("--jobs", str(jobs), *args)
        return result.returncode, result.stdout, result.stderr

    def test_output_is_byte_identical_whatever_the_number_of_jobs(self):
        self.make_tree()
        for args in ((".",), ("--check", "."), ("--format", "json", "."),
                     ("--check", "--format", "sarif", "."),
                     ("--format", "github", "--check", "."), ("-q", ".")):
            with self.subTest(args=args):
                one = self.outputs(1, *args)
                self.assertEqual(one[0], 2)
                self.assertGreater(len(one[1]) + len(one[2]), 1000)
                for jobs in (2, 4, 7):
                    self.assertEqual(self.outputs(jobs, *args), one)

    def test_apply_is_the_same_whatever_the_number_of_jobs(self):
        self.make_tree()
        one = self.outputs(1, "--apply", ".")
        written_by_one = self.snapshot()
        for name in list(written_by_one):
            if name.endswith(".bak") and name != "pkg1/sub1/mod_01.py.bak":
                os.unlink(self.path(name))
        self.make_tree()
        four = self.outputs(4, "--apply", ".")
        self.assertEqual(four, one)
        self.assertEqual(
            {name: data for name, (data, _, _) in self.snapshot().items()},
            {name: data for name, (data, _, _) in written_by_one.items()},
        )

    def test_default_is_one_worker_per_cpu_and_same_output(self):
        self.make_tree()
        default = self.run_tool("--check", ".")
        self.assertEqual((default.returncode, default.stdout, default.stderr),
                         self.outputs(1, "--check", "."))


class ProgressTest(CliTestCase):
    def run_with_terminal_stderr(self, *args, env=None):
        """Run the tool with stderr on a pseudo-terminal; stdout piped."""
        controller, terminal = pty.openpty()
        tty.setraw(terminal)
        environment = dict(os.environ)
        environment.pop("CI", None)
        environment.update(env or {})
        process = subprocess.Popen(
            [TOOL] + list(args), cwd=self.dir, stdout=subprocess.PIPE,
            stderr=terminal, env=environment,
        )
        os.close(terminal)
        stderr = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            stderr += chunk
        os.close(controller)
        stdout = process.stdout.read()
        process.stdout.close()
        self.assertEqual(process.wait(timeout=120), 0)
        return stdout, stderr.decode()

    def make_files(self, count):
        for i in range(count):
            self.write("pkg/m%03d.py" % i, SAMPLE)

    def test_many_files_on_a_terminal_show_progress(self):
        self.make_files(201)
        stdout, stderr = self.run_with_terminal_stderr("--jobs", "2", "pkg")
        self.assertIn("\r\x1b[Kmigrate_to_anyio: 0/201 files", stderr)
        self.assertTrue(stderr.startswith("\r\x1b[Kmigrate_to_anyio: 0/201 files"))
        self.assertEqual(PROGRESS.sub("", stderr),
                         dry_run_summary(201, 201 * SAMPLE_EDITS, 0, 201) + "\n")
        self.assertNotIn(b"\x1b", stdout)
        self.assertEqual(stdout, self.run_tool("pkg").stdout)

    def test_not_in_ci_nor_quiet_nor_piped_nor_for_a_short_run(self):
        self.make_files(201)
        summary = dry_run_summary(201, 201 * SAMPLE_EDITS, 0, 201) + "\n"
        _, stderr = self.run_with_terminal_stderr("pkg", env={"CI": "true"})
        self.assertEqual(stderr, summary)
        _, stderr = self.run_with_terminal_stderr("-q", "pkg")
        self.assertEqual(stderr, "")
        self.assertEqual(self.run_tool("pkg").stderr.decode(), summary)
        self.make_files(3)
        _, stderr = self.run_with_terminal_stderr("pkg/m000.py")
        self.assertEqual(stderr, dry_run_summary(1, SAMPLE_EDITS, 0, 1) + "\n")

    def test_an_empty_ci_variable_does_not_count(self):
        self.make_files(201)
        _, stderr = self.run_with_terminal_stderr("pkg", env={"CI": ""})
        self.assertIn("migrate_to_anyio: 0/201 files", stderr)


if __name__ == "__main__":
    unittest.main()
