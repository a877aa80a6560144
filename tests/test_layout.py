"""The package's stages import one way: common ← places ← reading ← analysis ← publishing ← api/cli/pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "atlas"
ORDER = {"common": 0, "places": 1, "reading": 2, "analysis": 3, "publishing": 4}
TOP = 5  # api, cli, pipeline, __init__


def _stage(module: str) -> int:
    parts = module.split(".")
    return ORDER.get(parts[1], TOP) if len(parts) > 1 else TOP


def test_imports_flow_one_way():
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        own = _stage(".".join(relative.parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                if name.startswith("atlas.") and _stage(name) > own:
                    wrong.append(f"{relative}: imports {name}")
    assert not wrong, "\n".join(wrong)
