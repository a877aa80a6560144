"""The printable atlas, ``atlas.pdf``: a contents page, then one A4 landscape sheet per region and province.

Every sheet has the same layout, like a GIS atlas export: the map (framed,
scale bar, place names) on the left, the legend and the summary table of the
region's places on the right, its sources and the page number at the foot.
A table too long for its sheet continues on the next page(s), under the same
heading. The file is the same, byte for byte, for the same inputs (no dates
in its metadata, fonts embedded the same way every time).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from atlas.common.io import atomic_path  # noqa: E402
from atlas.publishing import charts, pdf_fonts, pdf_streams  # noqa: E402
from atlas.publishing.static_maps import StaticMaps  # noqa: E402
from atlas.publishing.wording import term, value  # noqa: E402

A4_LANDSCAPE = (11.69, 8.27)
#: Table rows on a sheet with its map, and on a continuation page (the table alone).
ROWS_WITH_MAP, ROWS_ALONE = 30, 38
_ROW_STEP = 0.0185  # figure fraction per table row
_METRICS = ("resident_pop_10k", "urbanization_rate_resident_pct", "urbanization_rate_hukou_pct", "urbanization_gap_pp")
_ROLE_ORDER = {"pilot": 0, "example": 1, "other_programme": 2}


@dataclass(frozen=True)
class AtlasSheet:
    """One sheet of the printable atlas: a title, the provinces it covers and their located places."""

    title: str
    provinces: tuple[str, ...]
    rows: pd.DataFrame

    def table_pages(self) -> int:
        """Pages the sheet takes: one, plus one per continuation of its table."""
        rest = max(len(self.rows) - ROWS_WITH_MAP, 0)
        return 1 + -(-rest // ROWS_ALONE)


def _sorted(rows: pd.DataFrame) -> pd.DataFrame:
    order = rows.assign(_role=rows["role"].map(_ROLE_ORDER).fillna(9))
    return order.sort_values(["_role", "province", "canonical_name"], kind="stable").drop(columns="_role")


def _cell(value) -> str:
    return "" if pd.isna(value) else f"{value:g}"


def _fitting_size(text: str, width_pt: float, size: float = 6.5) -> float:
    """A font size at which ``text`` fits ``width_pt`` (a Chinese character is about one em wide, others half)."""
    ems = sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in text)
    return min(size, width_pt / ems) if ems else size


def _table(fig, rows: pd.DataFrame, left: float, right: float, top: float, heading: str, lang: str) -> None:
    """Rows of the summary table as text from ``top`` down (figure fractions)."""
    names = [term(f"col.{c}", lang) for c in ("place", "province", "role", "level", *_METRICS)]
    widths = (0.23, 0.15, 0.12, 0.12, 0.10, 0.09, 0.10, 0.09)
    xs, x = [], left
    for w in widths:
        xs.append(x)
        x += w * (right - left)
    fig.text(left, top + 0.012, heading, fontsize=9, va="bottom")
    for i, name in enumerate(names):
        numeric = i >= 4
        fig.text(xs[i] + (widths[i] * (right - left) * 0.95 if numeric else 0), top, name,
                 fontsize=_fitting_size(name, widths[i] * (right - left) * fig.get_figwidth() * 72 * 0.9),
                 color="#555", va="top", ha="right" if numeric else "left")
    fig.add_artist(Line2D([left, right], [top - 0.017, top - 0.017], lw=0.5, color="#999",
                              transform=fig.transFigure))
    anchors = [(xs[i] + (widths[i] * (right - left) * 0.95 if i >= 4 else 0), "right" if i >= 4 else "left")
               for i in range(len(widths))]
    room = [w * (right - left) * fig.get_figwidth() * 72 * 0.95 for w in widths]
    columns = [rows["canonical_name"], rows["province"], [value(v, lang) for v in rows["role"]],
               [value(v, lang) for v in rows["precision"]],
               *([_cell(v) for v in rows[m]] if m in rows else [""] * len(rows) for m in _METRICS)]
    for r, cells in enumerate(zip(*columns)):
        y = top - 0.022 - r * _ROW_STEP
        for (x, ha), width, text in zip(anchors, room, map(str, cells)):
            if text:  # an empty cell draws nothing
                fig.text(x, y, text, fontsize=_fitting_size(text, width), va="top", ha=ha)


def _foot(fig, page: int, documents: str, static: StaticMaps) -> None:
    fig.text(0.03, 0.035, documents, fontsize=5.5, color="#444", va="bottom", wrap=True)
    fig.text(0.03, 0.018, static.source_text(), fontsize=5.5, color="#444", va="bottom")
    fig.text(0.97, 0.018, str(page), fontsize=8, ha="right", va="bottom")


def _documents(rows: pd.DataFrame, lang: str) -> str:
    docs = sorted({cite.split(":", 1)[0] for cell in rows.get("sources", pd.Series(dtype=str)).dropna()
                   for cite in str(cell).split(";") if cite.strip()})
    return term("pdf.documents", lang) + (", ".join(docs) if docs else term("pdf.none", lang))


def _header(fig, title: str, subtitle: str, atlas_title: str) -> None:
    fig.text(0.03, 0.955, title, fontsize=15, va="top")
    fig.text(0.03, 0.915, subtitle, fontsize=8, color="#444", va="top")
    fig.text(0.97, 0.955, atlas_title, fontsize=7, color="#666", va="top", ha="right")


def _sheet_pages(static: StaticMaps, sheet: AtlasSheet, first_page: int, atlas_title: str):
    lang = static.lang
    rows = _sorted(sheet.rows)
    pilots = int((rows["role"] == "pilot").sum())
    subtitle = term("pdf.summary", lang, count=len(rows), pilots=pilots, others=len(rows) - pilots)
    documents = _documents(rows, lang)
    fig = charts.new_figure(A4_LANDSCAPE)
    _header(fig, sheet.title, subtitle, atlas_title)
    ax = fig.add_axes((0.03, 0.08, 0.56, 0.80))
    map_sheet = static.places_sheet(sheet.rows, sheet.provinces)
    static.compose(ax, map_sheet, label_size=6)
    fig.legend(handles=map_sheet.handles, title=map_sheet.legend_title, loc="upper left", bbox_to_anchor=(0.615, 0.88),
               fontsize=6.5, title_fontsize=7.5, frameon=False, alignment="left")
    _table(fig, rows.iloc[:ROWS_WITH_MAP], 0.615, 0.97, 0.66, term("pdf.places", lang), lang)
    _foot(fig, first_page, documents, static)
    yield fig
    for n, start in enumerate(range(ROWS_WITH_MAP, len(rows), ROWS_ALONE), start=1):
        fig = charts.new_figure(A4_LANDSCAPE)
        continued = term("pdf.continued", lang)
        _header(fig, f"{sheet.title}{continued}", subtitle, atlas_title)
        _table(fig, rows.iloc[start:start + ROWS_ALONE], 0.03, 0.97, 0.85, term("pdf.places", lang) + continued, lang)
        _foot(fig, first_page + n, documents, static)
        yield fig


def _contents(sheets: Sequence[AtlasSheet], atlas_title: str, lang: str):
    fig = charts.new_figure(A4_LANDSCAPE)
    _header(fig, term("pdf.contents", lang), term("pdf.contents_note", lang), atlas_title)
    per_column = 32
    for i, (sheet, page) in enumerate(zip(sheets, first_pages(sheets))):
        column, line = divmod(i, per_column)
        x = 0.05 + column * 0.47
        y = 0.85 - line * 0.024
        fig.text(x, y, sheet.title, fontsize=9, va="top")
        fig.text(x + 0.40, y, str(page), fontsize=9, va="top", ha="right")
    fig.text(0.97, 0.018, "1", fontsize=8, ha="right", va="bottom")
    return fig


def first_pages(sheets: Sequence[AtlasSheet]) -> list[int]:
    """The page number on which each sheet starts (the contents page is page 1).

    Examples
    --------
    >>> rows = pd.DataFrame({"role": ["pilot"] * 40})
    >>> first_pages([AtlasSheet("A", ("1",), rows), AtlasSheet("B", ("2",), rows.iloc[:3])])
    [2, 4]
    """
    out, page = [], 2
    for sheet in sheets:
        out.append(page)
        page += sheet.table_pages()
    return out


def _printed_text(figures) -> set[str]:
    """Every character of the text artists of ``figures``."""
    return {char for fig in figures for text in fig.findobj(Text) for char in text.get_text()}


def _pdf_part(path: Path, figures) -> Path:
    """Save ``figures`` as the pages of one PDF (atomically, no dates, fonts embedded as TrueType).

    The Chinese font is embedded from a small copy holding the characters of
    the figures (:mod:`atlas.publishing.pdf_fonts`), which depends on nothing
    else; a character it would lack falls back to the installed font. Its cuts to the
    glyphs of each embedded font are cached as well (:func:`pdf_fonts.cached_glyph_subsets`). Each page's
    content is deflated in one call (:func:`pdf_streams.deflated_once`).
    """
    charts.configure()
    figures = list(figures)
    rc = {"pdf.fonttype": 42}
    family = pdf_fonts.printing_family(_printed_text(figures))
    if family is not None:
        rc["font.sans-serif"] = [family, *matplotlib.rcParams["font.sans-serif"]]
    with matplotlib.rc_context(rc), atomic_path(Path(path)) as tmp, pdf_fonts.cached_glyph_subsets(), \
            pdf_streams.deflated_once():
        with PdfPages(tmp, metadata={"Creator": "Pilot Atlas", "Producer": None, "CreationDate": None,
                                     "ModDate": None}) as pdf:
            for fig in figures:
                pdf.savefig(fig)
    return Path(path)


def sheet_groups(sheets: Sequence[AtlasSheet]) -> list[list[int]]:
    """Sheets drawn into one part of the atlas: each sheet with the later ones whose provinces it covers.

    A place shows on its region's sheet and its province's, so a changed
    place redraws one group; each group is one PDF, with its fonts embedded once.

    Examples
    --------
    >>> rows = pd.DataFrame({"role": []})
    >>> sheet_groups([AtlasSheet("E", ("1", "2"), rows), AtlasSheet("W", ("3",), rows),
    ...               AtlasSheet("1", ("1",), rows), AtlasSheet("3", ("3",), rows), AtlasSheet("9", ("9",), rows)])
    [[0, 2], [1, 3], [4]]
    """
    groups: list[list[int]] = []
    for i, sheet in enumerate(sheets):
        home = next((g for g in groups if set(sheet.provinces) <= set(sheets[g[0]].provinces)), None)
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    return groups


def contents_group(groups: Sequence[Sequence[int]]) -> int:
    """The group that also draws the contents page: the one with fewest sheets (the first of those)."""
    return min(range(len(groups)), key=lambda g: len(groups[g]))


def part_pdf(path: Path, static: StaticMaps, sheets: Sequence[AtlasSheet], members: Sequence[int], atlas_title: str,
             contents: bool = False) -> Path:
    """Write the sheets ``members`` (indices into ``sheets``), after the contents page if asked, as one PDF."""
    first = first_pages(sheets)
    front = [_contents(sheets, atlas_title, static.lang)] if contents else []
    return _pdf_part(path, itertools.chain(front, *(_sheet_pages(static, sheets[i], first[i], atlas_title)
                                                    for i in members)))


def page_order(sheets: Sequence[AtlasSheet], groups: Sequence[Sequence[int]], contents_group: int
               ) -> list[tuple[int, int]]:
    """(part, page within the part) of every page of the atlas, in reading order.

    Examples
    --------
    >>> rows = pd.DataFrame({"role": []})
    >>> sheets = [AtlasSheet("E", ("1",), rows), AtlasSheet("W", ("3",), rows), AtlasSheet("1", ("1",), rows)]
    >>> page_order(sheets, sheet_groups(sheets), 1)
    [(1, 0), (0, 0), (1, 1), (0, 1)]
    """
    where = {}
    for part, members in enumerate(groups):
        page = 1 if part == contents_group else 0
        for i in members:
            where[i] = (part, page)
            page += sheets[i].table_pages()
    order = [(contents_group, 0)]
    for i, sheet in enumerate(sheets):
        part, page = where[i]
        order += [(part, page + n) for n in range(sheet.table_pages())]
    return order


def assemble(path: Path, parts: Sequence[Path], order: Sequence[tuple[int, int]], atlas_title: str) -> Path:
    """Join the pages of the PDF ``parts`` in ``order`` ((part, page) pairs) into ``path``, atomically.

    Each part is drawn on its own (in parallel, or kept from the last build);
    pypdf copies the pages, and the fonts of a part once, without redrawing.
    The same parts give the same bytes.
    """
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(str(part)) for part in parts]
    writer = PdfWriter()
    for part, page in order:
        writer.add_page(readers[part].pages[page])
    writer.add_metadata({"/Title": atlas_title, "/Creator": "Pilot Atlas", "/Producer": "Pilot Atlas"})
    with atomic_path(Path(path)) as tmp:
        with open(tmp, "wb") as stream:
            writer.write(stream)
    return Path(path)


def write_atlas_pdf(path: Path, static: StaticMaps, sheets: Sequence[AtlasSheet], atlas_title: str) -> Path:
    """Write the printable atlas to ``path`` (atomically); the same inputs give the same bytes.

    The sheets are drawn in groups (:func:`sheet_groups`), each a PDF of its own, and
    joined (:func:`assemble`); the build draws those parts in its page workers instead.

    Parameters
    ----------
    path : Path
        The PDF to write (``atlas.pdf`` in the output folder).
    static : StaticMaps
        Projected boundaries (those of the static images); its ``lang`` is the language of the words.
    sheets : sequence of AtlasSheet
        In page order: economic regions, then provinces.
    atlas_title : str
        Shown at the top right of every page.
    """
    import tempfile

    groups = sheet_groups(sheets)
    front = contents_group(groups)
    with tempfile.TemporaryDirectory() as folder:
        parts = [part_pdf(Path(folder) / f"part-{g:03d}.pdf", static, sheets, members, atlas_title, contents=g == front)
                 for g, members in enumerate(groups)]
        return assemble(path, parts, page_order(sheets, groups, front), atlas_title)
