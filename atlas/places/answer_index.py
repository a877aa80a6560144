"""The resolver's answers for the gazetteer's own name forms, computed once: a column geocoded by lookups.

Most names in users' tables are written the way the gazetteer writes them:
a unit alone (``章丘区``), after its province or its prefecture
(``山东省章丘区``, ``济南市章丘区``), or as the full chain
(``山东省济南市章丘区埠村街道``). For each such form, the answer
:func:`~atlas.places.geocode_rows.geocode_one` gives without a province or
context is computed once — by that very function, so an answer from the
index *is* the resolver's answer — and stored beside the gazetteer cache,
keyed by it and by the code that answers, with the *reading* of each form
(the places the resolver reads it as, and how). A column is then geocoded by
one dictionary lookup per distinct name; a name the index lacks is looked up
again as the resolver reads it (spaces dropped, NFKC), and a chain of other
forms (``山东章丘区``) takes the answer of its reading, the chains of the
whole column read in one automaton pass. Only the rest (old names with a
tail, unknown names) and any name with a province hint go through the
resolver one by one.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import marshal
from collections.abc import Iterable

import numpy as np

from atlas.common.io import atomic_path
from atlas.places.cache import cache_dir, code_stamp, digest
from atlas.places.gazetteer import Gazetteer
from atlas.places.geocode import Geocoder
from atlas.places.geocode_rows import geocode_one
from atlas.places.names import normalize_name, normalize_names

#: Bump when the stored layout changes.
_SCHEMA = 3
#: The code whose answers the file holds (the gazetteer's own code is in its stamp).
_CODE = ("places/geocode.py", "places/geocode_rows.py", "places/answer_index.py")
_CODE_STAMP = code_stamp(*_CODE)  # the code as imported


def indexed_forms(gazetteer: Gazetteer) -> list[str]:
    """Every name form of the gazetteer alone, and every prefecture, county and township after its
    province, after its prefecture and as the full chain of official names, each once, sorted.

    Examples
    --------
    >>> from atlas.places.gazetteer_cache import load_gazetteer
    >>> forms = indexed_forms(load_gazetteer())
    >>> all(form in forms for form in ("章丘区", "山东省章丘区", "济南市章丘区", "山东省济南市章丘区"))
    True
    """
    name = gazetteer.name_of
    forms: dict[str, None] = dict.fromkeys(gazetteer.names)
    for place in gazetteer.places():
        if place.precision not in ("prefecture", "county", "town"):
            continue
        province, prefecture = name(place.province_adcode) or "", name(place.prefecture_adcode) or ""
        county = (name(place.county_adcode) or "") if place.precision == "town" else ""
        if place.precision == "prefecture":
            prefecture = ""  # its own code
        for form in (province + place.name, prefecture + place.name, province + prefecture + county + place.name):
            forms.setdefault(form, None)
    return sorted(forms)


@contextlib.contextmanager
def _cyclic_gc_paused():
    """Pause Python's cyclic garbage collector: a column's names make hundreds of thousands of small lists,
    dicts and tuples that live until its answers are made, and each full collection they trigger walks
    every object of the gazetteer and the index again (more than half the time of reading the chains).
    They hold no reference cycles, so reference counting frees them all the same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class AnswerIndex:
    """Name form → the row :func:`~atlas.places.geocode_rows.geocode_one` gives for it (no province, no context).

    Examples
    --------
    >>> from atlas.api import _geocoder
    >>> index = AnswerIndex.build(_geocoder(), ["章丘市", "朝阳区"])
    >>> index.answer("章丘市")["adcode"], index.answer("朝阳区")["status"], index.answer("火星") is None
    ('370114', 'ambiguous', True)
    """

    def __init__(self, forms: Iterable[str], answer_ids: Iterable[int], answers: list[dict],
                 readings: tuple[tuple[str, ...], tuple[int, ...]] = ((), ())):
        self.ids = dict(zip(forms, answer_ids))
        self.answers = answers
        self._readings = readings  # (each reading of a stored form, its answer): a dict when first needed
        self._frames: dict[tuple[str, ...], tuple] = {}
        self._dtypes: dict[tuple[int, int], object] = {}

    @classmethod
    def build(cls, geocoder: Geocoder, forms: Iterable[str]) -> "AnswerIndex":
        """Resolve every form once (seconds for the whole gazetteer) and keep each distinct answer once."""
        forms = list(forms)
        distinct: dict[tuple, int] = {}
        answers: list[dict] = []
        ids = []
        readings: dict[str, int] = {}
        for form in forms:
            answer = geocode_one(geocoder, form)
            key = tuple(answer.items())
            if key not in distinct:
                distinct[key] = len(answers)
                answers.append(answer)
            ids.append(distinct[key])
            query = normalize_name(form)
            reading = geocoder.reading(query) if query else None
            if reading is not None:  # every name of this reading has this answer (see rows_of)
                readings.setdefault(reading, distinct[key])
        return cls(forms, ids, answers, (tuple(readings), tuple(readings.values())))

    def answer(self, name: str) -> dict | None:
        """The stored answer for a name as looked up, or None if the index has no such form."""
        found = self.ids.get(name)
        return None if found is None else self.answers[found]

    @_cyclic_gc_paused()
    def rows_of(self, names: list[str], geocoder: Geocoder) -> tuple[np.ndarray, list[dict]]:
        """Per name, its answer's row: a stored answer's position, or ``len(self.answers) + k`` for the
        k-th of ``extra``, the answers of the names the index lacks, each computed once.

        A name is looked up as written, then as the resolver reads it (:func:`normalize_name`: white
        space dropped, NFKC): the resolver's answer for a name is its answer for that query, so a query
        that is itself a stored form and reads the same again has that form's answer. Any other name
        that is a known name or chain has the answer of every name of the same :meth:`Geocoder.reading`
        (the places it reads as, and how): a stored form's (readings are stored with the answers), or
        else the first such name's, computed once. The rest are resolved one by one.

        Examples
        --------
        >>> from atlas.api import _geocoder
        >>> index = AnswerIndex.build(_geocoder(), ["章丘市"])
        >>> which, extra = index.rows_of(["章丘市", " 章丘市", "山东章丘区", "济南章丘区", "火星"], _geocoder())
        >>> which.tolist(), [answer.get("adcode") for answer in extra]
        ([0, 0, 1, 1, 2], ['370114', None])
        """
        ids = self.ids
        which = np.fromiter(map(ids.get, names, itertools.repeat(-1)), dtype=np.int64, count=len(names))
        extra: list[dict] = []
        if isinstance(self._readings, tuple):
            self._readings = dict(zip(*self._readings))
        stored, new = self._readings, {}  # reading → answer row: a stored one, or one of extra
        missed = np.flatnonzero(which < 0)
        written = [names[i] for i in missed.tolist()]
        queries: list[str | None] = normalize_names(written)
        changed = [k for k, (query, name) in enumerate(zip(queries, written)) if query is not name]
        for k, again in zip(changed, normalize_names([queries[k] for k in changed])):
            if again != queries[k]:
                queries[k] = None  # read otherwise a second time: resolved as written
        rows: list[int | None] = [None] * len(queries)
        chains: list[int] = []  # a known name or chain, or not: by its reading
        unknown: list[int] = []  # read otherwise a second time, or empty
        for k, (query, name) in enumerate(zip(queries, written)):
            row = None if query is name or not query else ids.get(query)  # as written: looked up above
            if row is not None:
                rows[k] = row
            else:
                (chains if query else unknown).append(k)
        for k, reading in zip(chains, geocoder.readings([queries[k] for k in chains])):
            if reading is None:
                unknown.append(k)
                continue
            row = stored.get(reading)
            if row is None:
                row = new.get(reading)
            if row is None:
                row = new[reading] = len(self.answers) + len(extra)
                extra.append(geocode_one(geocoder, written[k]))
            rows[k] = row
        for k in unknown:
            rows[k] = len(self.answers) + len(extra)
            extra.append(geocode_one(geocoder, written[k]))
        which[missed] = rows
        return which, extra

    def frame_of(self, names: list[str], geocoder: Geocoder, columns: list[str]):
        """A frame of answers and, per name, its row there: ``frame.take(which)`` has the values and dtypes
        of ``pandas.DataFrame([geocode_one(geocoder, name) for name in names], columns=columns)``.

        Pandas infers a column's dtype from the kinds of values in it (text, number, None, missing). When
        the answers wanted give every column the dtype it has in the frame of all stored answers (built
        once), that frame is used, with the other answers (:meth:`rows_of`) appended; otherwise a frame
        of the distinct answers wanted is built.

        Examples
        --------
        >>> from atlas.api import _geocoder
        >>> index = AnswerIndex.build(_geocoder(), ["章丘市"])
        >>> frame, which = index.frame_of(["火星", "章丘市"], _geocoder(), ["status", "lon"])
        >>> frame.take(which).values.tolist()
        [['unresolved', nan], ['resolved', 117.522911]]
        """
        import pandas as pd

        which, extra = self.rows_of(names, geocoder)
        frame, kinds = self.stored_frame(tuple(columns))
        stored = which < len(self.answers)
        used = np.zeros(len(self.answers), dtype=bool)
        used[which[stored]] = True
        present = np.bitwise_or.reduce(kinds[used], axis=0) if used.any() else np.zeros(len(columns), np.int64)
        shapes: dict[tuple, dict] = {}  # answers alike in keys and value types have the same kinds
        for answer in extra:
            shapes.setdefault((tuple(answer), tuple(map(type, answer.values()))), answer)
        for answer in shapes.values():
            present |= np.array([_kind(answer, column) for column in columns], dtype=np.int64)
        if all(self._dtype(int(bits)) == frame[column].dtype for column, bits in zip(columns, present)):
            if extra:
                frame = pd.concat([frame, pd.DataFrame(extra, columns=columns).astype(frame.dtypes.to_dict())],
                                  ignore_index=True)
            return frame, which
        wanted = np.flatnonzero(used)
        which = which.copy()
        which[stored] = np.searchsorted(wanted, which[stored])
        which[~stored] -= len(self.answers) - len(wanted)
        return pd.DataFrame([self.answers[i] for i in wanted.tolist()] + extra, columns=columns), which

    def stored_frame(self, columns: tuple[str, ...]):
        """The frame of every stored answer, and per answer and column the kind of its value (a bit each)."""
        if columns not in self._frames:
            import pandas as pd

            kinds = np.array([[_kind(answer, column) for column in columns] for answer in self.answers],
                             dtype=np.int64).reshape(len(self.answers), len(columns))
            self._frames[columns] = pd.DataFrame(self.answers, columns=list(columns)), kinds
        return self._frames[columns]

    def _dtype(self, bits: int):
        """The dtype pandas gives a column holding exactly these kinds of values (None: not known here)."""
        if bits not in self._dtypes:
            import pandas as pd

            samples = [sample for bit, sample in _KIND_SAMPLES.items() if bits & bit]
            known = bits and not bits & ~sum(_KIND_SAMPLES)
            self._dtypes[bits] = pd.DataFrame([{"c": s} if s is not _MISSING else {} for s in samples],
                                              columns=["c"])["c"].dtype if known else None
        return self._dtypes[bits]

    def to_blob(self) -> bytes:
        readings = self._readings if isinstance(self._readings, tuple) else \
            (tuple(self._readings), tuple(self._readings.values()))
        return marshal.dumps((_SCHEMA, tuple(self.ids), tuple(self.ids.values()), tuple(self.answers), readings))

    @classmethod
    def from_blob(cls, blob: bytes) -> "AnswerIndex":
        schema, forms, ids, answers, readings = marshal.loads(blob)
        if schema != _SCHEMA:
            raise ValueError("answer index of another layout")
        return cls(forms, ids, list(answers), readings)


