"""Region pages: one layout for each economic region and each province with places.

Every page is the same atlas sheet: the map fitted to the region (its
prefectures and counties drawn, the provinces in and around its frame as
context, none far away), the region's places, and beside the map a panel
with the region's counts and a table of its places and their figures. File names come from region keys and adcodes, never
from place names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from atlas.places.boundaries import main_bounds
from atlas.places.gazetteer import GEODATA
from atlas.publishing.maps.base import MapOptions, new_page
from atlas.publishing.maps.escaping import html_text
from atlas.publishing.maps.layers import DETAIL_LEVELS
from atlas.publishing.maps.markers import PlaceInfo, located, row_dicts
from atlas.publishing.maps.overview import add_place_layers, count_of, precision_legend
from atlas.publishing.maps.words import level_words, precision_words, role_words

REGIONS = {"East": "东部", "Central": "中部", "West": "西部", "Northeast": "东北"}
TABLE_METRICS = (("resident_pop_10k", "Resident pop. (10k)"), ("urbanization_rate_resident_pct", "Resident rate %"),
                 ("urbanization_rate_hukou_pct", "Hukou rate %"), ("urbanization_gap_pp", "Gap pp"))


@dataclass(frozen=True)
class Region:
    """A region page: its key (file name), title and province adcodes."""

    key: str
    title: str
    provinces: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"regions/{self.key}.html"


def regions(table: pd.DataFrame) -> list[Region]:
    """The four economic regions, then every province with a located place, by adcode."""
    region_table = pd.read_csv(GEODATA / "regions.csv", dtype=str, keep_default_na=False)
    out = []
    for name, chinese in REGIONS.items():
        codes = tuple(region_table.loc[region_table["region"] == name, "province_adcode"])
        out.append(Region(f"region-{name.lower()}", f"{name} region ({chinese})", codes))
    names = dict(zip(region_table["province_adcode"], region_table["province"]))
    for code in sorted(set(located(table)["joined_province"]) - {""}):
        out.append(Region(f"province-{code}", names.get(code, code), (code,)))
    return out


def _navigation(neighbours: tuple[Region | None, Region | None]) -> str:
    """Links to the index and to the previous and next sheets (paths relative to ``regions/``)."""
    links = ["<a href='../index.html'>↑ Atlas index</a>"]
    previous, following = neighbours
    if previous:
        links.append(f"<a href='../{html_text(previous.path)}' rel='prev'>← {html_text(previous.title)}</a>")
    if following:
        links.append(f"<a href='../{html_text(following.path)}' rel='next'>{html_text(following.title)} →</a>")
    return f"<nav class='pa-nav'>{' · '.join(links)}</nav>"


def _median(values: pd.Series) -> str:
    values = values.dropna()
    return f"{values.median():.1f} (n={len(values)})" if len(values) else "–"


def _comparison(rows: pd.DataFrame, national: pd.DataFrame) -> str:
    """The region beside the whole country: places, pilots, share, and the pilots' median rates."""
    def figures(frame: pd.DataFrame) -> list[str]:
        pilots = frame[frame["role"] == "pilot"]
        return [str(len(frame)), str(len(pilots)), str(int((frame["role"] == "example").sum())),
                _median(pilots["urbanization_rate_resident_pct"]), _median(pilots["urbanization_rate_hukou_pct"]),
                _median(pilots["urbanization_gap_pp"])]

    labels = ("Located places", "Pilots", "Cited examples", "Pilots' median resident rate %",
              "Pilots' median hukou rate %", "Pilots' median gap pp")
    here, everywhere = figures(rows), figures(national)
    share = [f"{len(rows) / len(national):.0%}" if len(national) else "–",
             f"{(rows['role'] == 'pilot').sum() / max((national['role'] == 'pilot').sum(), 1):.0%}",
             f"{(rows['role'] == 'example').sum() / max((national['role'] == 'example').sum(), 1):.0%}", "", "", ""]
    body = "".join(f"<tr><th>{html_text(label)}</th><td class='num'>{html_text(a)}</td>"
                   f"<td class='num'>{html_text(b)}</td><td class='num'>{html_text(c)}</td></tr>"
                   for label, a, b, c in zip(labels, here, everywhere, share))
    return ("<h3>Compared with the whole country</h3><table class='pa-compare'>"
            "<tr><th></th><th>This sheet</th><th>National</th><th>Share</th></tr>" + body + "</table>")


