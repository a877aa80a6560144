"""Paragraphs and headings of a document, with every character's source line.

Documents converted from PDF break sentences (even words) across lines, often
with a blank line between. :func:`paragraphs` joins a long line that does not
end a sentence with the next non-blank line, and keeps, for every character,
the 1-based line of the file it came from, so a figure read from the joined
text still cites the line as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from atlas.reading.sources import Document

_CN_NUM = "一二三四五六七八九十"
_TERMINAL = tuple("。！？；:：!?;）)」』”\"")
#: A line at least this long that does not end a sentence was cut by a page or line break.
_CUT_LINE_MIN = 25
_HEADINGS = (
    (1, re.compile(rf"^(?P<mark>[{_CN_NUM}]+、)\s*(?P<text>.+)$")),
    (2, re.compile(rf"^(?P<mark>[(（][{_CN_NUM}]+[)）])\s*(?P<text>.+)$")),
    (3, re.compile(r"^(?P<mark>\d{1,2}[.、．])\s*(?P<text>\D.*)$")),
)
#: The one heading pattern a first character can start (the three start with different characters).
_HEADING_BY_FIRST = {**{c: _HEADINGS[0] for c in _CN_NUM}, "(": _HEADINGS[1], "（": _HEADINGS[1]}
_CLAUSE_END = re.compile(r"[,，。；;:：]")
#: Ends a sentence (or a clause that stands as one): where a figure's, a list's or a province's scope stops.
SENTENCE_END = re.compile(r"[。;；!！?？]")
#: Longest heading label kept (labels are cut at the first clause end).
HEADING_LABEL_MAX = 16
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,})\s*\|?\s*(?P<page>\d+)?\s*\|?\s*$")
#: Longest title before dot leaders with no page number that is read as a table-of-contents entry.
_TOC_TITLE_MAX = 30
#: Cell separators of a table written as text (a crawled or converted table: ``浙江 | 桐庐县、… |``).
_CELL_MARKS = ("|", "｜")


def is_table_row(text: str) -> bool:
    """True for a table row written as text: a cell separator opens or closes the line.

    A table row is a unit of its own; it never runs on into the next line.

    Examples
    --------
    >>> is_table_row("浙江 | 桐庐县、宁海县 |"), is_table_row("| 江苏 | 沛县 |"), is_table_row("沛县、东海县")
    (True, True, False)
    """
    stripped = text.strip()
    return stripped.startswith(_CELL_MARKS) or stripped.endswith(_CELL_MARKS)


@dataclass(frozen=True)
class Paragraph:
    """Text joined from one or more lines; ``line_of[i]`` is the file line of ``text[i]``.

    ``text`` is the matching form (simplified script); ``written`` the same
    characters as written in the document (e.g. traditional), position for position.
    """

    text: str
    line_of: tuple[int, ...]
    written: str = ""

    def __post_init__(self) -> None:
        if len(self.written) != len(self.text):
            object.__setattr__(self, "written", self.text)

    def as_written(self, start: int, end: int) -> str:
        """The characters ``start:end`` as the document writes them, white space removed."""
        return "".join(self.written[start:end].split())

    @property
    def first_line(self) -> int:
        return self.line_of[0]

    def line_at(self, index: int) -> int:
        """File line of the character at ``index`` (clamped to the paragraph)."""
        return self.line_of[min(max(index, 0), len(self.line_of) - 1)]


def heading(text: str) -> tuple[int, str] | None:
    """Level and short label of a heading line (``一、`` 1, ``（一）`` 2, ``1.`` 3), else None.

    The label is the numbering mark and the text up to the first clause end,
    cut to :data:`HEADING_LABEL_MAX` characters: ``"（一）在深化户籍制度改革方面，主要是…"``
    gives ``(2, "（一）在深化户籍制度改革方面")``.
    """
    first = text[:1]
    found = _HEADING_BY_FIRST.get(first) or (_HEADINGS[2] if first.isdecimal() else None)
    if found is None:
        return None  # every numbering mark starts so (\d is a decimal digit)
    level, pattern = found
    match = pattern.match(text)
    if match is None:
        return None
    body = _CLAUSE_END.split(match.group("text"), maxsplit=1)[0].strip()
    return level, match.group("mark") + body[:HEADING_LABEL_MAX]


def is_toc_line(text: str) -> bool:
    """True for a table-of-contents line: dot leaders and a page number, or leaders after a short title
    that is no sentence. A sentence that trails off in an ellipsis (``车满为患……``) is none.

    Examples
    --------
    >>> is_toc_line("1. 甲省乙县试点工作方案要点……8"), is_toc_line("一、总体要求……")
    (True, True)
    >>> is_toc_line("某镇中心最繁华的街道,交通严重堵塞,车满为患……")
    False
    """
    found = _TOC_LINE.search(text)
    if found is None:
        return False
    head = text[:found.start()].strip()
    return bool(found.group("page")) or (len(head) <= _TOC_TITLE_MAX and not _CLAUSE_END.search(head))


#: The addressee line of a notice: 各省、自治区、直辖市…(the offices written to):
_ADDRESSEES = re.compile(r"^\s*各(?:省|自治区|直辖市|市|县|区|有关)[^。；;]*[:：]\s*$")


def is_addressee_line(text: str) -> bool:
    """True for a notice's addressee line: it opens with 各省/各市/各有关… and ends with a colon.

    The offices it writes to (北京市农委, 某市规划局) are recipients, not places the notice is about.

    Examples
    --------
    >>> is_addressee_line("各省、自治区、直辖市发展改革委,北京市农委:"), is_addressee_line("各试点地区要抓紧落实。")
    (True, False)
    """
    return _ADDRESSEES.match(text) is not None


_CLAUSE_MARK = re.compile(r"[,，。；;：:、]")


def _wraps(doc: Document, number: int, following: str) -> bool:
    """True if the layout says line ``number`` runs on (a PDF line reaching its column's edge)
    and the next line is no heading or table row."""
    return (bool(doc.wraps) and doc.wraps[number - 1] and heading(following) is None
            and not is_table_row(following))


#: A line that opens with a short label and a colon (``甲市:乙小镇、丙小镇``): an item of a list by label.
_LABELLED_ITEM = re.compile(r"^\s*[^\s,，。；;:：、()（）]{1,10}[:：]")


def _continues(text: str, following: str) -> bool:
    """True if ``text`` is a body line cut short: long, with clause punctuation
    (a title has none), not ending a sentence, no table row, and not followed by a heading or table row."""
    return (
        len(text) >= _CUT_LINE_MIN
        and not text.endswith(_TERMINAL)
        and _CLAUSE_MARK.search(text) is not None
        and heading(following) is None
        and not is_table_row(text)
        and not is_table_row(following)
        and not is_toc_line(text)
    )


def _runs_on(doc: Document, number: int, text: str, following: str) -> bool:
    """True if line ``number`` (``text``) runs on into the next (``following``): a body line cut short or
    a PDF line reaching its column's edge — unless both are items of a list by label (``甲市:…`` then
    ``乙市:…``), each a line of its own."""
    return ((_continues(text, following) or _wraps(doc, number, following))
            and not (_LABELLED_ITEM.match(text) and _LABELLED_ITEM.match(following)))


def paragraphs(doc: Document) -> Iterator[Paragraph]:
    """Yield the document's paragraphs, broken lines joined, in order."""
    numbered = list(doc.numbered())
    count = len(numbered)
    i = 0
    while i < count:
        number, text = numbered[i]
        if i + 1 == count or not _runs_on(doc, number, text, numbered[i + 1][1]):
            i += 1
            yield Paragraph(text, (number,) * len(text), doc.written[number - 1])  # a paragraph of one line
            continue
        parts, lines, written = [text], [number] * len(text), [doc.written[number - 1]]
        while i + 1 < count and _runs_on(doc, number, parts[-1], numbered[i + 1][1]):
            i += 1
            number, text = numbered[i]
            parts.append(text)
            written.append(doc.written[number - 1])
            lines += [number] * len(text)
        i += 1
        yield Paragraph("".join(parts), tuple(lines), "".join(written))


class ThemeTracker:
    """The heading path a paragraph sits under, e.g. ``一、… > 1.…``."""

    def __init__(self) -> None:
        self._path: dict[int, str] = {}
        self._text = ""

    def reset(self, top: str = "") -> None:
        """Start a new section (a case study, a pilot's section) with an optional top label."""
        self._path = {0: top} if top else {}
        self._text = self._joined()

    def update(self, text: str) -> None:
        """Feed a paragraph; a heading replaces its level and clears deeper ones."""
        found = heading(text)
        if found:
            level, label = found
            self._path = {k: v for k, v in self._path.items() if k < level}
            self._path[level] = label
            self._text = self._joined()

    def _joined(self) -> str:
        return " > ".join(self._path[k] for k in sorted(self._path))

    @property
    def path(self) -> str:
        return self._text