_MISSING = object()
#: A value of each kind pandas tells apart when it infers a column's dtype, by its bit.
_KIND_SAMPLES = {1: _MISSING, 2: None, 4: "text", 8: 0.5}


def _kind(answer: dict, column: str) -> int:
    """The kind of an answer's value in a column, as a bit of :data:`_KIND_SAMPLES` (16: another kind)."""
    value = answer.get(column, _MISSING)
    if value is _MISSING:
        return 1
    if value is None:
        return 2
    return 4 if type(value) is str else 8 if type(value) is float else 16


def load_answer_index(geocoder: Geocoder, build: bool = True) -> AnswerIndex | None:
    """The answer index of the geocoder's gazetteer, from the cache or (with ``build``) built once
    (~8 s of CPU) and stored; None if it is not cached and not to be built, or for a gazetteer not read
    through :func:`~atlas.places.gazetteer_cache.load_gazetteer` (no stamp).

    Examples
    --------
    >>> from atlas.api import _geocoder
    >>> load_answer_index(_geocoder()).answer("山东省济南市章丘区")["adcode"]  # doctest: +SKIP
    '370114'
    """
    found = getattr(geocoder, "_answer_index", None)
    if found is not None or not geocoder.gazetteer.stamp:
        return found
    key = digest(geocoder.gazetteer.stamp, _CODE_STAMP)
    path = cache_dir() / f"answers-{key[:24]}.marshal"
    try:
        index = AnswerIndex.from_blob(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        if not build:
            return None
        index = AnswerIndex.build(geocoder, indexed_forms(geocoder.gazetteer))
        with atomic_path(path) as tmp:
            tmp.write_bytes(index.to_blob())
    geocoder._answer_index = index
    return index
