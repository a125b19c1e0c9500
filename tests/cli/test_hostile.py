"""Hostile trees and inputs: each gives a clear error for its own file (or
is skipped, for what a folder walk does not follow), the other files are
migrated, the exit status is 2 when there was an error, and nothing is lost.
"""

import os
import shutil
import stat
import subprocess
import unittest

from cli_support import (
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    SAMPLE_USES,
    TOOL,
    CliTestCase,
    apply_summary,
    check_summary,
    dry_run_summary,
    sample_check_lines,
    without_messages,
)


class HostileTestCase(CliTestCase):
    def assertOnlyErrorIs(self, result, path, message_start, summary):
        """Exit 2, one error line for `path`, then the summary."""
        lines = result.stderr.decode("utf-8", "replace").splitlines()
        self.assertEqual(result.returncode, 2, lines)
        errors = [line for line in lines if ": error: " in line]
        self.assertEqual(len(errors), 1, lines)
        self.assertTrue(errors[0].startswith("%s: error: %s" % (path, message_start)),
                        errors[0])
        self.assertEqual(lines[-1], summary)


class SymbolicLinkTest(HostileTestCase):
    def test_a_link_named_on_the_command_line_is_followed_inside_the_tree(self):
        self.write("tree/real/app.py", SAMPLE)
        os.symlink("real/app.py", self.path("tree/link.py"))
        result = self.run_tool("--apply", "link.py", cwd=self.path("tree"))
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertTrue(os.path.islink(self.path("tree/link.py")))
        self.assertEqual(self.read("tree/real/app.py"), MIGRATED)
        self.assertEqual(self.read("tree/real/app.py.bak"), SAMPLE)

    def test_a_link_out_of_the_tree_is_not_followed(self):
        self.write("outside/app.py", SAMPLE)
        self.write("tree/good.py", SAMPLE)
        os.symlink("../outside/app.py", self.path("tree/link.py"))
        before = self.read("outside/app.py")
        for options in ((), ("--check",), ("--apply",)):
            with self.subTest(options=options):
                result = self.run_tool(*options, "link.py", cwd=self.path("tree"))
                message = "a symbolic link to %s, outside %s: not followed" % (
                    os.path.realpath(self.path("outside/app.py")),
                    os.path.realpath(self.path("tree")))
                self.assertEqual(result.stderr.decode().splitlines()[0],
                                 "link.py: error: " + message)
                self.assertEqual(result.returncode, 2)
        self.assertEqual(self.read("outside/app.py"), before)
        self.assertEqual(os.listdir(self.path("outside")), ["app.py"])

    def test_links_in_a_folder_are_not_followed(self):
        self.write("outside/app.py", SAMPLE)
        self.write("tree/real/app.py", SAMPLE)
        os.symlink("../outside/app.py", self.path("tree/out.py"))
        os.symlink("../outside", self.path("tree/out_folder"))
        os.symlink("real/app.py", self.path("tree/in.py"))
        os.symlink("real", self.path("tree/in_folder"))
        result = self.run_tool("--apply", "tree")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertEqual(self.read("tree/real/app.py"), MIGRATED)
        self.assertEqual(self.read("outside/app.py"), SAMPLE)

    def test_loops_do_not_hang(self):
        self.write("tree/app.py", SAMPLE)
        os.symlink(".", self.path("tree/self"))
        os.symlink("..", self.path("tree/parent"))
        os.symlink("b.py", self.path("tree/a.py"))
        os.symlink("a.py", self.path("tree/b.py"))
        os.mkdir(self.path("tree/sub"))
        os.symlink("../../tree", self.path("tree/sub/up"))
        result = self.run_tool("--check", "tree")
        self.assertOutput(result, 1,
                          ["tree/app.py:1:1: ANY001 [*]", "tree/app.py:4:11: ANY102 [*]",
                           "tree/app.py:6:1: ANY101 [*]"],
                          [check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1)])
        result = self.run_tool("--check", "tree/a.py", "tree/app.py")
        self.assertOnlyErrorIs(result, "tree/a.py", "Too many levels of symbolic links",
                               check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1, errors=1))

    def test_a_file_swapped_for_a_link_during_the_run_is_not_followed(self):
        # The walk finds a regular file; then, as another user racing the
        # tool could, it is replaced by a link out of the tree.
        outside = os.path.realpath(self.path("outside/app.py"))
        for step in ("before-read", "before-backup", "after-temporary"):
            if os.path.lexists(self.path("tree/app.py")):
                os.unlink(self.path("tree/app.py"))
            with self.subTest(step=step):
                self.write("outside/app.py", SAMPLE)
                self.write("tree/app.py", SAMPLE)
                result = self.run_tool(
                    "--apply", "tree",
                    env={"AM_TEST_HOOK": step + ":swap-link@app.py",
                         "AM_TEST_LINK": outside})
                error = result.stderr.decode().splitlines()[0]
                self.assertEqual(result.returncode, 2)
                if step == "before-read":
                    self.assertEqual(error, "tree/app.py: error: a symbolic link to "
                                     "%s, outside %s: not followed"
                                     % (outside, os.path.realpath(self.path("tree"))))
                else:
                    self.assertEqual(error, "tree/app.py: error: changed on disk "
                                     "since it was read: not written; run the "
                                     "tool again")
                self.assertEqual(self.read("outside/app.py"), SAMPLE)
                self.assertEqual(os.listdir(self.path("outside")), ["app.py"])
                self.assertEqual(os.listdir(self.path("tree")), ["app.py"])


