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


def html_text(value) -> str:
    """Escape text for HTML element content or attribute values, braces included."""
    return html.escape(str(value), quote=True).replace("{", "&#123;").replace("}", "&#125;")


def safe_json(value) -> str:
    """JSON for embedding in ``<script>``: deterministic, cannot end the element, no Jinja delimiters.

    ``<``, ``>``, ``&``, U+2028/9 and any ``{`` that starts ``{{``, ``{%``
    or ``{#`` are written as ``\\uXXXX`` escapes (a ``{`` before those
    characters can only be inside a string, never JSON structure).
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return _JINJA_OPEN.sub(r"\\u007b", text)
