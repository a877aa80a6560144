"""Run one function over many documents in worker processes, results in input order.

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
from typing import TypeVar

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


def ordered_map(function: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``[function(item) for item in items]``, spread over ``workers`` forked processes.

    ``function`` must be a module-level function (it is sent by name) and its
    results picklable.

    Examples
    --------
    >>> ordered_map(abs, [-2, 1, -3], workers=1)
    [2, 1, 3]
    """
    workers = min(workers, len(items))
    if workers <= 1 or not can_fork():
        return [function(item) for item in items]
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        return list(pool.map(function, items))
