"""An attribute of a library replaced for the length of a block (a fast path switched on where it is used)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def replaced(owner: object, name: str, value: object) -> Iterator[None]:
    """Set ``owner.name`` to ``value`` inside the block; what it was before afterwards, even on an error.

    Examples
    --------
    >>> import math
    >>> with replaced(math, "tau", 6):
    ...     math.tau
    6
    >>> round(math.tau, 2)
    6.28
    """
    before = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, before)
