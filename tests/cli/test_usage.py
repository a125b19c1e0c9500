"""The command line itself: --help, --version, usage errors."""

import unittest

from cli_support import SAMPLE, CliTestCase

USAGE = [
    "usage: migrate_to_anyio [--apply [--no-backup] [--allow-dirty] [--diff] | --check]",
    "                        [OPTIONS] PATH...",
    "       migrate_to_anyio [--check] [OPTIONS] -",
    "       migrate_to_anyio [--list-rules | --explain CODE | --show-settings |",
    "                         --help | --version]",
]

OPTIONS = (
    "--apply", "--no-backup", "--allow-dirty", "--diff", "--check", "--unsafe-fixes",
    "--format FORMAT", "--statistics", "-q, --quiet", "--jobs N", "--select CODES",
    "--ignore CODES", "--exclude GLOB", "--force-exclude", "--changed-since REV",
    "--stdin-filename NAME", "--queue-compat MODULE",
    "--write-queue-compat PATH",
    "--test-backends LIST", "--show-settings", "--list-rules", "--explain CODE",
    "--help",
    "--version",
)


class UsageTest(CliTestCase):
    def test_version(self):
        result = self.run_tool("--version")
        self.assertEqual(
            (result.returncode, result.stdout, result.stderr),
            (0, b"migrate_to_anyio 0.1.0\n", b""),
        )

    def test_help_goes_to_stdout_and_lists_every_option(self):
        result = self.run_tool("--help")
        self.assertEqual((result.returncode, result.stderr), (0, b""))
        lines = result.stdout.decode().splitlines()
        self.assertEqual(lines[0], "usage: migrate_to_anyio [OPTIONS] PATH...")
        listed = [line[2:].split("  ")[0] for line in lines
                  if line.startswith("  -")]
        self.assertEqual(listed, list(OPTIONS))

    def test_help_wins_over_other_arguments(self):
        for args in (("--apply", "--check", "--help"),
                     ("--help", "--version"), ("--list-rules", "-h")):
            with self.subTest(args=args):
                result = self.run_tool(*args)
                self.assertEqual(result.returncode, 0)
                self.assertTrue(result.stdout.startswith(b"usage: "))

    def assertUsageError(self, reason, *args):
        self.write("app.py", SAMPLE)
        before = self.snapshot()
        result = self.run_tool(*args)
        self.assertOutput(
            result, 2, "", ["migrate_to_anyio: error: " + reason] + USAGE
        )
        self.assertEqual(self.snapshot(), before)

    def test_no_path(self):
        self.assertUsageError("no PATH given")
        self.assertUsageError("no PATH given", "--check")

    def test_apply_with_check(self):
        self.assertUsageError(
            "--apply and --check cannot be used together", "--apply", "--check", "app.py"
        )

    def test_options_that_need_apply(self):
        for option in ("--no-backup", "--allow-dirty"):
            with self.subTest(option=option):
                self.assertUsageError(option + " needs --apply", option, "app.py")
                self.assertUsageError(
                    option + " needs --apply", "--check", option, "app.py"
                )
        self.assertUsageError(
            "--diff needs --apply (the dry run prints the diff already)",
            "--diff", "app.py",
        )

    def test_diff_needs_the_text_format(self):
        self.assertUsageError(
            "--diff cannot be used with --format json",
            "--apply", "--diff", "--format", "json", "app.py",
        )

    def test_unknown_option(self):
        self.assertUsageError("unknown option '--fix'", "--fix", "app.py")
        self.assertUsageError("unknown option '-x'", "app.py", "-x")
        # A mistyped option: the nearest one.
        self.assertUsageError("unknown option '--formats'; did you mean --format?",
                              "--formats", "app.py")
        self.assertUsageError("unknown option '--chek'; did you mean --check?",
                              "--chek", "app.py")
        self.assertUsageError(
            "unknown option '--unsafe-fix=1'; did you mean --unsafe-fixes?",
            "--unsafe-fix=1", "app.py")

    def test_an_option_without_its_value(self):
        for option in ("--format", "--jobs", "--select", "--ignore", "--exclude",
                       "--changed-since", "--stdin-filename", "--explain"):
            with self.subTest(option=option):
                self.assertUsageError(option + " needs a value", option)

    def test_values_are_checked(self):
        self.assertUsageError(
            "unknown format 'xml': text, json, sarif or github",
            "--format", "xml", "app.py",
        )
        self.assertUsageError(
            "unknown format 'JSON': text, json, sarif or github",
            "--format=JSON", "app.py",
        )
        for jobs in ("0", "-1", "two", "1025", "4x", ""):
            with self.subTest(jobs=jobs):
                self.assertUsageError(
                    "--jobs needs a number from 1 to 1024, not '%s'" % jobs,
                    "--jobs=" + jobs, "app.py",
                )

    def test_rule_codes_are_checked(self):
        self.assertUsageError(
            "--select: unknown rule code 'ANY999'", "--select", "ANY1,ANY999", "app.py"
        )
        self.assertUsageError(
            "--select: unknown rule code 'any1o2'; did you mean 'ANY102'?",
            "--select", "any1o2", "app.py"
        )
        self.assertUsageError(
            "--ignore: unknown rule code 'slep'; did you mean 'sleep'?",
            "--ignore", "slep", "app.py"
        )
        self.assertUsageError(
            "--ignore: unknown rule code 'XYZ'", "--ignore=XYZ", "app.py"
        )
        self.assertUsageError(
            "--select: empty rule code", "--select", "ANY1,,ANY2", "app.py"
        )
        self.assertUsageError("--ignore: empty rule code", "--ignore", "", "app.py")

    def test_stdin_must_be_alone(self):
        self.assertUsageError(
            "'-' (standard input) must be the only PATH", "-", "app.py"
        )

    def test_stdin_cannot_be_applied(self):
        self.assertUsageError(
            "--apply cannot be used with '-': the migrated source goes to "
            "standard output",
            "--apply", "-",
        )

    def test_stdin_options(self):
        self.assertUsageError(
            "--stdin-filename needs '-' as PATH",
            "--stdin-filename", "x.py", "app.py",
        )
        self.assertUsageError(
            "--changed-since cannot be used with '-'",
            "--changed-since", "HEAD", "-",
        )
        for name in ("json", "sarif", "github"):
            with self.subTest(format=name):
                self.assertUsageError(
                    "--format %s with '-' needs --check: the migrated source "
                    "goes to standard output" % name,
                    "--format", name, "-",
                )

    def test_double_dash_ends_the_options(self):
        self.write("--check", SAMPLE)
        result = self.run_tool("--", "--check")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertTrue(result.stdout.startswith(b"--- a/--check\n+++ b/--check\n"))


if __name__ == "__main__":
    unittest.main()
