"""--apply loses nothing when the process dies, or a file changes under it.

The tool is killed (SIGKILL, as by kill -9 or the OOM killer) at each step of
writing a file, through its AM_TEST_HOOK fault injection (src/cli/test_hook.h),
and at random moments of runs over many files; afterwards every file holds
its old bytes or its new ones, never a mix, and every FILE.bak holds the old
bytes. A file changed on disk between the read and the write is not written.
"""

import os
import random
import re
import signal
import subprocess
import time
import unittest

from cli_support import (
    MIGRATED,
    SAMPLE,
    SAMPLE_EDITS,
    SAMPLE_USES,
    TOOL,
    CliTestCase,
    apply_summary,
    sample_check_lines,
)

CHANGED = ("{0}: error: changed on disk since it was read: not written; "
           "run the tool again")
# A temporary file the killed process may leave: NAME.XXXXXX.
TEMPORARY = re.compile(r"^(.+\.py)\.[A-Za-z0-9]{6}$")


def kill_at(step, name=None):
    return {"AM_TEST_HOOK": "%s:kill%s" % (step, "@" + name if name else "")}


class KilledAtEachStepTest(CliTestCase):
    """One kill per step: what is on disk afterwards, byte for byte."""

    # step -> (the file afterwards, whether FILE.bak exists with --apply)
    STEPS = {
        "before-backup": (SAMPLE, False),
        "after-backup": (SAMPLE, True),
        "after-temporary": (SAMPLE, True),
        "after-rename": (MIGRATED, True),
    }

    def test_with_a_backup(self):
        for step, (content, has_backup) in self.STEPS.items():
            with self.subTest(step=step):
                self.write("app.py", SAMPLE, mode=0o640)
                result = self.run_tool("--apply", "app.py", env=kill_at(step))
                self.assertEqual(result.returncode, -signal.SIGKILL)
                self.assertEqual(self.read("app.py"), content)
                self.assertEqual(self.mode("app.py"), 0o640)
                self.assertEqual(os.path.exists(self.path("app.py.bak")),
                                 has_backup)
                if has_backup:
                    self.assertEqual(self.read("app.py.bak"), SAMPLE)
                self.assertLeftovers(step == "after-temporary")
                self.clear()

    def test_without_a_backup(self):
        for step, (content, _) in self.STEPS.items():
            if step == "after-backup":
                continue
            with self.subTest(step=step):
                self.write("app.py", SAMPLE)
                result = self.run_tool("--apply", "--no-backup", "app.py",
                                       env=kill_at(step))
                self.assertEqual(result.returncode, -signal.SIGKILL)
                self.assertEqual(self.read("app.py"), content)
                self.assertFalse(os.path.exists(self.path("app.py.bak")))
                self.assertLeftovers(step == "after-temporary")
                self.clear()

    def test_the_next_run_finishes_the_job(self):
        self.write("app.py", SAMPLE)
        self.run_tool("--apply", "app.py", env=kill_at("after-temporary"))
        # The complete .bak of the killed run holds the file's bytes: it is
        # the same backup, kept, and the next run migrates the file.
        backup = os.stat(self.path("app.py.bak"))
        result = self.run_tool("--apply", "app.py")
        self.assertOutput(result, 0, "", [apply_summary(1, SAMPLE_EDITS, 0, 0)])
        self.assertEqual(self.read("app.py"), MIGRATED)
        self.assertEqual(self.read("app.py.bak"), SAMPLE)
        self.assertEqual(os.stat(self.path("app.py.bak")).st_ino, backup.st_ino)

    def assertLeftovers(self, temporary_expected):
        """At most the killed run's temporary file, complete, is left over."""
        leftovers = [name for name in os.listdir(self.dir)
                     if name not in ("app.py", "app.py.bak")]
        self.assertEqual(len(leftovers), 1 if temporary_expected else 0,
                         leftovers)
        for name in leftovers:
            self.assertRegex(name, TEMPORARY)
            self.assertEqual(self.read(name), MIGRATED)

    def clear(self):
        for name in os.listdir(self.dir):
            os.unlink(self.path(name))


