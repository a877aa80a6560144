"""Run numeric work on slices of an array in a few threads.

numpy ufuncs, GEOS (shapely) and PROJ (pyproj) release the GIL, so threads
use every core without copying data to other processes; slices small enough
to stay in the CPU cache also make each pass faster and bound the memory of
the temporaries. Every slice is computed by the same code as the whole array
would be, so results are identical, only their order of computation differs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np

T = TypeVar("T")
R = TypeVar("R")

#: At most this many threads, whatever the machine.
MAX_THREADS = 8


def thread_count() -> int:
    """The number of cores this process may use (at most :data:`MAX_THREADS`).

    Examples
    --------
    >>> 1 <= thread_count() <= MAX_THREADS
    True
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_THREADS))


def slices(length: int, size: int) -> list[slice]:
    """Consecutive slices of at most ``size`` items covering ``range(length)``.

    Examples
    --------
    >>> slices(5, 2)
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    >>> slices(0, 2)
    []
    """
    return [slice(start, min(start + size, length)) for start in range(0, length, size)]


def thread_map(func: Callable[[T], R], items: Iterable[T], threads: int | None = None) -> Iterator[R]:
    """``map(func, items)`` in a pool of threads; results in the order of ``items``.

    Examples
    --------
    >>> list(thread_map(abs, [-1, 2, -3]))
    [1, 2, 3]
    """
    items = items if isinstance(items, Sequence) else list(items)
    threads = min(threads or thread_count(), len(items))
    if threads <= 1:
        return map(func, items)
    with ThreadPoolExecutor(threads) as pool:
        return iter(list(pool.map(func, items)))


def over_slices(func: Callable[[np.ndarray], np.ndarray], array: np.ndarray, size: int,
                threads: int | None = None) -> np.ndarray:
    """``func(array)`` computed on slices of ``size`` items in threads, for an element-wise ``func``.

    Examples
    --------
    >>> over_slices(np.sqrt, np.array([1.0, 4.0, 9.0]), 2).tolist()
    [1.0, 2.0, 3.0]
    """
    if len(array) <= size:
        return func(array)
    return np.concatenate(list(thread_map(lambda part: func(array[part]), slices(len(array), size), threads)))
