#!/usr/bin/env python3
"""A project's own pytest suite, moved from pytest-asyncio to anyio's plugin.

    run_project.py PROJECT --tool TOOL --pythonpath SITE --workdir DIR [--update]

PROJECT is a folder holding a small package, its tests, a conftest.py and
(most often) a pytest configuration file, plus PROJECT/expected/ with what
must happen to it:

a. The project (less expected/) is copied to DIR/<name>/, made a git
   repository with one commit (as a real project is), and its suite runs
   under pytest-asyncio: the outcome of each test, `nodeid OUTCOME` sorted,
   must equal expected/before.txt, where every test passes.
b. `TOOL --apply --unsafe-fixes --no-backup .` migrates the copy: what it
   prints (stdout, stderr, exit status) must equal expected/migrate.txt,
   and every file of the migrated tree must equal expected/after/ (same
   files, same bytes).
c. The suite runs again, twice: on anyio's plugin alone (`-p no:asyncio`,
   as once the project drops pytest-asyncio: the proof that anyio's plugin
   now runs the async tests) and with pytest-asyncio loaded beside it (as
   while it is still installed). Both times the outcomes must equal
   expected/after.txt, which must list exactly the tests of before.txt,
   every one passing.
d. When `TOOL --check .` then exits 0 (no asyncio left), the migration is
   committed and `TOOL --apply --unsafe-fixes --test-backends asyncio,trio
   --no-backup .`
   asks for both backends; the suite's outcomes (both ways, as in c) must
   equal expected/trio.txt:
   every async test of before.txt twice ([asyncio] and [trio]), every other
   test once, all passing. When --check finds asyncio left,
   expected/trio.txt must not exist.

pytest is Debian's (python3-pytest, python3-pytest-asyncio, installed by
`scripts/setup --test`) and runs under --python (/usr/bin/python3), with
PYTHONPATH=<copy>:SITE, SITE holding anyio and trio (anyio's plugin is
found through its entry point).

--update rewrites the expected files from what happened, for review; the
invariants above (all passing, same tests) are still checked.

Exit status: 0 when everything matches; 1 on a mismatch (with a unified
diff) or when pytest is missing; 2 on a usage error.
"""

import argparse
import ast
import difflib
import os
import re
import shutil
import subprocess
import sys

TIMEOUT = 300
OUTCOME_LINE = re.compile(
    r"^(?P<id>\S+::\S.*?) (?P<outcome>PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)"
    r"(?: \(.*\))?\s+\[\s*\d+%\]$")
COLLECT_ERROR = re.compile(r"^_+ ERROR collecting (?P<path>\S+) _+$")
PYTEST_ARGS = ["-v", "-p", "no:cacheprovider", "--color=no", "--rootdir=.",
               "--confcutdir=."]
