"""Pages on what the pilots planned and how they lie: agendas by theme, targets, spatial statistics.

* ``maps/agendas.html``: one layer per plan theme (the pilots whose work plan has a
  task heading under it), with the theme × region matrix (share of each region's
  pilots planning each theme) as a heat map beside the map;
* ``plans/targets.html``: each pilot's profile → target per year, grouped by region,
  against the national plan's 2020 targets (chart and table);
* ``maps/lisa.html``: LISA clusters of provincial pilot density and of the pilots'
  resident − hukou gap, with every statistic of :mod:`atlas.analysis.spatial_stats`,
  each with one plain sentence and the number of places it rests on.

Every document string is escaped (:func:`atlas.publishing.maps.escaping.html_text`).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from atlas.analysis.agendas import THEME_KEYS, exploded
from atlas.analysis.planning import PlanningReport
from atlas.publishing.html_page import FONT, html_document
from atlas.analysis.spatial_stats import MIN_POINTS, MIN_UNITS, MIN_VALUES, NOT_SIGNIFICANT, QUADRANTS, SIMULATIONS
from atlas.analysis.targets import national_plan
from atlas.analysis.themes import label as theme_label
from atlas.publishing import charts
from atlas.publishing.maps.base import MapOptions, legend_section, new_page
from atlas.publishing.maps.escaping import html_text as esc
from atlas.publishing.maps.layers import CompactPolygons, PointLayer
from atlas.publishing.maps.markers import PlaceInfo, located, marker_rows, marker_style

REGION_ORDER = ["East", "Central", "West", "Northeast"]
CLUSTER_COLOURS = {"High-High": "#d7191c", "Low-Low": "#2c7bb6", "High-Low": "#fdae61", "Low-High": "#abd9e9",
                   NOT_SIGNIFICANT: "#eeeeee"}
TARGET_METRICS = {"urbanization_rate_resident_pct": "Resident urbanization rate (%)",
                  "urbanization_rate_hukou_pct": "Hukou urbanization rate (%)"}
#: Data files of the planning tables (path, title, description) and the cited tables they use, for the index.
PLANNING_DATA = [
    ("data/agendas.csv", "agendas.csv", "pilot × theme: how many task headings of each pilot's work plan name each "
     "theme, with doc:line"),
    ("data/agenda_items.csv", "agenda_items.csv", "every task heading of the pilots' work plans: label, themes, doc:line"),
    ("data/agenda_regions.csv", "agenda_regions.csv", "theme × region: share of each region's pilots planning each theme"),
    ("data/targets.csv", "targets.csv", "targets against profile: change per year, national plan beside it, sources"),
    ("data/spatial_provinces.csv", "spatial_provinces.csv", "pilots per province per 10 million residents and per "
     "10,000 km², LISA cluster"),
    ("data/spatial_regions.csv", "spatial_regions.csv", "the same by region"),
    ("data/nearest_neighbour.csv", "nearest_neighbour.csv", "Clark–Evans index per region with its p-values"),
    ("data/morans_i.csv", "morans_i.csv", "global Moran's I of provincial pilot density and of the urbanization gap"),
    ("data/region_figures.csv", "region_figures.csv", "median, quartiles and n of each figure per region, national "
     "value beside it"),
]
PLANNING_SOURCES = [
    ("geodata/census2020_population.csv", "resident population by province, 2020 census (NBS bulletin no. 3, 2021)"),
    ("geodata/national_plan_targets.csv", "National New-type Urbanization Plan (2014–2020): 2013 rates and 2020 "
     "targets"),
]
#: A page spec for :class:`atlas.publishing.publish.Page`: path, title, description, html, image, group.
PageSpec = tuple[str, str, str, Callable[[], str], Callable[[Path], list[Path]], str]


def theme_colours() -> dict[str, str]:
    """A colour per plan theme."""
    palette = colormaps["tab20"]
    return {key: to_hex(palette(i)) for i, key in enumerate(THEME_KEYS)}


def _regions(present) -> list[str]:
    return [r for r in REGION_ORDER if r in set(present)] + sorted(set(present) - set(REGION_ORDER) - {"All"})


def _heat(share: float) -> str:
    """Background colour for a share (0–1): white to dark blue."""
    if pd.isna(share):
        return "#ffffff"
    return to_hex(colormaps["Blues"](0.08 + 0.85 * float(share)))


def matrix_html(report: PlanningReport) -> str:
    """The theme × region heat map as an HTML table (escaped)."""
    matrix = report.matrix
    if matrix.empty or matrix["n"].sum() == 0:
        return "<p>No pilot agenda was read from the documents, so there is no theme × region matrix.</p>"
    columns = [*_regions(matrix.index), "All"]
    head = "".join(f"<th>{esc(c)}<br><span class='pa-src'>n = {int(matrix.loc[c, 'n'])}</span></th>" for c in columns)
    rows = []
    for key in THEME_KEYS:
        if not matrix[key].gt(0).any():
            continue
        cells = "".join(
            f"<td class='num' style='background:{_heat(matrix.loc[c, key])};"
            f"color:{'#fff' if matrix.loc[c, key] > 0.55 else '#222'}'>{matrix.loc[c, key] * 100:.0f}%</td>"
            for c in columns)
        rows.append(f"<tr><th>{esc(theme_label(key))}</th>{cells}</tr>")
    planned = int(matrix.loc["All", "n"])
    return (f"<h2>Theme × region</h2><p>Each cell is the share of a region's pilots whose work plan has at least one "
            f"task heading under the theme; it rests on the {planned} pilots with an agenda (n per region in the "
            f"header), {len(report.items)} task headings in all.</p>"
            f"<table class='pa-heat'><tr><th>Theme</th>{head}</tr>{''.join(rows)}</table>")


def agendas_page(table: pd.DataFrame, report: PlanningReport, boundaries: dict, title: str, options: MapOptions,
                 info: PlaceInfo) -> str:
    """Per-theme layers of the pilots planning each theme, the heat map beside them."""
    places = located(table).drop_duplicates(["adcode", "canonical_name"]).set_index(["adcode", "canonical_name"],
                                                                                    drop=False)
    long = exploded(report.items)
    colours = theme_colours()
    page = new_page(title, boundaries, options, show_levels=("province",))
    legend = []
    for key in THEME_KEYS:
        cited = long[long["theme"] == key]
        keys = sorted(set(zip(cited["adcode"], cited["canonical_name"])) & set(places.index))
        if not keys:
            continue
        headings = {k: "; ".join(g["heading"]) for k, g in cited.groupby(["adcode", "canonical_name"])}
        markers, entries = marker_rows(
            places.loc[keys], info, style=lambda r, c=colours[key]: marker_style(r, colour=c),
            extra=lambda r, k=key: [(f"Plans under {theme_label(k)}", headings.get((r["adcode"], r["canonical_name"]),
                                                                                   ""))])
        layer = PointLayer(markers, name=f"{theme_label(key)} ({len(markers)})", show=key == "hukou")
        layer.add_to(page.map)
        page.add_search(layer, entries)
        legend.append((colours[key], "", f"{theme_label(key)}: {len(markers)} pilots"))
    n = report.items[["adcode", "canonical_name"]].drop_duplicates().shape[0]
    subtitle = (f"{n} pilots' work plans, {len(report.items)} task headings · a pilot appears under every theme "
                "its task headings name")
    style = ("<style>.pa-heat td, .pa-heat th { font-size: 11px; padding: 2px 4px; }"
             ".pa-heat td.num { text-align: right; }</style>")
    return page.finish(title, subtitle, legend_section("Plan themes (toggle in the layer control)", legend),
                       panel_html=style + matrix_html(report))


def _target_rows(targets: pd.DataFrame, metric: str) -> pd.DataFrame:
    """One target per pilot for a metric: the latest target year, ordered by region and profile value."""
    rows = targets[targets["metric"] == metric].sort_values("target_year").drop_duplicates(
        ["adcode", "canonical_name"], keep="last")
    rows = rows.assign(_order=rows["region"].map({r: i for i, r in enumerate(REGION_ORDER)}).fillna(len(REGION_ORDER)))
    return rows.sort_values(["_order", "profile_value"], ascending=[False, True], kind="stable")


def targets_figure(targets: pd.DataFrame):
    """Profile → target per pilot (one panel per urbanization rate), grouped by region, national target dashed."""
    import matplotlib.pyplot as plt

    charts.configure()
    plan = national_plan()
    panels = [(m, _target_rows(targets, m)) for m in TARGET_METRICS]
    height = max(3.0, 0.19 * max([len(r) for _, r in panels] + [1]) + 1.2)
    fig, axes = plt.subplots(1, len(panels), figsize=(11, height))
    for ax, (metric, rows) in zip(axes, panels):
        y = list(range(len(rows)))
        ax.hlines(y, rows["profile_value"], rows["target_value"], color="#888", lw=1.2)
        ax.scatter(rows["profile_value"], y, s=18, facecolor="white", edgecolor="#444", zorder=3, label="profile")
        ax.scatter(rows["target_value"], y, s=18, color="#c2362b", zorder=3, label="target")
        ax.set_yticks(y, [f"{n} ({r})" for n, r in zip(rows["canonical_name"], rows["region"])], fontsize=7)
        if metric in plan.index:
            ax.axvline(plan.loc[metric, "target_value"], ls="--", color="#1f63a8", lw=1,
                       label=f"national plan, {int(plan.loc[metric, 'target_year'])}")
        ax.set_title(f"{TARGET_METRICS[metric]} (n = {len(rows)})", fontsize=10)
        ax.grid(axis="x", color="#ddd", lw=0.5)
        ax.legend(fontsize=7, loc="lower right")
    fig.suptitle("Pilots' targets against their profile, grouped by region", fontsize=11)
    fig.tight_layout()
    return fig


def _svg(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _cell(value, fmt: str = "{:g}") -> str:
    return "" if value is None or pd.isna(value) else fmt.format(value)


def targets_table_html(targets: pd.DataFrame) -> str:
    """Every target row: profile → target, change per year, national reference, sources."""
    rows = []
    for r in targets.itertuples(index=False):
        rows.append("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in (
            r.canonical_name, r.region, r.metric, f"{r.profile_value:g} ({r.profile_year})",
            f"{r.target_value:g} ({r.target_year})", f"{r.change_per_year:+.2f}",
            _cell(r.national_change_per_year, "{:+.2f}"), _cell(r.target_minus_national, "{:+.1f}"),
            f"{r.profile_source}; {r.target_source}")) + "</tr>")
    head = "".join(f"<th>{esc(h)}</th>" for h in ("Pilot", "Region", "Figure", "Profile (year)", "Target (year)",
                                                 "Per year", "National per year", "Target − national", "Sources"))
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


_CSS = f"""body {{ font: 14px/1.5 {FONT}; max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; color: #222; }}
table {{ border-collapse: collapse; font-size: 12px; margin: .5rem 0 1rem; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }}
svg {{ max-width: 100%; height: auto; }} .pa-src {{ color: #888; font-size: 11px; }}"""


def _document(title: str, body: str) -> str:
    return html_document(title, _CSS, f'<p><a href="../index.html">Pilot Atlas</a></p>\n<h1>{esc(title)}</h1>\n{body}')


def targets_page(report: PlanningReport, title: str, figure: Callable[[], object] | None = None) -> str:
    """The targets chart and table as a self-contained page (the chart from ``figure``, else drawn here)."""
    targets = report.targets
    plan = national_plan()
    pilots = targets[["adcode", "canonical_name"]].drop_duplicates().shape[0]
    reference = "; ".join(f"{TARGET_METRICS.get(m, m)}: {r.base_value:g}% in {r.base_year} → {r.target_value:g}% by "
                          f"{r.target_year} ({r.change_per_year:+.2f} pp a year)" for m, r in plan.iterrows())
    if targets.empty:
        return _document(title, "<p>No pilot states both a dated profile figure and a later target.</p>")
    body = (f"<p>Each line runs from a pilot's profile figure (open circle, the year its work plan gives) to its "
            f"target (filled); the change per year is their difference over the years between them. It rests on "
            f"{len(targets)} targets of {pilots} pilots that state both. The dashed line is the National "
            f"New-type Urbanization Plan (2014–2020) target — {esc(reference)} "
            f"(<span class='pa-src'>geodata/national_plan_targets.csv</span>).</p>"
            f"{_svg((figure or (lambda: targets_figure(targets)))())}<h2>Every target</h2>"
            f"{targets_table_html(targets)}")
    return _document(title, body)


def targets_image(report: PlanningReport, stem: Path, figure: Callable[[], object] | None = None) -> list[Path]:
    """The targets chart as PNG and SVG (the chart from ``figure``, else drawn here)."""
    if report.targets.empty:
        return []
    return charts.save((figure or (lambda: targets_figure(report.targets)))(), stem)


class SharedFigure:
    """One figure for a page's inline SVG and its image files, made when the first of them asks for it.

    Each user (``"page"``, ``"image"``) is handed the same figure once; a
    user asking again gets a new one. A figure saved as an inline SVG and then
    as PNG and SVG files gives the bytes two figures of its own give (tested).

    Examples
    --------
    >>> shared = SharedFigure(object)
    >>> first = shared.get("page")
    >>> shared.get("image") is first, shared.get("page") is first
    (True, False)
    """

    def __init__(self, make: Callable[[], object]):
        self._make = make
        self._figure = None
        self._users: set[str] = set()

    def get(self, user: str):
        """The shared figure for ``user``: a new one when there is none or ``user`` has had it already."""
        if self._figure is None or user in self._users:
            self._figure, self._users = self._make(), set()
        self._users.add(user)
        return self._figure

    def user(self, name: str) -> Callable[[], object]:
        """:meth:`get` for ``name``, as a function of no arguments."""
        return lambda: self.get(name)


def _p(value) -> str:
    return "" if value is None or pd.isna(value) else f"{value:.3f}"


def statistics_html(report: PlanningReport) -> str:
    """Every spatial statistic with one plain sentence and the number of places it rests on."""
    s = report.spatial
    parts = []
    regions = s.regions
    rows = "".join(f"<tr><th>{esc(r)}</th><td class='num'>{int(v.pilots)}</td><td class='num'>{int(v.provinces)}</td>"
                   f"<td class='num'>{v.per_10m_residents:.2f}</td><td class='num'>{v.per_10k_km2:.3f}</td></tr>"
                   for r, v in regions.loc[[*_regions(regions.index), "All"]].iterrows())
    parts.append("<h2>Pilots against population and area</h2><p>How many pilots there are for every 10 million "
                 "residents (2020 census) and every 10,000 km² of a region; it rests on "
                 f"{int(regions.loc['All', 'pilots'])} located pilots across the {int(regions.loc['All', 'provinces'])} "
                 "provinces with a census figure.</p><table><tr><th>Region</th><th>Pilots</th><th>Provinces</th>"
                 f"<th>per 10 M residents</th><th>per 10,000 km²</th></tr>{rows}</table>")
    rows = []
    for region, r in s.nearest.loc[[*_regions(s.nearest.index), "All"]].iterrows():
        if pd.isna(r["R"]):
            rows.append(f"<tr><th>{esc(region)}</th><td colspan='4'>only {int(r['n'])} pilots: too few "
                        f"(fewer than {MIN_POINTS}) for a nearest-neighbour index</td></tr>")
        else:
            rows.append(f"<tr><th>{esc(region)}</th><td class='num'>{r['R']:.2f}</td><td class='num'>"
                        f"{r['mean_nnd_km']:.0f} / {r['expected_km']:.0f}</td><td class='num'>{_p(r['p_sim'])}</td>"
                        f"<td class='num'>{int(r['n'])}</td></tr>")
    parts.append("<h2>Nearest-neighbour index (Clark–Evans)</h2><p>R compares the mean distance from each pilot to "
                 "the nearest other pilot with the distance expected if as many pilots lay at random in the region: "
                 "below 1 they cluster, above 1 they spread out; p is the share of "
                 f"{SIMULATIONS} random patterns in the region's own outline at least as far from random as the "
                 "pilots (small p: not chance).</p><table><tr><th>Region</th><th>R</th><th>observed / expected km</th>"
                 f"<th>p</th><th>pilots</th></tr>{''.join(rows)}</table>")
    for name, result, unit in (("provincial pilot density (pilots per 10,000 km²)", s.density, "provinces"),
                               ("the pilots' resident − hukou urbanization gap", s.gap, "pilots")):
        if result.I is None:
            text = (f"only {result.n} {unit} have a value: too few (fewer than {MIN_UNITS}) for Moran's I, "
                    "or every value is the same.")
        else:
            text = (f"I = {result.I:.3f} (expected {result.expected:.3f} without spatial pattern), pseudo p = "
                    f"{result.p_sim:.3f} from 999 permutations, on {result.n} {unit}.")
        parts.append(f"<h2>Moran's I of {esc(name)}</h2><p>Moran's I says whether neighbouring {unit} have alike "
                     f"values (above its expected value) or unlike ones (below): {esc(text)}</p>")
    parts.append(_figures_html(s.figures))
    return "".join(parts)


def _figures_html(figures: pd.DataFrame) -> str:
    regions = _regions(figures.index.get_level_values("region"))
    head = "".join(f"<th>{esc(r)}</th>" for r in [*regions, "All"])
    rows = []
    for figure in dict.fromkeys(figures.index.get_level_values("figure")):
        block = figures.loc[figure]
        cells = []
        for region in [*regions, "All"]:
            if region not in block.index:
                cells.append("<td></td>")
                continue
            r = block.loc[region]
            cells.append(f"<td class='num'>{r['median']:g} ({r['iqr']:g}) n={int(r['n'])}</td>" if pd.notna(r["median"])
                         else f"<td class='num'>n={int(r['n'])}: too few</td>")
        national = block["national"].iloc[0]
        rows.append(f"<tr><th>{esc(block['label'].iloc[0])}</th>{''.join(cells)}"
                    f"<td class='num'>{'' if pd.isna(national) else f'{national:g}'}</td></tr>")
    return (f"<h2>Figures by region</h2><p>The median of each figure among a region's pilots, with the spread of "
            f"the middle half (interquartile range) in brackets and the number of pilots stating it; with fewer than "
            f"{MIN_VALUES} the median is not given. The national column is the country's value in 2013 from the "
            f"National New-type Urbanization Plan.</p><table><tr><th>Figure</th>{head}<th>National</th></tr>"
            f"{''.join(rows)}</table>")


def lisa_page(table: pd.DataFrame, report: PlanningReport, boundaries: dict, title: str, options: MapOptions,
              info: PlaceInfo) -> str:
    """LISA clusters of provincial pilot density (polygons) and of the pilots' urbanization gap (points)."""
    s = report.spatial
    page = new_page(title, boundaries, options, show_levels=("province",))
    units = s.units.merge(s.provinces[["adcode", "pilots", "per_10k_km2", "lisa_density"]], on="adcode")
    units["lisa_density"] = units["lisa_density"].fillna(NOT_SIGNIFICANT)
    units["fill"] = units["lisa_density"].map(CLUSTER_COLOURS)
    units["tip"] = [esc(f"{n}: {int(p)} pilots, {d:.3f} per 10,000 km² · {c}")
                    for n, p, d, c in zip(units["name"], units["pilots"], units["per_10k_km2"], units["lisa_density"])]
    CompactPolygons(units, "Pilot density: LISA clusters of provinces", {"color": "#777", "weight": 0.6,
                                                                         "fillOpacity": 0.75},
                    fill="fill", tooltip="tip").add_to(page.map)
    gap = s.gap_pilots.copy()
    gap["lisa_gap"] = gap["lisa_gap"].fillna(NOT_SIGNIFICANT)
    markers, entries = marker_rows(
        gap, info, style=lambda r: marker_style(r, colour=CLUSTER_COLOURS[r["lisa_gap"]]),
        extra=lambda r: [("Resident − hukou gap", f"{r['urbanization_gap_pp']:g} pp · LISA: {r['lisa_gap']}")])
    layer = PointLayer(markers, name=f"Urbanization gap: LISA clusters of pilots ({len(markers)})")
    layer.add_to(page.map)
    page.add_search(layer, entries)
    legend = [(CLUSTER_COLOURS[k], "pa-square", k) for k in [*QUADRANTS.values(), NOT_SIGNIFICANT]]
    subtitle = ("Provinces: where pilot density and its neighbours' are both high (High-High) or both low (Low-Low), "
                "significant at 5% · points: the same for each pilot's resident − hukou gap and its 4 nearest pilots")
    return page.finish(title, subtitle, legend_section("Local Moran's I (LISA) clusters", legend),
                       panel_html=statistics_html(report))


class _Clusters:
    """LISA clusters as the classes a static choropleth draws (colour per value, legend rows)."""

    def colour(self, value) -> str:
        return CLUSTER_COLOURS.get(value, CLUSTER_COLOURS[NOT_SIGNIFICANT])

    def legend(self, fmt: str, integer: bool = False) -> list[tuple[str, None, str]]:
        return [(CLUSTER_COLOURS[k], None, k) for k in [*QUADRANTS.values(), NOT_SIGNIFICANT]]


def lisa_image(report: PlanningReport, static, stem: Path) -> list[Path]:
    """Provinces by LISA cluster of pilot density, as PNG and SVG."""
    layer = static.layers["province"]
    clusters = report.spatial.provinces.set_index("adcode")["lisa_density"]
    units = layer[["adcode"]].assign(lisa=layer["adcode"].map(clusters).fillna(NOT_SIGNIFICANT))
    return static.choropleth(units, "province", "lisa", _Clusters(), "Pilot density: LISA clusters of provinces",
                             stem, "Local Moran's I", "{}")


def matrix_image(report: PlanningReport, stem: Path) -> list[Path]:
    """The theme × region heat map as PNG and SVG."""
    import matplotlib.pyplot as plt

    matrix = report.matrix
    charts.configure()
    columns = [*_regions(matrix.index), "All"]
    keys = [k for k in THEME_KEYS if matrix[k].gt(0).any()]
    if not keys:
        fig, ax = plt.subplots(figsize=(7, 1.5))
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No pilot agenda was read from the documents", ha="center", va="center")
        return charts.save(fig, stem)
    values = matrix.loc[columns, keys].T.to_numpy(dtype="float64")
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(keys) + 1.4))
    ax.imshow(values, cmap="Blues", vmin=-0.1, vmax=1.1, aspect="auto")
    ax.set_xticks(range(len(columns)), [f"{c}\nn = {int(matrix.loc[c, 'n'])}" for c in columns], fontsize=8)
    ax.set_yticks(range(len(keys)), [theme_label(k) for k in keys], fontsize=8)
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v * 100:.0f}%", ha="center", va="center", fontsize=7, color="white" if v > 0.55 else "#222")
    ax.set_title("Share of each region's pilots whose work plan names the theme", fontsize=10)
    fig.tight_layout()
    return charts.save(fig, stem)


def planning_pages(table: pd.DataFrame, report: Callable[[], PlanningReport], boundaries: dict,
                   options: MapOptions, info: Callable[[], PlaceInfo], static: Callable[[], object]) -> list[PageSpec]:
    """The planning pages as specs for :class:`atlas.publishing.publish.Page` (report and info made on first use).

    The targets page and its image share one drawing of the chart (:class:`SharedFigure`).
    """
    targets_chart = SharedFigure(lambda: targets_figure(report().targets))
    return [
        ("maps/agendas.html", "Pilots' agendas", "one layer per reform theme the pilots' work plans name, and the "
         "theme × region heat map", lambda: agendas_page(table, report(), boundaries, "What the pilots planned",
                                                         options, info()),
         lambda stem: matrix_image(report(), stem), "maps"),
        ("maps/lisa.html", "Spatial statistics", "LISA clusters of pilot density and of the urbanization gap; "
         "rates per population and area, nearest-neighbour index, Moran's I, figures by region",
         lambda: lisa_page(table, report(), boundaries, "Where the pilots cluster", options, info()),
         lambda stem: lisa_image(report(), static(), stem), "maps"),
        ("plans/targets.html", "Targets against profile", "each pilot's urbanization targets against its profile, "
         "per year, by region, with the national plan's 2020 targets",
         lambda: targets_page(report(), "Targets against profile", targets_chart.user("page")),
         lambda stem: targets_image(report(), stem, targets_chart.user("image")), "summaries"),
    ]