class HugeInputTest(HostileTestCase):
    def test_a_50_mb_file_is_refused_unread(self):
        with open(self.path("huge.py"), "wb") as stream:
            stream.write(SAMPLE)
            stream.truncate(50 * 1024 * 1024)
        self.write("good.py", SAMPLE)
        before = os.stat(self.path("huge.py"))
        result = self.run_tool("--apply", "huge.py", "good.py")
        self.assertOnlyErrorIs(result, "huge.py", "larger than 16 MiB: not read",
                               apply_summary(1, SAMPLE_EDITS, 0, 1, unreadable=1))
        after = os.stat(self.path("huge.py"))
        self.assertEqual((after.st_size, after.st_mtime_ns),
                         (before.st_size, before.st_mtime_ns))
        self.assertFalse(os.path.exists(self.path("huge.py.bak")))
        self.assertEqual(self.read("good.py"), MIGRATED)

    def test_huge_standard_input_is_refused(self):
        result = self.run_tool("-", stdin=SAMPLE + b"#" * (17 * 1024 * 1024))
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode().splitlines()[0],
                         "<stdin>: error: larger than 16 MiB: not read")

    def test_a_very_long_line(self):
        long_line = b'BLOB = "' + b"x" * 3_000_000 + b'"\n'
        self.write("long.py", long_line + SAMPLE)
        result = self.run_tool("--apply", "long.py")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        self.assertEqual(self.read("long.py"), long_line + MIGRATED)
        self.assertEqual(self.read("long.py.bak"), long_line + SAMPLE)

    def test_thousands_of_tasks_in_one_list(self):
        # Every create_task call asks what its list is rewritten with, and
        # the answer reads the whole list: found anew per call, 5,000
        # tasks gathered and 5,000 awaited one by one took many minutes;
        # found once per list, a second.
        count = 5000
        appends = b"".join(b"    tasks.append(asyncio.create_task(work(%d)))\n"
                           % i for i in range(count))
        self.write("tasks.py",
                   b"import asyncio\n\n\nasync def work(i):\n"
                   b"    await asyncio.sleep(0)\n    return i\n\n\n"
                   b"async def gathered():\n    tasks = []\n" + appends
                   + b"    await asyncio.gather(*tasks)\n\n\n"
                   b"async def one_by_one():\n    tasks = []\n" + appends
                   + b"    for t in tasks:\n        await t\n")
        result = self.run_tool("--check", "--unsafe-fixes", "tasks.py")
        left = "ANY403 `asyncio.create_task()` left as is: "
        too_many = "the list is built in too many places"
        gathered, one_by_one = 11, 16 + count
        self.assertEqual(
            (result.returncode, result.stdout.decode().splitlines()),
            (1, ["tasks.py:5:11: ANY102 [*] `asyncio.sleep()` becomes "
                 "`anyio.sleep()`"]
             + ["tasks.py:%d:18: %sthe task is used in a way this rule "
                "cannot follow" % (gathered + i, left) for i in range(count)]
             + ["tasks.py:%d:11: ANY401 `asyncio.gather()` left as is: %s"
                % (gathered + count, too_many)]
             + ["tasks.py:%d:18: %s%s" % (one_by_one + i, left, too_many)
                for i in range(count)]))

    def test_thousands_of_uses_of_one_loop(self):
        # Each use of a loop asks whether its name holds the running loop,
        # and the answer scans the name's function: found anew per use,
        # 3,000 calls back from a worker thread took minutes; found once
        # per name and pass, under a second.
        count = 5000
        calls = b"".join(b"        asyncio.run_coroutine_threadsafe(g(%d), loop)"
                         b".result()\n        print(loop.time())\n" % i
                         for i in range(count))
        self.write("loop.py",
                   b"import asyncio\n\n\nasync def g(i):\n    return i\n\n\n"
                   b"async def main():\n    loop = asyncio.get_running_loop()\n\n"
                   b"    def worker():\n" + calls
                   + b"\n    await asyncio.to_thread(worker)\n")
        result = self.run_tool("--check", "--unsafe-fixes", "loop.py")
        back = ("ANY212 [*unsafe] `asyncio.run_coroutine_threadsafe(...).result()` "
                "becomes `anyio.from_thread.run()`")
        clock = ("ANY209 `loop.time()` left as is: `loop` is assigned in an "
                 "enclosing scope, not in the function that awaits")
        lines = ["loop.py:9:12: ANY204 `loop = asyncio.get_running_loop()` left as "
                 "is while `loop` is used (`loop.time()`): anyio has no loop object"]
        for i in range(count):
            lines += ["loop.py:%d:9: %s" % (12 + 2 * i, back),
                      "loop.py:%d:15: %s" % (13 + 2 * i, clock)]
        lines.append("loop.py:%d:11: ANY203 [*] `asyncio.to_thread(func, ...)` becomes "
                     "`anyio.to_thread.run_sync(func, ..., abandon_on_cancel=True)`"
                     % (13 + 2 * count))
        self.assertEqual((result.returncode, result.stdout.decode().splitlines()),
                         (1, lines))


