"""PDF with a text layer → lines in reading order, page by page (pdfplumber).

* **Words** come from pdfplumber (pdfminer.six underneath) with their boxes.
* **Tables** ruled with lines are found by pdfplumber and kept one row per
  line as ``| cell | cell |``; an unruled row of three or more cells set far
  apart is kept the same way, so a list of pilots in a table stays one row
  per pilot.
* **Two columns**: where a vertical gutter near the middle of the page is
  crossed by few lines, the lines on either side of it are read left column
  first, block by block (a full-width line such as a title ends a block).
* **Running headers, footers and page numbers** — a line in the top or bottom
  margin that repeats on other pages (digits aside), or that is only a page
  number (``- 3 -``, ``第3页``, ``3/10``) — are dropped.

A line that runs to the right edge of its column is marked as wrapping, so
that :func:`atlas.reading.text.paragraphs` joins it with the next line (a word
or sentence broken across lines or pages) while line numbers stay the page's. Limits: :data:`MAX_PAGES` pages and
:data:`MAX_SECONDS` seconds per file, checked page by page; each page's
cache is released as soon as it is read, so memory stays that of one page.
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from dataclasses import dataclass

from atlas.reading.formats import Extracted, FormatError

MAX_PAGES = 3000
MAX_SECONDS = 300.0
#: Share of the page height at the top and bottom where running headers and footers sit.
_MARGIN = 0.06
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页|/\s*\d{1,4})?(?:\s*共\s*\d+\s*页)?[-—–\s]*$")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_ENDS_SENTENCE = re.compile(r"[。！？；:：!?;]\s*$")


@dataclass(frozen=True)
class _Line:
    top: float
    bottom: float
    words: tuple[dict, ...]  # sorted by x0


def read_pdf(data: bytes, max_pages: int = MAX_PAGES, max_seconds: float = MAX_SECONDS) -> Extracted:
    """Lines of a PDF's text layer with the page of each line.

    Raises
    ------
    FormatError
        Encrypted, damaged, too long, or scanned (no text layer; the page count is given).

    Examples
    --------
    >>> read_pdf(b"not a pdf")
    Traceback (most recent call last):
    ...
    atlas.reading.formats.FormatError: damaged PDF, cannot be opened (PDFSyntaxError)
    """
    import pdfplumber

    start = time.monotonic()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except Exception as exc:  # pdfminer raises many kinds for damaged or encrypted files
        raise FormatError(_open_error(exc)) from exc
    if len(pages) > max_pages:
        raise FormatError(f"{len(pages)} pages, over the {max_pages}-page limit for one document")
    per_page: list[list[tuple[str, bool, bool]]] = []
    try:
        for page in pages:
            if time.monotonic() - start > max_seconds:
                raise FormatError(f"reading took over {max_seconds:.0f} s (stopped at page {page.page_number})")
            try:
                per_page.append(_page_lines(page))
            except FormatError:
                raise
            except Exception as exc:
                raise FormatError(f"damaged PDF, page {page.page_number} cannot be read ({type(exc).__name__})") from exc
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(not in_margin for page in per_page for _, in_margin, _ in page):  # at most a stamp in the margin
        raise FormatError(f"scanned PDF: {len(pages)} page(s) with no text layer (run OCR first, e.g. ocrmypdf)")
    running = _running_lines(per_page)
    lines: list[str] = []
    page_of: list[int] = []
    wraps: list[bool] = []
    for number, page_lines in enumerate(per_page, start=1):
        for text, in_margin, wrap in page_lines:
            if in_margin and (_PAGE_NUMBER.match(text) or _digits_folded(text) in running):
                continue
            lines.append(text)
            page_of.append(number)
            wraps.append(wrap)
    return Extracted(tuple(lines), tuple(page_of), wraps=tuple(wraps))


def _open_error(exc: Exception) -> str:
    name = type(exc).__name__
    inner = [a for a in (exc.__cause__, *exc.args) if isinstance(a, Exception)]
    cause = type(inner[0]).__name__ if inner else ""
    if "Password" in name + cause or "Encrypt" in name + cause:
        return "encrypted PDF (password protected): save an unprotected copy"
    return f"damaged PDF, cannot be opened ({cause or name})"


def _digits_folded(text: str) -> str:
    return re.sub(r"\d+", "#", "".join(text.split()))


def _running_lines(per_page: list[list[tuple[str, bool, bool]]]) -> set[str]:
    """Margin lines (digits folded) found on more than one page: running headers and footers."""
    if len(per_page) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in per_page:
        counts.update({_digits_folded(t) for t, in_margin, _ in page if in_margin})
    return {text for text, n in counts.items() if n >= 2}


def _page_lines(page) -> list[tuple[str, bool, bool]]:
    """The page's lines in reading order: (text, in the top or bottom margin, wraps to the next line)."""
    height, width = float(page.height), float(page.width)
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    words = [w for w in page.extract_words(x_tolerance=1.5, y_tolerance=3, use_text_flow=False)
             if not any(_inside(w, box) for box in boxes)]
    items: list[tuple[float, str, bool]] = []  # (top, text, wraps)
    for table in tables:
        top = table.bbox[1]
        for row in table.extract():
            cells = [" ".join((c or "").split()) for c in row]
            if any(cells):
                items.append((top, "| " + " | ".join(cells) + " |", False))
                top += 0.01
    lines = _group_lines(words)
    in_margin = [ln.top < height * _MARGIN or ln.bottom > height * (1 - _MARGIN) for ln in lines]
    margin = [(ln.top, _join(list(ln.words))) for ln, m in zip(lines, in_margin) if m]
    items += _reading_order([ln for ln, m in zip(lines, in_margin) if not m], width)
    items.sort(key=lambda item: item[0])
    head = [(text, True, False) for top, text in margin if top < height / 2]
    foot = [(text, True, False) for top, text in margin if top >= height / 2]
    return head + [(text, False, wraps) for _, text, wraps in items if text.strip()] + foot