def _panel(region: Region, rows: pd.DataFrame, national: pd.DataFrame,
           neighbours: tuple[Region | None, Region | None]) -> str:
    counts = rows.groupby(["role", "precision"]).size().unstack(fill_value=0)
    count_rows = "".join(
        f"<tr><th>{html_text(role_words(role))}</th>"
        + "".join(f"<td class='num'>{int(v)}</td>" for v in counts.loc[role]) + "</tr>"
        for role in counts.index)
    count_head = "<tr><th></th>" + "".join(f"<th>{html_text(precision_words(c))}</th>" for c in counts.columns) + "</tr>"
    place_head = "<thead><tr><th>#</th><th>Place</th><th>Role</th><th>Level</th>" + "".join(
        f"<th>{html_text(label)}</th>" for _, label in TABLE_METRICS) + "</tr></thead>"
    place_rows = []
    ordered = rows.sort_values(["role", "province", "canonical_name"], ascending=[False, True, True])
    for number, row in enumerate(row_dicts(ordered), start=1):
        cells = "".join(
            f"<td class='num'>{'' if pd.isna(row[m]) else html_text(f'{row[m]:g}')}</td>" for m, _ in TABLE_METRICS)
        written = "" if row["name"] == row["canonical_name"] else f"written {row['name']}, "
        place_rows.append(f"<tr><td class='num'>{number}</td><td>{html_text(row['canonical_name'])}<br>"
                          f"<span class='pa-src'>{html_text(written + row['province'])}</span></td>"
                          f"<td>{html_text(role_words(row['role']))}</td><td>{html_text(level_words(row['level']))}</td>"
                          f"{cells}</tr>")
    return (f"{_navigation(neighbours)}<h2>{html_text(region.title)}</h2>"
            f"<p>{len(rows)} places located in this region.</p>"
            f"<table>{count_head}{count_rows}</table>{_comparison(rows, national)}<h3>Places</h3>"
            f"<table class='pa-places'>{place_head}<tbody>{''.join(place_rows)}</tbody></table>"
            "<p class='pa-src'>Figures: latest stated in the documents (see facts.csv); gap = resident − hukou rate.</p>"
            f"{_navigation(neighbours)}")


#: A sheet carries the units within this many times the larger side of its region's extent, on each side
#: of it (the fitted map shows about half a side around the region; panning a little further stays drawn).
FRAME_MARGIN = 1.0
#: ... and at least this many degrees (small provinces and cities are shown with their neighbours).
FRAME_MIN_MARGIN_DEG = 2.0


