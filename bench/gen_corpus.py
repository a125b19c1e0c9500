#!/usr/bin/env python3
"""Generated asyncio-heavy Python source for the benchmark and the scale test.

The programs of tests/e2e/programs/ are the material: each copy renames the
names a program defines at module level (functions, classes, globals) with a
suffix of its own, so no two generated files or chunks are identical, while
every copy keeps its program's asyncio uses.

    gen_corpus.py tree  --files N DIR        N small files, one program each
    gen_corpus.py tree  --bytes B DIR        as many files as make B bytes
    gen_corpus.py big   --lines N FILE       one module of at least N lines
    gen_corpus.py big   --rounds N FILE      one module of N rounds (every
                                             program once per round)
    gen_corpus.py stdlib SRC DIR             copy SRC's *.py files into DIR

Only the standard library is used; the output depends only on the programs
and the arguments.
"""
import argparse
import io
import keyword
import os
import shutil
import sys
import tokenize

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS = os.path.join(HERE, "..", "tests", "e2e", "programs")


def load_programs(folder):
    programs = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".py"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                programs.append((name[:-3], f.read()))
    if not programs:
        sys.exit(f"gen_corpus: no programs in {folder}")
    return programs


def module_level_names(source):
    """Names a program binds at module level by def, class or assignment."""
    names = set()
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL)]
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.NAME or tok.start[1] != 0:
            continue
        if tok.string == "async":
            i, tok = i + 1, tokens[i + 1]
        if tok.string in ("def", "class"):
            names.add(tokens[i + 1].string)
            continue
        # NAME = ..., NAME: T = ..., NAME, OTHER = ...
        targets = []
        for t in tokens[i:]:
            if t.type == tokenize.NAME and not keyword.iskeyword(t.string):
                targets.append(t.string)
            elif t.type == tokenize.OP and t.string == ",":
                continue
            elif t.type == tokenize.OP and t.string in ("=", ":"):
                names.update(targets)
                break
            else:
                break
    return names


def renamed(source, names, suffix):
    """source with every load or store of `names` (not attributes) suffixed;
    every other byte is kept as it was."""
    lines = source.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    pieces = []
    at = 0
    previous = None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if (tok.type == tokenize.NAME and tok.string in names
                and not (previous is not None and previous.string == ".")):
            end = starts[tok.end[0] - 1] + tok.end[1]
            pieces.append(source[at:end])
            pieces.append(suffix)
            at = end
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok
    pieces.append(source[at:])
    return "".join(pieces)


class Copier:
    def __init__(self, programs):
        self.programs = [(stem, text, module_level_names(text)) for stem, text in programs]

    def copy(self, index):
        """The index-th generated program: (stem, text)."""
        stem, text, names = self.programs[index % len(self.programs)]
        round_ = index // len(self.programs)
        return stem, renamed(text, names, f"_v{round_}")


def cmd_tree(args):
    copier = Copier(load_programs(args.programs))
    os.makedirs(args.dir, exist_ok=True)
    written = 0
    index = 0
    while True:
        if args.files is not None and index >= args.files:
            break
        if args.bytes is not None and written >= args.bytes:
            break
        stem, text = copier.copy(index)
        folder = os.path.join(args.dir, f"pkg{index // 500:03d}")
        os.makedirs(folder, exist_ok=True)
        data = text.encode("utf-8")
        with open(os.path.join(folder, f"{stem}_{index:05d}.py"), "wb") as f:
            f.write(data)
        written += len(data)
        index += 1
    print(f"{index} files, {written} bytes in {args.dir}")


def cmd_big(args):
    copier = Copier(load_programs(args.programs))
    lines = 0
    index = 0
    per_round = len(copier.programs)
    with open(args.file, "w", encoding="utf-8", newline="\n") as f:
        while (lines < args.lines if args.lines is not None
               else index < args.rounds * per_round):
            _, text = copier.copy(index)
            if not text.endswith("\n"):
                text += "\n"
            f.write(text)
            f.write("\n\n")
            lines += text.count("\n") + 2
            index += 1
    print(f"{index} programs, {lines} lines in {args.file}")


def cmd_stdlib(args):
    count = size = 0
    for root, dirs, files in os.walk(args.src):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "site-packages", "dist-packages"))
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            src = os.path.join(root, name)
            dst = os.path.join(args.dir, os.path.relpath(src, args.src))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(src, dst)
            count += 1
            size += os.path.getsize(dst)
    print(f"{count} files, {size} bytes copied from {args.src}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", default=PROGRAMS, help="folder of the source programs")
    sub = parser.add_subparsers(dest="command", required=True)
    tree = sub.add_parser("tree")
    amount = tree.add_mutually_exclusive_group(required=True)
    amount.add_argument("--files", type=int)
    amount.add_argument("--bytes", type=int)
    tree.add_argument("dir")
    big = sub.add_parser("big")
    size = big.add_mutually_exclusive_group(required=True)
    size.add_argument("--lines", type=int)
    size.add_argument("--rounds", type=int)
    big.add_argument("file")
    stdlib = sub.add_parser("stdlib")
    stdlib.add_argument("src")
    stdlib.add_argument("dir")
    args = parser.parse_args()
    {"tree": cmd_tree, "big": cmd_big, "stdlib": cmd_stdlib}[args.command](args)


if __name__ == "__main__":
    main()
