"""Documents as they are published: PDF, Word and saved web pages, to numbered text.

Each reader returns :class:`Extracted`: the text as lines, and for paged
formats the page each line is on, so citations can say ``file:page:line``.
A file that cannot be read raises :class:`FormatError` with a one-line
reason; :mod:`atlas.reading.sources` turns it into a reported, skipped document.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class FormatError(Exception):
    """A document that cannot be read in its format; the message says why, in one line."""


@dataclass(frozen=True)
class Extracted:
    """Text of a document: its lines, the page of each line (empty if unpaged),
    and whether it is HTML still to be stripped."""

    lines: tuple[str, ...]
    pages: tuple[int, ...] = ()
    is_html: bool = False
    wraps: tuple[bool, ...] = ()  # a line runs on into the next (laid-out text: PDF)


#: File name endings each reader takes.
PDF, WORD, OLD_WORD, WEB_ARCHIVE = (".pdf",), (".docx",), (".doc",), (".mhtml", ".mht")
SUFFIXES = PDF + WORD + OLD_WORD + WEB_ARCHIVE


def read(path: Path, data: bytes) -> Extracted:
    """Read a PDF, Word or web-archive file's text.

    Raises
    ------
    FormatError
        Encrypted, damaged, scanned (no text layer) or unsupported files.
    """
    suffix = path.suffix.lower()
    if suffix in PDF:
        from atlas.reading.formats.pdf import read_pdf

        return read_pdf(data)
    if suffix in WORD:
        from atlas.reading.formats.word import read_docx

        return read_docx(data)
    if suffix in OLD_WORD:
        from atlas.reading.formats.word import read_doc

        return read_doc(path)
    if suffix in WEB_ARCHIVE:
        from atlas.reading.formats.webpage import read_mhtml

        return read_mhtml(data)
    raise FormatError(f"not a format read here ({suffix})")
