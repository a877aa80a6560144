"""Read every document of a folder into the register, mentions and facts.

A batch document (one with a pilot table of contents) gives pilots, their
mentions (``role = pilot``) and the figures of each pilot's section; any
other document gives example mentions (``role = example``) and the figures
attributed to them. A document that cannot be read is reported and the others
go on.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from atlas.places import register
from atlas.reading.agendas import agenda_frame, agenda_records, section_agenda
from atlas.reading import damaged_names, unlisted_towns
from atlas.reading.checks import check_facts
from atlas.reading.facts import FACT_COLUMNS, FactRow, Subject, example_facts, section_facts
from atlas.reading.lists import ListTracker, numbered_list_pilots, programme_of
from atlas.reading.mentions import Mention, MentionExtractor, ParagraphPlaces
from atlas.reading.pilots import batch_number, extract_pilots, section_text
from atlas.reading.text import paragraphs
from atlas.places.gazetteer import Gazetteer
from atlas.places.geocode import Geocoder, Located
from atlas.places.names import short_forms
from atlas.common.quality import Issue
from atlas.reading.sources import Document, SourceError, folder_entries, read_entry
from atlas.reading.workers import Workers, default_workers
from atlas.reading.words import load_segmenter
from atlas.reading.titles import documents_frame

#: How a place was read where the text did not name it as the register does → the ``quality.csv`` kind
#: that reports it (a county name with one character damaged; a township the register lacks).
READ_WITH_A_CAVEAT = {damaged_names.RESOLVED_BY: "damaged_name", unlisted_towns.RESOLVED_BY: "unlisted_township"}
MENTION_COLUMNS = ["doc", "page", "line", "name", "canonical_name", "adcode", "level", "province", "theme", "role",
                   "precision", "status", "resolved_by", "note"]


@dataclass
class Extraction:
    """Everything read from a folder of documents."""

    register: pd.DataFrame
    mentions: pd.DataFrame
    facts: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    documents: pd.DataFrame = field(default_factory=lambda: documents_frame([]))  # doc, title, date
    agendas: pd.DataFrame = field(default_factory=lambda: agenda_frame([]))  # task headings of the pilots' plans


def _subject_forms(name: str, canonical: str, precision: str) -> tuple[str, ...]:
    forms = [name, canonical]
    for part in (name.replace("(", "—").replace(")", "").split("—")):
        if part:
            forms.append(part)
    forms += short_forms(canonical, precision if precision in ("prefecture", "county") else "county")
    forms += [f[:-2] for f in forms if f.endswith("地区") and len(f) > 3]
    return tuple(dict.fromkeys(f for f in forms if len(f) >= 2))


def mention_row(m: Mention, gazetteer: Gazetteer) -> dict:
    """One ``mentions.csv`` row."""
    place = m.located.place
    return {
        "doc": m.doc, "line": m.line, "name": m.name,
        "canonical_name": place.name if place else "", "adcode": place.adcode if place else "",
        "level": place.kind if place else "",
        "province": gazetteer.name_of(place.province_adcode) if place else "",
        "theme": m.theme, "role": m.role, "precision": place.point_precision if place else "",
        "status": m.located.status, "resolved_by": m.located.resolved_by, "note": m.located.detail,
    }


def mentions_frame(rows: list[dict]) -> pd.DataFrame:
    """Mentions with the standard columns, sorted by document and line."""
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    frame["line"] = frame["line"].astype("int64")
    frame["page"] = pd.to_numeric(frame["page"].replace("", None), errors="coerce").astype("Int64")
    return frame.sort_values(["doc", "page", "line", "name"], kind="stable", na_position="first").reset_index(drop=True)


def facts_frame(rows: list[FactRow] | pd.DataFrame) -> pd.DataFrame:
    """Facts with the standard columns and dtypes, sorted by document, line and metric."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame([r.__dict__ for r in rows])
    frame = frame.reindex(columns=FACT_COLUMNS)
    for column in ("name", "canonical_name", "adcode", "metric", "qualifier", "doc", "raw"):
        frame[column] = frame[column].astype(object).fillna("").astype(str)
    frame["line"] = pd.to_numeric(frame["line"]).astype("int64")
    frame["page"] = pd.to_numeric(frame["page"], errors="coerce").astype("Int64")
    frame["year"] = pd.to_numeric(frame["year"]).astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    frame["value_high"] = pd.to_numeric(frame["value_high"]).astype("float64")
    frame["is_target"] = frame["is_target"].astype(str).eq("True")
    return frame.sort_values(["doc", "page", "line", "metric", "value"], kind="stable",
                             na_position="first").reset_index(drop=True)


