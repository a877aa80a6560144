"""Write the atlas: every map page, its static image, the summaries and the index.

One table drives all pages: the register with its spatial-join columns and
enriched figures. Each page is listed once in :func:`pages` with its path,
title and static image, so the index, the static images and the tests all see
the same list.
"""

from __future__ import annotations

import dataclasses
import functools
import multiprocessing as mp
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from atlas.common.heap import frozen
from atlas.common.io import write_text
from atlas.publishing import manifest
from atlas.publishing.maps.base import MapOptions, boundary_arcs
from atlas.publishing.maps.citations import DocumentTitles
from atlas.publishing.maps.layers import encode_frame
from atlas.publishing.maps.choropleth import VARIABLES, choropleth_data, choropleth_page
from atlas.publishing.maps.overview import overview_page
from atlas.publishing.maps.regions import Region, region_page, regions
from atlas.publishing.maps.themes_map import theme_colours, themed_mentions, themes_page
from atlas.publishing.maps.urbanization import DIFF_CLASSES, GAP_CLASSES, UNKNOWN, _step, pilot_rates, urbanization_page
from atlas.publishing.maps.markers import PlaceInfo, located, row_dicts, warm_search_keys
from atlas.publishing.printable import (AtlasSheet, assemble, contents_group, first_pages, page_order, part_pdf,
                                       sheet_groups)
from atlas.publishing.static_maps import StaticMaps
from atlas.analysis.summary import all_tables
from atlas.publishing.summary_pages import write_summaries
from atlas.analysis.themes import THEMES, OTHER, label as theme_label
from atlas.analysis.planning import PlanningReport, planning_report, write_spatial_files
from atlas.publishing.planning_pages import planning_pages
from atlas.publishing.wording import TERMS, bilingual, term

TITLE = "Pilot Atlas — National New-type Urbanization Comprehensive Pilots"
#: The printable atlas, in the output folder.
ATLAS_PDF = "atlas.pdf"


@dataclass(frozen=True)
class Page:
    """A generated map page and the functions that make its HTML and its static image."""

    path: str
    title: str
    description: str
    html: Callable[[], str]
    image: Callable[[Path], list[Path]]
    group: str = "maps"

    @property
    def image_stem(self) -> str:
        return "static/" + self.path.removesuffix(".html").replace("maps/", "")


@dataclass
class AtlasInputs:
    """Everything the pages draw from."""

    table: pd.DataFrame  # register + join checks + enriched figures
    facts: pd.DataFrame
    mentions: pd.DataFrame
    display: dict[str, gpd.GeoDataFrame]
    static_factory: Callable[[], StaticMaps]
    options: MapOptions
    documents: pd.DataFrame | None = None  # doc, title, date of each document read (none for a saved register)
    agendas: pd.DataFrame | None = None  # the pilots' task headings (atlas.analysis.agendas)
    print_outputs: bool = True  # static images and atlas.pdf (False: data and web pages only)

    @functools.cached_property
    def info(self) -> PlaceInfo:
        """Popup parts of every place (figures, themes, agenda, citations), looked up by all pages (built once)."""
        return PlaceInfo.build(self.facts, self.mentions, DocumentTitles.from_frame(self.documents), self.agendas)

    @functools.cached_property
    def planning(self) -> PlanningReport:
        """Agendas, targets and spatial statistics (built once, before the page workers fork)."""
        return planning_report(self.table, self.facts, self.agendas, self.display["province"])

    @functools.cached_property
    def static(self) -> StaticMaps:
        """Projected boundaries for static maps, made on first use (not at all for an unchanged build)."""
        return dataclasses.replace(self.static_factory(), lang=self.options.lang)

    @functools.cached_property
    def sheets(self) -> list[AtlasSheet]:
        """The sheets of the printable atlas (:func:`atlas_sheets`), made once."""
        return atlas_sheets(self)

    def term(self, key: str, **values) -> str:
        """A title or legend word of the static outputs in the chosen language."""
        return term(key, self.options.lang, **values)


