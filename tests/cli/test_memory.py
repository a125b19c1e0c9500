"""No leaks and no invalid accesses, under valgrind when it is installed."""

import shutil
import subprocess
import unittest

from cli_support import FLAGGED, SAMPLE, TOOL, CliTestCase

VALGRIND = shutil.which("valgrind")


@unittest.skipUnless(VALGRIND, "valgrind is not installed")
class MemoryTest(CliTestCase):
    def valgrind(self, *args, stdin=b""):
        result = subprocess.run(
            [VALGRIND, "--quiet", "--leak-check=full", "--error-exitcode=99",
             "--errors-for-leak-kinds=definite,indirect", TOOL] + list(args),
            cwd=self.dir, input=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=600,
        )
        self.assertNotEqual(result.returncode, 99, result.stderr.decode())
        return result

    def make_files(self):
        subprocess.run(["git", "init", "-q", self.dir], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.write(".gitignore", b"ignored.py\n")
        self.write("ignored.py", SAMPLE)
        self.write("pkg/app.py", SAMPLE)
        self.write("pkg/flagged.py", FLAGGED)
        self.write("pkg/broken.py", b"import asyncio\ndef f(:\n")
        self.write("pkg/refused.py", SAMPLE)
        self.write("pkg/refused.py.bak", b"")

    def test_every_mode(self):
        self.make_files()
        for args in ((".",), ("--check", "."), ("--apply", ".", "missing.py")):
            with self.subTest(args=args):
                self.assertEqual(self.valgrind(*args).returncode, 2)
        self.assertEqual(self.valgrind("-", stdin=SAMPLE).returncode, 0)
        self.assertEqual(self.valgrind("--bogus").returncode, 2)
        self.assertEqual(self.valgrind("--help").returncode, 0)

    def test_formats_jobs_and_selection(self):
        self.make_files()
        for args in (
            ("--format", "json", "--jobs", "3", "."),
            ("--check", "--format", "sarif", "--select", "ANY1,sleep", "."),
            ("--check", "--format", "github", "--ignore", "ANY9", "--jobs=1", "."),
            ("--apply", "--allow-dirty", "--diff", "--exclude", "pkg/broken.py", "."),
        ):
            with self.subTest(args=args):
                self.assertIn(self.valgrind(*args).returncode, (0, 1, 2))
        result = self.valgrind("--check", "--format", "json", "--stdin-filename",
                               "x.py", "-", stdin=FLAGGED)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(self.valgrind("--list-rules").returncode, 0)
        self.assertEqual(self.valgrind("--explain", "ANY102").returncode, 0)
        self.assertEqual(self.valgrind("--explain", "ANY999").returncode, 2)
        self.assertEqual(self.valgrind("--select", "ANY999", ".").returncode, 2)

    def test_config_and_git(self):
        self.make_files()
        subprocess.run(["git", "-C", self.dir, "-c", "user.name=T", "-c",
                        "user.email=t@example.com", "commit", "-q", "--allow-empty",
                        "-m", "empty"], check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\n'
                   b'select = ["ANY1", "ANY9"]\nignore = ["sleep"]\n'
                   b'exclude = ["pkg/broken.py", "**/x_*.py"]\nbackup = false\n')
        self.assertEqual(self.valgrind("--check", "--changed-since", "HEAD", ".")
                         .returncode, 1)
        self.assertEqual(self.valgrind("--apply", ".").returncode, 2)
        self.assertEqual(self.valgrind("--changed-since", "nope", ".").returncode, 2)
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nselect = ["ANY1", 2]\n')
        self.assertEqual(self.valgrind("--check", ".").returncode, 2)
        self.write("pyproject.toml", b'[tool.migrate_to_anyio\nselect = 1\n')
        self.assertEqual(self.valgrind("--check", ".").returncode, 2)


if __name__ == "__main__":
    unittest.main()
