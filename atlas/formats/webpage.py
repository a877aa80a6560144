"""Web pages saved from a browser: ``.mhtml`` archives, and the main text of any HTML page.

A saved page carries the site's navigation, header, footer, side bars and
share buttons around the article; they name other places (links to other
news, the site's own city). :func:`blank_furniture` blanks every element
that is furniture by its tag (``nav``, ``header``, ``footer``, ``aside``,
``form``) or by its ``id``/``class`` (``nav``, ``menu``, ``footer``,
``breadcrumb``, ``sidebar``, ``share``, ``related``, ``comment``,
``copyright``…), keeping line breaks so line numbers stay those of the file.
An element left unclosed is kept: blanking to the end of a broken page would
lose its text.

A ``.mhtml``/``.mht`` file is a MIME archive; its first HTML part is read
(quoted-printable and charsets decoded by the standard library).
"""

from __future__ import annotations

import email
import email.policy
import re
from html.parser import HTMLParser

from atlas.formats import Extracted, FormatError

_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "form", "noscript", "select", "button"})
_FURNITURE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|topbar|breadcrumbs?|crumbs?|sidebar|side|share|"
    r"related|recommend|comments?|copyright|toolbar|links?|tags?|pager|pagination|ad|ads|banner|login|search)"
    r"(?:$|[\s_-])",
    re.I,
)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})


class _Furniture(HTMLParser):
    """Collects the (start, end) offsets of furniture elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.ranges: list[tuple[int, int]] = []
        self._open: list[tuple[str, int, int]] = []  # (tag, depth of same tag, start offset)
        self._depth: dict[str, int] = {}

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        self._depth[tag] = self._depth.get(tag, 0) + 1
        names = " ".join(v or "" for k, v in attrs if k in ("id", "class", "role"))
        if tag in _FURNITURE_TAGS or _FURNITURE_NAMES.search(names) or "navigation" in names:
            self._open.append((tag, self._depth[tag], self._offset()))

    def handle_endtag(self, tag):
        depth = self._depth.get(tag, 0)
        if self._open and self._open[-1][0] == tag and self._open[-1][1] == depth:
            _, _, start = self._open.pop()
            end = self.text.find(">", self._offset())
            self.ranges.append((start, len(self.text) if end < 0 else end + 1))
        if depth:
            self._depth[tag] = depth - 1


def blank_furniture(text: str) -> str:
    """HTML with its navigation, header, footer and other furniture elements blanked (newlines kept).

    Examples
    --------
    >>> blank_furniture('<nav>首页 某省</nav>\\n<p>正文</p>').strip()
    '<p>正文</p>'
    """
    parser = _Furniture(text)
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # a page the parser cannot follow is read whole
        return text
    if not parser.ranges:
        return text
    out, last = [], 0
    for start, end in sorted(parser.ranges):
        if start < last:
            continue  # inside an element already blanked
        out.append(text[last:start])
        out.append("\n" * text.count("\n", start, end))
        last = end
    out.append(text[last:])
    return "".join(out)


def read_mhtml(data: bytes) -> Extracted:
    """The HTML of a saved ``.mhtml`` page, as lines still to be stripped.

    Raises
    ------
    FormatError
        No HTML part in the archive.
    """
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            try:
                html = part.get_content()
            except (LookupError, ValueError) as exc:
                raise FormatError(f"web archive with an unreadable HTML part ({type(exc).__name__})") from exc
            return Extracted(tuple(html.replace("\r\n", "\n").split("\n")), is_html=True)
    raise FormatError("web archive (.mhtml) with no HTML page in it")
