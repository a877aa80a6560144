"""Write the summary tables as CSV, Markdown and one HTML page with charts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.publishing import charts
from atlas.common.csvtext import csv_text
from atlas.common.io import write_text
from atlas.publishing.html_page import FONT, html_document
from atlas.publishing.maps.escaping import html_text

TITLES = {
    "by_region": "By economic region (NBS: East, Central, West, Northeast)",
    "by_province": "By province",
    "by_batch": "By batch",
    "by_level": "By administrative level (now)",
    "by_theme": "By experience theme",
}

_CSS = f"""body {{ font: 14px/1.45 {FONT}; margin: 2rem; color: #222; }}
table {{ border-collapse: collapse; font-size: 12px; margin-bottom: 1rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; }}"""


def _html_table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html_text(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{'' if pd.isna(v) else html_text(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def write_summaries(tables: dict[str, pd.DataFrame], pilots: pd.DataFrame, folder: Path, lang: str = "zh") -> list[Path]:
    """CSV and Markdown per table, charts (PNG, SVG) and ``index.html``; returns the files written."""
    written: list[Path] = []
    for name, frame in tables.items():
        written.append(write_text(folder / f"{name}.csv", csv_text(frame)))
        written.append(write_text(folder / f"{name}.md", f"# {TITLES[name]}\n\n" + frame.to_markdown(index=False) + "\n"))
    charts_dir = folder / "charts"
    written += charts.bar_chart(tables["by_region"], "region", charts_dir / "places_by_region", "chart.by_region", lang)
    written += charts.bar_chart(tables["by_province"], "province", charts_dir / "places_by_province",
                                "chart.by_province", lang)
    written += charts.rates_chart(pilots, charts_dir / "pilot_rates", lang)
    sections = "".join(
        f"<h2 id='{name}'>{html_text(TITLES[name])}</h2><p><a href='{name}.csv'>CSV</a> · <a href='{name}.md'>Markdown</a></p>"
        f"{_html_table(frame)}" for name, frame in tables.items())
    figures = "".join(
        f"<figure><img src='charts/{stem}.png' alt='{html_text(alt)}' style='max-width:100%'>"
        f"<figcaption>{html_text(alt)} · <a href='charts/{stem}.svg'>SVG</a> · <a href='charts/{stem}.png'>PNG</a>"
        "</figcaption></figure>"
        for stem, alt in (("places_by_region", "Places by economic region"),
                          ("places_by_province", "Places by province"),
                          ("pilot_rates", "Resident vs hukou urbanization rate of the pilots")))
    page = html_document("Pilot Atlas — summaries", _CSS, f"""<p><a href="../index.html">← Atlas index</a></p><h1>Pilot Atlas — summaries</h1>
<p>Counts of located places; medians and ranges are over pilots stating the figure (n_… columns);
gap = resident − hukou urbanization rate (percentage points); nearest pilot = distance to the nearest other pilot (km).</p>
{figures}{sections}""")
    written.append(write_text(folder / "index.html", page))
    return written
