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

from atlas.reading.formats import Extracted, FormatError

_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "form", "noscript", "select", "button"})
_FURNITURE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|topbar|breadcrumbs?|crumbs?|sidebar|side|share|"
    r"related|recommend|comments?|copyright|toolbar|links?|tags?|pager|pagination|ad|ads|banner|login|search)"
    r"(?:$|[\s_-])",
    re.I,
)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]{0,4000})>")
_NAMES = re.compile(r"""\b(?:id|class|role)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _furniture_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of furniture elements, found with one linear pass over the tags."""
    ranges: list[tuple[int, int]] = []
    open_: list[tuple[str, int, int]] = []  # (tag, depth of that tag, start offset) of open furniture
    depth: dict[str, int] = {}
    for match in _TAG.finditer(text):
        closing, tag, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if tag in _VOID or attrs.rstrip().endswith("/"):
            continue
        if not closing:
            depth[tag] = depth.get(tag, 0) + 1
            names = " ".join(next(g for g in m.groups() if g is not None) for m in _NAMES.finditer(attrs))
            if tag in _FURNITURE_TAGS or _FURNITURE_NAMES.search(names) or "navigation" in names:
                open_.append((tag, depth[tag], match.start()))
            continue
        level = depth.get(tag, 0)
        if open_ and open_[-1][0] == tag and open_[-1][1] == level:
            ranges.append((open_.pop()[2], match.end()))
        if level:
            depth[tag] = level - 1
    return ranges


def blank_furniture(text: str) -> str:
    r"""HTML with its navigation, footer and other furniture elements blanked (newlines kept).

    Linear in the size of the page (one regular-expression pass over its tags).

    Examples
    --------
    >>> blank_furniture('<nav>首页 某省</nav>\n<p>正文</p>').strip()
    '<p>正文</p>'
    """
    ranges = _furniture_ranges(text)
    if not ranges:
        return text
    out, last = [], 0
    for start, end in sorted(ranges):
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
