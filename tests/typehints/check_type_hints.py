#!/usr/bin/env python3
"""A real package still imports, and its annotations still resolve, after
the migration.

    check_type_hints.py --tool TOOL --pythonpath SITE --corpus DIR
                        --workdir DIR PACKAGE...

For each PACKAGE of the corpus (scripts/fetch-corpus), a copy is migrated
with `TOOL --apply --no-backup`; then, in the original and in the copy, every
module of the package is imported and typing.get_type_hints() runs on every
function, method and class it defines. A failure the original does not have
(an import that fails, a NameError from a string annotation whose import was
removed, ...) fails the check. SITE holds anyio (the migrated code imports
it), and is on the path for both.

Exit status: 0 when every package passes, 1 when one fails, 2 on a usage
error.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

TIMEOUT = 120

# Runs in a fresh interpreter with the package's folder first on the path:
# prints {"modules": n, "objects": n, "failures": [[where, error], ...]}.
PROBE = r'''
import importlib, inspect, json, pkgutil, sys, typing, warnings
warnings.simplefilter("ignore")
package = sys.argv[1]
failures, objects, modules = [], 0, 0

def hints(where, obj):
    global objects
    objects += 1
    try:
        typing.get_type_hints(obj)
    except Exception as exc:
        failures.append([where, type(exc).__name__ + ": " + str(exc)])

def module_names():
    root = importlib.import_module(package)
    yield package
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        yield info.name

def members(module):
    for name, obj in sorted(vars(module).items()):
        if getattr(obj, "__module__", None) != module.__name__:
            continue
        if inspect.isclass(obj):
            yield name, obj
            for attr, member in sorted(vars(obj).items()):
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if inspect.isfunction(member):
                    yield name + "." + attr, member
        elif inspect.isfunction(obj):
            yield name, obj

names = []
try:
    names = list(module_names())
except Exception as exc:
    failures.append([package, "import: " + type(exc).__name__ + ": " + str(exc)])
for name in names:
    try:
        module = importlib.import_module(name)
    except Exception as exc:
        failures.append([name, "import: " + type(exc).__name__ + ": " + str(exc)])
        continue
    modules += 1
    for where, obj in members(module):
        hints(name + ":" + where, obj)
print(json.dumps({"modules": modules, "objects": objects, "failures": failures}))
'''


def probe(folder, package, pythonpath):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (folder, pythonpath) if p)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run([sys.executable, "-c", PROBE, package], env=env,
                            cwd=folder, capture_output=True, timeout=TIMEOUT)
    if result.returncode != 0:
        raise RuntimeError("the probe failed in %s:\n%s" % (folder, result.stderr.decode()))
    return json.loads(result.stdout.decode().splitlines()[-1])


def check(args, package):
    source = os.path.join(args.corpus, package)
    if not os.path.isdir(source):
        print("type hints %s: not in the corpus %s" % (package, args.corpus))
        return False
    work = os.path.join(os.path.abspath(args.workdir), package)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    original, migrated = os.path.join(work, "original"), os.path.join(work, "migrated")
    shutil.copytree(source, os.path.join(original, package))
    shutil.copytree(source, os.path.join(migrated, package))
    applied = subprocess.run([args.tool, "--apply", "--no-backup", "-q",
                              os.path.join(migrated, package)],
                             capture_output=True, timeout=TIMEOUT)
    if applied.returncode not in (0, 1):
        print("type hints %s: --apply failed (%d):\n%s"
              % (package, applied.returncode, applied.stderr.decode()))
        return False
    before = probe(original, package, args.pythonpath)
    after = probe(migrated, package, args.pythonpath)
    known = {tuple(f) for f in before["failures"]}
    new = [f for f in after["failures"] if tuple(f) not in known]
    if new or after["modules"] != before["modules"]:
        print("type hints %s: %d failure(s) the original does not have "
              "(%d of %d modules imported):" % (package, len(new), after["modules"],
                                                before["modules"]))
        for where, error in new:
            print("  %s: %s" % (where, error))
        return False
    print("type hints %s: ok (%d modules, %d functions, methods and classes; "
          "%d failure(s) the original has too)"
          % (package, after["modules"], after["objects"], len(after["failures"])))
    return True


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tool", required=True)
    parser.add_argument("--pythonpath", default="")
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("packages", nargs="+")
    args = parser.parse_args(argv)
    results = [check(args, package) for package in args.packages]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
