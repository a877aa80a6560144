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

import functools

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from atlas.reading import formats
from atlas.reading.formats.webpage import blank_furniture
from atlas.reading.script import matching_lines, nfkc, written_lines

#: Documents larger than this are reported and skipped (a policy document is well under 1 MB).
MAX_DOCUMENT_BYTES = 20_000_000
#: File name endings read as text documents; :data:`SUFFIXES` adds PDF, Word and web archives.
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
SUFFIXES = TEXT_SUFFIXES + formats.SUFFIXES
#: PDF and Word files may be larger than text (images inside).
MAX_BINARY_BYTES = 200_000_000
_ENCODINGS = ("gb18030", "big5")
_TAG = re.compile(r"<[^<>\n]{0,4000}>")
_BLOCK_OPEN = re.compile(r"<(script|style)\b[^>]{0,2000}>|<!--", re.I)
_BLOCK_CLOSE = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I),
                "!--": re.compile(r"-->")}
_HTML_HINT = re.compile(r"<(p|div|span|br|font|html|body|td|a)\b", re.I)
#: Markdown emphasis and heading marks, in one line or in many at once (a heading mark starts a line).
_MARKDOWN = re.compile(r"\*\*|__|^#{1,6}[^\S\n]+", re.M)
_DATE_LINE = re.compile(r"^((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
_FRONT_FIELD = re.compile(r"^(title|date)\s*:\s*['\"]?(.*?)['\"]?\s*$")


class SourceError(Exception):
    """A document (or folder) that cannot be read; the message names the path and why."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{printable(Path(path))}: {reason}")
        self.path = Path(path)
        self.reason = reason

    def __reduce__(self):
        return SourceError, (self.path, self.reason)  # picklable (read in a worker process)

    @property
    def name(self) -> str:
        """The file name, printable (bytes that are not UTF-8 shown as ``\\xNN``)."""
        return printable(Path(self.path.name))


def printable(path: Path) -> str:
    r"""A path as text that can be printed and written to UTF-8 files, whatever its bytes.

    Examples
    --------
    >>> printable(Path(b"caf\xe9.txt".decode("utf-8", "surrogateescape")))
    'caf\\xe9.txt'
    """
    return os.fsencode(str(path)).decode("utf-8", errors="backslashreplace")


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
    mixed_lines: int = 0  # lines read in another encoding than the file's
    written: tuple[str, ...] = ()  # the lines as written (script kept), position for position; () = ``lines``
    pages: tuple[int, ...] = ()  # the page of each line (PDF); () for unpaged documents
    wraps: tuple[bool, ...] = ()  # the line runs on into the next one (PDF layout); () if unknown

    def __post_init__(self) -> None:
        if not self.written:
            object.__setattr__(self, "written", self.lines)
        starts: dict[int, int] = {}
        for index, page in enumerate(self.pages):
            starts.setdefault(page, index)
        object.__setattr__(self, "_page_starts", starts)

    def locate(self, line: int) -> tuple[int | None, int]:
        """``(page, line on that page)`` of a line of the document; the page is None if unpaged.

        Examples
        --------
        >>> Document("a.pdf", Path("a.pdf"), "", "", ("x", "y", "z"), pages=(1, 2, 2)).locate(3)
        (2, 2)
        """
        if not self.pages or not 1 <= line <= len(self.pages):
            return None, line
        page = self.pages[line - 1]
        return page, line - self._page_starts[page]

    def cite(self, line: int) -> str:
        """``doc:line``, or ``doc:page:line`` for a paged document."""
        page, on_page = self.locate(line)
        return f"{self.id}:{line}" if page is None else f"{self.id}:{page}:{on_page}"

    @functools.cached_property
    def year(self) -> int | None:
        """The year the document was issued: its front-matter date, else a date line
        (``2016年12月``) near the top; None if neither is there (read once)."""
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


def decode(data: bytes, path: Path) -> tuple[str, int, int]:
    """Decode UTF-8 (with or without BOM), GB18030/GBK or Big5, line by line where they mix.

    A file that is valid UTF-8 is UTF-8. Otherwise its legacy encoding is the
    one of GB18030 and Big5 whose reading looks most like Chinese text (CJK
    ideographs and punctuation rather than the kana and symbols of mojibake;
    GB18030 on a tie), and each line is read on its own: a line that is valid
    UTF-8 stays UTF-8 (a GBK line is almost never valid UTF-8, while UTF-8
    read as GBK silently gives mojibake), a line with a few bad bytes in
    otherwise UTF-8 text keeps its UTF-8 with the bad bytes replaced, any
    other line is read in the legacy encoding, bad bytes replaced.

    Returns
    -------
    tuple
        The text, how many undecodable bytes were replaced, and how many lines
        were read in an encoding other than the file's (both 0 for a clean file).

    Raises
    ------
    SourceError
        For binary data (NUL bytes) or text that is mostly undecodable.

    Examples
    --------
    >>> decode("河北省".encode("big5"), Path("x.txt"))
    ('河北省', 0, 0)
    """
    if b"\x00" in data[:65536]:
        raise SourceError(path, "binary file (NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig"), 0, 0
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    utf8 = [_strict(line, "utf-8") for line in lines]
    legacy_bytes = b"\n".join(line for line, text in zip(lines, utf8) if text is None)
    legacy = max(_ENCODINGS, key=lambda enc: _plausibility(legacy_bytes.decode(enc, errors="replace")))
    utf8_lines = sum(1 for line, text in zip(lines, utf8) if text is not None and not line.isascii())
    legacy_lines = sum(1 for text in utf8 if text is None)
    mostly_utf8 = utf8_lines >= legacy_lines
    out, mixed = [], 0
    for line, text in zip(lines, utf8):
        if text is None:
            lenient = line.decode("utf-8", errors="replace")
            if mostly_utf8 and lenient.count("\ufffd") * 2 <= sum(not c.isascii() for c in lenient):
                text = lenient
            else:
                text = line.decode(legacy, errors="replace")
                mixed += mostly_utf8
        elif not line.isascii() and not mostly_utf8:
            mixed += 1
        out.append(text)
    text = "\n".join(out)
    if text.startswith("\ufeff"):
        text = text[1:]
    replaced = text.count("\ufffd")
    if replaced > max(16, len(text) // 20):
        raise SourceError(path, f"not text in UTF-8, GB18030 or Big5 ({replaced} undecodable bytes)")
    return text, replaced, mixed


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\x00-\x7f\u3000-\u303f\uff00-\uff5e\u2018-\u201d\u2026\u2014]")


def _plausibility(text: str) -> float:
    """Share of characters that Chinese text is made of (ideographs, ASCII, CJK punctuation)."""
    sample = text[:20000]
    return len(_PLAUSIBLE.findall(sample)) / max(len(sample), 1)


def blank_blocks(text: str) -> str:
    r"""``<script>``/``<style>`` blocks and ``<!-- -->`` comments blanked, line breaks kept.

    One pass: each opening is followed by a search for its own closing, and an
    opening never closed blanks the rest of the page (as a browser reads it),
    so the time is linear in the size of the page whatever it holds.

    Examples
    --------
    >>> blank_blocks("a<style>x\ny</style>b<!-- c")
    'a\nb'
    """
    out: list[str] = []
    position = 0
    for opening in _BLOCK_OPEN.finditer(text):
        if opening.start() < position:
            continue
        out.append(text[position:opening.start()])
        closing = _BLOCK_CLOSE[(opening.group(1) or "!--").lower()].search(text, opening.end())
        stop = closing.end() if closing else len(text)
        out.append("\n" * text.count("\n", opening.start(), stop))
        position = stop
        if closing is None:
            break
    out.append(text[position:])
    return "".join(out)


def clean_lines(text: str, is_html: bool) -> tuple[list[str], dict[str, str]]:
    """Split into lines, strip markup and front matter, normalise each line.

    Returns
    -------
    tuple
        The cleaned lines as written (as many as the input has) and
        front-matter fields. :func:`atlas.reading.script.matching_line` gives the
        form names are matched in.
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
        body = blank_blocks(body)
        if is_html:
            body = blank_furniture(body)
        body = _TAG.sub("", body)
        body = html.unescape(body)
    # NFKC of the whole text is NFKC of each line: no character normalises to or across a line break;
    # markdown marks, like the rules of written_lines, never reach across one either
    text = "\n".join(line.strip() for line in nfkc(body).split("\n"))
    if "**" in text or "__" in text or "#" in text:
        text = _MARKDOWN.sub("", text)
    return written_lines(text), meta


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
    if path.exists() and not path.is_file():  # never opened: a pipe or device would block or never end
        raise SourceError(path, "not a regular file (a folder, pipe, socket or device)")
    binary = path.suffix.lower() in formats.SUFFIXES
    limit = max(max_bytes, MAX_BINARY_BYTES) if binary else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise SourceError(path, f"{size / 1e6:.0f} MB, over the {limit / 1e6:.0f} MB limit for one document")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read ({exc.strerror or exc})") from exc
    replaced = mixed = 0
    pages: tuple[int, ...] = ()
    wraps: tuple[bool, ...] = ()
    if binary:
        try:
            extracted = formats.read(path, data)
        except formats.FormatError as exc:
            raise SourceError(path, str(exc)) from exc
        text, is_html, pages, wraps = "\n".join(extracted.lines), extracted.is_html, extracted.pages, extracted.wraps
    else:
        text, replaced, mixed = decode(data, path)
        is_html = path.suffix.lower() in (".html", ".htm")
    written, meta = clean_lines(text, is_html)
    if not any(written):
        raise SourceError(path, "empty document (no text)")
    lines = matching_lines(written)
    title = meta.get("title") or _first_title(lines)
    return Document(id=path.name, path=path, title=title, date=meta.get("date", ""), lines=tuple(lines),
                    replaced_bytes=replaced, mixed_lines=mixed, written=tuple(written), pages=pages, wraps=wraps)


def _first_title(lines: list[str]) -> str:
    """A title guess: the first line naming the pilots (批/试点), else the first line."""
    candidates = [line for line in lines[:40] if line and len(line) < 60]
    for line in candidates:
        if "试点" in line or "城镇化" in line:
            return line
    return candidates[0] if candidates else ""


def folder_entries(folder: Path) -> list[Path | SourceError]:
    """The document files of a folder, sorted by name, and an error for each one named unreadably.

    Raises
    ------
    SourceError
        If the folder itself is missing or not a folder.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SourceError(folder, "sources folder not found")
    entries: list[Path | SourceError] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SUFFIXES or path.name.upper().startswith("README"):
            continue
        if printable(Path(path.name)) != path.name:
            entries.append(SourceError(path, "file name is not valid UTF-8: rename the file"))
        else:
            entries.append(path)
    return entries


def read_entry(entry: Path | SourceError) -> Document | SourceError:
    """One entry of :func:`folder_entries` read: the document, or why it cannot be read."""
    if isinstance(entry, SourceError):
        return entry
    try:
        return read_document(entry)
    except SourceError as exc:
        return exc


def read_folder(folder: Path) -> tuple[list[Document], list[SourceError]]:
    """Read every document in a folder (sorted by name); collect errors, never stop.

    Raises
    ------
    SourceError
        If the folder itself is missing or not a folder.
    """
    read = [read_entry(entry) for entry in folder_entries(folder)]
    return [r for r in read if isinstance(r, Document)], [r for r in read if isinstance(r, SourceError)]