def pages(inputs: AtlasInputs) -> list[Page]:
    """Every map page of the atlas, in index order."""
    t, f, m, d, o = inputs.table, inputs.facts, inputs.mentions, inputs.display, inputs.options
    out = [Page("maps/overview.html", "Overview", "every pilot and cited place, by level and role, clustered, searchable",
                lambda: overview_page(t, f, m, d, f"{TITLE} — overview", o, inputs.info),
                lambda stem: inputs.static.places(located(t), inputs.term("title.overview"), stem))]
    for level in ("province", "prefecture"):
        out.append(Page(f"maps/choropleth-{level}.html", f"Pilots per {level}",
                        f"pilots per {level}, absolute and per 10,000 km² ({o.scheme})",
                        lambda level=level: choropleth_page(t, d, level, f"Pilots per {level}", o, inputs.info.documents),
                        lambda stem, level=level: _choropleth_images(inputs, level, stem)))
    out.append(Page("maps/urbanization.html", "Urbanization", "resident vs hukou rate per pilot, the gap, and the 2020 census by province",
                    lambda: urbanization_page(t, f, m, d, "Urbanization of the pilots", o, inputs.info),
                    lambda stem: _urbanization_image(inputs, stem)))
    out.append(Page("maps/themes.html", "Themes", "one layer per experience theme, from the documents' headings",
                    lambda: themes_page(t, f, m, d, "Experience themes", o, inputs.info),
                    lambda stem: _themes_image(inputs, stem)))
    out += [Page(*spec) for spec in planning_pages(t, lambda: inputs.planning, d, o, lambda: inputs.info,
                                                     lambda: inputs.static)]
    sheets = regions(t)
    for i, region in enumerate(sheets):
        neighbours = (sheets[i - 1] if i else None, sheets[i + 1] if i + 1 < len(sheets) else None)
        out.append(Page(region.path, region.title, f"atlas sheet: map and summary table of {region.title}",
                        lambda region=region, n=neighbours: region_page(region, t, f, m, d, o, inputs.info, n),
                        lambda stem, region=region: _region_image(inputs, region, stem), group="regions"))
    return out


def _choropleth_images(inputs: AtlasInputs, level: str, stem: Path) -> list[Path]:
    units, classes_by = choropleth_data(inputs.table, inputs.display, level, inputs.options)
    written = []
    for column, _, fmt in VARIABLES:
        label = inputs.term(f"variable.{column}")
        title = inputs.term("title.choropleth", variable=label, level=inputs.term(f"level.{level}"))
        written += inputs.static.choropleth(units, level, column, classes_by[column], title,
                                            stem.with_name(f"{stem.name}-{column}"), label, fmt)
    return written


def _urbanization_image(inputs: AtlasInputs, stem: Path) -> list[Path]:
    pilots = pilot_rates(inputs.table)
    colours = [_step(v, GAP_CLASSES) for v in pilots["urbanization_gap_pp"]]
    sizes = [12 + (r if pd.notna(r) else 0) * 1.2 for r in pilots["urbanization_rate_resident_pct"]]
    handles = [Patch(color=c, label=inputs.term("gap.upto", value=f"{u:g}") if u != float("inf")
                     else inputs.term("gap.larger")) for u, c in GAP_CLASSES]
    handles.append(Patch(color=UNKNOWN, label=inputs.term("gap.unknown")))
    return inputs.static.graduated(pilots, colours, sizes, inputs.term("title.urbanization"), stem, handles,
                                   inputs.term("legend.gap"))


def _themes_image(inputs: AtlasInputs, stem: Path) -> list[Path]:
    themed = themed_mentions(inputs.mentions)
    main = themed.groupby(["adcode", "canonical_name"])["theme_key"].agg(lambda s: s.value_counts().index[0])
    rows = located(inputs.table).merge(main.rename("theme_key"), left_on=["adcode", "canonical_name"], right_index=True)
    colours = theme_colours()
    handles = [Line2D([], [], marker="o", ls="", color=colours[k], label=bilingual(theme_label(k), inputs.options.lang))
               for k in [*THEMES, OTHER] if k in set(rows["theme_key"])]
    return inputs.static.graduated(rows, [colours[k] for k in rows["theme_key"]], [18] * len(rows),
                                   inputs.term("title.themes"), stem, handles, inputs.term("legend.theme"))


def _region_image(inputs: AtlasInputs, region: Region, stem: Path) -> list[Path]:
    rows = located(inputs.table[inputs.table["joined_province"].isin(region.provinces)])
    return inputs.static.places(rows, _sheet_title(inputs, region), stem, provinces=region.provinces)


def _sheet_title(inputs: AtlasInputs, region: Region) -> str:
    """An economic region's name in the chosen language; a province's name as it is."""
    key = f"region.{region.key}"
    return inputs.term(key) if key in TERMS else region.title


