"""Skip rewriting an atlas whose inputs have not changed (like ``make``).

A build records a fingerprint of everything its outputs depend on (the tables,
the options, the code and the data package versions) and the SHA-256 of every
file it wrote, in ``.pilot-atlas-build.json`` in the output folder. The next
build with the same fingerprint, finding every file still there and unchanged,
writes nothing; any difference rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from atlas.common.io import write_text

MANIFEST = ".pilot-atlas-build.json"
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole atlas package


def fingerprint(*parts: bytes | str) -> str:
    """SHA-256 of the given parts and of the package's own code and assets."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".js") and p.is_file()):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(out: Path, print_: str) -> list[Path] | None:
    """The files of an up-to-date earlier build with this fingerprint, or None."""
    path = Path(out) / MANIFEST
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if recorded.get("fingerprint") != print_:
        return None
    files = []
    for rel, sha in recorded.get("files", {}).items():
        file = Path(out) / rel
        if not file.is_file() or _sha(file) != sha:
            return None
        files.append(file)
    return files


def record(out: Path, print_: str, files: list[Path]) -> None:
    """Record the fingerprint and the files written by a build."""
    out = Path(out)
    entries = {f.relative_to(out).as_posix(): _sha(f) for f in sorted(set(files))}
    write_text(out / MANIFEST, json.dumps({"fingerprint": print_, "files": entries}, indent=1, sort_keys=True) + "\n")
