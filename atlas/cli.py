"""Command line: ``pilot-atlas`` and ``python build_maps.py`` (the same program).

Exit codes: 0 built; 2 bad arguments or a fatal input error (named in one
line); 3 built, but some documents were skipped (listed above the summary).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from atlas.reading.sources import SourceError

EXIT_OK, EXIT_FATAL, EXIT_SKIPPED = 0, 2, 3


def parser() -> argparse.ArgumentParser:
    """The argument parser."""
    p = argparse.ArgumentParser(
        prog="pilot-atlas",
        description="Build the Pilot Atlas (register, checks, maps) from documents or the shipped register.",
        epilog="commands: pilot-atlas [build] [options] (the default: build the atlas); "
               "pilot-atlas geocode TABLE ... (geocode a column of names); "
               "pilot-atlas join TABLE ... (join points to province, prefecture, county). "
               "`pilot-atlas geocode --help` and `pilot-atlas join --help` list their options.",
    )
    p.add_argument("--sources", type=Path, help="folder of source documents (.txt, .md, .html, .mhtml, .pdf, .docx, .doc); "
                   "without it the shipped register geodata/register.csv is used")
    p.add_argument("--register", type=Path, metavar="FILE",
                   help="build from your own list of places instead (.csv or .xlsx; columns: name, and optionally "
                        "province, batch, role), or from a register.csv saved by an earlier build")
    p.add_argument("--batch", type=int, choices=range(1, 10), metavar="N",
                   help="with --sources: batch of the pilots a document lists where it does not say (1-9)")
    p.add_argument("--no-known-batches", action="store_true",
                   help="do not merge the known members of batches 1-3 (geodata/batches.csv) into the register "
                        "(they are never merged into a --register list)")
    p.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")
    p.add_argument("--save-derived", type=Path, metavar="DIR",
                   help="with --sources: also save the derived register.csv, mentions.csv and facts.csv "
                        "in DIR (geodata refreshes the shipped default)")
    p.add_argument("--tiles", default="", metavar="LIST",
                   help="optional tile basemaps, comma-separated: osm, cartodb, tianditu, gaode "
                        "(default: none, pages work offline)")
    p.add_argument("--tianditu-key", metavar="KEY", help="Tianditu key (or set $TIANDITU_KEY)")
    p.add_argument("--scheme", default="FisherJenks",
                   help="mapclassify scheme for choropleths (deterministic ones: FisherJenks, Quantiles, "
                        "EqualInterval, …; default FisherJenks)")
    p.add_argument("--classes", type=int, default=5, help="number of classes (default 5)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="language of titles and legends in static images and atlas.pdf (default zh)")
    p.add_argument("--web-only", action="store_true",
                   help="write the data and the web pages only, no static images and no atlas.pdf (a quick "
                        "preview; those of an earlier build in --out are removed, never left stale)")
    p.add_argument("--force", action="store_true",
                   help="rewrite every output even if the inputs are those of the last build")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    return p


def table_parser(command: str) -> argparse.ArgumentParser:
    """Parsers of the ``geocode`` and ``join`` commands for users' own tables."""
    p = argparse.ArgumentParser(prog=f"pilot-atlas {command}")
    p.add_argument("input", type=Path, help="table: .csv (UTF-8 or GB18030), .xlsx, .parquet or .geoparquet")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="output table: .csv (UTF-8 with BOM, opens in Excel), .xlsx, .parquet or .geoparquet")
    if command == "geocode":
        p.description = "Geocode a column of place names: adcode, parents, point, precision, how, or why not."
        p.add_argument("--name-col", required=True, help="column of place names")
        p.add_argument("--province-col", help="column of province names (narrows same-named places)")
    else:
        p.description = "Join points to province, prefecture and county (full-resolution polygons, by adcode)."
        p.add_argument("--lon-col", default="lon", help="longitude column (default lon)")
        p.add_argument("--lat-col", default="lat", help="latitude column (default lat)")
        p.add_argument("--crs", default="wgs84", choices=("wgs84", "gcj02", "bd09"),
                       help="datum of the coordinates: wgs84 (GPS, default), gcj02 (Amap, Tencent), bd09 (Baidu); "
                            "converted to WGS-84 before the join")
        p.add_argument("--dask", action="store_true",
                       help="run on Dask: INPUT and OUTPUT are partitioned GeoParquet datasets (folders)")
        p.add_argument("--scheduler", help="with --dask: address of a Dask scheduler (default: a local cluster)")
        p.add_argument("--workers", type=int, help="with --dask and no scheduler: local workers (default 2)")
    p.add_argument("--chunk-rows", type=int, default=250_000, help="rows per chunk (default 250000)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    return p


def run_table_command(command: str, argv: list[str]) -> int:
    """``pilot-atlas geocode …`` / ``pilot-atlas join …``: exit 0, or 2 with one line naming the problem."""
    args = table_parser(command).parse_args(argv)
    if command == "geocode" and args.chunk_rows >= 1:
        plain = _geocode_plain(args)  # a small plain CSV: geocoded before pandas would have been imported
        if plain is not None:
            rows, examples, problems = plain
            if not args.quiet:
                print(f"geocode: {rows} rows, {problems} not resolved (see the status and reason columns) "
                      f"-> {args.output}")
                for line in examples:
                    print(f"  {line}")
            return EXIT_OK
    from atlas.places.usertables import TableError, geocode_file, join_file

    try:
        if command == "geocode":
            from atlas.places.gazetteer_cache import load_gazetteer
            from atlas.places.geocode import Geocoder
            from atlas.reading.script import to_simplified_many

            report = geocode_file(args.input, args.output, args.name_col, args.province_col,
                                  Geocoder(load_gazetteer()), args.quiet, args.chunk_rows, to_simplified_many)
        elif args.dask:
            from atlas.places.distributed import join_dataset

            rows = join_dataset(args.input, args.output, args.scheduler, args.workers)
            if not args.quiet:
                print(f"join (dask): {rows} rows -> {args.output} (status and reason per row in join_status, join_reason)")
            return EXIT_OK
        else:
            from atlas.places import boundaries

            report = join_file(args.input, args.output, boundaries.load_counties(), args.lon_col, args.lat_col, args.quiet, args.chunk_rows,
                               args.crs)
    except (TableError, OSError) as exc:
        print(f"pilot-atlas {command}: {exc}", file=sys.stderr)
        return EXIT_FATAL
    if not args.quiet:
        print(f"{command}: {report.rows} rows, {report.problems} not {'resolved' if command == 'geocode' else 'joined'}"
              f" (see the status and reason columns) -> {args.output}")
        for line in report.examples or []:
            print(f"  {line}")
    if report.hint:
        print(f"pilot-atlas {command}: hint: {report.hint}", file=sys.stderr)
    return EXIT_OK


def _geocode_plain(args: argparse.Namespace) -> tuple[int, list[str], int] | None:
    """``pilot-atlas geocode`` of a small plain CSV without pandas (see :mod:`atlas.places.small_csv`), or None."""
    from atlas.places.small_csv import geocode_plain_csv, read_plain_csv

    needed = [args.name_col] + ([args.province_col] if args.province_col else [])
    if not args.output.name.lower().endswith(".csv") or read_plain_csv(args.input, needed) is None:
        return None
    from atlas.places.gazetteer_cache import load_gazetteer
    from atlas.places.geocode import Geocoder
    from atlas.reading.script import to_simplified_many

    try:
        return geocode_plain_csv(args.input, args.output, args.name_col, args.province_col,
                                 Geocoder(load_gazetteer(lazy=True)), to_simplified_many)
    except OSError:
        return None  # e.g. an output folder that does not exist: the pandas path reports it


def main(argv: list[str] | None = None) -> int:
    """Run a command (``build`` by default, ``geocode``, ``join``) and return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("geocode", "join"):
        return run_table_command(argv[0], argv[1:])
    if argv and argv[0] == "build":
        argv = argv[1:]
    args = parser().parse_args(argv)
    if args.sources and args.register:
        print("pilot-atlas: give --sources or --register, not both", file=sys.stderr)
        return EXIT_FATAL
    from atlas.pipeline import build, unchanged_report

    # every option that shapes the output, in one canonical string (the Tianditu key may come from the environment)
    settings = repr(sorted((k, str(v)) for k, v in vars(args).items() if k not in ("quiet", "force", "out"))) \
        + f" TIANDITU_KEY={os.environ.get('TIANDITU_KEY', '')}"
    try:
        report = None if args.force or args.save_derived else \
            unchanged_report(args.out, args.sources, args.register, settings)
        if report is None:
            from atlas.publishing.maps.base import MapOptions  # heavy imports only when there is work to do

            options = MapOptions(tiles=tuple(t.strip() for t in args.tiles.split(",") if t.strip()),
                                 tianditu_key=args.tianditu_key, scheme=args.scheme, classes=args.classes,
                                 lang=args.lang)
            report = build(args.out, sources=args.sources, register_csv=args.register,
                           save_to=args.save_derived, options=options, force=args.force, batch=args.batch,
                           known_batches=not args.no_known_batches, settings=settings,
                           print_outputs=not args.web_only)
    except (SourceError, FileNotFoundError, ValueError) as exc:
        print(f"pilot-atlas: {exc}", file=sys.stderr)
        return EXIT_FATAL
    for message in report.skipped_documents:
        print(f"pilot-atlas: skipped {message}", file=sys.stderr)
    if not args.quiet:
        for line in report.lines():
            print(line)
        verb = "unchanged since the last build:" if report.unchanged else "wrote"
        print(f"{verb} {len(report.written)} files in {args.out}/ (open {args.out / 'index.html'})")
    return EXIT_SKIPPED if report.skipped_documents else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