NO_PYTEST_ASYNCIO = ["-p", "no:asyncio"]
BACKENDS = ("asyncio", "trio")
GIT = ["git", "-c", "user.name=Project", "-c", "user.email=project@example.com",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


class Run:
    """One subprocess's outcome (returncode None: timed out)."""

    def __init__(self, argv, returncode, stdout, stderr):
        self.argv = argv
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def describe(self):
        if self.returncode is None:
            return "timed out after %d s" % TIMEOUT
        return "exit status %d" % self.returncode

    def transcript(self):
        return "$ %s\n(%s)\n--- stdout\n%s--- stderr\n%s" % (
            " ".join(self.argv), self.describe(), self.stdout, self.stderr)


def run(argv, cwd, env=None):
    try:
        proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        return Run(argv, None, (exc.stdout or b"").decode("utf-8", "replace"),
                   (exc.stderr or b"").decode("utf-8", "replace"))
    return Run(argv, proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"))


def unified(expected, actual, from_name, to_name):
    diff = difflib.unified_diff(expected.splitlines(keepends=True),
                                actual.splitlines(keepends=True),
                                fromfile=from_name, tofile=to_name)
    out = "".join(line if line.endswith("\n") else line + "\n\\ no newline\n"
                  for line in diff)
    return out or "(no textual difference; the bytes differ)\n"


class Report:
    def __init__(self, name):
        self.name = name
        self.failures = []
        self.migration = ""
        self.backends = ""

    def fail(self, title, body=""):
        self.failures.append((title, body))

    def emit(self):
        out = sys.stdout
        out.write("pytest_projects %s: %d check(s) failed\n"
                  % (self.name, len(self.failures)))
        for number, (title, body) in enumerate(self.failures, 1):
            out.write("\n=== %d. %s\n" % (number, title))
            if body:
                out.write(body if body.endswith("\n") else body + "\n")
        if self.migration:
            out.write("\n=== what the migration changed (git diff)\n%s"
                      % self.migration)
        if self.backends:
            out.write("\n=== the run that asked for both backends\n%s"
                      % self.backends)


# --- the suite's outcomes ---------------------------------------------------

def pytest_env(copy, site):
    env = dict(os.environ)
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD",
                 "PYTHONASYNCIODEBUG", "PYTHONSTARTUP", "PYTHONHOME"):
        env.pop(name, None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (copy, site) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    env["COLUMNS"] = "160"
    env["NO_COLOR"] = "1"
    return env


def outcomes(result):
    """The sorted `nodeid OUTCOME` lines of a `pytest -v` run; a module that
    does not import counts as `PATH COLLECT-ERROR`."""
    lines = []
    for line in result.stdout.splitlines():
        match = OUTCOME_LINE.match(line)
        if match:
            lines.append("%s %s" % (match.group("id"), match.group("outcome")))
            continue
        match = COLLECT_ERROR.match(line)
        if match:
            lines.append("%s COLLECT-ERROR" % match.group("path"))
    return "".join(line + "\n" for line in sorted(lines))


def parse_outcomes(text):
    pairs = []
    for line in text.splitlines():
        if line.strip():
            nodeid, _, outcome = line.rpartition(" ")
            pairs.append((nodeid, outcome))
    return pairs


def run_suite(python, copy, site, extra=()):
    return run([python, "-m", "pytest"] + PYTEST_ARGS + list(extra), copy,
               pytest_env(copy, site))


def pytest_missing(python):
    """Why pytest with pytest-asyncio cannot run under PYTHON, or None."""
    if not os.access(python, os.X_OK):
        return "%s not found" % python
    probe = run([python, "-c", "import pytest, pytest_asyncio"], "/")
    if probe.returncode != 0:
        return probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() \
            else probe.describe()
    return None


# --- expected files ---------------------------------------------------------

def read_text(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write_text(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def compare_text(report, expected_path, actual, what, update, context=""):
    """Compare ACTUAL with the file at EXPECTED_PATH (or write it)."""
    if update:
        write_text(expected_path, actual)
        return True
    if not os.path.isfile(expected_path):
        report.fail("%s: %s is missing (run with --update, then review it)"
                    % (what, expected_path), actual + context)
        return False
    expected = read_text(expected_path)
    if expected != actual:
        report.fail("%s differs from %s" % (what, expected_path),
                    unified(expected, actual, "expected", "actual") + context)
        return False
    return True


def tree_files(root, skip=()):
    """Every file under ROOT, relative, sorted (.git, __pycache__ and the
    SKIP top-level names left out)."""
    found = []
    for folder, dirs, files in os.walk(root):
        rel_folder = os.path.relpath(folder, root)
        dirs[:] = sorted(d for d in dirs if d not in (".git", "__pycache__") and
                         not (rel_folder == "." and d in skip))
        for name in files:
            rel = os.path.normpath(os.path.join(rel_folder, name))
            if rel not in skip:
                found.append(rel)
    return sorted(found)


def compare_tree(report, expected_root, actual_root, update):
    actual_files = tree_files(actual_root)
    if update:
        shutil.rmtree(expected_root, ignore_errors=True)
        for rel in actual_files:
            os.makedirs(os.path.dirname(os.path.join(expected_root, rel)),
                        exist_ok=True)
            shutil.copyfile(os.path.join(actual_root, rel),
                            os.path.join(expected_root, rel))
        return
    if not os.path.isdir(expected_root):
        report.fail("migrated tree: %s is missing (run with --update, then "
                    "review it)" % expected_root, "\n".join(actual_files))
        return
    expected_files = tree_files(expected_root)
    for rel in sorted(set(expected_files) - set(actual_files)):
        report.fail("migrated tree: %s is missing (expected/after/ has it)" % rel)
    for rel in sorted(set(actual_files) - set(expected_files)):
        report.fail("migrated tree: %s is not in expected/after/" % rel,
                    read_bytes_text(os.path.join(actual_root, rel)))
    for rel in sorted(set(actual_files) & set(expected_files)):
        expected = read_bytes_text(os.path.join(expected_root, rel))
        actual = read_bytes_text(os.path.join(actual_root, rel))
        if expected != actual:
            report.fail("migrated tree: %s differs from expected/after/" % rel,
                        unified(expected, actual, "expected/after/" + rel,
                                "migrated/" + rel))


def read_bytes_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "surrogateescape")


# --- invariants -------------------------------------------------------------

def check_all_pass(report, text, what, result):
    bad = ["%s %s" % pair for pair in parse_outcomes(text) if pair[1] != "PASSED"]
    context = "\n--- pytest output\n" + result.stdout + result.stderr
    if not text.strip():
        report.fail("%s: no test ran" % what, context)
    if bad:
        report.fail("%s: not every test passes" % what, "\n".join(bad) + context)


def check_same_tests(report, before, after, what):
    ids_before = [nodeid for nodeid, _ in parse_outcomes(before)]
    ids_after = [nodeid for nodeid, _ in parse_outcomes(after)]
    if ids_before != ids_after:
        report.fail("%s: not the tests that ran before the migration" % what,
                    unified("".join(i + "\n" for i in ids_before),
                            "".join(i + "\n" for i in ids_after),
                            "before", what))


def split_backend(nodeid):
    """(nodeid without the backend parameter, backend or None)."""
    match = re.match(r"^(?P<base>.*)\[(?P<params>[^\[\]]*)\]$", nodeid)
    if not match:
        return nodeid, None
    params = match.group("params").split("-")
    for backend in BACKENDS:
        if backend in params:
            params.remove(backend)
            rest = "-".join(params)
            return match.group("base") + ("[%s]" % rest if rest else ""), backend
    return nodeid, None


def is_async_test(root, nodeid):
    """Whether the test NODEID (path::[Class::]name[params]) is an async
    def, read from its source; None when it cannot be found."""
    parts = re.sub(r"\[.*\]$", "", nodeid).split("::")
    try:
        with open(os.path.join(root, parts[0]), encoding="utf-8") as f:
            body = ast.parse(f.read()).body
    except (OSError, SyntaxError):
        return None
    for name in parts[1:]:
        found = None
        for node in body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef,
                                 ast.AsyncFunctionDef)) and node.name == name:
                found = node
        if found is None:
            return None
        if name == parts[-1]:
            return isinstance(found, ast.AsyncFunctionDef)
        body = found.body
    return None


def check_both_backends(report, before, trio, root):
    """Every async test of BEFORE runs on asyncio and trio, every other one
    once."""
    runs = {}
    for nodeid, _ in parse_outcomes(trio):
        base, backend = split_backend(nodeid)
        runs.setdefault(base, []).append(backend)
    problems = []
    for nodeid, _ in parse_outcomes(before):
        got = sorted(runs.pop(nodeid, []), key=str)
        is_async = is_async_test(root, nodeid)
        want = sorted(BACKENDS) if is_async else [None]
        if got != want:
            problems.append("%s (%s test): ran %s, expected %s" % (
                nodeid, "async" if is_async else "sync",
                ", ".join(b or "once" for b in got) or "never",
                ", ".join(b or "once" for b in want)))
    for base in sorted(runs):
        problems.append("%s: ran, but not before the migration" % base)
    if problems:
        report.fail("trio.txt: not each async test once per backend and each "
                    "other test once", "\n".join(problems))


# --- the steps ----------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", help="tests/pytest_projects/<name>")
    parser.add_argument("--tool", required=True, help="the migrate_to_anyio binary")
    parser.add_argument("--pythonpath", default="", help="site folder with anyio and trio")
    parser.add_argument("--workdir", required=True,
                        help="scratch folder; DIR/<name> is recreated")
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="the Python with pytest and pytest-asyncio")
    parser.add_argument("--update", action="store_true",
                        help="rewrite PROJECT/expected/ from this run")
    return parser.parse_args(argv)


