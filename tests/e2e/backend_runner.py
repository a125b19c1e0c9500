"""Run a Python program with anyio.run defaulting to a chosen backend.

Usage: backend_runner.py BACKEND FILE [ARG...]

BACKEND is "asyncio" or "trio". Every call to anyio.run made by FILE that
does not name a backend itself runs on BACKEND; calls that do name one are
left alone. The program runs as __main__ with sys.argv set to FILE ARG...,
exactly as `python3 FILE ARG...` would run it.

Inside each run the coroutine function first checks that the event loop
really is BACKEND. If FILE never calls anyio.run, this runner exits with
status 3: a program that bypasses anyio would otherwise pass unnoticed.
"""

import functools
import os
import runpy
import sys

BACKENDS = ("asyncio", "trio")
EXIT_NO_ANYIO_RUN = 3


def install(backend):
    """Wrap anyio.run; return a dict counting the calls that were made."""
    import importlib

    import anyio
    import sniffio

    # anyio imports a backend's module at its first call. A half-migrated
    # program that calls anyio (anyio.sleep) inside a loop it did not start
    # with anyio.run would pay that import (tens of milliseconds on a loaded
    # machine) inside its own timing, in front of its deadlines.
    importlib.import_module("anyio._backends._" + backend)

    original_run = anyio.run
    stats = {"calls": 0}

    @functools.wraps(original_run)
    def run(func, *args, **kwargs):
        stats["calls"] += 1
        if "backend" in kwargs:
            return original_run(func, *args, **kwargs)
        kwargs["backend"] = backend

        async def checked(*inner_args):
            actual = sniffio.current_async_library()
            if actual != backend:
                raise RuntimeError(
                    "backend_runner: expected the %s backend, running on %s"
                    % (backend, actual)
                )
            return await func(*inner_args)

        return original_run(checked, *args, **kwargs)

    anyio.run = run
    return stats


def main(argv):
    if len(argv) < 3 or argv[1] not in BACKENDS:
        sys.stderr.write(
            "usage: %s {%s} FILE [ARG...]\n" % (argv[0], "|".join(BACKENDS))
        )
        return 2
    backend, path = argv[1], argv[2]
    stats = install(backend)

    sys.argv = [path] + argv[3:]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    runpy.run_path(path, run_name="__main__")

    if stats["calls"] == 0:
        sys.stdout.flush()
        sys.stderr.write("backend_runner: %s never called anyio.run\n" % path)
        return EXIT_NO_ANYIO_RUN
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
