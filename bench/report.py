#!/usr/bin/env python3
"""Turns bench/run's results into Markdown: times, rates, ratios, memory,
scaling.

    report.py RESULTS_DIR JOBS
"""
import json
import os
import re
import sys


def load(results, name):
    path = os.path.join(results, name + ".json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def seconds(r):
    return f"{r['mean']:.2f} ± {r['stddev'] or 0:.2f} s"


def table(results, name, jobs):
    """Prints the timing table of one corpus; returns its results."""
    with open(os.path.join(results, name + ".txt")) as f:
        m = re.search(r"(\d+) files read, (\d+) parsed; (\d+) bytes read, (\d+) parsed",
                      f.read())
    files, asyncio_files, size, asyncio_size = map(int, m.groups())
    print(f"Corpus: {files} files, {size / 1e6:.1f} MB; {asyncio_files} files "
          f"({asyncio_size / 1e6:.1f} MB) contain `asyncio`.\n")

    corpus = load(results, name)
    parse = {"1": corpus.get("parse asyncio --jobs 1"),
             jobs: corpus.get(f"parse asyncio --jobs {jobs}")}
    peer = {"1": corpus.get("ast-grep --threads 1"),
            jobs: corpus.get(f"ast-grep --threads {jobs}")}
    print("| command | time | CPU (user + sys) | files/s | MB/s | / parse-only (asyncio files) | / ast-grep |")
    print("|---|---|---|---|---|---|---|")
    for command, r in corpus.items():
        threads = command.rsplit(" ", 1)[-1]
        mean = r["mean"]
        ratio_parse = ratio_peer = ""
        if command.startswith(("check", "dry run")) and parse[threads] and peer[threads]:
            ratio_parse = f"{mean / parse[threads]['mean']:.2f}"
            ratio_peer = f"{mean / peer[threads]['mean']:.2f}"
        cpu = r["user"] + r["system"]
        print(f"| `{command}` | {seconds(r)} | {cpu:.2f} s | {files / mean:,.0f} | "
              f"{size / 1e6 / mean:.1f} | {ratio_parse} | {ratio_peer} |")
    return corpus


def main():
    results, jobs = sys.argv[1], sys.argv[2]
    with open(os.path.join(results, "versions.txt")) as f:
        print("```\n" + f.read().rstrip() + "\n```\n")
    corpus = table(results, "corpus", jobs)
    one = corpus.get(f"check --jobs 1"), corpus.get(f"check --jobs {jobs}")
    if all(one):
        print(f"\n`--jobs {jobs}` is {one[0]['mean'] / one[1]['mean']:.2f}x "
              f"faster than `--jobs 1` (`--check`).")

    if load(results, "installed"):
        print("\nThe installed corpus:\n")
        table(results, "installed", jobs)

    if load(results, "real"):
        print("\nThe real-code corpus (scripts/fetch-corpus):\n")
        table(results, "real", jobs)

    single = load(results, "one")
    if single:
        print("\n| one file | time |\n|---|---|")
        for name, r in single.items():
            print(f"| {name} | {r['mean'] * 1000:.1f} ± "
                  f"{(r['stddev'] or 0) * 1000:.1f} ms |")

    print("\n| peak memory | maximum resident set size |\n|---|---|")
    with open(os.path.join(results, "memory.tsv")) as f:
        for line in f:
            name, kb = line.rstrip("\n").split("\t")
            print(f"| `{name}` | {int(kb) / 1024:.1f} MB |" if kb else f"| `{name}` | ? |")

    reparse = os.path.join(results, "reparse.txt")
    if os.path.exists(reparse):
        with open(reparse) as f:
            lines = f.read().strip().splitlines()
        print("\nIncremental re-parse after a one-word edit "
              "(`parse_only --asyncio-only --reparse`, one thread):\n")
        print("```\n" + "\n".join(lines) + "\n```")

    scaling = load(results, "scaling")
    if scaling:
        print("\n| corpus | time | per 1x |\n|---|---|---|")
        base = None
        for name, r in scaling.items():
            k = int(re.search(r"(\d+)x", name).group(1))
            base = base or r["mean"] / k
            print(f"| {k}x | {r['mean']:.2f} s | {r['mean'] / k / base:.2f} |")


if __name__ == "__main__":
    main()