def _about_pilots(doc: Document) -> bool:
    """True if the document's title or opening lines are about the pilots (试点)."""
    return any("试点" in (text or "") for text in (doc.title, *doc.lines[:10]))


def _resolve_entry(entry: str, geocoder: Geocoder, gazetteer: Gazetteer, context: str) -> tuple[str, Located]:
    """A table-of-contents entry (province + locality as written) → name as written, place.

    The entry is read as a chain first (``北京市通州区``, ``重庆市主城九区`` → 重庆市 with
    its unknown tail noted), then as a province and a name inside it (``湖南省津市市—澧县``).
    """
    province, name = register.split_province(entry, gazetteer)
    located = geocoder.resolve(name, province=province, context=context)
    if located.status != "resolved":
        whole = geocoder.resolve(entry, context=context)
        if whole.status == "resolved":
            return entry, whole
    return name, located


@dataclass
class _Read:
    """What one document gives: rows of every table and its quality rows, in the document's order."""

    register: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    facts: list[FactRow] = field(default_factory=list)
    agendas: list[dict] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    pilot_keys: set[str] = field(default_factory=set)
    toc: bool = False  # the document lists pilots in a table of contents


@dataclass
class _Reader:
    """The state every document is read with (set up once, shared with forked workers)."""

    gazetteer: Gazetteer
    extractor: MentionExtractor
    regions: dict[str, str]
    batch: int | None

    def read(self, entry: Path | SourceError) -> tuple[Document | SourceError, _Read]:
        """Read a document and, if it has a pilot table of contents, its pilots and their sections."""
        doc = read_entry(entry)
        found = _Read()
        if isinstance(doc, SourceError):
            return doc, found
        if doc.replaced_bytes or doc.mixed_lines:
            found.issues.append(Issue("encoding_replaced", doc.id, doc.id, None,
                                      f"{doc.replaced_bytes} undecodable bytes replaced, {doc.mixed_lines} lines in "
                                      "another encoding (mixed or damaged encoding)"))
        pilots, problems = extract_pilots(doc)
        found.issues += [Issue(p.kind, p.name, p.doc, p.line, p.detail) for p in problems]
        if pilots:
            found.toc = True
            self._read_pilots(doc, pilots, found)
        return doc, found

    def _read_pilots(self, doc: Document, pilots, found: _Read) -> None:
        gazetteer, geocoder = self.gazetteer, self.extractor.geocoder
        doc_paragraphs = list(paragraphs(doc))
        first_lines = [p.first_line for p in doc_paragraphs]  # ascending
        for pilot in pilots:
            name, located = _resolve_entry(pilot.entry, geocoder, gazetteer, section_text(doc, pilot))
            sources = ";".join(doc.cite(n) for _, n in pilot.sources())
            pilot_batch = pilot.batch or self.batch
            found.register.append(register.make_row(name, "pilot", pilot_batch, located, gazetteer, sources,
                                                    self.regions))
            line = pilot.header_line or pilot.toc_lines[0]
            found.mentions.append(mention_row(Mention(doc.id, line, name, "", "pilot", located), gazetteer))
            if located.status != "resolved":
                found.issues.append(Issue(located.status, name, doc.id, line, located.detail))
                continue
            found.pilot_keys.add(located.place.key)
            if pilot.section:
                start, end = pilot.section
                section = doc_paragraphs[bisect_right(first_lines, start):bisect_right(first_lines, end)]
                subject = Subject(name, located.place.name, located.place.adcode,
                                  _subject_forms(name, located.place.name, located.place.precision),
                                  located.place.precision)
                rows, problems = section_facts(section, subject, doc.id, self.extractor.scanner, doc.year)
                found.facts += rows
                found.issues += problems
                found.agendas += agenda_records(section_agenda(doc, pilot.section), doc, name,
                                                subject.canonical_name, subject.adcode)

    def read_examples(self, job: tuple[Document, frozenset[str]]) -> _Read:
        """The places and figures of a document without a pilot table of contents; same-named
        places prefer the pilots (keys) the other documents list."""
        doc, pilot_keys = job
        self.extractor.pilots = pilot_keys
        found = _Read()
        items = list(self.extractor.scan(doc))
        roles = listed_roles(items, batch_number(doc) or self.batch, _about_pilots(doc),
                             programme_of(" ".join([doc.title or "", *doc.lines[:10]])))
        for m in self.extractor.mentions(items, doc.id, roles):
            found.mentions.append(mention_row(m, self.gazetteer))
            if m.located.status != "resolved":
                found.issues.append(Issue(m.located.status, m.name, m.doc, m.line, m.located.detail))
            elif m.located.resolved_by in READ_WITH_A_CAVEAT:
                found.issues.append(Issue(READ_WITH_A_CAVEAT[m.located.resolved_by], m.name, m.doc, m.line,
                                          m.located.detail))
            if m.located.status == "resolved" and m.role == "pilot":
                found.register.append(register.make_row(m.name, "pilot", m.batch, m.located, self.gazetteer,
                                                        doc.cite(m.line), self.regions))
        found.facts, problems = example_facts(items, doc.id, doc.year)
        found.issues += problems
        return found


