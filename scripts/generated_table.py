"""Write a generated ``geodata/`` table, or check that the shipped one is current (``--check``)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(target: Path, text: str, check: bool, script: str, summary: str) -> int:
    """Write ``text`` to ``target`` atomically and print ``summary``; with ``check``, write nothing and
    return 1 if ``target`` differs from ``text`` (saying which ``script`` refreshes it), else 0."""
    from atlas.common.io import write_text

    name = target.relative_to(target.parent.parent)
    if check:
        current = target.is_file() and target.read_text(encoding="utf-8") == text
        print(f"{name} is current" if current else f"{name} is stale: run scripts/{script}",
              file=sys.stdout if current else sys.stderr)
        return 0 if current else 1
    write_text(target, text)
    print(f"wrote {name}: {summary}")
    return 0
