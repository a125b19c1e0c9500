"""Shared helpers for the command-line tests.

The tool is taken from $MIGRATE_TO_ANYIO (set by ctest), else from the
default build folder. Every test runs in a fresh temporary folder, with
paths relative to it so the expected output can be written out exactly.
"""

import os
import re
import shutil
import stat
import subprocess
import tempfile
import unittest

SOURCE_DIR = os.environ.get(
    "AM_SOURCE_DIR",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
)
TOOL = os.environ.get("MIGRATE_TO_ANYIO") or os.path.join(
    SOURCE_DIR, "build", "migrate_to_anyio"
)

# The running example: every use here is fixed by the tool.
SAMPLE = (
    b"import asyncio\n"
    b"\n"
    b"async def main():\n"
    b"    await asyncio.sleep(1)\n"
    b"\n"
    b"asyncio.run(main())\n"
)
MIGRATED = (
    b"import anyio\n"
    b"\n"
    b"async def main():\n"
    b"    await anyio.sleep(1)\n"
    b"\n"
    b"anyio.run(main)\n"
)
# Edits the library makes to turn SAMPLE into MIGRATED.
SAMPLE_EDITS = 4
# Its diagnostics, as "line:col: CODE" in the input; all of them fixed.
SAMPLE_DIAGNOSTICS = ["1:1: ANY001", "4:11: ANY102", "6:1: ANY101"]
SAMPLE_USES = len(SAMPLE_DIAGNOSTICS)

# A use the tool flags but cannot fix (anyio has no task objects to list),
# on the same line as one it fixes, so the flagged use moves
# between the input and the output.
FLAGGED = (
    b"import asyncio\n"
    b"\n"
    b"\n"
    b"async def main():\n"
    b"    await asyncio.sleep(1); tasks = asyncio.all_tasks()\n"
    b"    print(tasks)\n"
)
FLAGGED_USE = b"asyncio.all_tasks"


def sample_diff(path):
    """The dry run's diff of SAMPLE for a file named `path`."""
    return (
        "--- a/{0}\n"
        "+++ b/{0}\n"
        "@@ -1,6 +1,6 @@\n"
        "-import asyncio\n"
        "+import anyio\n"
        " \n"
        " async def main():\n"
        "-    await asyncio.sleep(1)\n"
        "+    await anyio.sleep(1)\n"
        " \n"
        "-asyncio.run(main())\n"
        "+anyio.run(main)\n"
    ).format(path)


def sample_check_lines(path):
    """What --check prints for SAMPLE, messages cut (see without_messages)."""
    return ["%s:%s [*]" % (path, diagnostic) for diagnostic in SAMPLE_DIAGNOSTICS]


# Root ignores file permissions. To test them as root, the tool runs with
# the capabilities that let it do so dropped from its bounding set.
NO_ROOT_POWERS = ["setpriv", "--bounding-set",
                  "-dac_override,-dac_read_search,-fowner,-linux_immutable"]


def permissions_prefix():
    """What to put before the tool so that file permissions stop it: [] when
    not root, NO_ROOT_POWERS as root, None if that cannot be done here."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        return None
    probe = subprocess.run(NO_ROOT_POWERS + ["true"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    return NO_ROOT_POWERS if probe.returncode == 0 else None


def plural(count, word):
    return "%d %s%s" % (count, word, "" if count == 1 else "s")


def changes(changed, edits, verb, left, files_left, unsafe_fixed=0, unsafe_left=0):
    """The start of a dry run's, --apply's or standard input's summary."""
    edits = plural(edits, "edit")
    if unsafe_fixed:
        edits += ", %d unsafe fix%s" % (unsafe_fixed, "" if unsafe_fixed == 1 else "es")
    line = "%s %s (%s), %s left to migrate by hand" % (
        plural(changed, "file"), verb, edits, plural(left, "use"))
    if unsafe_left:
        line += " and %d unsafe fix%s left for --unsafe-fixes" % (
            unsafe_left, "" if unsafe_left == 1 else "es")
    if files_left is None:
        files_left = 1 if left + unsafe_left else 0
    return line + (" in " + plural(files_left, "file") if files_left else "")


def dry_run_summary(changed, edits, left, checked, errors=0, files_left=None,
                    unsafe_fixed=0, unsafe_left=0):
    line = changes(changed, edits, "would be changed", left, files_left,
                   unsafe_fixed, unsafe_left)
    line += ", %s checked" % plural(checked, "file")
    if errors:
        line += ", " + plural(errors, "error")
    return line


