"""Long-lived objects set aside from the garbage collector's full passes, in blocks that nest.

Before worker processes fork, freezing what they inherit (``gc.freeze``)
keeps their full collections from walking it and from touching its memory
pages (which then stay shared). ``gc.freeze`` does not nest by itself: one
``gc.unfreeze`` ends every freeze. :func:`frozen` blocks do nest: only the
outermost one unfreezes.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0


@contextmanager
def frozen() -> Iterator[None]:
    """Set aside what is alive now until the outermost ``frozen()`` block ends.

    Examples
    --------
    >>> with frozen():
    ...     with frozen():
    ...         pass
    ...     gc.get_freeze_count() > 0
    True
    """
    global _depth
    gc.freeze()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth:
            gc.unfreeze()


def set_aside() -> None:
    """Inside a :func:`frozen` block: set aside what is alive now too (e.g. data just loaded)."""
    if _depth:
        gc.freeze()
