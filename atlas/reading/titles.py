"""A document's title and date, for citations a reader can follow.

The title is the front matter's or ``<title>``'s (kept by
:func:`atlas.reading.sources.read_document`), else the document's first
heading. A numbered section heading (``一、…``, ``（一）…``) or a salutation
ending in a colon (``同志们：``) is not a title: a document that opens with one
has no title of its own and is cited by its file name. The date is the front
matter's (as ``YYYY-MM-DD``), else a date line near the top (``2016年12月``
→ ``2016-12``).
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

import pandas as pd

from atlas.reading.sources import Document

_SECTION = re.compile(r"^[(（]?[一二三四五六七八九十]+[)）、.]|^\d+[、.]")
_DATE_LINE = re.compile(r"^((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$")
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?")
COLUMNS = ["doc", "title", "date"]
#: A title is cut to this many characters (with "…"), like the headings in the shipped tables: enough to
#: recognise a document beside its file name and date, never a copied sentence of it.
TITLE_MAX = 16


def document_title(doc: Document) -> str:
    """The document's own title (cut to ``TITLE_MAX`` characters), or empty if it opens with a section
    heading or a salutation.

    Examples
    --------
    >>> from pathlib import Path
    >>> doc = Document("a.txt", Path("a.txt"), "一、主要做法", "", ("一、主要做法",))
    >>> document_title(doc)
    ''
    """
    title = " ".join(doc.title.split())
    if not title or _SECTION.match(title) or title.endswith(("：", ":")):
        return ""
    return title if len(title) <= TITLE_MAX else title[:TITLE_MAX] + "…"


def document_date(doc: Document) -> str:
    """``YYYY-MM-DD`` from the front matter, else ``YYYY-MM`` from a date line near the top; empty if neither.

    Examples
    --------
    >>> from pathlib import Path
    >>> document_date(Document("a.txt", Path("a.txt"), "", "Mon, 30 Aug 2021 09:59:11 GMT", ()))
    '2021-08-30'
    >>> document_date(Document("b.txt", Path("b.txt"), "", "", ("", "2016年12月")))
    '2016-12'
    """
    stated = (doc.date or "").strip()
    if stated:
        iso = _ISO_DATE.search(stated)
        if iso:
            return "-".join(part for part in iso.groups() if part)
        try:
            return parsedate_to_datetime(stated).strftime("%Y-%m-%d")
        except (TypeError, ValueError, IndexError):
            pass
    for text in doc.lines[:30]:
        match = _DATE_LINE.match(text.strip())
        if match:
            year, month, day = match.groups()
            return f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
    return ""


def documents_frame(documents: list[Document]) -> pd.DataFrame:
    """One row per document: ``doc`` (file name), ``title`` and ``date`` (each possibly empty)."""
    rows = [{"doc": d.id, "title": document_title(d), "date": document_date(d)} for d in documents]
    return pd.DataFrame(rows, columns=COLUMNS)