def make_copy(project, copy):
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project, copy, ignore=lambda folder, names: [
        n for n in names if n == "__pycache__" or
        (os.path.samefile(folder, project) and n == "expected")])
    for argv in (["init", "-q", "."], ["add", "-A"],
                 ["commit", "-q", "-m", "The project before the migration"]):
        result = run(GIT + argv, copy)
        if result.returncode != 0:
            return result
    return None


def commit_all(copy, message):
    for argv in (["add", "-A"], ["commit", "-q", "-m", message]):
        result = run(GIT + argv, copy)
        if result.returncode != 0:
            return result
    return None


def tool_transcript(result):
    return "exit status %s\n--- stdout\n%s--- stderr\n%s" % (
        "timeout" if result.returncode is None else result.returncode,
        result.stdout, result.stderr)


def suite_step(report, args, copy, site, expected_path, what, extra=(),
               update=None):
    """Run the suite; its outcomes must equal EXPECTED_PATH's (with --update,
    they are written there). Returns (outcomes, the pytest run)."""
    result = run_suite(args.python, copy, site, extra)
    got = outcomes(result)
    context = "\n--- pytest output\n" + result.stdout + result.stderr
    update = args.update if update is None else update
    same = compare_text(report, expected_path, got, what, update, context)
    if same and result.returncode not in (0, 1):
        report.fail("%s: pytest %s" % (what, result.describe()), result.transcript())
    return got, result