class BadBytesTest(HostileTestCase):
    BODY = SAMPLE + b"".join(b"x%d = %d\n" % (i, i) for i in range(2000))

    def assertRefusedAlone(self, data, message_start, at):
        self.write("bad.py", data)
        self.write("good.py", SAMPLE)
        result = self.run_tool("--apply", "bad.py", "good.py")
        self.assertOnlyErrorIs(result, "bad.py" + at, message_start,
                               apply_summary(1, SAMPLE_EDITS, 0, 1, unreadable=1))
        self.assertEqual(self.read("bad.py"), data)
        self.assertFalse(os.path.exists(self.path("bad.py.bak")))
        self.assertEqual(self.read("good.py"), MIGRATED)

    def test_a_nul_byte_in_the_middle(self):
        middle = len(self.BODY) // 2
        self.assertRefusedAlone(self.BODY[:middle] + b"\x00" + self.BODY[middle:], "",
                                at=":1089:4")

    def test_invalid_utf8_in_the_middle(self):
        middle = self.BODY.index(b"\n", len(self.BODY) // 2) + 1
        for bad in (b"# \xc3\x28\n", b"# \xed\xa0\x80\n", b"# \xff\xfe\n",
                    b"# \xe2\x82\n"):
            with self.subTest(bad=bad):
                for name in ("good.py", "good.py.bak"):
                    if os.path.exists(self.path(name)):
                        os.unlink(self.path(name))
                self.assertRefusedAlone(self.BODY[:middle] + bad + self.BODY[middle:],
                                        "not valid UTF-8", at=":1090:3")


class DisappearingFileTest(HostileTestCase):
    def test_a_file_deleted_during_the_run(self):
        self.write("gone.py", SAMPLE)
        self.write("good.py", SAMPLE)
        result = self.run_tool("--apply", "gone.py", "good.py",
                               env={"AM_TEST_HOOK": "before-read:delete@gone.py"})
        self.assertOnlyErrorIs(result, "gone.py", "No such file or directory",
                               apply_summary(1, SAMPLE_EDITS, 0, 1, unreadable=1))
        self.assertEqual(sorted(os.listdir(self.dir)), ["good.py", "good.py.bak"])

    def test_a_file_made_unreadable_during_the_run(self):
        self.write("locked.py", SAMPLE)
        self.write("good.py", SAMPLE)
        result = self.run_tool_with_permissions(
            "--apply", "locked.py", "good.py",
            env={"AM_TEST_HOOK": "before-read:unreadable@locked.py"})
        self.assertOnlyErrorIs(result, "locked.py", "Permission denied",
                               apply_summary(1, SAMPLE_EDITS, 0, 1, unreadable=1))
        os.chmod(self.path("locked.py"), 0o644)
        self.assertEqual(self.read("locked.py"), SAMPLE)
        self.assertEqual(self.read("good.py"), MIGRATED)


class PermissionTest(HostileTestCase):
    def test_folders_that_cannot_be_read_or_entered(self):
        self.write("tree/closed/app.py", SAMPLE)
        self.write("tree/no_entry/app.py", SAMPLE)
        self.write("tree/open/app.py", SAMPLE)
        os.chmod(self.path("tree/closed"), 0)
        os.chmod(self.path("tree/no_entry"), 0o644)
        result = self.run_tool_with_permissions("--apply", "tree")
        lines = result.stderr.decode().splitlines()
        self.assertEqual(result.returncode, 2, lines)
        self.assertIn("tree/closed: error: Permission denied", lines)
        self.assertIn("tree/no_entry/app.py: error: Permission denied", lines)
        self.assertEqual(self.read("tree/open/app.py"), MIGRATED)

    def test_a_file_that_cannot_be_written_to_in_a_walk(self):
        self.write("tree/locked.py", SAMPLE, mode=0o444)
        self.write("tree/open.py", SAMPLE)
        result = self.run_tool_with_permissions("--apply", "tree")
        self.assertOnlyErrorIs(result, "tree/locked.py", "Permission denied",
                               apply_summary(1, SAMPLE_EDITS, 0, 1, unwritable=1,
                                             left_in_refused=SAMPLE_USES))
        self.assertEqual(self.read("tree/locked.py"), SAMPLE)
        self.assertEqual(self.read("tree/open.py"), MIGRATED)


class ReadOnlyFileSystemTest(HostileTestCase):
    """A tmpfs remounted read-only, in a mount namespace of the test's own."""

    def test_nothing_is_lost_and_the_others_go_on(self):
        if not shutil.which("unshare"):
            self.skipTest("unshare is not installed")
        probe = subprocess.run(["unshare", "-m", "true"], stderr=subprocess.PIPE)
        if probe.returncode != 0:
            self.skipTest("no mount namespace here (%s)" % probe.stderr.decode().strip())
        self.write("rw/app.py", SAMPLE)
        os.mkdir(self.path("ro"))
        script = (
            'set -e; mount -t tmpfs tmpfs ro; printf "%s" "$SAMPLE" > ro/app.py; '
            'mount -o remount,ro ro; '
            'set +e; "$TOOL" --apply ro/app.py rw/app.py 2> stderr.txt; '
            'echo $? > status.txt; cat ro/app.py > ro_after.py; ls -a ro > ro_listing.txt')
        env = dict(os.environ, TOOL=TOOL, SAMPLE=SAMPLE.decode())
        done = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=self.dir,
                              env=env, stderr=subprocess.PIPE)
        if done.returncode != 0:
            self.skipTest("cannot mount a tmpfs here (%s)" % done.stderr.decode().strip())
        self.assertEqual(self.read("status.txt"), b"2\n")
        self.assertEqual(without_messages(self.read("stderr.txt").decode()), [
            "ro/app.py: error: Read-only file system"]
            + sample_check_lines("ro/app.py")
            + [apply_summary(1, SAMPLE_EDITS, 0, 1, unwritable=1,
                             left_in_refused=SAMPLE_USES)])
        self.assertEqual(self.read("ro_after.py"), SAMPLE)
        self.assertEqual(self.read("ro_listing.txt"), b".\n..\napp.py\n")
        self.assertEqual(self.read("rw/app.py"), MIGRATED)