class KilledAtRandomTest(CliTestCase):
    """Runs over many files killed at random moments: each file is old or
    new, byte for byte; every .bak is whole; a new file has its .bak."""

    FILES = 120
    RUNS = 6

    def make_files(self):
        originals = {}
        for i in range(self.FILES):
            # Different sizes, so a mix of two files would show.
            data = SAMPLE.replace(b"sleep(1)", b"sleep(%d)" % (i * 7919))
            data += b"# padding\n" * (i % 13)
            name = "pkg%d/mod%03d.py" % (i % 4, i)
            self.write(name, data)
            originals[name] = data
        return originals

    def expected_new(self, old):
        return (old.replace(b"import asyncio", b"import anyio")
                .replace(b"asyncio.sleep", b"anyio.sleep")
                .replace(b"asyncio.run(main())", b"anyio.run(main)"))

    def full_run_seconds(self):
        self.make_files()
        started = time.monotonic()
        result = self.run_tool("--apply", "--jobs", "2", ".")
        self.assertEqual(result.returncode, 0, result.stderr.decode())
        return time.monotonic() - started

    def test_every_file_is_old_or_new(self):
        duration = self.full_run_seconds()
        rng = random.Random(8)
        outcomes = {"old": 0, "new": 0}
        for run in range(self.RUNS):
            self.reset()
            originals = self.make_files()
            process = subprocess.Popen(
                [TOOL, "--apply", "--jobs", "2", "."], cwd=self.dir,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, 0.95) * duration)
            process.send_signal(signal.SIGKILL)
            process.wait()
            with self.subTest(run=run):
                for state in self.check_tree(originals):
                    outcomes[state] += 1
        # The kills fell mid-run: some files were written, some not.
        self.assertGreater(outcomes["old"], 0, outcomes)
        self.assertGreater(outcomes["new"], 0, outcomes)

    def check_tree(self, originals):
        states = []
        for name, old in originals.items():
            now = self.read(name)
            new = self.expected_new(old)
            self.assertIn(now, (old, new), name)
            backup = self.path(name + ".bak")
            if os.path.exists(backup):
                self.assertEqual(self.read(name + ".bak"), old, name)
            else:
                self.assertEqual(now, old, name + " is new without its .bak")
            states.append("old" if now == old else "new")
        # Anything else is a temporary file of a killed write (maybe cut
        # short: it was never renamed to anything).
        for root, _, names in os.walk(self.dir):
            for name in names:
                relative = os.path.relpath(os.path.join(root, name), self.dir)
                if relative in originals or relative[:-4] in originals:
                    continue
                match = TEMPORARY.match(relative)
                self.assertTrue(match and match.group(1) in originals, relative)
        return states

    def reset(self):
        for entry in os.listdir(self.dir):
            subprocess.run(["rm", "-rf", self.path(entry)], check=True)


class ChangedOnDiskTest(CliTestCase):
    """A file that changes between its read and its write is left as it now
    is, with an error; the others are migrated."""

    def run_hooked(self, hook, *options):
        self.write("victim.py", SAMPLE)
        self.write("other.py", SAMPLE)
        return self.run_tool("--apply", *options, "other.py", "victim.py",
                             env={"AM_TEST_HOOK": hook})

    def assertRefused(self, result, victim_now):
        self.assertOutput(
            result, 2, "",
            [CHANGED.format("victim.py")] + sample_check_lines("victim.py")
            + [apply_summary(1, SAMPLE_EDITS, 0, 1, unwritable=1,
                             left_in_refused=SAMPLE_USES)])
        self.assertEqual(self.read("other.py"), MIGRATED)
        if victim_now is None:
            self.assertFalse(os.path.exists(self.path("victim.py")))
        else:
            self.assertEqual(self.read("victim.py"), victim_now)
        self.assertEqual(sorted(os.listdir(self.dir)),
                         sorted(["other.py", "other.py.bak"]
                                + (["victim.py"] if victim_now is not None
                                   else [])))

    def test_grown(self):
        result = self.run_hooked("before-backup:append@victim.py")
        self.assertRefused(result, SAMPLE + b"# changed\n")

    def test_same_size_and_time_other_bytes(self):
        result = self.run_hooked("before-backup:rewrite@victim.py")
        self.assertRefused(result, b"#" + SAMPLE[1:])

    def test_touched(self):
        result = self.run_hooked("before-backup:touch@victim.py")
        self.assertRefused(result, SAMPLE)

    def test_deleted(self):
        result = self.run_hooked("before-backup:delete@victim.py")
        self.assertRefused(result, None)

    def test_changed_while_its_backup_is_written(self):
        result = self.run_hooked("after-backup:append@victim.py")
        self.assertRefused(result, SAMPLE + b"# changed\n")

    def test_changed_while_the_new_text_is_written(self):
        result = self.run_hooked("after-temporary:rewrite@victim.py")
        self.assertRefused(result, b"#" + SAMPLE[1:])

    def test_without_a_backup(self):
        self.write("victim.py", SAMPLE)
        result = self.run_tool("--apply", "--no-backup", "victim.py",
                               env={"AM_TEST_HOOK": "after-temporary:append"})
        self.assertOutput(result, 2, "", [
            CHANGED.format("victim.py")] + sample_check_lines("victim.py") + [
            apply_summary(0, 0, 0, 1, unwritable=1, left_in_refused=SAMPLE_USES)])
        self.assertEqual(self.read("victim.py"), SAMPLE + b"# changed\n")
        self.assertEqual(os.listdir(self.dir), ["victim.py"])


if __name__ == "__main__":
    unittest.main()
