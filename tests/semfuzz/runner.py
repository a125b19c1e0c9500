"""Run one program before and after migration and compare the traces.

1. The program runs under asyncio (python3 FILE); it must exit 0, else the
   program is invalid (a fault of the generator, reported as such).
2. A copy is migrated with `TOOL --apply --no-backup`, with
   `--unsafe-fixes` too when asked: the programs avoid the paths where an
   unsafe fix behaves differently (a failing task is the slowest one), so
   every rewrite must keep their traces.
3. `TOOL --check` on the copy: exit 0 means fully migrated, and the copy
   runs under anyio on the asyncio and the trio backend; exit 1 means
   something is left, and the half-migrated copy runs on anyio's asyncio
   backend (a half-migrated file must still run there).
4. Each run must exit 0 and print exactly the original's stdout. A
   difference is run again once, with the original, so that a difference
   that does not repeat is told apart (flaky) from a failure.

A run that takes longer than TIMEOUT is given LONG_TIMEOUT once more
before it counts as hanging: on a machine loaded far past its cores a
program of half a second can take half a minute.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BACKEND_RUNNER = os.path.join(os.path.dirname(HERE), "e2e", "backend_runner.py")
EXIT_NO_ANYIO_RUN = 3
TIMEOUT = 30
LONG_TIMEOUT = 240
CODE = re.compile(r": (ANY\d+) ")


def make_env(pythonpath):
    env = dict(os.environ)
    parts = [p for p in (pythonpath, env.get("PYTHONPATH", "")) if p]
    env["PYTHONPATH"] = os.pathsep.join(parts)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONASYNCIODEBUG", None)
    env.pop("PYTHONDEVMODE", None)
    return env


class Run:
    """One subprocess: returncode None when it timed out."""

    def __init__(self, argv, env, cwd, timeout=TIMEOUT):
        self.timeout = timeout
        try:
            proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=env, cwd=cwd, timeout=timeout)
            self.returncode = proc.returncode
            self.stdout = proc.stdout.decode("utf-8", "replace")
            self.stderr = proc.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired as exc:
            self.returncode = None
            self.stdout = (exc.stdout or b"").decode("utf-8", "replace")
            self.stderr = (exc.stderr or b"").decode("utf-8", "replace")

    def trace(self):
        """What is compared: the exit status and stdout."""
        return (self.returncode, self.stdout)

    def describe(self):
        if self.returncode is None:
            return "timed out after %d s" % self.timeout
        return "exit status %d" % self.returncode


class Outcome:
    """What became of one program.

    status: "full" (fully migrated, same trace on both backends), "partial"
    (something left, same trace on anyio's asyncio backend), "invalid"
    (the original does not run cleanly), "tool-error" (--apply failed),
    "flaky" (a difference that did not repeat), "fail".
    """

    def __init__(self, status, source, migrated="", reference=None, runs=(),
                 left=(), note=""):
        self.status = status
        self.source = source
        self.migrated = migrated
        self.reference = reference
        self.runs = list(runs)  # (backend, Run), the differing ones first
        self.left = list(left)  # rule codes --check reports
        self.note = note

    def signature(self):
        """What a shrunk program must keep to count as the same failure."""
        return (self.status, tuple(sorted(b for b, r in self.runs if r.trace() != self.reference.trace())))


def python():
    return sys.executable or "python3"


def patient_run(argv, env, cwd):
    result = Run(argv, env, cwd)
    if result.returncode is None:
        result = Run(argv, env, cwd, timeout=LONG_TIMEOUT)
    return result


def run_backend(backend, path, env, cwd, partial):
    result = patient_run([python(), BACKEND_RUNNER, backend, path], env, cwd)
    # A half-migrated program may still start its loop with asyncio.run.
    if partial and result.returncode == EXIT_NO_ANYIO_RUN:
        result.returncode = 0
        result.stderr = ""
    return result


def examine(source, tool, pythonpath, confirm=True, unsafe=False):
    env = make_env(pythonpath)
    folder = tempfile.mkdtemp(prefix="semfuzz-")
    try:
        return _examine(source, tool, env, folder, confirm, unsafe)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _examine(source, tool, env, folder, confirm, unsafe):
    original = os.path.join(folder, "original.py")
    migrated_dir = os.path.join(folder, "migrated")
    os.makedirs(migrated_dir)
    migrated = os.path.join(migrated_dir, "original.py")
    with open(original, "w") as f:
        f.write(source)
    shutil.copyfile(original, migrated)

    reference = patient_run([python(), original], env, folder)
    if reference.returncode != 0:
        return Outcome("invalid", source, reference=reference,
                       note="the original: %s\n%s" % (reference.describe(), reference.stderr))

    applied = Run([tool, "--apply", "--no-backup", "-q"]
                  + (["--unsafe-fixes"] if unsafe else []) + [migrated], env, folder)
    with open(migrated) as f:
        new_source = f.read()
    if applied.returncode != 0:
        return Outcome("tool-error", source, new_source, reference,
                       note="--apply: %s\n%s" % (applied.describe(), applied.stderr))
    checked = Run([tool, "--check", "-q", migrated], env, folder)
    if checked.returncode not in (0, 1):
        return Outcome("tool-error", source, new_source, reference,
                       note="--check: %s\n%s" % (checked.describe(), checked.stderr))
    partial = checked.returncode == 1
    left = CODE.findall(checked.stdout)
    backends = ("asyncio",) if partial else ("asyncio", "trio")

    runs = [(b, run_backend(b, migrated, env, migrated_dir, partial)) for b in backends]
    differing = [(b, r) for b, r in runs if r.trace() != reference.trace()]
    if not differing:
        return Outcome("partial" if partial else "full", source, new_source, reference,
                       runs, left)
    if confirm:
        # Once more: the original, then each differing backend.
        again = patient_run([python(), original], env, folder)
        if again.trace() != reference.trace():
            return Outcome("flaky", source, new_source, reference, runs, left,
                           note="the original printed differently on a second run")
        for backend, first in differing:
            second = run_backend(backend, migrated, env, migrated_dir, partial)
            if second.trace() != first.trace():
                return Outcome("flaky", source, new_source, reference, runs, left,
                               note="anyio's %s backend printed differently on a second run"
                               % backend)
    runs = differing + [(b, r) for b, r in runs if (b, r) not in differing]
    return Outcome("fail", source, new_source, reference, runs, left,
                   note="half-migrated" if partial else "fully migrated")
