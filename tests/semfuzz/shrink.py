"""Shrink a failing program by delta debugging: first over its blocks,
then over the statements of what is left (module-level helpers and the
statements of each block's body). A candidate counts when the original
still runs cleanly and the same backends still differ."""


def ddmin(items, interesting):
    """A 1-minimal sublist of items for which interesting(sublist) holds
    (Zeller's ddmin, complements first); interesting(items) must hold."""
    items = list(items)
    granularity = 2
    while len(items) >= 2:
        chunk = max(1, len(items) // granularity)
        subsets = [items[i:i + chunk] for i in range(0, len(items), chunk)]
        reduced = False
        for index in range(len(subsets)):
            complement = [x for j, s in enumerate(subsets) if j != index for x in s]
            if interesting(complement):
                items = complement
                granularity = max(granularity - 1, 2)
                reduced = True
                break
        if not reduced:
            for subset in subsets:
                if len(subset) < len(items) and interesting(subset):
                    items = subset
                    granularity = 2
                    reduced = True
                    break
        if not reduced:
            if granularity >= len(items):
                break
            granularity = min(len(items), granularity * 2)
    if len(items) == 1 and interesting([]):
        return []
    return items


def shrink(program, still_fails, budget=80):
    """The smallest source found that still fails; still_fails(source)
    runs a candidate. At most `budget` candidates are run."""
    calls = {"n": 0}
    cache = {}

    def test(source):
        if source in cache:
            return cache[source]
        if calls["n"] >= budget:
            return False
        calls["n"] += 1
        cache[source] = still_fails(source)
        return cache[source]

    keep = ddmin(range(len(program.blocks)),
                 lambda subset: bool(subset) and test(program.render(keep=list(subset))))
    units = [(i, part, u) for i in keep
             for part in ("helpers", "body")
             for u in range(len(getattr(program.blocks[i], part)))]

    def without(dropped_set):
        return program.render(keep=keep, drop_units=dropped_set)

    # ddmin over the units to keep: a unit not kept is dropped.
    kept_units = ddmin(units, lambda subset: test(without(set(units) - set(subset))))
    return without(set(units) - set(kept_units)), calls["n"]
