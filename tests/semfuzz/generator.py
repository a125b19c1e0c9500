"""Random but deterministic asyncio programs, composed from patterns.

A program is a list of blocks. Each block is one pattern: module-level
helpers (functions, classes, imports) and the body of an `async def bN()`
that `main()` awaits in turn, inside a `try` that prints what escapes. The
blocks never run at the same time, so each block's trace depends only on
its own code.

A pattern is a function registered with `@pattern(...)`: it receives a
Block and writes code into it, choosing among the forms the rules rewrite
and their neighbours (forms a rule must flag, or leave alone) with the
block's random generator. Adding a pattern is adding one such function to a
module of patterns/ (see patterns/__init__.py).

Traces must not depend on scheduling ties: events that must be ordered are
separated by distinct sleeps at least 30 ms apart (Block.slots), and where
the order is free the program prints a sorted collection. A seed gives the
same program on every run and every machine (no set or dict iteration
order, no hashing, no clock reaches the generator).
"""

import random

# One slot of the timeline, in hundredths of a second: events that must be
# ordered are at least three slots (30 ms) apart, so that a process kept
# off the CPU for a while on a loaded machine still sees them in order.
SLOT = 0.01

HEADER = '''\
def leaves(exc):
    """The names of the exceptions inside exc, groups flattened."""
    if isinstance(exc, BaseExceptionGroup):
        return sorted({name for inner in exc.exceptions for name in leaves(inner)})
    return [type(exc).__name__]
'''

_REGISTRY = []


class Pattern:
    """A registered pattern generator."""

    def __init__(self, name, func, weight, known_issue, neighbour):
        self.name = name
        self.func = func
        self.weight = weight
        # Only forms the rules must flag: not drawn for clean programs.
        self.neighbour = neighbour
        # A pattern whose neighbour exposes a difference already recorded
        # (see docs/semfuzz.md) runs only when asked for by name.
        self.known_issue = known_issue


def pattern(name, weight=1, known_issue=None, neighbour=False):
    """Register func(block) as the pattern `name` (drawn with `weight`);
    `neighbour`: it writes only forms a rule must flag."""

    def register(func):
        _REGISTRY.append(Pattern(name, func, weight, known_issue, neighbour))
        return func

    return register


def patterns(include_known=False):
    import patterns as _loaded  # noqa: F401  (registers them)

    return [p for p in _REGISTRY if include_known or not p.known_issue]


def indent(text, levels=1):
    pad = "    " * levels
    return "\n".join(pad + line if line else line for line in text.split("\n"))


class Block:
    """One pattern's code: helpers at module level and a body in bN()."""

    def __init__(self, index, rng, module, clean=False):
        self.name = "b%d" % index
        self.rng = rng
        # A clean block draws only forms the rules rewrite, so that whole
        # programs migrate and run on trio too.
        self.clean = clean
        self.A = module  # how the program names asyncio: asyncio or aio
        self.helpers = []  # module-level statements, each removable
        self.body = []  # statements of bN(), each removable
        self.imports = []  # extra import lines this block needs
        self.tags = []  # the forms drawn, for the coverage report

    # Random choices, recorded as tags. `neighbours` are the forms a rule
    # must flag or leave alone: left out of clean blocks.
    def choose(self, label, options, neighbours=()):
        pool = list(options) + ([] if self.clean else list(neighbours))
        value = self.rng.choice(pool)
        self.tags.append("%s=%s" % (label, value))
        return value

    def chance(self, label, p, neighbour=False):
        value = self.rng.random() < p
        if neighbour and self.clean:
            value = False
        if value:
            self.tags.append(label)
        return value

    def slots(self, count, low=2, high=14):
        """`count` distinct slot numbers, 30 ms apart, shuffled."""
        pool = list(range(low, high + 1, 3))
        assert count <= len(pool), (count, low, high)
        return self.rng.sample(pool, count)

    def helper_name(self, stem):
        return "%s_%s" % (self.name, stem)

    def needs(self, line):
        if line not in self.imports:
            self.imports.append(line)

    def add_helper(self, code):
        self.helpers.append(code.strip("\n"))

    def add(self, code):
        self.body.append(code.strip("\n"))

    def say(self, *parts):
        """A print statement tagged with the block name."""
        return "print(%s)" % ", ".join(['"%s"' % self.name] + list(parts))


