"""Pinyin syllables of place names for the pages' search, kept in the cache folder between builds.

``pypinyin`` reads its phrase tables when imported (about 0.6 s of CPU, more
than the syllables of every name of a register take to work out), so the
syllables of each name are stored once worked out, per ``pypinyin`` version,
and a build whose names are all known never imports it. The answers are
``pypinyin.lazy_pinyin``'s, stored or not.
"""

from __future__ import annotations

from functools import lru_cache

from atlas.places.cache import cache_dir, digest, package_stamp

_known: dict[str, tuple[str, ...]] | None = None
_new: dict[str, tuple[str, ...]] = {}  # worked out in this process and not stored yet


@lru_cache(maxsize=1)
def _path():
    return cache_dir() / f"pinyin-{digest(package_stamp('pypinyin'))[:24]}.pickle"


def _stored() -> dict[str, tuple[str, ...]]:
    global _known
    if _known is None:
        import pickle

        try:
            _known = pickle.loads(_path().read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
            _known = {}
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

        found = known[name] = _new[name] = tuple(lazy_pinyin(name))
    return found


def store() -> None:
    """Add the names worked out in this process to the store (atomically; an unwritable cache costs only time)."""
    import pickle

    from atlas.common.io import atomic_path

    if not _new:
        return
    try:
        _path().parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(_path()) as tmp:
            tmp.write_bytes(pickle.dumps(dict(sorted(_stored().items())), protocol=pickle.HIGHEST_PROTOCOL))
        _new.clear()
    except OSError:
        pass
