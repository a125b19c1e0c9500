#!/usr/bin/env python3
"""Differential semantic fuzzing of migrate_to_anyio.

    semfuzz.py run --tool TOOL --pythonpath SITE [--seeds A:B | --seconds N]
    semfuzz.py check --tool TOOL --pythonpath SITE FILE...
    semfuzz.py show SEED

`run` generates the programs of the seeds A to B-1 (or of new seeds, for N
seconds), runs each before and after migration (see runner.py), and
prints every failure with its seed, the original and the migrated program,
both traces, and a reproducer shrunk by delta debugging. `check` does the
same for hand-kept programs (the regressions). `show` prints a seed's
program. The runs go through a pool of --jobs processes; each program run
is one interpreter start.

Exit status: 0 when nothing failed, 1 when a program failed (or was
invalid, or the tool failed on it), 2 on a usage error.
"""

import argparse
import collections
import concurrent.futures
import difflib
import json
import os
import random
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import generator  # noqa: E402
import runner  # noqa: E402
import shrink  # noqa: E402

BAD = ("fail", "invalid", "tool-error")


def numbered(source):
    lines = source.splitlines()
    width = len(str(len(lines)))
    return "\n".join("%*d| %s" % (width, i + 1, line) for i, line in enumerate(lines))


def trace_diff(reference, run, backend):
    head = ""
    if run.returncode != 0:
        head = "(%s)\n" % run.describe()
    diff = difflib.unified_diff(reference.stdout.splitlines(True), run.stdout.splitlines(True),
                                "asyncio (original)", "anyio-" + backend)
    body = "".join(line if line.endswith("\n") else line + "\n" for line in diff)
    return head + (body or "(same stdout)\n") + (
        "--- stderr of anyio-%s\n%s" % (backend, run.stderr) if run.stderr.strip() else "")


def report(title, outcome, shrunk=None):
    out = ["", "=" * 72, "semfuzz FAILURE: %s (%s)" % (title, outcome.status)]
    if outcome.note:
        out.append(outcome.note.rstrip())
    if outcome.reference is not None and outcome.runs:
        for backend, run in outcome.runs:
            if run.trace() != outcome.reference.trace():
                out += ["--- trace difference on anyio's %s backend" % backend,
                        trace_diff(outcome.reference, run, backend).rstrip()]
    if outcome.left:
        out.append("--- left by the tool: %s" % ", ".join(sorted(set(outcome.left))))
    if shrunk is not None:
        small, small_outcome, tries = shrunk
        out += ["--- reproducer (shrunk in %d runs)" % tries, numbered(small),
                "--- reproducer, migrated", numbered(small_outcome.migrated)]
        if small_outcome.reference is not None:
            out += ["--- reproducer, trace under asyncio", small_outcome.reference.stdout.rstrip()]
            for backend, run in small_outcome.runs:
                out += ["--- reproducer, trace on anyio's %s backend (%s)"
                        % (backend, run.describe()), run.stdout.rstrip()]
    out += ["--- original program", numbered(outcome.source)]
    if outcome.migrated:
        out += ["--- migrated program", numbered(outcome.migrated)]
    if outcome.reference is not None:
        out += ["--- trace under asyncio (%s)" % outcome.reference.describe(),
                outcome.reference.stdout.rstrip()]
        for backend, run in outcome.runs:
            out += ["--- trace on anyio's %s backend (%s)" % (backend, run.describe()),
                    run.stdout.rstrip()]
    return "\n".join(out) + "\n"


def shrink_failure(program, outcome, args, unsafe):
    wanted = outcome.signature()

    def still_fails(source):
        again = runner.examine(source, args.tool, args.pythonpath, confirm=False,
                               unsafe=unsafe)
        return again.status == "fail" and again.signature() == wanted

    small, tries = shrink.shrink(program, still_fails, budget=args.shrink_budget)
    return small, runner.examine(small, args.tool, args.pythonpath, confirm=False,
                                 unsafe=unsafe), tries


