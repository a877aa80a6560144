"""Citations a reader can follow: a document's title and date beside its ``doc:line``.

The register cites places as ``file:line`` (``file:page:line`` for paged
documents). Pages show the document's title and date with the file name and
line beside it, so a citation reads as a reference rather than a hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from atlas.publishing.maps.escaping import html_text


@dataclass(frozen=True)
class DocumentTitles:
    """Title and date of each document, by file name (``doc``); empty when no documents were read."""

    titles: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame | None) -> "DocumentTitles":
        """From a frame with ``doc``, ``title`` and ``date`` columns (:func:`atlas.reading.titles.documents_frame`)."""
        if frame is None or frame.empty:
            return cls()
        return cls({str(d): (str(t), str(w)) for d, t, w in zip(frame["doc"], frame["title"], frame["date"])})

    def describe(self, doc: str) -> str:
        """``《title》 (date)`` of a document, or empty if unknown.

        Examples
        --------
        >>> DocumentTitles({"a.txt": ("试点方案", "2015")}).describe("a.txt")
        '《试点方案》 (2015)'
        """
        title, date = self.titles.get(doc, ("", ""))
        if not title:
            return ""
        return f"《{title}》" + (f" ({date})" if date else "")

    def cite_html(self, source: str) -> str:
        """Escaped HTML of one citation: title and date, then the file and line.

        Examples
        --------
        >>> DocumentTitles({"a.txt": ("试点方案", "2015")}).cite_html("a.txt:12")
        '《试点方案》 (2015) — a.txt:12'
        >>> DocumentTitles().cite_html("b.txt:3")
        'b.txt:3'
        """
        source = source.strip()
        doc = source.split(":", 1)[0]
        about = self.describe(doc)
        return html_text(f"{about} — {source}" if about else source)
