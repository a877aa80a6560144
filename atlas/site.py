"""The atlas index page: every map, region sheet, summary and data file, with sources and quality counts."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.maps.escaping import html_text as esc

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


def index_html(title: str, pages: list[PageLink], data: list[PageLink], facts: dict[str, str],
               quality: dict[str, int], sources: list[tuple[str, str]]) -> str:
    """Render the index page (every string escaped)."""
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
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>
body {{ font: 15px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; max-width: 64rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 {{ font-size: 1.6rem; }} table {{ border-collapse: collapse; }} th {{ text-align: left; padding-right: 1rem; font-weight: normal; color: #555; }}
pre {{ background: #f4f4f4; padding: .5rem; overflow-x: auto; }} li {{ margin: .3rem 0; }} details {{ display: inline; margin-left: .5rem; }}
</style>
</head>
<body>
<h1>{esc(title)}</h1>
<table>{fact_rows}</table>
{''.join(sections)}
<h2>Quality report</h2>
<p>Rows of <a href="data/quality.csv">quality.csv</a> by kind:</p>
<table>{quality_rows}</table>
<h2>Sources</h2>
<ul>{source_items}</ul>
<p>All pages work offline: Leaflet is inlined and no tiles are loaded unless you pick a tile basemap.
Maps of China published in print or online may need a map approval number (审图号); these pages are for analysis.</p>
</body>
</html>
"""