def job_seed(seed, args):
    """Run in a worker: generate, examine, shrink a failure."""
    program = generator.generate(seed, include_known=args.include_known, only=args.pattern)
    source = program.render()
    # Odd seeds also take the unsafe fixes (the task groups), even seeds
    # the safe ones alone (a half-migrated file, asyncio beside anyio).
    unsafe = seed % 2 == 1
    outcome = runner.examine(source, args.tool, args.pythonpath, unsafe=unsafe)
    if unsafe:
        outcome.note = (outcome.note + " " if outcome.note else "") + "(--unsafe-fixes)"
    text = ""
    if outcome.status in BAD:
        shrunk = None
        if outcome.status == "fail" and args.shrink_budget > 0:
            shrunk = shrink_failure(program, outcome, args, unsafe)
            if args.out:
                os.makedirs(args.out, exist_ok=True)
                with open(os.path.join(args.out, "reproducer-%d.py" % seed), "w") as f:
                    f.write(shrunk[0])
        text = report("seed %d" % seed, outcome, shrunk)
    elif outcome.status == "flaky" and args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "flaky-%d.txt" % seed), "w") as f:
            f.write(report("seed %d" % seed, outcome))
    return seed, outcome.status, sorted(set(outcome.left)), program.tags(), text, outcome.note


def job_file(path, args):
    with open(path) as f:
        source = f.read()
    outcome = runner.examine(source, args.tool, args.pythonpath)
    text = report(path, outcome) if outcome.status in BAD else ""
    return path, outcome.status, sorted(set(outcome.left)), [], text, outcome.note


class Tally:
    def __init__(self):
        self.status = collections.Counter()
        self.left = collections.Counter()
        self.tags = collections.Counter()
        self.bad = []
        self.flaky = []
        self.stopped = False

    def add(self, key, status, left, tags, text, note):
        self.status[status] += 1
        self.left.update(left)
        self.tags.update(tags)
        if status in BAD:
            self.bad.append((key, status, text))
        elif status == "flaky":
            self.flaky.append((key, note))

    def total(self):
        return sum(self.status.values())

    def summary(self, seconds):
        total = self.total()
        full = self.status["full"]
        share = 100.0 * full / total if total else 0.0
        lines = ["semfuzz: %s%d programs in %.0f s: %d fully migrated (%.1f%%), %d half-migrated, "
                 "%d failed, %d invalid, %d tool errors, %d flaky"
                 % ("stopped after " if self.stopped else "", total, seconds, full, share, self.status["partial"], self.status["fail"],
                    self.status["invalid"], self.status["tool-error"], self.status["flaky"])]
        if self.left:
            lines.append("semfuzz: rules left something in: " + ", ".join(
                "%s %d" % (code, n) for code, n in sorted(self.left.items())))
        for key, note in self.flaky:
            lines.append("semfuzz: flaky: %s: %s" % (key, note))
        for key, status, _ in self.bad:
            lines.append("semfuzz: %s: %s" % (status, key))
        return "\n".join(lines)


def run_jobs(jobs, submit_more, args):
    """Run the jobs through a pool; submit_more() gives the next job or None.
    SIGTERM stops the submitting: the runs under way finish and count."""
    tally = Tally()

    def stop(signum, frame):
        tally.stopped = True

    signal.signal(signal.SIGTERM, stop)
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        pending = set()
        while True:
            while len(pending) < args.jobs * 2 and not tally.stopped:
                job = submit_more()
                if job is None:
                    break
                pending.add(pool.submit(*job))
            if not pending:
                break
            done, pending = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                key, status, left, tags, text, note = future.result()
                tally.add(key, status, left, tags, text, note)
                if text:
                    sys.stdout.write(text)
                    sys.stdout.flush()
                    save_failure(args, key, text)
    return tally


def save_failure(args, key, text):
    if not args.out:
        return
    os.makedirs(args.out, exist_ok=True)
    name = str(key) if isinstance(key, int) else os.path.basename(str(key))
    with open(os.path.join(args.out, "failure-%s.txt" % name), "w") as f:
        f.write(text)


