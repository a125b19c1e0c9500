"""Folders: which files are found, .gitignore inside a git work tree."""

import json
import os
import shutil
import subprocess
import unittest

from cli_support import (
    SAMPLE,
    SAMPLE_EDITS,
    SAMPLE_USES,
    CliTestCase,
    MIGRATED,
    apply_summary,
    check_summary,
    dry_run_summary,
    sample_check_lines,
    sample_diff,
)

SKIPPED = [
    ".hidden/app.py",
    ".git_like/app.py",
    "venv/lib/site.py",
    "pkg/__pycache__/mod.py",
    "notes.txt",
    "pkg/data.json",
]
FOUND = ["pkg/mod.py", "pkg/types.pyi", "top.py"]


def found_paths(result):
    """The files that --check reported, in order, each once."""
    paths = []
    for line in result.stdout.decode().splitlines():
        path = line.split(":", 1)[0]
        if path not in paths:
            paths.append(path)
    return paths


class WalkTest(CliTestCase):
    def make_tree(self, root=""):
        for name in FOUND + SKIPPED:
            self.write(os.path.join(root, name), SAMPLE)
        self.write(os.path.join(root, "venv/pyvenv.cfg"), b"home = /usr/bin\n")

    def test_finds_python_files_and_skips_the_rest(self):
        self.make_tree()
        before = self.snapshot()
        result = self.run_tool("--check", ".")
        self.assertEqual(result.returncode, 1, result.stderr.decode())
        self.assertEqual(found_paths(result), FOUND)
        self.assertEqual(
            result.stderr.decode().splitlines()[-1], check_summary(3 * SAMPLE_USES, 3 * SAMPLE_USES, 3, 3)
        )
        self.assertEqual(self.snapshot(), before)

    def test_explicit_paths_inside_skipped_folders_are_processed(self):
        self.make_tree()
        result = self.run_tool("--check", ".hidden", "venv/lib/site.py", "notes.txt")
        self.assertEqual(
            found_paths(result), [".hidden/app.py", "venv/lib/site.py", "notes.txt"]
        )

    def test_gitignore_outside_a_work_tree_means_nothing(self):
        self.write(".gitignore", b"top.py\n")
        self.make_tree()
        result = self.run_tool("--check", ".")
        self.assertEqual(found_paths(result), FOUND)

    def test_empty_folder(self):
        os.mkdir(self.path("empty"))
        result = self.run_tool("--check", "empty")
        self.assertEqual(
            (result.returncode, result.stdout, result.stderr.decode()),
            (0, b"", check_summary(0, 0, 0, 0) + "\n"),
        )

    def test_symbolic_links_are_not_followed_in_folders(self):
        self.write("real/app.py", SAMPLE)
        os.symlink("real", self.path("pkg_link"))
        os.symlink("real/app.py", self.path("link.py"))
        result = self.run_tool("--check", ".")
        self.assertEqual(found_paths(result), ["real/app.py"])


