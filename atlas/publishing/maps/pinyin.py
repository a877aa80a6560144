"""Pinyin syllables of place names for the pages' search, kept in the cache folder between builds.

``pypinyin`` reads its phrase tables when imported (about 0.6 s of CPU, more
than the syllables of every name of a register take to work out), so the
syllables of each name are stored once worked out, per ``pypinyin`` version,
and a build whose names are all known never imports it. The answers are
``pypinyin.lazy_pinyin``'s, stored or not.
"""

from __future__ import annotations

from functools import lru_cache

from atlas.places.cache import digest, package_stamp, pickle_path, read_pickle, write_pickle

_known: dict[str, tuple[str, ...]] | None = None
_new: set[str] = set()  # names worked out in this process and not stored yet


@lru_cache(maxsize=1)
def _path():
    return pickle_path("pinyin", digest(package_stamp("pypinyin")))


def _stored() -> dict[str, tuple[str, ...]]:
    global _known
    if _known is None:
        _known = read_pickle(_path(), None) or {}
    return _known


def syllables(name: str) -> tuple[str, ...]:
    """``pypinyin.lazy_pinyin(name)`` as a tuple, from the store when known.

    Examples
    --------
    >>> syllables("重庆市")
    ('chong', 'qing', 'shi')
    """
    known = _stored()
    found = known.get(name)
    if found is None:
        from pypinyin import lazy_pinyin

        found = known[name] = tuple(lazy_pinyin(name))
        _new.add(name)
    return found


def store() -> None:
    """Add the names worked out in this process to the store (atomically; an unwritable cache costs only the time)."""
    if _new:
        write_pickle(_path(), dict(sorted(_stored().items())))
        _new.clear()