def atlas_sheets(inputs: AtlasInputs) -> list[AtlasSheet]:
    """The sheets of the printable atlas: the same regions and provinces as the region pages."""
    table = inputs.table
    return [AtlasSheet(_sheet_title(inputs, region), region.provinces,
                       located(table[table["joined_province"].isin(region.provinces)]))
            for region in regions(table)]


@dataclass(frozen=True)
class Job:
    """One unit of drawing: a page with its images, or one part of the printable atlas.

    ``fingerprint`` covers exactly what the job draws (its rows, figures,
    options and the code), so a build can keep the files of a job whose
    fingerprint and files are those of the last build.
    """

    key: str
    fingerprint: str
    run: Callable[[], list[Path]]


#: The folder of summary tables and charts, drawn as one job.
SUMMARIES = "summaries"
#: Where the parts of ``atlas.pdf`` (contents, one PDF per sheet) are kept for the next build.
PDF_PARTS = ".pilot-atlas-pdf"


def _digest(*parts) -> str:
    """SHA-256 of strings, bytes, data frames (as CSV) and other values (as their repr), in order."""
    return manifest.digest(*(p.to_csv(lineterminator="\n") if isinstance(p, pd.DataFrame)
                             else p if isinstance(p, (str, bytes)) else repr(p) for p in parts))


def _frame(frame: pd.DataFrame | None) -> pd.DataFrame:
    return frame if frame is not None else pd.DataFrame()


def jobs(out: Path, inputs: AtlasInputs, all_pages: list[Page], base: str = "") -> list[Job]:
    """Every drawing job of the build, the longest first; ``base`` fingerprints the code, options and boundaries.

    A region page draws its own places (rows, popups) and the national figures
    it compares them with; every other page draws the whole register.
    """
    table = inputs.table
    everything = _digest(base, table, inputs.facts, inputs.mentions, _frame(inputs.documents), _frame(inputs.agendas))
    national = _digest(located(table).reindex(columns=["role", "urbanization_rate_resident_pct",
                                                       "urbanization_rate_hukou_pct", "urbanization_gap_pp"]))
    images = f"images={inputs.print_outputs}"  # a page job draws its static images, or not
    sheets = regions(table)
    region_of = {region.path: (i, region) for i, region in enumerate(sheets)}
    out_jobs = []
    for page in all_pages:
        if page.path in region_of:
            i, region = region_of[page.path]
            rows = table[table["joined_province"].isin(region.provinces)]
            popups = [inputs.info.popup(row) for row in row_dicts(located(rows))]
            neighbours = [(r.path, r.title) for r in sheets[max(i - 1, 0):i + 2]]
            print_ = _digest(base, page.path, region, rows, national, *popups, neighbours, images)
        else:
            print_ = _digest(everything, page.path, images)
        out_jobs.append(Job(page.path, print_, functools.partial(_page_files, out, page, inputs.print_outputs)))
    out_jobs.append(Job(SUMMARIES, _digest(everything, SUMMARIES), functools.partial(_summary_files, out, inputs)))
    if not inputs.print_outputs:
        return out_jobs  # no atlas.pdf: its sheets are not even laid out
    sheets_ = inputs.sheets
    groups = sheet_groups(sheets_)
    front = contents_group(groups)
    first = first_pages(sheets_)
    contents = [(s.title, s.table_pages()) for s in sheets_]
    lang = inputs.options.lang
    pdf_jobs = []
    for g, members in enumerate(groups):
        drawn = [(sheets_[i].title, sheets_[i].provinces, sheets_[i].rows, first[i]) for i in members]
        print_ = _digest(base, lang, TITLE, *(contents if g == front else []), *(x for d in drawn for x in d))
        pdf_jobs.append(Job(f"{ATLAS_PDF}:{g:03d}", print_, functools.partial(
            _atlas_part, Path(out) / PDF_PARTS / f"part-{g:03d}.pdf", inputs, sheets_, members, g == front)))
    # the parts of the printable atlas (many sheets each) and the all-China maps are the longest jobs
    return pdf_jobs + out_jobs


def atlas_page_order(inputs: AtlasInputs) -> list[tuple[int, int]]:
    """Where each page of ``atlas.pdf`` is in the parts drawn by :func:`jobs`."""
    sheets_ = inputs.sheets
    groups = sheet_groups(sheets_)
    return page_order(sheets_, groups, contents_group(groups))


def _page_files(out: Path, page: Page, images: bool = True) -> list[Path]:
    return [write_text(out / page.path, page.html()), *(page.image(out / page.image_stem) if images else [])]