_READER: _Reader | None = None  # set before the workers fork
_GEOCODERS: dict[int, tuple] = {}  # id(gazetteer) → (gazetteer weakly, its number of name forms, its geocoder)


def _geocoder(gazetteer: Gazetteer) -> Geocoder:
    """The geocoder of ``gazetteer``, built once while the gazetteer lives (its automaton takes a while)."""
    cached = _GEOCODERS.get(id(gazetteer))
    if cached is not None and cached[0]() is gazetteer and cached[1] == len(gazetteer.names):
        return cached[2]
    _GEOCODERS.clear()
    geocoder = Geocoder(gazetteer)
    _GEOCODERS[id(gazetteer)] = (weakref.ref(gazetteer), len(gazetteer.names), geocoder)
    return geocoder


def _failure(exc: Exception) -> str:
    """One line saying how the reader failed on a document (a fault of the reader, not of the document)."""
    return f"the reader failed on this document ({type(exc).__name__}: {exc}); the other documents are read"


def _read(entry: Path | SourceError) -> tuple[Document | SourceError, _Read]:
    try:
        return _READER.read(entry)
    except Exception as exc:  # noqa: BLE001 — one document's failure must not stop the others
        return SourceError(entry.path if isinstance(entry, SourceError) else entry, _failure(exc)), _Read()


def _read_examples(job: tuple[Document, frozenset[str]]) -> _Read:
    try:
        return _READER.read_examples(job)
    except Exception as exc:  # noqa: BLE001 — one document's failure must not stop the others
        doc = job[0]
        return _Read(issues=[Issue("reading_failed", doc.id, doc.id, None, _failure(exc))])


