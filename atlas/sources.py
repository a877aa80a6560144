"""Read source documents into numbered, normalised lines.

A :class:`Document` keeps one entry per line of the file as given, so every
fact extracted later can cite ``doc:line`` with the file's own 1-based line
numbers. Markup (HTML tags, ``<script>``/``<style>`` blocks, comments) is
removed and entities unescaped line by line; YAML front matter gives the
title and date and its lines are blanked. Text is NFKC-normalised
(full-width digits and punctuation become ASCII) and markdown emphasis
(``**``, ``__``, leading ``#``) is dropped.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

#: Documents larger than this are reported and skipped (a policy document is well under 1 MB).
MAX_DOCUMENT_BYTES = 20_000_000
#: File name endings read as documents.
SUFFIXES = (".txt", ".md", ".html", ".htm")
_ENCODINGS = ("utf-8-sig", "gb18030")
_TAG = re.compile(r"<[^>\n]*>")
_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_HTML_HINT = re.compile(r"<(p|div|span|br|font|html|body|td|a)\b", re.I)
_MARKDOWN = re.compile(r"\*\*|__|^#{1,6}\s+")
_DATE_LINE = re.compile(r"^((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
_FRONT_FIELD = re.compile(r"^(title|date)\s*:\s*['\"]?(.*?)['\"]?\s*$")


class SourceError(Exception):
    """A document (or folder) that cannot be read; the message names the path and why."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


@dataclass(frozen=True)
class Document:
    """A source document as numbered lines.

    ``lines[i]`` is line ``i + 1`` of the file, cleaned; ``id`` is the file name.
    """

    id: str
    path: Path
    title: str
    date: str
    lines: tuple[str, ...]
    replaced_bytes: int = 0  # undecodable bytes replaced (mixed or damaged encoding)

    @property
    def year(self) -> int | None:
        """The year the document was issued: its front-matter date, else a date line
        (``2016年12月``) near the top; None if neither is there."""
        found = re.search(r"(?:19|20)\d\d", self.date or "")
        if found:
            return int(found.group(0))
        for text in self.lines[:30]:
            match = _DATE_LINE.match(text)
            if match:
                return int(match.group(1))
        return None

    def numbered(self):
        """Yield ``(line_number, text)`` for non-blank lines."""
        for number, text in enumerate(self.lines, start=1):
            if text:
                yield number, text


def decode(data: bytes, path: Path) -> tuple[str, int]:
    """Decode UTF-8 (with or without BOM), else GB18030, else UTF-8 with replacements.

    Returns
    -------
    tuple
        The text and how many undecodable bytes were replaced (0 unless the
        file mixes encodings or is damaged).

    Raises
    ------
    SourceError
        For binary data (NUL bytes) or text that is mostly undecodable.
    """
    if b"\x00" in data[:65536]:
        raise SourceError(path, "binary file (NUL bytes), not a text document")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding), 0
        except UnicodeDecodeError:
            continue
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    if replaced > max(16, len(text) // 20):
        raise SourceError(path, f"not text in UTF-8 or GB18030 ({replaced} undecodable bytes)")
    return text, replaced


def _blank_keeping_lines(match: re.Match) -> str:
    return "\n" * match.group(0).count("\n")


def clean_lines(text: str, is_html: bool) -> tuple[list[str], dict[str, str]]:
    """Split into lines, strip markup and front matter, normalise each line.

    Returns
    -------
    tuple
        The cleaned lines (as many as the input has) and front-matter fields.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.split("\n")
    meta: dict[str, str] = {}
    first = next((i for i, line in enumerate(raw) if line.strip()), None)
    if first is not None and raw[first].strip() == "---":
        end = next((i for i in range(first + 1, len(raw)) if raw[i].strip() == "---"), None)
        if end is not None:
            for i in range(first, end + 1):
                field = _FRONT_FIELD.match(raw[i].strip())
                if field:
                    meta[field.group(1)] = field.group(2)
                raw[i] = ""
    body = "\n".join(raw)
    if is_html or _HTML_HINT.search(body):
        body = _BLOCK.sub(_blank_keeping_lines, body)
        body = _TAG.sub("", body)
        body = html.unescape(body)
    lines = [_MARKDOWN.sub("", unicodedata.normalize("NFKC", line).strip()) for line in body.split("\n")]
    return lines, meta


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read one document.

    Raises
    ------
    SourceError
        If the file cannot be read or decoded.
    """
    path = Path(path)
    if path.is_symlink():
        raise SourceError(path, "symbolic link, not followed (copy the document into the folder)")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(path, f"{size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit for one document")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read ({exc.strerror or exc})") from exc
    text, replaced = decode(data, path)
    lines, meta = clean_lines(text, path.suffix.lower() in (".html", ".htm"))
    if not any(lines):
        raise SourceError(path, "empty document (no text)")
    title = meta.get("title") or _first_title(lines)
    return Document(id=path.name, path=path, title=title, date=meta.get("date", ""), lines=tuple(lines),
                    replaced_bytes=replaced)


def _first_title(lines: list[str]) -> str:
    """A title guess: the first line naming the pilots (批/试点), else the first line."""
    candidates = [line for line in lines[:40] if line and len(line) < 60]
    for line in candidates:
        if "试点" in line or "城镇化" in line:
            return line
    return candidates[0] if candidates else ""


def read_folder(folder: Path) -> tuple[list[Document], list[SourceError]]:
    """Read every document in a folder (sorted by name); collect errors, never stop.

    Raises
    ------
    SourceError
        If the folder itself is missing or not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(folder, "sources folder not found")
    documents, errors = [], []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SUFFIXES or path.name.upper().startswith("README"):
            continue
        try:
            documents.append(read_document(path))
        except SourceError as exc:
            errors.append(exc)
    return documents, errors
