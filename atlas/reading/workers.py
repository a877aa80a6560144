"""Run functions over many documents in worker processes, results in input order.

The workers are forked, so they share the parent's gazetteer, scanner and
geocoder (built once, before the fork) instead of building or copying them;
only each document and its result cross the process boundary. With one
worker, where ``fork`` does not exist, or inside a worker process (which may
not have children), the function runs in this process. The results are the
same either way: each call depends only on its argument and the state set
before the fork.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from typing import TypeVar

from atlas.common.heap import frozen

T = TypeVar("T")
R = TypeVar("R")

#: Environment variable: how many processes read documents (default: the usable cores, at most 8).
WORKERS_VARIABLE = "PILOT_ATLAS_READING_WORKERS"


def default_workers() -> int:
    """Processes to read with: ``$PILOT_ATLAS_READING_WORKERS``, else the usable cores (at most 8).

    Examples
    --------
    >>> default_workers() >= 1
    True
    """
    configured = os.environ.get(WORKERS_VARIABLE, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, 8))


def can_fork() -> bool:
    """True if worker processes can be forked from here (not from inside a daemonic worker)."""
    return "fork" in mp.get_all_start_methods() and not mp.current_process().daemon


class Workers:
    """Up to ``count`` forked worker processes, started when first needed and kept for every
    :meth:`map` until the ``with`` block ends.

    Examples
    --------
    >>> with Workers(1) as workers:
    ...     workers.map(abs, [-2, 1, -3])
    [2, 1, 3]
    """

    def __init__(self, count: int):
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
            self._frozen.close()

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[function(item) for item in items]``, spread over the workers.

        ``function`` must be a module-level function (it is sent by name) and its
        results picklable.
        """
        if min(self.count, len(items)) <= 1 or not can_fork():
            return [function(item) for item in items]
        if self._pool is None:
            self._frozen = ExitStack()  # the shared objects stay untouched by the workers' collector
            self._frozen.enter_context(frozen())
            self._pool = ProcessPoolExecutor(self.count, mp_context=mp.get_context("fork"))
        return list(self._pool.map(function, items))