def frame_box(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box a sheet draws: the region's extent (minx, miny, maxx, maxy) grown on every side.

    Examples
    --------
    >>> frame_box((120.0, 30.0, 122.0, 32.0))
    (118.0, 28.0, 124.0, 34.0)
    >>> frame_box((80.0, 20.0, 110.0, 50.0))
    (50.0, -10.0, 140.0, 80.0)
    """
    minx, miny, maxx, maxy = bounds
    margin = max(FRAME_MARGIN * max(maxx - minx, maxy - miny), FRAME_MIN_MARGIN_DEG)
    return (minx - margin, miny - margin, maxx + margin, maxy + margin)


def sheet_layers(region: Region, boundaries: dict[str, gpd.GeoDataFrame],
                 bounds: tuple[float, float, float, float]) -> dict[str, gpd.GeoDataFrame]:
    """The boundary layers of a sheet: provinces whose extent meets :func:`frame_box` (the region and
    its neighbours as context, none far away), the region's own prefectures and counties."""
    minx, miny, maxx, maxy = frame_box(bounds)
    provinces = boundaries["province"]
    extent = provinces.geometry.bounds
    near = (extent["minx"] <= maxx) & (extent["maxx"] >= minx) & (extent["miny"] <= maxy) & (extent["maxy"] >= miny)
    return {level: frame[frame["province_adcode"].isin(region.provinces)] if level != "province" else provinces[near]
            for level, frame in boundaries.items()}


#: The map of a sheet at a common screen size (1200 × 800 px, the map 62 % of the width beside the panel).
SHEET_MAP_PIXELS = (744, 800)
#: Zoom steps below its fitted zoom that a sheet still carries coarse boundary drawings for: the fitted view
#: opens up to about one step lower on a smaller screen (800 × 600) and another for the title and legend boxes.
SHEET_ZOOM_MARGIN = 2.0


def fitted_zoom(bounds: tuple[float, float, float, float], pixels: tuple[int, int] = SHEET_MAP_PIXELS) -> float:
    """The Web Mercator zoom at which ``bounds`` (minx, miny, maxx, maxy in degrees) just fill ``pixels``.

    Examples
    --------
    >>> round(fitted_zoom((115.4, 39.4, 117.5, 41.1)), 2)
    8.96
    """
    minx, miny, maxx, maxy = bounds
    y = [math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) for lat in (miny, maxy)]
    across = math.log2(pixels[0] * 360 / (256 * max(maxx - minx, 1e-9)))
    down = math.log2(pixels[1] * 2 * math.pi / (256 * max(y[1] - y[0], 1e-9)))
    return min(across, down)


def sheet_detail_levels(bounds: tuple[float, float, float, float]) -> tuple[tuple[float, float], ...]:
    """The coarse boundary drawings a sheet carries: those drawn from :data:`SHEET_ZOOM_MARGIN` zoom steps
    below its fitted zoom on (a view zoomed out further draws the finest one carried: the same look, more
    points). A province sheet opening at zoom 8 carries none; the West region's sheet carries all three.

    Examples
    --------
    >>> sheet_detail_levels((115.4, 39.4, 117.5, 41.1))  # Beijing
    ()
    >>> sheet_detail_levels((73.5, 21.0, 112.0, 49.0)) == DETAIL_LEVELS
    True
    """
    lowest = fitted_zoom(bounds) - SHEET_ZOOM_MARGIN
    return tuple(level for level in DETAIL_LEVELS if level[0] > lowest)


def region_page(region: Region, enriched: pd.DataFrame, facts: pd.DataFrame, mentions: pd.DataFrame,
                boundaries: dict[str, gpd.GeoDataFrame], options: MapOptions = MapOptions(),
                info: PlaceInfo | None = None,
                neighbours: tuple[Region | None, Region | None] = (None, None)) -> str:
    """One region's atlas sheet as self-contained HTML.

    ``neighbours`` are the previous and next sheets, linked from the panel.
    """
    own = boundaries["province"][boundaries["province"]["adcode"].isin(region.provinces)]
    minx, miny, maxx, maxy = main_bounds(own)
    rows = enriched[enriched["joined_province"].isin(region.provinces)]
    title = f"Pilot Atlas — {region.title}"
    page = new_page(title, sheet_layers(region, boundaries, (minx, miny, maxx, maxy)), options,
                    show_levels=("province", "prefecture", "county"), cut_from=boundaries,
                    detail_levels=sheet_detail_levels((minx, miny, maxx, maxy)))
    add_place_layers(page, rows, info or PlaceInfo.build(facts, mentions), cluster=False)
    subtitle = (f"{count_of(int((rows['role'] == 'pilot').sum()), 'pilot')}, "
                f"{count_of(int((rows['role'] == 'example').sum()), 'cited example')}")
    return page.finish(title, subtitle, precision_legend(rows),
                       _panel(region, located(rows), located(enriched), neighbours),
                       bounds=((miny, minx), (maxy, maxx)), collapse_layers=True)
