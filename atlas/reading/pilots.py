"""Pilot lists: the localities a batch document names as pilots.

A batch work-plan document (``第二批…工作方案要点``) lists its pilots in a table
of contents, often split over several tables, and then gives each one a
section whose header repeats the entry with the programme's name
(``北京市房山区国家新型城镇化综合试点 工作方案要点``), sometimes spaced
differently. Entries are matched to headers on their space-free form; an entry
with no section, or a header with no entry, is reported, not dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from atlas.reading.lists import batch_in
from atlas.reading.notices import notice_batch
from atlas.places.names import normalize_name
from atlas.reading.sources import Document

_MARK = r"(?:\d{1,3}\s*[.、．]\s*)?"
_TOC_ENTRY = re.compile(rf"^\|?\s*{_MARK}(?P<entry>[^|.…]+?)\s*试点\s*工作\s*方案\s*要点\s*(?P<leader>[.·…]{{2,}})?\s*"
                        r"(?P<dotpage>\d+)?\s*(?:\|\s*(?P<page>\d*)\s*\|?)?\s*$")
#: A part title in a table of contents (``三、试点地区试点工作方案要点……7``): Chinese numerals.
_PART = re.compile(r"^\|?\s*[一二三四五六七八九十]+\s*、")
#: The last entry of a table of contents cut short by a page break or a capture (``19.某市试点工作``).
_TOC_CUT = re.compile(r"^\|?\s*\d{1,3}\s*[.、．]\s*(?P<entry>[^|.…]+?)\s*试点(?:\s*工作(?:\s*方案)?)?\s*$")
_HEADER = re.compile(r"^(?P<entry>.+?)国家新型城镇化\s*综合\s*试点\s*工作\s*方案\s*要点$")


@dataclass(frozen=True)
class Pilot:
    """One pilot locality as a batch document lists it."""

    doc: str
    entry: str  # the TOC entry, space-free: province + locality as written
    batch: int | None
    toc_lines: tuple[int, ...]
    header_line: int | None
    section: tuple[int, int] | None  # first and last line of its section

    def sources(self) -> tuple[tuple[str, int], ...]:
        """``(doc, line)`` pairs that state this pilot."""
        lines = self.toc_lines + ((self.header_line,) if self.header_line else ())
        return tuple((self.doc, n) for n in lines)


@dataclass(frozen=True)
class PilotProblem:
    """A table-of-contents entry or section header that does not pair up."""

    kind: str
    name: str
    doc: str
    line: int
    detail: str


def batch_number(doc: Document) -> int | None:
    """The batch a document is about: ``第二批``/``首批`` in its title or first lines,
    else a notice number that lists a batch (``发改规划〔2015〕2665号`` → 2, see
    ``geodata/notices.csv``)."""
    for text in (doc.title, *doc.lines[:20]):
        batch = batch_in(text or "")
        if batch:
            return batch
    return notice_batch("\n".join(doc.lines[:40]))


def extract_pilots(doc: Document) -> tuple[list[Pilot], list[PilotProblem]]:
    """Pilots listed in a batch work-plan document.

    Returns
    -------
    tuple
        The pilots in table-of-contents order, and the problems found.
        A document with no such table of contents gives two empty lists.
    """
    toc: dict[str, list[int]] = {}
    cut: list[tuple[str, int]] = []
    for number, text in doc.numbered():
        if "试点" not in text:
            continue  # every entry, whole or cut, names the pilots
        match = _TOC_ENTRY.match(text) if "要点" in text else None
        if _PART.match(text):
            continue  # a part of the contents (三、试点地区…), not a locality
        if match and ("|" in text or match.group("page") or match.group("dotpage") or match.group("leader")):
            toc.setdefault(normalize_name(match.group("entry")), []).append(number)
        elif toc and (short := _TOC_CUT.match(text)):
            cut.append((normalize_name(short.group("entry")), number))
    if not toc:
        return [], []
    for entry, number in cut:
        toc.setdefault(entry, []).append(number)
    first_toc = min(n for lines in toc.values() for n in lines)
    headers: list[tuple[str, int]] = []
    for number, text in doc.numbered():
        match = _HEADER.match(text) if text.endswith(("要点", "要点\n")) and number > first_toc else None
        if match:
            headers.append((normalize_name(match.group("entry")), number))
    header_at = {entry: number for entry, number in headers}
    ends = {number: nxt - 1 for (_, number), (_, nxt) in zip(headers, headers[1:])}
    if headers:
        ends[headers[-1][1]] = len(doc.lines)
    batch = batch_number(doc)
    pilots, problems = [], []
    for entry, lines in toc.items():
        header = header_at.get(entry)
        section = (header, ends[header]) if header else None
        pilots.append(Pilot(doc.id, entry, batch, tuple(lines), header, section))
        if header is None and headers:
            problems.append(PilotProblem("toc_entry_without_section", entry, doc.id, lines[0],
                                         "listed in the table of contents, no section header found"))
    if not headers:
        first = min(n for lines in toc.values() for n in lines)
        problems.append(PilotProblem("toc_without_sections", f"{len(toc)} entries", doc.id, first,
                                     "a table of contents of work plans with no sections after it: pilots taken from it"))
    for entry, number in headers:
        if entry not in toc:
            problems.append(PilotProblem("section_without_toc_entry", entry, doc.id, number,
                                         "section header not listed in the table of contents"))
    return pilots, problems


def section_text(doc: Document, pilot: Pilot, max_lines: int = 12) -> str:
    """The opening lines of a pilot's section (its profile), for context."""
    if not pilot.section:
        return ""
    start, end = pilot.section
    return "\n".join(doc.lines[start - 1 : min(end, start - 1 + max_lines)])