class ImmutableFileTest(HostileTestCase):
    def test_an_immutable_file_is_refused(self):
        self.write("frozen.py", SAMPLE)
        self.write("good.py", SAMPLE)
        locked = subprocess.run(["chattr", "+i", self.path("frozen.py")],
                                stderr=subprocess.PIPE) if shutil.which("chattr") else None
        if not locked or locked.returncode != 0:
            self.skipTest("chattr +i is not possible here")
        self.addCleanup(subprocess.run, ["chattr", "-i", self.path("frozen.py")])
        result = self.run_tool("--apply", "frozen.py", "good.py")
        self.assertOnlyErrorIs(result, "frozen.py", "Operation not permitted",
                               apply_summary(1, SAMPLE_EDITS, 0, 1, unwritable=1,
                                             left_in_refused=SAMPLE_USES))
        self.assertEqual(self.read("frozen.py"), SAMPLE)
        self.assertEqual(sorted(os.listdir(self.dir)),
                         ["frozen.py", "good.py", "good.py.bak"])


class SpecialFileTest(HostileTestCase):
    def test_a_fifo_or_device_named_on_the_command_line(self):
        os.mkfifo(self.path("pipe.py"))
        self.write("good.py", SAMPLE)
        for path in ("pipe.py", "/dev/null", "/dev/zero"):
            with self.subTest(path=path):
                result = self.run_tool("--check", path, "good.py")
                self.assertOnlyErrorIs(
                    result, path, "not a regular file",
                    check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1, errors=1))

    def test_a_fifo_in_a_folder_is_skipped(self):
        self.write("tree/good.py", SAMPLE)
        os.mkfifo(self.path("tree/pipe.py"))
        result = self.run_tool("--apply", "tree")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])

    def test_a_fifo_for_pyproject_toml(self):
        os.mkfifo(self.path("pyproject.toml"))
        self.write("good.py", SAMPLE)
        result = self.run_tool("--check", "good.py")
        self.assertEqual((result.returncode, result.stderr.decode()),
                         (2, "pyproject.toml: error: not a regular file\n"))