def _inside(word: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return word["x0"] >= x0 - 1 and word["x1"] <= x1 + 1 and word["top"] >= top - 1 and word["bottom"] <= bottom + 1


def _group_lines(words: list[dict]) -> list[_Line]:
    """Words into lines by their vertical position."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [_Line(min(w["top"] for w in ws), max(w["bottom"] for w in ws), tuple(sorted(ws, key=lambda w: w["x0"])))
            for ws in lines]


def _segments(line: _Line) -> list[list[dict]]:
    """Runs of words separated by gaps wider than two characters."""
    height = max(w["bottom"] - w["top"] for w in line.words)
    runs: list[list[dict]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word["x0"] - runs[-1][-1]["x1"] > 2 * height:
            runs.append([word])
        else:
            runs[-1].append(word)
    return runs


def _join(words: list[dict]) -> str:
    text = words[0]["text"]
    for word in words[1:]:
        cjk = _CJK.match(text[-1:]) and _CJK.match(word["text"][:1])
        text += ("" if cjk else " ") + word["text"]
    return text


def _gutter(lines: list[_Line], width: float) -> float | None:
    """The x of a column gutter near the middle crossed by few lines, else None."""
    if len(lines) < 2:
        return None
    best: tuple[int, float] | None = None
    for step in range(int(width * 0.3), int(width * 0.7), 2):
        crossing = sum(any(w["x0"] < step < w["x1"] for w in line.words) for line in lines)
        if best is None or crossing < best[0] or (crossing == best[0] and abs(step - width / 2) < abs(best[1] - width / 2)):
            best = (crossing, float(step))
    crossing, x = best
    both_sides = sum(any(w["x1"] <= x for w in ln.words) and any(w["x0"] >= x for w in ln.words) for ln in lines)
    if crossing <= 0.2 * len(lines) and both_sides >= max(2, 0.3 * len(lines)):
        return x
    return None


def _reading_order(lines: list[_Line], width: float) -> list[tuple[float, str, bool]]:
    """Lines as (top, text, wraps): table-like rows as cells, two-column blocks left column first.

    ``wraps`` is True for a line that runs to the right edge of its column:
    its text goes on in the next line (a word or sentence broken by the layout).
    """
    body = [ln for ln in lines if len(_segments(ln)) < 3]
    gutter = _gutter(body, width)
    out: list[tuple[float, str, bool]] = []
    left_block: list[tuple[float, list[dict]]] = []
    right_block: list[tuple[float, list[dict]]] = []
    full: list[tuple[float, list[dict]]] = []

    def flush() -> None:
        if left_block or right_block:
            first = min(t for t, _ in left_block + right_block)
            column = [*_wrapping(left_block), *_wrapping(right_block)]
            out.extend((first + i * 0.001, text, wraps) for i, (_, text, wraps) in enumerate(column))
            left_block.clear()
            right_block.clear()

    for line in lines:
        segments = _segments(line)
        if len(segments) >= 3:
            flush()
            out.append((line.top, "| " + " | ".join(_join(s) for s in segments) + " |", False))
            continue
        crosses = gutter is not None and any(w["x0"] < gutter < w["x1"] for w in line.words)
        if gutter is None or crosses:
            flush()
            full.append((line.top, list(line.words)))
            continue
        left = [w for w in line.words if w["x1"] <= gutter]
        right = [w for w in line.words if w["x0"] >= gutter]
        if left:
            left_block.append((line.top, left))
        if right:
            right_block.append((line.top, right))
    flush()
    out.extend(_wrapping(full))
    return out


def _wrapping(rows: list[tuple[float, list[dict]]]) -> list[tuple[float, str, bool]]:
    """Each row's text, and whether it wraps: it has a next row close below it (same
    paragraph) and reaches the right edge that the paragraph's rows share."""
    out = []
    for index, (top, words) in enumerate(rows):
        size = max(w["bottom"] - w["top"] for w in words)
        text = _join(words)
        group = _paragraph_of(rows, index)
        right = max(ws[-1]["x1"] for _, ws in group)
        close_below = index + 1 < len(rows) and rows[index + 1][0] - top <= 1.8 * size
        out.append((top, text, close_below and words[-1]["x1"] >= right - 1.5 * size
                    and not _ENDS_SENTENCE.search(text)))
    return out


def _paragraph_of(rows: list[tuple[float, list[dict]]], index: int) -> list[tuple[float, list[dict]]]:
    """The run of rows around ``index`` with no vertical gap wider than a blank line between them."""
    def gap(i: int) -> float:
        size = max(w["bottom"] - w["top"] for w in rows[i][1])
        return (rows[i + 1][0] - rows[i][0]) / size

    start = index
    while start > 0 and gap(start - 1) <= 1.8:
        start -= 1
    end = index
    while end + 1 < len(rows) and gap(end) <= 1.8:
        end += 1
    return rows[start:end + 1]
