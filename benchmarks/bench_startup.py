"""Start-up: one-row commands, each in a fresh process, against the bare interpreter.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--rounds 5]``

Times ``pilot-atlas --help``, ``pilot-atlas geocode`` of one name and
``pilot-atlas join`` of one point (caches warm), with ``python -c pass`` as
the floor; commands alternate in order between rounds; medians of wall and
CPU seconds and peak memory. Target (issue 13): ``--help`` and a one-name
geocode ≤ 0.5 s. ``python -X importtime -m atlas.cli …`` shows where the rest goes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import compare, process_tree_run, summary  # noqa: E402


def commands(folder: Path) -> dict[str, list[str]]:
    """The commands timed, by label."""
    (folder / "one.csv").write_text("name\n山东济南\n", encoding="utf-8")
    (folder / "point.csv").write_text("lon,lat\n116.39,39.91\n", encoding="utf-8")
    cli = [sys.executable, "-m", "atlas.cli"]
    return {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "pilot-atlas --help": cli + ["--help"],
        "pilot-atlas geocode (1 name)": cli + ["geocode", str(folder / "one.csv"), "--name-col", "name",
                                               "-o", str(folder / "one-out.csv"), "-q"],
        "pilot-atlas join (1 point)": cli + ["join", str(folder / "point.csv"), "-o", str(folder / "point-out.csv"), "-q"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(Path(tmp))
        for argv in cmds.values():
            process_tree_run(argv)  # caches (boundaries, gazetteer) filled, not timed
        runs = compare(list(cmds), lambda label: process_tree_run(cmds[label]), args.rounds)
    for label, rs in runs.items():
        target = "   target ≤ 0.5 s" if "help" in label or "geocode" in label else ""
        print(f"{label:30} {summary(rs, 'wall'):5.2f} s wall  {summary(rs, 'cpu'):5.2f} s CPU  "
              f"peak {summary(rs, 'peak_mb'):5.0f} MB  (median of {len(rs)}){target}")


if __name__ == "__main__":
    main()
