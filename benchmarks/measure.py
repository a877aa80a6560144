"""Shared measuring rules for the benchmarks: fair, repeated, side by side.

Every contender runs in its own child process (so imports, set-up and peak
memory are its own), rounds alternate the order of the contenders (A B, B A,
A B …) so neither always runs on a cold or a busy machine, and the figure
reported is the median of the rounds. A child prints one JSON line of its
measurements; :func:`compare` collects them.

Examples
--------
>>> median([3.0, 1.0, 2.0])
2.0
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # this checkout's atlas package, not an installed copy from elsewhere


def median(values: Sequence[float]) -> float:
    """The median of ``values`` (``nan`` when there are none)."""
    return statistics.median(values) if values else float("nan")


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(run: Callable[[], object]) -> tuple[float, float, object]:
    """Wall and CPU seconds of ``run()``, and what it returned."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def emit(**figures) -> None:
    """Print a child's measurements as the one JSON line :func:`child` reads."""
    figures.setdefault("peak_mb", peak_mb())
    print("@@" + json.dumps(figures, ensure_ascii=False, default=str), flush=True)


def child(script: Path, *args: str, env: dict | None = None) -> dict:
    """Run ``python script args`` and return the JSON line it emitted (see :func:`emit`)."""
    proc = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, **(env or {})))
    lines = [line[2:] for line in proc.stdout.splitlines() if line.startswith("@@")]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{script.name} {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return json.loads(lines[-1])


def compare(contenders: Sequence[str], run: Callable[[str], dict], rounds: int = 3) -> dict[str, list[dict]]:
    """Run every contender ``rounds`` times, alternating their order; the figures of each run per contender."""
    out: dict[str, list[dict]] = {name: [] for name in contenders}
    for r in range(rounds):
        for name in (contenders if r % 2 == 0 else list(reversed(contenders))):
            out[name].append(run(name))
    return out


def summary(runs: list[dict], key: str) -> float:
    """The median of one figure over a contender's runs."""
    return median([r[key] for r in runs if r.get(key) is not None])


def process_tree_run(args: list[str], env: dict | None = None) -> dict:
    """Run a command; its wall seconds, CPU seconds (itself and its waited-for children) and peak RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=dict(os.environ, **(env or {})), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise SystemExit(f"failed: {' '.join(args)}\n{err[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}