class DeepTreeTest(HostileTestCase):
    """Folders nested deeper than any path can name: the walk keeps no
    descriptor per level (it runs here with 128 at most) and uses no
    recursion."""

    FEW_DESCRIPTORS = ["sh", "-c", 'ulimit -n 128 && exec "$0" "$@"']

    def make_chain(self, levels):
        # rm copes with any depth; Python's rmtree recurses.
        self.addCleanup(subprocess.run, ["rm", "-rf", self.path("d")])
        fd = os.open(self.dir, os.O_RDONLY)
        try:
            for _ in range(levels):
                os.mkdir("d", dir_fd=fd)
                inner = os.open("d", os.O_RDONLY, dir_fd=fd)
                os.close(fd)
                fd = inner
            leaf = os.open("deep.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
            os.write(leaf, SAMPLE)
            os.close(leaf)
        finally:
            os.close(fd)

    def test_deeper_than_a_path_can_name(self):
        self.make_chain(3000)
        self.write("top.py", SAMPLE)
        result = self.run_tool("--check", ".", prefix=self.FEW_DESCRIPTORS)
        lines = result.stderr.decode().splitlines()
        self.assertEqual(result.returncode, 2, lines[-3:])
        errors = [line for line in lines if ": error: " in line]
        self.assertEqual(len(errors), 1, errors)
        self.assertTrue(errors[0].endswith(": error: File name too long"), errors[0])
        self.assertIn("top.py:6:1: ANY101 [*] `asyncio.run(main(...))` becomes "
                      "`anyio.run(main, ...)`", result.stdout.decode().splitlines())

    def test_deep_but_nameable(self):
        self.make_chain(1500)
        result = self.run_tool("--check", ".", prefix=self.FEW_DESCRIPTORS)
        self.assertEqual(result.returncode, 1, result.stderr.decode()[-500:])
        self.assertTrue(result.stdout.decode().startswith("d/d/d/"))


class HostileConfigTest(HostileTestCase):
    def test_deeply_nested_arrays(self):
        # tree-sitter parses 200,000 levels, open or closed, in linear
        # time; the settings reader walks the tree without recursion.
        self.write("good.py", SAMPLE)
        for value, message in (
                (b"[" * 200000, "1:1: error: TOML syntax error"),
                (b"[" * 200000 + b"]" * 200000,
                 "2:11: error: `select` must be a list of strings")):
            with self.subTest(closed=message.endswith("strings")):
                self.write("pyproject.toml",
                           b"[tool.migrate_to_anyio]\nselect = " + value
                           + b"\n")
                result = self.run_tool("--check", "good.py")
                self.assertEqual(
                    (result.returncode, result.stderr.decode()),
                    (2, "pyproject.toml:" + message + "\n"))

    def test_many_globstars_take_no_time(self):
        # Matched by backtracking alone, 30 `**` against 25 folders would
        # take ages: the glob is matched in time proportional to the product.
        deep = "/".join("d%d" % i for i in range(25))
        self.write(deep + "/app.py", SAMPLE)
        self.write("pyproject.toml", b'[tool.migrate_to_anyio]\nexclude = ["'
                   + b"**/" * 30 + b'nothing.py"]\n')
        result = self.run_tool("--check", ".")
        self.assertEqual(result.returncode, 1, result.stderr.decode())
        self.assertEqual(result.stderr.decode().splitlines()[-1],
                         check_summary(SAMPLE_USES, SAMPLE_USES, 1, 1))

    def test_a_long_dotted_key(self):
        self.write("pyproject.toml", b"tool.migrate_to_anyio." + b"a." * 200000
                   + b"b = 1\n")
        result = self.run_tool("--check", "good.py")
        self.assertEqual(result.returncode, 2)
        self.assertRegex(result.stderr.decode(),
                         r"^pyproject\.toml:1:1: error: unknown key `a\.a\.")


if __name__ == "__main__":
    unittest.main()
