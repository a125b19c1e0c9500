"""Git awareness: --changed-since REV, and --apply's refusal of uncommitted
files, each against a real repository made in the test."""

import os
import shutil
import subprocess
import unittest

from cli_support import (
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    SAMPLE_USES,
    CliTestCase,
    apply_summary,
    check_summary,
    dry_run_summary,
    sample_check_lines,
    sample_diff,
)

REFUSED = ("{0}: error: not committed to git ({1}): commit or stash it first, "
           "or use --allow-dirty")


def found_paths(result):
    """The files --check reported, in order, each once."""
    paths = []
    for line in result.stdout.decode().splitlines():
        path = line.split(":", 1)[0]
        if path not in paths:
            paths.append(path)
    return paths


@unittest.skipUnless(shutil.which("git"), "git is not installed")
class GitTestCase(CliTestCase):
    def git(self, *args, cwd=None):
        return subprocess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
             "-c", "commit.gpgsign=false"] + list(args),
            cwd=cwd or self.path("repo"), check=True, capture_output=True,
        ).stdout.decode().strip()

    def commit_all(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def setUp(self):
        super().setUp()
        os.makedirs(self.path("repo"))
        self.git("init", "-q", ".")



class ChangedSinceTestSuiteTest(GitTestCase):
    """--changed-since migrates the files changed, but the project's view
    of its tests reads every file under the paths."""

    def test_a_plain_test_not_changed_keeps_its_async_fixture(self):
        self.write("repo/tests/test_db.py", b"def test_db(db):\n    assert db == {}\n")
        self.write("repo/tests/conftest.py", b"import pytest\n")
        base = self.commit_all("tests")
        self.write("repo/tests/conftest.py",
                   b"import pytest_asyncio\n\n\n@pytest_asyncio.fixture\n"
                   b"async def db():\n    return {}\n")
        result = self.run_tool("--unsafe-fixes", "--check", "--changed-since", base,
                               "tests", cwd=self.path("repo"))
        self.assertEqual(result.stdout.decode().splitlines(), [
            "tests/conftest.py:4:2: ANY208 `pytest_asyncio.fixture` left as is: a plain "
            "test or fixture requests it, and anyio's plugin runs async fixtures for "
            "async tests only",
            "tests/conftest.py:7:1: ANY208 [*unsafe] an `anyio_backend` fixture: the "
            "marked tests run on asyncio",
        ])

class ChangedSinceTest(GitTestCase):
    def setUp(self):
        super().setUp()
        for name in ("a.py", "b.py", "c.py", "gone.py", "pkg/d.py"):
            self.write("repo/" + name, SAMPLE)
        self.write("repo/.gitignore", b"ignored.py\n")
        self.base = self.commit_all("base")
        self.write("repo/b.py", SAMPLE + b"# changed and committed\n")
        self.commit_all("second")
        self.write("repo/c.py", SAMPLE + b"# changed, not staged\n")
        self.write("repo/e.py", SAMPLE)
        self.git("add", "e.py")
        self.write("repo/f.py", SAMPLE)
        self.write("repo/pkg/new/g.py", SAMPLE)
        self.write("repo/ignored.py", SAMPLE)
        os.unlink(self.path("repo/gone.py"))

    def check(self, *args, cwd=None):
        return self.run_tool("--check", *args, cwd=cwd or self.path("repo"))

    def test_committed_staged_unstaged_and_untracked(self):
        result = self.check("--changed-since", self.base, ".")
        self.assertEqual(result.returncode, 1, result.stderr.decode())
        self.assertEqual(found_paths(result),
                         ["b.py", "c.py", "e.py", "f.py", "pkg/new/g.py"])
        self.assertEqual(result.stderr.decode().splitlines()[-1],
                         check_summary(5 * SAMPLE_USES, 5 * SAMPLE_USES, 5, 5))

    def test_since_head_is_the_work_in_progress(self):
        result = self.check("--changed-since=HEAD", ".")
        self.assertEqual(found_paths(result), ["c.py", "e.py", "f.py", "pkg/new/g.py"])
        result = self.check("--changed-since", "HEAD~1", ".")
        self.assertEqual(found_paths(result),
                         ["b.py", "c.py", "e.py", "f.py", "pkg/new/g.py"])

    def test_intersected_with_the_paths_given(self):
        result = self.check("--changed-since", self.base, "a.py", "b.py", "pkg")
        self.assertEqual(found_paths(result), ["b.py", "pkg/new/g.py"])

    def test_paths_are_relative_to_the_current_folder(self):
        result = self.check("--changed-since", self.base, ".", cwd=self.path("repo/pkg"))
        self.assertEqual(found_paths(result), ["new/g.py"])

    def test_the_repository_is_found_from_each_path(self):
        # Run from outside the repository, and across two of them.
        os.makedirs(self.path("other"))
        self.git("init", "-q", ".", cwd=self.path("other"))
        self.write("other/x.py", SAMPLE)
        self.git("add", "-A", cwd=self.path("other"))
        self.git("commit", "-q", "-m", "x", cwd=self.path("other"))
        self.write("other/y.py", SAMPLE)
        result = self.check("--changed-since", "HEAD", "repo", "other", "repo/c.py",
                            cwd=self.dir)
        self.assertEqual(result.returncode, 1, result.stderr.decode())
        self.assertEqual(found_paths(result),
                         ["repo/c.py", "repo/e.py", "repo/f.py", "repo/pkg/new/g.py",
                          "other/y.py"])
        self.write("loose/z.py", SAMPLE)
        result = self.check("--changed-since", "HEAD", "repo", "loose/z.py",
                            cwd=self.dir)
        self.assertEqual(
            (result.returncode, result.stderr.decode()),
            (2, "migrate_to_anyio: error: --changed-since: loose/z.py is not in a "
                "git work tree\n"),
        )

    def test_nothing_changed(self):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", "all")
        result = self.check("--changed-since", "HEAD", ".")
        self.assertOutput(result, 0, "", [check_summary(0, 0, 0, 0)])

    def test_with_apply_only_the_changed_committed_file_is_written(self):
        result = self.run_tool("--apply", "--changed-since", self.base, ".",
                               cwd=self.path("repo"))
        self.assertOutput(
            result, 2, "",
            [REFUSED.format("c.py", "unstaged changes")]
            + sample_check_lines("c.py")
            + [REFUSED.format("e.py", "staged changes")]
            + sample_check_lines("e.py")
            + [REFUSED.format("f.py", "untracked")]
            + sample_check_lines("f.py")
            + [REFUSED.format("pkg/new/g.py", "untracked")]
            + sample_check_lines("pkg/new/g.py")
            + [apply_summary(1, SAMPLE_EDITS, 0, 4, uncommitted=4,
                             left_in_refused=4 * SAMPLE_USES)],
        )
        self.assertEqual(self.read("repo/b.py"), MIGRATED + b"# changed and committed\n")
        self.assertEqual(self.read("repo/a.py"), SAMPLE)

    def test_an_unknown_revision(self):
        result = self.check("--changed-since", "no-such-branch", ".")
        lines = result.stderr.decode().splitlines()
        self.assertEqual((result.returncode, result.stdout, len(lines)), (2, b"", 1))
        self.assertRegex(
            lines[0],
            r"^migrate_to_anyio: error: --changed-since: cannot resolve "
            r"'no-such-branch': \S",
        )

    def test_every_format_reports_the_same_files(self):
        result = self.run_tool("--check", "--format", "github", "--changed-since",
                               "HEAD", ".", cwd=self.path("repo"))
        files = []
        for line in result.stdout.decode().splitlines():
            name = line.split("file=", 1)[1].split(",", 1)[0]
            if name not in files:
                files.append(name)
        self.assertEqual(files, ["c.py", "e.py", "f.py", "pkg/new/g.py"])


class DirtyTreeTest(GitTestCase):
    def setUp(self):
        super().setUp()
        for name in ("clean.py", "modified.py", "staged.py", "both.py",
                     "pkg/clean.py"):
            self.write("repo/" + name, SAMPLE)
        self.write("repo/done.py", MIGRATED)
        self.write("repo/.gitignore", b"ignored.py\n")
        self.commit_all("base")
        self.write("repo/modified.py", b"# edited\n" + SAMPLE)
        self.write("repo/staged.py", b"# edited\n" + SAMPLE)
        self.git("add", "staged.py")
        self.write("repo/both.py", b"# edited\n" + SAMPLE)
        self.git("add", "both.py")
        self.write("repo/both.py", b"# edited twice\n" + SAMPLE)
        self.write("repo/new.py", SAMPLE)
        self.write("repo/ignored.py", SAMPLE)
        self.write("repo/done.py", MIGRATED + b"# edited, nothing to migrate\n")

    def test_uncommitted_files_are_refused(self):
        before = self.snapshot()
        result = self.run_tool("--apply", ".", "ignored.py", cwd=self.path("repo"))
        edited = ["%s:2:1: ANY001 [*]", "%s:5:11: ANY102 [*]", "%s:7:1: ANY101 [*]"]
        self.assertOutput(
            result, 2, "",
            [REFUSED.format("both.py", "staged and unstaged changes")]
            + [line % "both.py" for line in edited]
            + [REFUSED.format("modified.py", "unstaged changes")]
            + [line % "modified.py" for line in edited]
            + [REFUSED.format("new.py", "untracked")]
            + sample_check_lines("new.py")
            + [REFUSED.format("staged.py", "staged changes")]
            + [line % "staged.py" for line in edited]
            + [apply_summary(3, 3 * SAMPLE_EDITS, 0, 4, uncommitted=4,
                             left_in_refused=4 * SAMPLE_USES)],
        )
        after = self.snapshot()
        changed = sorted(name for name in set(before) | set(after)
                         if before.get(name) != after.get(name))
        # What .gitignore ignores is not version-controlled: it is written.
        self.assertEqual(changed, ["repo/clean.py", "repo/clean.py.bak",
                                   "repo/ignored.py", "repo/ignored.py.bak",
                                   "repo/pkg/clean.py", "repo/pkg/clean.py.bak"])

    def test_allow_dirty(self):
        result = self.run_tool("--apply", "--allow-dirty", "--no-backup",
                               "modified.py", "new.py", "staged.py",
                               cwd=self.path("repo"))
        self.assertOutput(result, 0, "", [apply_summary(3, 3 * SAMPLE_EDITS, 0, 0)])
        self.assertEqual(self.read("repo/new.py"), MIGRATED)
        self.assertEqual(self.read("repo/modified.py"), b"# edited\n" + MIGRATED)

    def test_the_check_and_the_dry_run_do_not_care(self):
        result = self.run_tool("--check", "modified.py", "new.py", cwd=self.path("repo"))
        self.assertOutput(
            result, 1,
            ["modified.py:2:1: ANY001 [*]", "modified.py:5:11: ANY102 [*]",
             "modified.py:7:1: ANY101 [*]"]
            + sample_check_lines("new.py"),
            [check_summary(2 * SAMPLE_USES, 2 * SAMPLE_USES, 2, 2)],
        )
        result = self.run_tool("new.py", cwd=self.path("repo"))
        self.assertOutput(result, 0, sample_diff("new.py"),
                          [dry_run_summary(1, SAMPLE_EDITS, 0, 1)])

    def test_a_nested_repository_is_asked_about_its_own_files(self):
        os.makedirs(self.path("repo/vendor"))
        self.git("init", "-q", ".", cwd=self.path("repo/vendor"))
        self.write("repo/vendor/lib.py", SAMPLE)
        self.git("add", "-A", cwd=self.path("repo/vendor"))
        self.git("commit", "-q", "-m", "vendor", cwd=self.path("repo/vendor"))
        result = self.run_tool("--apply", "vendor/lib.py", "new.py", cwd=self.path("repo"))
        self.assertOutput(
            result, 2, "",
            [REFUSED.format("new.py", "untracked")] + sample_check_lines("new.py")
            + [apply_summary(1, SAMPLE_EDITS, 0, 1, uncommitted=1,
                             left_in_refused=SAMPLE_USES)],
        )
        self.assertEqual(self.read("repo/vendor/lib.py"), MIGRATED)

    def test_outside_a_work_tree_everything_may_be_written(self):
        self.write("loose/app.py", SAMPLE)
        result = self.run_tool("--apply", "loose/app.py")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertEqual(self.read("loose/app.py"), MIGRATED)


class LoadingTest(GitTestCase):
    """libgit2 is loaded only for what needs git, and a libgit2 that cannot
    be loaded costs the git features, safely, and nothing else."""

    def loaded(self, *args, cwd=None, env=None):
        result = self.run_tool(*args, cwd=cwd or self.path("repo"),
                               env=dict(env or {}, LD_DEBUG="files"))
        return "libgit2" in result.stderr.decode("utf-8", "replace")

    def test_only_git_features_load_it(self):
        self.write("repo/app.py", SAMPLE)
        self.write("loose/app.py", SAMPLE)
        self.assertFalse(self.loaded("app.py"))
        self.assertFalse(self.loaded("--check", "app.py"))
        self.assertFalse(self.loaded("--check", "loose", cwd=self.dir))
        self.assertFalse(self.loaded("--apply", "--no-backup", "loose/app.py",
                                     cwd=self.dir))
        self.assertTrue(self.loaded("--check", "."))
        self.assertTrue(self.loaded("--apply", "app.py"))
        self.assertTrue(self.loaded("--check", "--changed-since", "HEAD", "app.py"))

    def test_a_libgit2_that_cannot_be_loaded(self):
        soname = os.environ.get("AM_LIBGIT2_SONAME")
        cc = os.environ.get("AM_CC") or shutil.which("cc")
        if not soname or not cc:
            self.skipTest("AM_LIBGIT2_SONAME and a C compiler are needed")
        self.write("fake/empty.c", b"int not_libgit2(void) { return 0; }\n")
        subprocess.run([cc, "-shared", "-fPIC", "-o", self.path("fake/" + soname),
                        self.path("fake/empty.c")], check=True)
        env = {"LD_LIBRARY_PATH": self.path("fake")}
        self.write("repo/app.py", SAMPLE)
        why = "cannot load libgit2: %s lacks git_libgit2_init" % soname
        # A folder walk goes on without .gitignore, and says so.
        result = self.run_tool("--check", ".", cwd=self.path("repo"), env=env)
        self.assertOutput(
            result, 1, sample_check_lines("app.py"),
            [".: warning: %s; .gitignore is not honoured here" % why,
             check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1)])
        # --apply cannot know what git holds: it writes nothing.
        result = self.run_tool("--apply", "app.py", cwd=self.path("repo"), env=env)
        self.assertOutput(
            result, 2, "",
            [REFUSED.format("app.py", "git status unknown")]
            + sample_check_lines("app.py")
            + [apply_summary(0, 0, 0, 1, uncommitted=1, left_in_refused=SAMPLE_USES)])
        self.assertEqual(self.read("repo/app.py"), SAMPLE)
        result = self.run_tool("--changed-since", "HEAD", ".", cwd=self.path("repo"),
                               env=env)
        self.assertOutput(result, 2, "",
                          ["migrate_to_anyio: error: --changed-since: " + why])
        # Without git, nothing changes.
        self.write("loose/app.py", SAMPLE)
        result = self.run_tool("--apply", "--no-backup", "loose/app.py", env=env)
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])


if __name__ == "__main__":
    unittest.main()