def _summary_files(out: Path, inputs: AtlasInputs) -> list[Path]:
    """The summary tables (CSV, Markdown), their charts and their page."""
    table = inputs.table
    pilots = table[(table["role"] == "pilot") & (table["status"] == "resolved")]
    return write_summaries(all_tables(table, inputs.mentions), pilots, Path(out) / SUMMARIES, inputs.options.lang)


def _atlas_part(path: Path, inputs: AtlasInputs, sheets: list[AtlasSheet], members: list[int], contents: bool
                ) -> list[Path]:
    return [part_pdf(path, inputs.static, sheets, members, TITLE, contents)]


_WORK: list[Job] | None = None  # set before forking workers


def _run_job(index: int) -> list[Path]:
    """Run job ``index`` of the build (in a page worker)."""
    result = _WORK[index].run()
    return result if isinstance(result, list) else [result]


def _workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


def _die_with_parent() -> None:
    """In a page worker: end when the build process dies, even by ``kill -9``.

    Linux delivers SIGTERM to the worker when its parent ends
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere a watcher thread polls the parent.
    """
    import signal
    import threading

    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        if libc.prctl(1, signal.SIGTERM, 0, 0, 0) == 0:  # PR_SET_PDEATHSIG = 1
            if os.getppid() != parent:  # the parent died before the call
                os._exit(1)
            return
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def write_pages(out: Path, inputs: AtlasInputs, workers: int | None = None, base: str = "",
                previous: dict[str, tuple[str, list[Path]]] | None = None,
                ) -> tuple[list[Page], list[Path], dict[str, dict]]:
    """Write every page, its static image(s), the printable atlas and the summaries.

    With ``inputs.print_outputs`` False, only the pages and the summaries:
    no static images, no ``atlas.pdf``.

    Pages and the parts of the printable atlas are independent jobs, drawn by
    one process per core (forked: the inputs are shared, not copied); each file
    is still written atomically and the output does not depend on the order.
    A job whose fingerprint is in ``previous`` (key → fingerprint and its
    intact files, from the last build's manifest) is not drawn again: its files
    are kept as they are.

    Returns
    -------
    tuple
        The pages, every file of the build, and each job's fingerprint and
        files (for :func:`atlas.publishing.manifest.record`).
    """
    global _WORK
    previous = previous or {}
    all_pages = pages(inputs)
    all_jobs = jobs(out, inputs, all_pages, base)
    kept = {job.key: previous[job.key][1] for job in all_jobs
            if job.key in previous and previous[job.key][0] == job.fingerprint}
    todo = [job for job in all_jobs if job.key not in kept]
    if todo:
        for frame in inputs.display.values():
            encode_frame(frame)  # encode the boundaries once, before the workers share them
        boundary_arcs(inputs.display)  # and cut their shared arcs once
        if inputs.print_outputs:
            inputs.static  # noqa: B018 (project them once too)
        inputs.planning  # noqa: B018 (and the agendas and spatial statistics)
        warm_search_keys(located(inputs.table))  # and the markers' search keys
    _WORK = todo
    workers = min(workers or _workers(), len(todo))
    if workers > 1 and "fork" in mp.get_all_start_methods():
        with frozen(), ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"),
                                           initializer=_die_with_parent) as pool:
            results = list(pool.map(_run_job, range(len(todo))))  # workers' collections skip what they inherit
    else:
        results = [_run_job(index) for index in range(len(todo))]
    _WORK = None
    files = {**kept, **{job.key: paths for job, paths in zip(todo, results)}}
    prints = {job.key: job.fingerprint for job in all_jobs}
    written = [path for job in all_jobs if not job.key.startswith(f"{ATLAS_PDF}:") for path in files[job.key]]
    if inputs.print_outputs:
        parts = [files[job.key][0] for job in all_jobs if job.key.startswith(f"{ATLAS_PDF}:")]
        atlas_pdf = Path(out) / ATLAS_PDF
        pdf_kept = previous.get(ATLAS_PDF, ("", []))
        prints[ATLAS_PDF] = _digest(*(job.fingerprint for job in all_jobs if job.key.startswith(f"{ATLAS_PDF}:")))
        if pdf_kept[0] != prints[ATLAS_PDF] or not pdf_kept[1]:
            assemble(atlas_pdf, parts, atlas_page_order(inputs), TITLE)
        files[ATLAS_PDF] = [atlas_pdf]
        written += [atlas_pdf, *parts]
    outputs = {key: {"fingerprint": prints[key], "files": files[key]} for key in sorted(files)}
    written += write_spatial_files(out, inputs.planning)
    return all_pages, written, outputs