def cmd_run(args):
    start = time.monotonic()
    if args.seconds is not None:
        first = args.start if args.start is not None else random.SystemRandom().randrange(10**9)
        deadline = start + args.seconds
        print("semfuzz: new seeds from %d for %d s" % (first, args.seconds), flush=True)
        counter = iter(range(first, first + 10**9))
        def more():
            if time.monotonic() >= deadline:
                return None
            return (job_seed, next(counter), args)
    else:
        if ":" in args.seeds:
            low, _, high = args.seeds.partition(":")
            seeds = iter(range(int(low), int(high)))
        else:
            seeds = iter(int(seed) for seed in args.seeds.split(","))
        def more():
            seed = next(seeds, None)
            return None if seed is None else (job_seed, seed, args)
    tally = run_jobs(None, more, args)
    seconds = time.monotonic() - start
    print(tally.summary(seconds))
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump({"programs": tally.total(), "seconds": round(seconds),
                       "status": dict(tally.status), "left": dict(tally.left),
                       "forms": dict(sorted(tally.tags.items())),
                       "failures": [k for k, _, _ in tally.bad],
                       "flaky": [k for k, _ in tally.flaky]}, f, indent=1, sort_keys=True)
    total = tally.total()
    print("%d passed, %d failed" % (total - len(tally.bad), len(tally.bad)))
    return 1 if tally.bad else 0


def cmd_check(args):
    start = time.monotonic()
    paths = []
    for path in args.files:
        if os.path.isdir(path):
            paths += sorted(os.path.join(path, name) for name in os.listdir(path)
                            if name.endswith(".py"))
        else:
            paths.append(path)
    files = iter(paths)
    def more():
        path = next(files, None)
        return None if path is None else (job_file, path, args)
    tally = run_jobs(None, more, args)
    print(tally.summary(time.monotonic() - start))
    print("%d passed, %d failed" % (tally.total() - len(tally.bad), len(tally.bad)))
    return 1 if tally.bad or tally.flaky else 0


def cmd_show(args):
    program = generator.generate(args.seed, include_known=args.include_known, only=args.pattern)
    sys.stdout.write(program.render())
    if args.tags:
        sys.stderr.write("\n".join(program.tags()) + "\n")
    return 0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, tool=True):
        if tool:
            p.add_argument("--tool", required=True, help="the migrate_to_anyio binary")
            p.add_argument("--pythonpath", default="", help="site folder with anyio and trio")
            p.add_argument("--jobs", type=int, default=2)
            p.add_argument("--out", default="", help="folder for the failure reports")
            p.add_argument("--shrink-budget", type=int, default=80,
                           help="most runs spent shrinking one failure (0: none)")
        p.add_argument("--include-known", action="store_true",
                       help="also draw the patterns of differences already recorded")
        p.add_argument("--pattern", action="append",
                       help="draw only this pattern (repeatable)")

    run = sub.add_parser("run", help="generate and run programs")
    common(run)
    run.add_argument("--seeds", default="0:250",
                     help="A:B, the seeds A to B-1, or a comma-separated list")
    run.add_argument("--seconds", type=int, help="run new seeds for this long instead")
    run.add_argument("--start", type=int, help="with --seconds: the first seed")
    run.add_argument("--stats", help="write figures as JSON here")
    check = sub.add_parser("check", help="run kept programs")
    common(check)
    check.add_argument("files", nargs="+", help="programs, or folders of them")
    show = sub.add_parser("show", help="print the program of a seed")
    common(show, tool=False)
    show.add_argument("seed", type=int)
    show.add_argument("--tags", action="store_true", help="also list its forms on stderr")
    args = parser.parse_args(argv)
    if hasattr(args, "tool"):
        args.tool = os.path.abspath(args.tool)
        args.pythonpath = os.pathsep.join(
            os.path.abspath(p) for p in args.pythonpath.split(os.pathsep) if p)
    return args


def main(argv):
    args = parse_args(argv)
    return {"run": cmd_run, "check": cmd_check, "show": cmd_show}[args.command](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