class Program:
    def __init__(self, seed, module, import_line, run_form, blocks):
        self.seed = seed
        self.module = module
        self.import_line = import_line
        self.run_form = run_form
        self.blocks = blocks

    def tags(self):
        out = ["run=" + self.run_form]
        for block in self.blocks:
            out.extend(block.tags)
        return out

    def render(self, keep=None, drop_units=()):
        """The source; `keep` lists the blocks kept, `drop_units` holds
        (block index, "helpers"|"body", unit index) left out."""
        blocks = self.blocks if keep is None else [self.blocks[i] for i in keep]
        dropped = set(drop_units)
        out = ['"""A generated asyncio program (semfuzz seed %d)."""' % self.seed,
               self.import_line]
        imports = []
        for block in blocks:
            for line in block.imports:
                if line not in imports:
                    imports.append(line)
        out.extend(imports)
        out.append("")
        out.append("")
        out.append(HEADER)
        for index, block in enumerate(self.blocks):
            if block not in blocks:
                continue
            for unit, code in enumerate(block.helpers):
                if (index, "helpers", unit) in dropped:
                    continue
                out.append("")
                out.append(code)
                out.append("")
            body = [code for unit, code in enumerate(block.body)
                    if (index, "body", unit) not in dropped]
            out.append("")
            out.append("async def %s():" % block.name)
            out.append(indent("\n".join(body) if body else "pass"))
            out.append("")
        out.append("")
        if self.run_form == "run-args":
            out.append('async def main(tag, repeat=1):')
            out.append('    print("main", tag, repeat)')
        else:
            out.append("async def main():")
            if not blocks:
                out.append("    pass")
        for block in blocks:
            out.append("    try:")
            out.append("        await %s()" % block.name)
            out.append("    except Exception as exc:")
            out.append('        print("%s escaped:", leaves(exc))' % block.name)
        out.append("")
        out.append("")
        out.append(run_code(self.run_form, self.module))
        return "\n".join(out) + "\n"


def run_code(form, A):
    if form == "run":
        return "%s.run(main())" % A
    if form == "run-main-guard":
        return 'if __name__ == "__main__":\n    %s.run(main())' % A
    if form == "run-args":
        return '%s.run(main("go", repeat=2))' % A
    if form == "run-debug-false":
        return "%s.run(main(), debug=False)" % A
    if form == "new-event-loop":
        return ("loop = %s.new_event_loop()\n"
                "try:\n"
                "    loop.run_until_complete(main())\n"
                "finally:\n"
                "    loop.close()" % A)
    raise ValueError(form)


RUN_FORMS = ["run", "run", "run", "run-main-guard", "run-debug-false", "run-args",
             "new-event-loop"]


def generate(seed, include_known=False, only=None, blocks=None):
    """The program of `seed`; `only` restricts the patterns drawn."""
    rng = random.Random(seed)
    available = patterns(include_known)
    if only:
        available = [p for p in available if p.name in only]
        if not available:
            raise ValueError("no pattern named %s" % ", ".join(only))
    module, import_line = rng.choice([
        ("asyncio", "import asyncio"),
        ("asyncio", "import asyncio"),
        ("aio", "import asyncio as aio"),
    ])
    run_form = rng.choice(RUN_FORMS)
    count = blocks if blocks is not None else rng.randint(2, 5)
    clean = rng.random() < 0.5
    if clean and not only:
        available = [p for p in available if not p.neighbour]
    weights = [p.weight for p in available]
    made = []
    for index in range(count):
        chosen = rng.choices(available, weights)[0]
        # Each block draws from its own generator, seeded from the
        # program's: a block's code does not depend on the others.
        block = Block(index, random.Random(rng.getrandbits(64)), module, clean)
        block.tags.append("pattern=" + chosen.name)
        if clean:
            block.tags.append("clean")
        chosen.func(block)
        made.append(block)
    return Program(seed, module, import_line, run_form, made)
