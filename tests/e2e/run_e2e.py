#!/usr/bin/env python3
"""End-to-end check of migrate_to_anyio on one asyncio program.

    run_e2e.py --tool TOOL --pythonpath SITE --workdir DIR PROGRAM.py

1. PROGRAM.py runs under python3; it must exit 0. Its stdout is the reference.
2. A copy in DIR/<name>/ is migrated with `TOOL --apply --no-backup
   --unsafe-fixes`: every rewrite, those that change behaviour on some path
   (which the program must not take) included.
3. The migrated file must not mention asyncio, `TOOL --check` must pass on it
   (and must fail on the original), and `TOOL --unsafe-fixes -` must print the
   same text.
4. A second `--apply --no-backup --unsafe-fixes` must leave the file
   byte-for-byte unchanged.
5. The migrated file runs under anyio on the asyncio and on the trio backend
   (through backend_runner.py); each stdout must equal the reference exactly.
6. Another copy, in DIR/<name>/safe/, is migrated with the safe fixes only
   (`--apply --no-backup`, the default): half migrated, it must run under
   python3 (asyncio and anyio side by side, on anyio's asyncio backend) with
   the reference's stdout, and a second safe `--apply` must change nothing.

A program the tool must migrate only in part has a PROGRAM.left beside it:
the `TOOL --check` lines (`line:col: CODE`, messages cut) of the migrated
file. Then step 3 wants exactly those uses left (and lets the file mention
asyncio), and step 5 runs it on anyio's asyncio backend only: a
half-migrated file must still run there. The hand-finished version, what
the diagnostics tell a user to write, is ../by_hand/PROGRAM.py when there is
one: it must not mention asyncio, and it runs on both backends with the
same stdout.

Exit status: 0 when every check passes, 1 when one fails (with a report on
stdout), 2 on a usage error.
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "backend_runner.py")
BY_HAND = os.path.join(HERE, "by_hand")
CHECK_LINE = re.compile(r"^[^:]+:(\d+:\d+: ANY\d+)")
BACKENDS = ("asyncio", "trio")
TIMEOUT = 60
ASYNCIO_WORD = re.compile(rb"\basyncio\b")


class Result:
    """Outcome of one subprocess (timed out runs have returncode None)."""

    def __init__(self, argv, returncode, stdout, stderr):
        self.argv = argv
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def describe(self):
        if self.returncode is None:
            return "timed out after %d s" % TIMEOUT
        return "exit status %d" % self.returncode


def run(argv, env, cwd, stdin=None):
    try:
        proc = subprocess.run(
            argv,
            input=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=cwd,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        return Result(argv, None, exc.stdout or b"", exc.stderr or b"")
    return Result(argv, proc.returncode, proc.stdout, proc.stderr)


def text(data):
    return data.decode("utf-8", "replace")


def numbered(source):
    lines = text(source).splitlines()
    width = len(str(len(lines)))
    return "\n".join("%*d| %s" % (width, i + 1, line) for i, line in enumerate(lines))


def unified(expected, actual, from_name, to_name):
    if expected == actual:
        return "(identical)\n"
    diff = difflib.unified_diff(
        text(expected).splitlines(keepends=True),
        text(actual).splitlines(keepends=True),
        fromfile=from_name,
        tofile=to_name,
    )
    out = "".join(line if line.endswith("\n") else line + "\n\\ no newline\n"
                  for line in diff)
    return out or "(no textual difference; the bytes differ)\n"


class Report:
    def __init__(self, name):
        self.name = name
        self.failures = []

    def fail(self, title, *sections):
        """Record a failure; sections are (heading, body) pairs."""
        self.failures.append((title, sections))

    def command_failure(self, title, result):
        self.fail(
            "%s: %s" % (title, result.describe()),
            ("command", " ".join(result.argv)),
            ("stdout", text(result.stdout)),
            ("stderr", text(result.stderr)),
        )

    def emit(self, migrated_path):
        out = sys.stdout
        out.write("e2e %s: %d check(s) failed\n" % (self.name, len(self.failures)))
        for number, (title, sections) in enumerate(self.failures, 1):
            out.write("\n=== %d. %s\n" % (number, title))
            for heading, body in sections:
                body = body if body.strip() else "(empty)\n"
                out.write("--- %s\n%s" % (heading, body))
                if not body.endswith("\n"):
                    out.write("\n")
        if migrated_path and os.path.exists(migrated_path):
            with open(migrated_path, "rb") as f:
                out.write("\n=== migrated source (%s)\n%s\n"
                          % (migrated_path, numbered(f.read())))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tool", required=True, help="the migrate_to_anyio binary")
    parser.add_argument("--pythonpath", default="",
                        help="site folder holding anyio and trio")
    parser.add_argument("--workdir", required=True,
                        help="scratch folder; DIR/<program name> is recreated")
    parser.add_argument("program", help="the asyncio program to migrate")
    return parser.parse_args(argv)


def make_env(pythonpath):
    env = dict(os.environ)
    parts = [p for p in (pythonpath, env.get("PYTHONPATH", "")) if p]
    env["PYTHONPATH"] = os.pathsep.join(parts)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("PYTHONASYNCIODEBUG", None)
    return env


def asyncio_lines(source):
    return [
        "%d: %s" % (number, text(line))
        for number, line in enumerate(source.splitlines(), 1)
        if ASYNCIO_WORD.search(line)
    ]


def expected_left(program):
    """The lines of PROGRAM.left, or None when there is no such file."""
    path = os.path.splitext(program)[0] + ".left"
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def check_lines(result):
    """`line:col: CODE` of each diagnostic --check printed (on stdout)."""
    lines = []
    for line in text(result.stdout).splitlines():
        match = CHECK_LINE.match(line)
        if match:
            lines.append(match.group(1))
    return lines


def labelled(runs, copy):
    return [("anyio-%s%s" % (backend, "" if path == copy else " by hand"), path)
            for backend, path in runs]


def check_safe_fixes_only(tool, program, original, reference, env, folder,
                          python, report):
    """6. The safe fixes alone leave a program that runs as it did."""
    safe_folder = os.path.join(folder, "safe")
    os.makedirs(safe_folder)
    safe = os.path.join(safe_folder, os.path.basename(program))
    shutil.copyfile(program, safe)
    applied = run([tool, "--apply", "--no-backup", safe], env, safe_folder)
    if applied.returncode != 0:
        report.command_failure("--apply --no-backup (safe fixes only) failed", applied)
        return
    with open(safe, "rb") as f:
        migrated = f.read()
    result = run([python, safe], env, safe_folder)
    if result.returncode != 0 or result.stdout != reference.stdout:
        report.fail(
            "with the safe fixes only, the program runs differently: %s"
            % result.describe(),
            ("diff (expected vs actual stdout)",
             unified(reference.stdout, result.stdout, "original", "safe-fixes")),
            ("stderr", text(result.stderr)),
            ("diff (original vs safe fixes)",
             unified(original, migrated, "original", "safe-fixes")),
        )
    again = run([tool, "--apply", "--no-backup", safe], env, safe_folder)
    with open(safe, "rb") as f:
        second = f.read()
    if again.returncode != 0 or second != migrated:
        report.fail("not idempotent with the safe fixes only",
                    ("diff (first pass vs second pass)",
                     unified(migrated, second, "first", "second")),
                    ("stderr", text(again.stderr)))


def main(argv):
    args = parse_args(argv)
    tool = os.path.abspath(args.tool)
    program = os.path.abspath(args.program)
    name = os.path.splitext(os.path.basename(program))[0]
    env = make_env(args.pythonpath)
    python = sys.executable or "python3"
    report = Report(name)

    if not os.access(tool, os.X_OK):
        sys.stderr.write("run_e2e: tool not executable: %s\n" % tool)
        return 2
    if not os.path.isfile(program):
        sys.stderr.write("run_e2e: no such program: %s\n" % program)
        return 2

    folder = os.path.join(os.path.abspath(args.workdir), name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    copy = os.path.join(folder, os.path.basename(program))
    shutil.copyfile(program, copy)
    with open(program, "rb") as f:
        original = f.read()

    # 1. The reference output, from the untouched program.
    reference = run([python, program], env, folder)
    if reference.returncode != 0:
        report.command_failure("the original program does not run cleanly", reference)
        report.emit(None)
        return 1

    # 2. Migrate the copy in place.
    applied = run([tool, "--apply", "--no-backup", "--unsafe-fixes", copy], env,
                  folder)
    if applied.returncode != 0:
        report.command_failure("--apply --no-backup --unsafe-fixes failed", applied)
        report.emit(copy)
        return 1
    with open(copy, "rb") as f:
        migrated = f.read()
    if migrated == original:
        report.fail("--apply --no-backup left the program unchanged",
                    ("stderr", text(applied.stderr)))
    leftovers = sorted(set(os.listdir(folder)) - {os.path.basename(program)}
                       - {"safe"})
    if leftovers:
        report.fail("--apply --no-backup left extra files behind",
                    ("files", "\n".join(leftovers)))

    # 3. Nothing of asyncio is left (or exactly what PROGRAM.left says),
    # and the tool agrees.
    left = expected_left(program)
    hits = asyncio_lines(migrated)
    if hits and left is None:
        report.fail("the migrated source still mentions asyncio",
                    ("lines", "\n".join(hits)))
    checked = run([tool, "--check", copy], env, folder)
    if left is None and checked.returncode != 0:
        report.command_failure("--check on the migrated file should exit 0", checked)
    elif left is not None and (checked.returncode != 1 or
                               check_lines(checked) != left):
        report.fail("--check on the migrated file should report exactly "
                    "what %s.left holds" % name,
                    ("expected", "\n".join(left)),
                    ("stdout", text(checked.stdout)))
    checked_original = run([tool, "--check", program], env, folder)
    if checked_original.returncode != 1:
        report.command_failure("--check on the original should exit 1",
                               checked_original)
    piped = run([tool, "--unsafe-fixes", "-"], env, folder, stdin=original)
    if piped.returncode != 0:
        report.command_failure("`TOOL -` (stdin to stdout) failed", piped)
    elif piped.stdout != migrated:
        report.fail("`TOOL -` printed other text than --apply wrote",
                    ("diff (--apply vs stdin mode)",
                     unified(migrated, piped.stdout, "applied", "stdin")))

    # 4. Idempotence: a second pass changes nothing.
    again = run([tool, "--apply", "--no-backup", "--unsafe-fixes", copy], env,
                folder)
    with open(copy, "rb") as f:
        second = f.read()
    if again.returncode != 0:
        report.command_failure("the second --apply --no-backup failed", again)
    if second != migrated:
        report.fail("not idempotent: a second --apply changed the file",
                    ("diff (first pass vs second pass)",
                     unified(migrated, second, "first", "second")),
                    ("stderr", text(again.stderr)))
        with open(copy, "wb") as f:
            f.write(migrated)

    # 5. Same stdout on both anyio backends (the asyncio one alone for a
    # half-migrated program, whose hand-finished version runs on both).
    runs = [(backend, copy) for backend in
            (BACKENDS if left is None else ("asyncio",))]
    finished = os.path.join(BY_HAND, os.path.basename(program))
    if left is not None and os.path.isfile(finished):
        with open(finished, "rb") as f:
            hits = asyncio_lines(f.read())
        if hits:
            report.fail("the hand-finished program still mentions asyncio",
                        ("lines", "\n".join(hits)))
        runs += [(backend, finished) for backend in BACKENDS]
    for backend, path in runs:
        result = run([python, RUNNER, backend, path], env, folder)
        if path != copy:
            backend += " (by hand)"
        if result.returncode != 0:
            report.fail(
                "the migrated program fails on anyio's %s backend: %s"
                % (backend, result.describe()),
                ("diff (expected vs actual stdout)",
                 unified(reference.stdout, result.stdout, "original",
                         "anyio-" + backend)),
                ("stderr", text(result.stderr)),
            )
        elif result.stdout != reference.stdout:
            report.fail(
                "stdout differs on anyio's %s backend" % backend,
                ("diff (expected vs actual stdout)",
                 unified(reference.stdout, result.stdout, "original",
                         "anyio-" + backend)),
                ("stderr", text(result.stderr)),
            )

    check_safe_fixes_only(tool, program, original, reference, env, folder,
                          python, report)

    if report.failures:
        report.emit(copy)
        return 1
    sys.stdout.write("e2e %s: ok (%d line(s) of output, %s)\n"
                     % (name, len(reference.stdout.splitlines()),
                        "asyncio and trio backends" if left is None else
                        "%d use(s) left as expected; run %s"
                        % (len(left), ", ".join(label for label, _ in
                                                 labelled(runs, copy)))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
