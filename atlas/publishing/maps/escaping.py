"""Make document text inert wherever it lands in a generated page.

Two traps beyond plain HTML: branca re-parses every rendered macro as a Jinja
template (so ``{{ … }}`` or ``{% … %}`` in a place name would be evaluated at
build time), and JSON inside ``<script>`` ends at the first ``</script>``.
"""

from __future__ import annotations

import html
import json
import re

_JINJA_OPEN = re.compile(r"\{(?=[{%#])")
#: In a script only ``</`` (an end tag) and ``<!`` (``<!--`` changes how the end tag is found) can break out.
_TAG_BREAK = re.compile(r"<(?=[/!])")


def html_text(value) -> str:
    """Escape text for HTML element content or attribute values, braces included."""
    return html.escape(str(value), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def safe_json(value, markup: bool = False) -> str:
    r"""JSON for embedding in ``<script>``: deterministic, cannot end the element, no Jinja delimiters.

    ``<``, ``>``, ``&``, U+2028/9 and any ``{`` that starts ``{{``, ``{%``
    or ``{#`` are written as ``\uXXXX`` escapes (a ``{`` before those
    characters can only be inside a string, never JSON structure).

    With ``markup=True`` every string in ``value`` must be HTML built here,
    with :func:`html_text` on all document text (popups, tooltips): its
    ``<`` are then the page's own tags, and only those that could end the
    script (``</``, ``<!``) are escaped. Popups are mostly tags, and
    escaping each one made the pages a third longer.

    Examples
    --------
    >>> safe_json({"a": "<b>x</b>"})
    '{"a":"\\u003cb\\u003ex\\u003c/b\\u003e"}'
    >>> safe_json({"a": "<b>x</b><!--"}, markup=True)
    '{"a":"<b>x\\u003c/b>\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if markup:
        text = _TAG_BREAK.sub(r"\\u003c", text)
    for char in "\u2028\u2029" if markup else "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return _JINJA_OPEN.sub(r"\\u007b", text)
