"""No leaks and no invalid accesses, under valgrind when it is installed."""

import os
import shutil
import subprocess
import unittest

from cli_support import FLAGGED, SAMPLE, TOOL, CliTestCase

VALGRIND = shutil.which("valgrind")


@unittest.skipUnless(VALGRIND, "valgrind is not installed")
class MemoryTest(CliTestCase):
    def valgrind(self, *args, stdin=b"", env=None, cwd=None):
        result = subprocess.run(
            [VALGRIND, "--quiet", "--leak-check=full", "--error-exitcode=99",
             "--errors-for-leak-kinds=definite,indirect", TOOL] + list(args),
            cwd=cwd or self.dir, input=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, timeout=600, env=dict(os.environ, **(env or {})),
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

    def test_refusals_and_failed_writes(self):
        """The paths that give up on a file, each with its memory freed."""
        self.write("app.py", SAMPLE)
        self.write("victim.py", SAMPLE)
        for hook in ("before-backup:rewrite@victim.py",
                     "after-temporary:append@victim.py",
                     "before-read:delete@victim.py"):
            with self.subTest(hook=hook):
                self.write("victim.py", SAMPLE)
                for name in ("app.py.bak", "victim.py.bak"):
                    if os.path.exists(self.path(name)):
                        os.unlink(self.path(name))
                result = self.valgrind("--apply", "app.py", "victim.py",
                                       env={"AM_TEST_HOOK": hook})
                self.assertEqual(result.returncode, 2, result.stderr.decode())
        self.write("outside/x.py", SAMPLE)
        self.write("tree/ok.py", SAMPLE)
        os.symlink("../outside/x.py", self.path("tree/link.py"))
        os.mkfifo(self.path("tree/pipe.py"))
        self.write("tree/deep.py", SAMPLE + b"X = " + b"[" * 70000 + b"\n")
        with open(self.path("tree/huge.py"), "wb") as stream:
            stream.truncate(17 * 1024 * 1024)
        result = self.valgrind("--apply", "link.py", "pipe.py", "deep.py",
                               "huge.py", ".", cwd=self.path("tree"))
        self.assertEqual(result.returncode, 2, result.stderr.decode())
        self.write("tree/pyproject.toml", b"[tool.migrate_to_anyio]\nx = "
                   + b"[" * 5000 + b"\n")
        result = self.valgrind("--check", ".", cwd=self.path("tree"))
        self.assertEqual(result.returncode, 2, result.stderr.decode())


if __name__ == "__main__":
    unittest.main()