def migrated_suite_step(report, args, copy, site, expected_path, what):
    """The migrated suite runs on anyio's plugin alone (pytest-asyncio
    disabled, as once the project drops it), and again with pytest-asyncio
    loaded beside it (as while it is still installed): the same outcomes
    both times."""
    alone = suite_step(report, args, copy, site, expected_path,
                       what + " (pytest-asyncio disabled)", NO_PYTEST_ASYNCIO)
    suite_step(report, args, copy, site, expected_path,
               what + " (pytest-asyncio loaded)", update=False)
    return alone


def main(argv):
    args = parse_args(argv)
    project = os.path.abspath(args.project.rstrip("/"))
    name = os.path.basename(project)
    tool = os.path.abspath(args.tool)
    site = os.path.abspath(args.pythonpath) if args.pythonpath else ""
    expected = os.path.join(project, "expected")
    report = Report(name)

    if not os.access(tool, os.X_OK):
        sys.stderr.write("run_project: tool not executable: %s\n" % tool)
        return 2
    if not os.path.isdir(project):
        sys.stderr.write("run_project: no such project: %s\n" % project)
        return 2
    missing = pytest_missing(args.python)
    if missing:
        sys.stdout.write(
            "pytest_projects %s: CANNOT RUN: pytest with pytest-asyncio is not "
            "importable by %s (%s); install python3-pytest and "
            "python3-pytest-asyncio: scripts/setup --test\n"
            % (name, args.python, missing))
        return 1

    copy = os.path.join(os.path.abspath(args.workdir), name)
    failed = make_copy(project, copy)
    if failed:
        report.fail("cannot make the project's git repository", failed.transcript())
        report.emit()
        return 1

    # a. The suite under pytest-asyncio.
    before, before_run = suite_step(report, args, copy, site,
                                    os.path.join(expected, "before.txt"),
                                    "outcomes before the migration")
    check_all_pass(report, before, "before.txt", before_run)

    # b. The migration.
    migrated = run([tool, "--apply", "--unsafe-fixes", "--no-backup", "."], copy)
    compare_text(report, os.path.join(expected, "migrate.txt"),
                 tool_transcript(migrated), "the tool's output", args.update)
    compare_tree(report, os.path.join(expected, "after"), copy, args.update)
    report.migration = run(GIT + ["diff"], copy).stdout

    # c. The same suite on anyio's plugin.
    after, after_run = migrated_suite_step(
        report, args, copy, site, os.path.join(expected, "after.txt"),
        "outcomes after the migration")
    check_all_pass(report, after, "after.txt", after_run)
    check_same_tests(report, before, after, "after.txt")

    # d. Both backends, when nothing of asyncio is left.
    trio_path = os.path.join(expected, "trio.txt")
    checked = run([tool, "--check", "."], copy)
    if checked.returncode == 0:
        failed = commit_all(copy, "Migrated to anyio")
        backends = run([tool, "--apply", "--unsafe-fixes", "--test-backends",
                        "asyncio,trio", "--no-backup", "."], copy)
        report.backends = backends.transcript() + run(GIT + ["diff"], copy).stdout
        if failed or backends.returncode != 0:
            report.fail("--test-backends asyncio,trio failed",
                        (failed or backends).transcript())
        trio, trio_run = migrated_suite_step(
            report, args, copy, site, trio_path, "outcomes on both backends")
        check_all_pass(report, trio, "trio.txt", trio_run)
        check_both_backends(report, before, trio, copy)
    else:
        sys.stdout.write("pytest_projects %s: asyncio left after the migration "
                         "(no trio step):\n%s" % (name, checked.stdout))
        if args.update and os.path.exists(trio_path):
            os.remove(trio_path)
        elif os.path.exists(trio_path):
            report.fail("%s exists, but `--check .` finds asyncio left: %s"
                        % (trio_path, checked.describe()), checked.stdout)

    if report.failures:
        report.emit()
        return 1
    sys.stdout.write("pytest_projects %s: ok (%d tests%s)\n" % (
        name, len(parse_outcomes(before)),
        ", both backends" if checked.returncode == 0 else ", asyncio backend"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
