"""Self-contained Folium pages: every asset inlined, stable element ids.

Folium links Leaflet and its plugins from CDNs, which leaves a blank page
offline (and is unreliable from mainland China). :class:`OfflineFigure`
renders the map as usual, then swaps every ``<script src>``/``<link href>``
that folium put in the page header for the file's content, read from an
installed XStatic package. A link with no local copy raises an error instead
of slipping through; links to unused assets (jQuery, Bootstrap, awesome-markers,
which folium adds by default) are dropped.

Folium names elements with random UUIDs; :func:`stabilise_ids` renames them in
tree order so the same map gives byte-identical HTML. While a page renders,
the text each element's macros give (a layer's script, its header lines) is
not compiled as a Jinja template when it holds no Jinja syntax
(:func:`literal_templates`): the page is the same.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from contextlib import AbstractContextManager
from functools import lru_cache
from pathlib import Path

import branca.element
from branca.element import CssLink, Element, Figure, JavascriptLink

from atlas.common.patching import replaced

#: Folium asset names that Pilot Atlas pages never need.
_UNUSED = frozenset({
    "jquery", "bootstrap", "bootstrap_css", "glyphicons_css", "awesome_markers",
    "awesome_markers_css", "awesome_markers_font_css", "awesome_rotate_css",
})
_CSS_URL = re.compile(r"url\((?!['\"]?(?:data:|#))['\"]?([^)'\"]+)['\"]?\)")


def _xstatic_dir(module: str) -> Path:
    package = __import__(f"xstatic.pkg.{module}", fromlist=["BASE_DIR"])
    return Path(package.BASE_DIR)


def _assets() -> dict[str, tuple[str, Path]]:
    """Folium asset name → (kind, local file)."""
    leaflet = _xstatic_dir("leaflet")
    cluster = _xstatic_dir("leaflet_markercluster")
    return {
        "leaflet": ("js", leaflet / "leaflet.js"),
        "leaflet_css": ("css", leaflet / "leaflet.css"),
        "markerclusterjs": ("js", cluster / "leaflet.markercluster.js"),
        "markerclustercss": ("css", cluster / "MarkerCluster.css"),
        "markerclusterdefault": ("css", cluster / "MarkerCluster.Default.css"),
    }


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@lru_cache(maxsize=None)
def inline_asset(name: str) -> str:
    """The HTML that inlines one named asset (``<script>`` or ``<style>``)."""
    assets = _assets()
    if name not in assets:
        raise KeyError(f"no offline copy of the page asset {name!r}; add it to atlas.publishing.maps.offline")
    kind, path = assets[name]
    text = path.read_text(encoding="utf-8")
    if kind == "js":
        return "<script>" + text.replace("</script", "<\\/script") + "</script>"
    text = _CSS_URL.sub(lambda m: f"url({_data_uri(path.parent / m.group(1))})", text)
    return f"<style>{text}</style>"


class RawHTML(Element):
    """An element that renders its text exactly as given (no Jinja template compiled from it).

    Branca's ``Element(text)`` compiles ``text`` as a template on every page,
    which for an inlined Leaflet (150 kB) costs more than the rest of the page;
    this keeps Jinja's one rule that applies to such text: a single trailing
    newline is dropped.

    Examples
    --------
    >>> RawHTML("<script>var a = {{b}};</script>\\n").render()
    '<script>var a = {{b}};</script>'
    """

    def __init__(self, text: str):
        super().__init__()
        self._name = "RawHTML"
        self.text = jinja_text(text)

    def render(self, **kwargs) -> str:
        return self.text


def jinja_text(text: str) -> str:
    """What a Jinja template of ``text`` renders when ``text`` holds no Jinja syntax (:data:`JINJA_MARKS`):
    the text with one trailing newline dropped (Jinja's ``keep_trailing_newline=False``)."""
    return text[:-1] if text.endswith("\n") else text


#: Text holding none of these renders from a Jinja template (default syntax) as :func:`jinja_text`:
#: the starts of a variable, a block and a comment, and a carriage return (Jinja's newlines become ``\n``).
JINJA_MARKS = ("{{", "{%", "{#", "\r")


class LiteralTemplate:
    """Stands for ``jinja2.Template(text)`` of a text without Jinja syntax: renders :func:`jinja_text` of it.

    Examples
    --------
    >>> from jinja2 import Template
    >>> text = "<script>\\n    var a = L.marker([1, 2], {});\\n</script>\\n"
    >>> LiteralTemplate(text).render(this=None) == Template(text).render(this=None)
    True
    """

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = jinja_text(text)

    def render(self, *args, **kwargs) -> str:
        return self.text


def template(source: str):
    """A Jinja template of ``source``, or a :class:`LiteralTemplate` when it holds no Jinja syntax."""
    if any(mark in source for mark in JINJA_MARKS):
        return _JINJA_TEMPLATE(source)
    return LiteralTemplate(source)


_JINJA_TEMPLATE = branca.element.Template


def literal_templates() -> AbstractContextManager[None]:
    """While active, a branca element made from text compiles it only if it holds Jinja syntax (:func:`template`)."""
    return replaced(branca.element, "Template", template)


class OfflineFigure(Figure):
    """A branca Figure whose rendered page loads nothing from the network."""

    def render(self, **kwargs) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        header = self.header._children
        items = list(header.items())
        header.clear()
        for name, child in items:  # same order: plugins stay after Leaflet
            if isinstance(child, (JavascriptLink, CssLink)):
                if name not in _UNUSED:
                    header[name] = RawHTML(inline_asset(name))
            else:
                header[name] = child
        return self._template.render(this=self, kwargs=kwargs)


def stabilise_ids(root) -> None:
    """Give every element a deterministic id from its position in the tree."""
    counter = 0

    def visit(element) -> None:
        nonlocal counter
        element._id = f"{counter:06d}"
        counter += 1
        for extra in ("header", "html", "script"):
            part = getattr(element, extra, None) if isinstance(element, Figure) else None
            if part is not None:
                visit(part)
        for child in element._children.values():
            visit(child)

    visit(root)


class PageHTML(str):
    """A rendered page: a string to write to a file, shown inline by Jupyter (``_repr_html_``)."""

    def _repr_html_(self) -> str:
        return ('<div style="width:100%;height:600px"><iframe srcdoc="' + html.escape(self, quote=True)
                + '" style="width:100%;height:100%;border:none" sandbox="allow-scripts"></iframe></div>')


def render_page(figure: Figure) -> PageHTML:
    """Render a figure to a complete, deterministic, offline HTML page."""
    stabilise_ids(figure)
    with literal_templates():
        return PageHTML(figure.render())