def extract_folder(folder: Path, gazetteer: Gazetteer, batch: int | None = None,
                   workers: int | None = None) -> Extraction:
    """Read a folder of documents (see the module docstring).

    Documents are read in ``workers`` processes when there are several
    (:mod:`atlas.reading.workers`); the result is the same for any number.

    Parameters
    ----------
    folder : Path
        Folder of documents.
    gazetteer : Gazetteer
        Places to find.
    batch : int, optional
        Batch of the pilots the documents list, where a document does not say.
    workers : int, optional
        Processes to read with (default :func:`atlas.reading.workers.default_workers`; 1: this process only).
    """
    global _READER
    entries = folder_entries(folder)
    workers = default_workers() if workers is None else workers
    regions = register.regions()
    _READER = _Reader(gazetteer, MentionExtractor(_geocoder(gazetteer)), regions, batch)
    if workers > 1:
        load_segmenter()
    try:
        with Workers(workers) as pool:
            read = pool.map(_read, entries)
            # same-named places in the other documents prefer the pilots the tables of contents list
            pilot_keys = frozenset(key for _, found in read for key in found.pilot_keys)
            examples = pool.map(_read_examples, [(doc, pilot_keys) for doc, found in read
                                                 if isinstance(doc, Document) and not found.toc])
    finally:
        _READER = None
    documents = [doc for doc, _ in read if isinstance(doc, Document)]
    errors = [doc for doc, _ in read if isinstance(doc, SourceError)]
    issues = [Issue("unreadable_document", e.name, e.name, None, e.reason) for e in errors]
    found = [part for _, part in read] + examples  # the tables of contents' pilots, then the examples
    for part in found:
        issues += part.issues
    facts = facts_frame([row for part in found for row in part.facts])
    issues += check_facts(facts)
    pages = _Pages(documents)
    mentions = mentions_frame([pages.row(row) for part in found for row in part.mentions])
    register_rows = [row for part in found for row in part.register]
    frame = register.with_examples(register.merge_pilots(register_rows), mentions, gazetteer, regions)
    return Extraction(frame, mentions, pages.facts(facts), [pages.issue(i) for i in issues],
                      [str(e) for e in errors], documents_frame(documents),
                      agenda_frame([row for part in found for row in part.agendas]))


class _Pages:
    """Turns a document's line numbers into page and line on that page, for paged documents (PDF)."""

    def __init__(self, documents: list[Document]):
        self.paged = {doc.id: doc for doc in documents if doc.pages}

    def locate(self, doc: str, line: int | None) -> tuple[int | None, int | None]:
        document = self.paged.get(doc)
        return document.locate(int(line)) if document is not None and line is not None else (None, line)

    def row(self, row: dict) -> dict:
        page, line = self.locate(row["doc"], row["line"])
        return {**row, "page": page, "line": line}

    def issue(self, issue: Issue) -> Issue:
        page, line = self.locate(issue.doc, issue.line)
        return replace(issue, page=page, line=line) if page is not None else issue

    def facts(self, facts: pd.DataFrame) -> pd.DataFrame:
        if not self.paged or facts.empty:
            return facts
        located = [self.locate(d, n) for d, n in zip(facts["doc"], facts["line"])]
        return facts.assign(page=pd.array([p for p, _ in located], dtype="Int64"),
                            line=[n for _, n in located])


def listed_roles(items: list[ParagraphPlaces], doc_batch: int | None, about_pilots: bool,
                 doc_programme: str | None = None) -> dict[tuple[int, int], tuple[str, int | None]]:
    """Role and batch of every span a list names: ``(paragraph, span)`` → (role, batch).

    Roles are ``pilot`` (the national programme) and ``other_programme``;
    spans not in the result are examples.
    """
    tracker = ListTracker(doc_batch, about_pilots, doc_programme)
    roles: dict[tuple[int, int], tuple[str, int | None]] = {}
    texts = [(item.paragraph.text, list(item.spans)) for item in items]
    numbered = numbered_list_pilots(texts, doc_batch) if about_pilots else [[] for _ in items]
    for index, ((text, spans), extra) in enumerate(zip(texts, numbered)):
        for listed in tracker.feed(text, spans) + extra:
            role = "pilot" if listed.programme == "national" else "other_programme"
            roles.setdefault((index, listed.span), (role, listed.batch))
    return roles
