"""The atlas index page: links to every map and data file, sources and quality counts."""

from __future__ import annotations

from dataclasses import dataclass

from atlas.maps.escaping import html_text as esc


@dataclass(frozen=True)
class PageLink:
    """A generated page or file the index links to (path relative to the output folder)."""

    path: str
    title: str
    description: str
    embeddable: bool = False


def index_html(title: str, maps: list[PageLink], data: list[PageLink], facts: dict[str, str],
               quality: dict[str, int], sources: list[tuple[str, str]]) -> str:
    """Render the index page.

    Parameters
    ----------
    maps, data : list of PageLink
        Pages and files to link.
    facts : dict
        Headline figures (label → value) shown at the top.
    quality : dict
        Quality-report counts by kind.
    sources : list of (str, str)
        Data sources and what each provides.
    """
    def link_item(link: PageLink) -> str:
        snippet = ""
        if link.embeddable:
            code = f'<iframe src="{link.path}" width="100%" height="600" style="border:0" loading="lazy"></iframe>'
            snippet = f"<details><summary>Embed</summary><pre><code>{esc(code)}</code></pre></details>"
        return (f'<li><a href="{esc(link.path)}">{esc(link.title)}</a> — {esc(link.description)}{snippet}</li>')

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
body {{ font: 15px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
h1 {{ font-size: 1.6rem; }} table {{ border-collapse: collapse; }} th {{ text-align: left; padding-right: 1rem; font-weight: normal; color: #555; }}
pre {{ background: #f4f4f4; padding: .5rem; overflow-x: auto; }} li {{ margin: .3rem 0; }}
</style>
</head>
<body>
<h1>{esc(title)}</h1>
<table>{fact_rows}</table>
<h2>Maps</h2>
<ul>{''.join(link_item(m) for m in maps)}</ul>
<h2>Data</h2>
<ul>{''.join(link_item(d) for d in data)}</ul>
<h2>Quality report</h2>
<table>{quality_rows}</table>
<h2>Sources</h2>
<ul>{source_items}</ul>
<p>Maps of China published in print or online may need a map approval number (审图号); these pages are for analysis.</p>
</body>
</html>
"""
