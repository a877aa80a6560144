"""Reading a long PDF: time and peak memory for a 500-page text PDF made here (reportlab).

Each page has a heading, two columns of body text and a small table, in our
own wording. Prints the median of three reads, pages per second and the
peak resident memory of the reading process; set-up (making the PDF) is
timed separately.

Run: ``.venv/bin/python benchmarks/bench_pdf.py [--pages 500]``
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's atlas package


def make_pdf(path: Path, pages: int) -> None:
    """A PDF of ``pages`` pages in two columns with a table, our own wording."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for number in range(1, pages + 1):
        c.setFont("STSong-Light", 9)
        c.drawString(40, height - 30, "某某委员会文件")
        c.drawString(width / 2, 25, f"- {number} -")
        c.setFont("STSong-Light", 11)
        c.drawString(40, height - 90, f"第{number}节 河北省威县推进新型城镇化")
        for column, x in enumerate((40, 310)):
            for row in range(30):
                c.drawString(x, height - 130 - 16 * row, f"第{column + 1}栏第{row + 1}行,常住人口城镇化率提高,")
        for row, y in enumerate((200, 182, 164)):
            for cell, x in zip(("序号", "湖北省宜城市", "第二批"), (40, 160, 330)):
                c.drawString(x, y, f"{cell}{row}")
        c.showPage()
    c.save()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    args = parser.parse_args()
    from atlas.reading.formats.pdf import read_pdf

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.pdf"
        start = time.perf_counter()
        make_pdf(path, args.pages)
        setup = time.perf_counter() - start
        data = path.read_bytes()
        times = []
        for _ in range(3):
            start = time.perf_counter()
            extracted = read_pdf(data)
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pdf: {args.pages} pages ({len(data) / 1e6:.1f} MB, made in {setup:.1f} s): "
          f"read in {median:.1f} s median of 3 ({args.pages / median:.0f} pages/s), "
          f"{len(extracted.lines)} lines, peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
