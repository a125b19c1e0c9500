"""The command line itself: --help, --version, usage errors."""

import unittest

from cli_support import SAMPLE, CliTestCase

USAGE = [
    "usage: migrate_to_anyio [--apply [--no-backup] | --check] PATH...",
    "       migrate_to_anyio [--check] -",
    "       migrate_to_anyio --help | --version",
]


class UsageTest(CliTestCase):
    def test_version(self):
        result = self.run_tool("--version")
        self.assertEqual(
            (result.returncode, result.stdout, result.stderr),
            (0, b"migrate_to_anyio 0.1.0\n", b""),
        )

    def test_help_goes_to_stdout(self):
        result = self.run_tool("--help")
        self.assertEqual((result.returncode, result.stderr), (0, b""))
        lines = result.stdout.decode().splitlines()
        self.assertEqual(lines[0], "usage: migrate_to_anyio [OPTIONS] PATH...")
        for option in ("--apply", "--no-backup", "--check", "--help", "--version"):
            self.assertTrue(
                any(line.startswith("  " + option + " ") for line in lines), option
            )

    def test_help_wins_over_other_arguments(self):
        result = self.run_tool("--apply", "--check", "--help")
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

    def test_no_backup_without_apply(self):
        self.assertUsageError("--no-backup needs --apply", "--no-backup", "app.py")
        self.assertUsageError(
            "--no-backup needs --apply", "--check", "--no-backup", "app.py"
        )

    def test_unknown_option(self):
        self.assertUsageError("unknown option '--fix'", "--fix", "app.py")
        self.assertUsageError("unknown option '-x'", "app.py", "-x")

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

    def test_double_dash_ends_the_options(self):
        self.write("--check", SAMPLE)
        result = self.run_tool("--", "--check")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertTrue(result.stdout.startswith(b"--- a/--check\n+++ b/--check\n"))


if __name__ == "__main__":
    unittest.main()
