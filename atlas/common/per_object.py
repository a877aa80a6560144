"""Values built once per object, held while the object lives.

Keyed by identity and held with a weak reference, for objects that compare by
value or cannot be hashed (a gazetteer): an index built from a gazetteer is built
once, and dropped when the gazetteer is.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any


class PerObject:
    """A cache of one value per live object.

    Examples
    --------
    >>> class Thing: pass
    >>> cache, thing = PerObject(), Thing()
    >>> cache.get(thing, lambda t: [1]) is cache.get(thing, lambda t: [2])
    True
    """

    def __init__(self) -> None:
        self._values: dict[int, tuple[weakref.ref, Any]] = {}

    def get(self, obj: object, build: Callable[[Any], Any]) -> Any:
        """The value for ``obj``, built by ``build(obj)`` the first time it is asked for."""
        cached = self._values.get(id(obj))
        if cached is not None and cached[0]() is obj:
            return cached[1]
        value = build(obj)
        for key in [k for k, (ref, _) in self._values.items() if ref() is None]:
            del self._values[key]
        self._values[id(obj)] = (weakref.ref(obj), value)
        return value
