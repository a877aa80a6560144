"""Static images of a build, drawn in one process: CPU seconds of the drawing, PNG and SVG bytes.

The build's inputs are made as ``build_maps.py`` makes them (shipped register,
warm caches); then every page's static image (PNG at 300 dpi and SVG) and the
summary charts are drawn into ``--out``, and optionally each region's map for
atlas.pdf (``--pdf-maps``: composed on an A4 axes, not saved). Prints the CPU
seconds of the projection of the boundaries (done once, before the page
workers fork) and of the drawing, with the issue's anchor and target beside
them, and the total bytes of the PNG and SVG files. With ``--pdf``, the parts
of ``atlas.pdf`` are drawn too (as the build's page workers draw them) and
their CPU seconds and bytes printed on a line of their own.

Run: ``.venv/bin/python benchmarks/bench_static_images.py --out /tmp/static-images [--pdf] [--profile FILE]``
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import timed  # noqa: E402 (measure puts this checkout's atlas package first on the path)

#: The issue's anchor: static images were 76% of ~38 s of page work; its target for the whole forced build.
ANCHOR = "forced build 38 s CPU (static images ~76% of the page work)"
TARGET = "forced warm build <= 8 s"


class _Captured(Exception):
    pass


def build_inputs():
    """The ``AtlasInputs`` of a forced build of the shipped data (the build stops before drawing anything)."""
    import atlas.publishing.publish as publish
    from atlas import pipeline

    captured = {}

    def capture(out, inputs, *args, **kwargs):
        captured["inputs"] = inputs
        raise _Captured

    original = publish.write_pages
    publish.write_pages = capture
    try:
        pipeline.build(out=Path(os.environ.get("TMPDIR", "/tmp")) / "bench-static-inputs", force=True)
    except _Captured:
        pass
    finally:
        publish.write_pages = original
    return captured["inputs"]


def draw_all(inputs, out: Path, pdf_maps: bool) -> list[Path]:
    """Every static image of the build (and, with ``pdf_maps``, each atlas sheet's map composed on A4)."""
    from atlas.analysis.summary import all_tables
    from atlas.publishing import charts
    from atlas.publishing.publish import atlas_sheets, pages

    written = []
    for page in pages(inputs):
        written += page.image(out / page.image_stem)
    tables = all_tables(inputs.table, inputs.mentions)
    pilots = inputs.table[(inputs.table["role"] == "pilot") & (inputs.table["status"] == "resolved")]
    folder = out / "summaries" / "charts"
    lang = inputs.options.lang
    written += charts.bar_chart(tables["by_region"], "region", folder / "places_by_region", "chart.by_region", lang)
    written += charts.bar_chart(tables["by_province"], "province", folder / "places_by_province", "chart.by_province",
                                lang)
    written += charts.rates_chart(pilots, folder / "pilot_rates", lang)
    if pdf_maps:
        static = inputs.static
        for sheet in atlas_sheets(inputs):
            fig = charts.new_figure((8.27, 11.69))
            ax = fig.add_axes((0.05, 0.3, 0.9, 0.62))
            static.compose(ax, static.places_sheet(sheet.rows, sheet.provinces), label_size=6)
            fig.canvas.draw()
    return written


def draw_pdf_parts(inputs, out: Path) -> list[Path]:
    """Every part of atlas.pdf, drawn as the build's jobs draw them (the contents page in its group)."""
    from atlas.publishing.printable import contents_group, part_pdf, sheet_groups
    from atlas.publishing.publish import TITLE

    sheets = inputs.sheets
    groups = sheet_groups(sheets)
    front = contents_group(groups)
    return [part_pdf(out / f"part-{g:03d}.pdf", inputs.static, sheets, members, TITLE, contents=g == front)
            for g, members in enumerate(groups)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the drawing here")
    parser.add_argument("--pdf-maps", action="store_true", help="also compose each atlas sheet's map (A4)")
    parser.add_argument("--pdf", action="store_true", help="also draw the parts of atlas.pdf (timed on their own)")
    args = parser.parse_args()
    inputs = build_inputs()
    _, setup, _ = timed(lambda: inputs.static)  # projected once, before the workers fork
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        wall, cpu, written = timed(lambda: profiler.runcall(draw_all, inputs, args.out, args.pdf_maps))
        profiler.dump_stats(args.profile)
    else:
        wall, cpu, written = timed(lambda: draw_all(inputs, args.out, args.pdf_maps))
    png = [p for p in written if p.suffix == ".png"]
    svg = [p for p in written if p.suffix == ".svg"]
    load = os.getloadavg()[0]
    print(f"static set-up (before fork): {setup:.2f} s CPU")
    print(f"static images: {len(png)} PNG + {len(svg)} SVG in {cpu:.2f} s CPU ({wall:.2f} s wall, load {load:.2f})"
          f"   anchor: {ANCHOR}   target: {TARGET}")
    print(f"PNG bytes {sum(p.stat().st_size for p in png):,}   SVG bytes {sum(p.stat().st_size for p in svg):,}")
    if args.pdf:
        inputs.sheets  # noqa: B018 (made once per build, before the workers fork)
        wall, cpu, parts = timed(lambda: draw_pdf_parts(inputs, args.out))
        print(f"atlas.pdf: {len(parts)} parts in {cpu:.2f} s CPU ({wall:.2f} s wall, load {os.getloadavg()[0]:.2f})"
              f"   {sum(p.stat().st_size for p in parts):,} bytes   anchor: {ANCHOR}   target: {TARGET}")


if __name__ == "__main__":
    main()
