"""Command line: ``pilot-atlas`` and ``python build_maps.py`` (the same program).

Exit codes: 0 built; 2 bad arguments or a fatal input error (named in one
line); 3 built, but some documents were skipped (listed above the summary).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from atlas.sources import SourceError

EXIT_OK, EXIT_FATAL, EXIT_SKIPPED = 0, 2, 3


def parser() -> argparse.ArgumentParser:
    """The argument parser."""
    p = argparse.ArgumentParser(
        prog="pilot-atlas",
        description="Build the Pilot Atlas (register, checks, maps) from documents or the shipped register.",
    )
    p.add_argument("--sources", type=Path, help="folder of source documents (.txt, .md, .html); "
                   "without it the shipped register geodata/register.csv is used")
    p.add_argument("--register", type=Path, help="build from this saved register CSV instead")
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
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the build and return the exit code."""
    args = parser().parse_args(argv)
    if args.sources and args.register:
        print("pilot-atlas: give --sources or --register, not both", file=sys.stderr)
        return EXIT_FATAL
    from atlas.maps.base import MapOptions  # heavy imports only once arguments are valid
    from atlas.pipeline import build

    try:
        options = MapOptions(tiles=tuple(t.strip() for t in args.tiles.split(",") if t.strip()),
                             tianditu_key=args.tianditu_key, scheme=args.scheme, classes=args.classes)
        report = build(args.out, sources=args.sources, register_csv=args.register,
                       save_to=args.save_derived, options=options)
    except (SourceError, FileNotFoundError, ValueError) as exc:
        print(f"pilot-atlas: {exc}", file=sys.stderr)
        return EXIT_FATAL
    for message in report.skipped_documents:
        print(f"pilot-atlas: skipped {message}", file=sys.stderr)
    if not args.quiet:
        for line in report.lines():
            print(line)
        print(f"wrote {len(report.written)} files to {args.out}/ (open {args.out / 'index.html'})")
    return EXIT_SKIPPED if report.skipped_documents else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