def apply_summary(changed, edits, left, refused, unreadable=0, bak_exists=0,
                  uncommitted=0, unwritable=0, left_in_refused=0, files_left=None,
                  unsafe_fixed=0, unsafe_left=0):
    """--apply's summary, ending with why files were refused (and how many
    uses are left in the refused files, which stay as they were)."""
    line = changes(changed, edits, "changed", left, files_left, unsafe_fixed,
                   unsafe_left)
    line += ", %s refused" % plural(refused, "file")
    if left_in_refused:
        line += " (%s left in %s)" % (plural(left_in_refused, "use"),
                                      "it" if refused == 1 else "them")
    reasons = [
        (unreadable, "that could not be read or parsed"),
        (bak_exists, "whose .bak exists"),
        (uncommitted, "not committed to git"),
        (unwritable, "that could not be written"),
    ]
    parts = ["%d %s" % (count, why) for count, why in reasons if count]
    if parts:
        line += ": " + ", ".join(parts)
    return line


def stdin_summary(changed, edits, left, errors=0, unsafe_fixed=0, unsafe_left=0):
    line = changes(changed, edits, "changed", left, None, unsafe_fixed, unsafe_left)
    if errors:
        line += ", " + plural(errors, "error")
    return line


def check_summary(uses, fixable, files_with_uses, checked, errors=0,
                  unsafe_fixed=0, unsafe_left=0):
    more = ""
    if unsafe_fixed:
        more += ", %d of them unsafe" % unsafe_fixed
    if unsafe_left:
        more += ", %d more with --unsafe-fixes" % unsafe_left
    line = "%s left (%d fixable with --apply%s) in %d of %s" % (
        plural(uses, "asyncio use"),
        fixable,
        more,
        files_with_uses,
        plural(checked, "file"),
    )
    if errors:
        line += ", " + plural(errors, "error")
    return line


DIAGNOSTIC = re.compile(r"^(.+?:\d+:\d+: ANY\d+(?: \[(?:\*|\*unsafe|unsafe)\])?) \S.*$")


def without_messages(stderr):
    """stderr's lines, with each diagnostic cut down to "path:line:col: CODE"
    (and its [*] mark): the messages' wording belongs to the library."""
    lines = []
    for line in stderr.splitlines():
        match = DIAGNOSTIC.match(line)
        lines.append(match.group(1) if match else line)
    return lines


def position_of(text, needle):
    """1-based line and column (in characters) of `needle` in `text`."""
    offset = text.index(needle)
    before = text[:offset].decode("utf-8")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


class CliTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        if not os.access(TOOL, os.X_OK):
            self.fail("no tool at %s: build it first or set MIGRATE_TO_ANYIO" % TOOL)
        self._temporary = tempfile.TemporaryDirectory()
        self.addCleanup(self._cleanup)
        self.dir = self._temporary.name

    def _cleanup(self):
        # Let the temporary folder go even if a test took permissions away.
        for root, folders, _ in os.walk(self.dir):
            for folder in folders:
                os.chmod(os.path.join(root, folder), 0o755)
        self._temporary.cleanup()

    def path(self, relative):
        return os.path.join(self.dir, relative)

    def write(self, relative, data, mode=None):
        full = self.path(relative)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(full, mode)
        return full

    def read(self, relative):
        with open(self.path(relative), "rb") as stream:
            return stream.read()

    def mode(self, relative):
        return stat.S_IMODE(os.stat(self.path(relative)).st_mode)

    def snapshot(self):
        """Every file under the folder: its bytes, mtime and mode."""
        files = {}
        for root, _, names in os.walk(self.dir):
            for name in names:
                full = os.path.join(root, name)
                info = os.lstat(full)
                with open(full, "rb") as stream:
                    files[os.path.relpath(full, self.dir)] = (
                        stream.read(),
                        info.st_mtime_ns,
                        info.st_mode,
                    )
        return files

    def run_tool(self, *args, stdin=b"", env=None, cwd=None, prefix=()):
        environment = dict(os.environ)
        environment.pop("NO_COLOR", None)
        environment.update(env or {})
        return subprocess.run(
            list(prefix) + [TOOL] + list(args),
            cwd=cwd or self.dir,
            input=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            timeout=120,
        )

    def run_tool_with_permissions(self, *args, **kwargs):
        """run_tool, where file permissions apply even when root runs it."""
        prefix = permissions_prefix()
        if prefix is None:
            self.skipTest("running as root, and setpriv cannot drop root's "
                          "power over file permissions here")
        return self.run_tool(*args, prefix=prefix, **kwargs)

    def assertOutput(self, result, code, stdout, stderr_lines):
        """Exact exit code, stdout and stderr (messages cut, see above).
        `stdout` is the exact text, or a list of lines compared as stderr's
        are (--check's diagnostics)."""
        stderr = result.stderr.decode("utf-8", "replace")
        out = result.stdout.decode("utf-8", "replace")
        if isinstance(stdout, list):
            out = without_messages(out)
        self.assertEqual(
            (result.returncode, out, without_messages(stderr)),
            (code, stdout, stderr_lines),
            "stderr was:\n" + stderr,
        )
