"""The pattern generators: importing this package registers them all.

To add a family of patterns, write a module here whose functions are
decorated with `@pattern(name, weight)` (see generator.py), and list it
below. A pattern writes one block: the forms a rule rewrites, and the
neighbours it must flag or leave alone.
"""

from patterns import nested, queues, sync, tasks, threads, timeouts  # noqa: F401