class SameFileTwiceTest(CliTestCase):
    """A file is processed once, whatever paths lead to it: the first one
    names it."""

    def setUp(self):
        super().setUp()
        self.write("pkg/mod.py", SAMPLE)
        self.write("pkg/other.py", SAMPLE)

    def test_check_counts_each_file_once(self):
        result = self.run_tool("--check", "pkg", "pkg/mod.py", "./pkg/mod.py",
                               "pkg/../pkg/other.py")
        self.assertOutput(
            result, 1,
            sample_check_lines("pkg/mod.py") + sample_check_lines("pkg/other.py"),
            [check_summary(2 * SAMPLE_USES, 2 * SAMPLE_USES, 2, 2)],
        )

    def test_the_dry_run_diff_holds_each_file_once(self):
        result = self.run_tool("./pkg/mod.py", "pkg")
        self.assertOutput(
            result, 0, sample_diff("./pkg/mod.py") + sample_diff("pkg/other.py"),
            [dry_run_summary(2, 2 * SAMPLE_EDITS, 0, 2)],
        )

    def test_apply_writes_each_file_once(self):
        os.symlink("pkg/mod.py", self.path("link.py"))
        for jobs in ("1", "4"):
            with self.subTest(jobs=jobs):
                self.write("pkg/mod.py", SAMPLE)
                self.write("pkg/other.py", SAMPLE)
                for name in ("pkg/mod.py.bak", "pkg/other.py.bak"):
                    if os.path.exists(self.path(name)):
                        os.unlink(self.path(name))
                result = self.run_tool("--apply", "--format", "json", "--jobs", jobs,
                                       "pkg", "./pkg/mod.py", "link.py")
                self.assertEqual(result.stderr.decode(),
                                 apply_summary(2, 2 * SAMPLE_EDITS, 0, 0) + "\n")
                document = json.loads(result.stdout)
                self.assertEqual([f["path"] for f in document["files"]],
                                 ["pkg/mod.py", "pkg/other.py"])
                self.assertEqual(document["summary"]["files_checked"], 2)
        self.assertEqual(self.read("pkg/mod.py"), MIGRATED)
        self.assertEqual(self.read("pkg/mod.py.bak"), SAMPLE)
        self.assertTrue(os.path.islink(self.path("link.py")))


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class GitIgnoreTest(CliTestCase):
    def git_init(self, folder):
        subprocess.run(
            ["git", "init", "-q", folder], check=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def setUp(self):
        super().setUp()
        self.git_init(self.path("repo"))
        self.make_repo()

    def make_repo(self):
        self.write("repo/.gitignore", b"ignored.py\nbuild/\n/pkg/skip_me.py\n")
        self.write("repo/pkg/.gitignore", b"local_*.py\n")
        for name in (
            "app.py", "ignored.py", "build/gen.py", "pkg/mod.py",
            "pkg/skip_me.py", "pkg/local_x.py", "pkg/deep/ignored.py",
            ".venv/lib/x.py", "env/lib/x.py", "__pycache__/c.py",
            ".hidden/h.py",
        ):
            self.write(os.path.join("repo", name), SAMPLE)
        self.write("repo/env/pyvenv.cfg", b"home = /usr/bin\n")

    def test_ignored_files_are_not_touched(self):
        before = self.snapshot()
        # Nothing is committed: --allow-dirty lets --apply write.
        result = self.run_tool("--apply", "--allow-dirty", "repo")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        after = self.snapshot()
        changed = sorted(
            name for name in after
            if name not in before or after[name] != before[name]
        )
        self.assertEqual(
            changed,
            ["repo/app.py", "repo/app.py.bak", "repo/pkg/mod.py", "repo/pkg/mod.py.bak"],
        )

    def test_rules_apply_when_walking_from_inside_the_work_tree(self):
        result = self.run_tool("--check", "pkg", cwd=self.path("repo"))
        self.assertEqual(found_paths(result), ["pkg/mod.py"])
        result = self.run_tool("--check", ".", cwd=self.path("repo/pkg"))
        self.assertEqual(found_paths(result), ["mod.py"])

    def test_files_named_explicitly_are_processed(self):
        result = self.run_tool(
            "--check", "repo/ignored.py", "repo/pkg/local_x.py", "repo/build/gen.py"
        )
        self.assertEqual(
            found_paths(result),
            ["repo/ignored.py", "repo/pkg/local_x.py", "repo/build/gen.py"],
        )

    def test_a_nested_repository_has_its_own_rules(self):
        self.git_init(self.path("repo/vendor"))
        self.write("repo/vendor/.gitignore", b"lib.py\n")
        self.write("repo/vendor/lib.py", SAMPLE)
        self.write("repo/vendor/app.py", SAMPLE)
        result = self.run_tool("--check", "repo/vendor")
        self.assertEqual(found_paths(result), ["repo/vendor/app.py"])


if __name__ == "__main__":
    unittest.main()
