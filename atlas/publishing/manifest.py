"""Skip rewriting an atlas whose inputs have not changed (like ``make``).

A build records a fingerprint of everything its outputs depend on (the tables,
the options, the code and the data package versions) and the SHA-256 of every
file it wrote, in ``.pilot-atlas-build.json`` in the output folder. The next
build with the same fingerprint, finding every file still there and unchanged,
writes nothing; any difference rebuilds everything.

That check comes after reading the documents. A quicker one comes first:
:func:`inputs_fingerprint` hashes what the build reads — the documents'
bytes, a user's register, the curated tables, the settings, the package's
code and the installed distributions — without importing or loading anything
heavy. When it matches the one recorded (:func:`recorded_build`) and every
output is intact, the build stops there, reporting the summary it recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path

from atlas.common.io import write_text
from atlas.places.cache import digest

MANIFEST = ".pilot-atlas-build.json"
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole atlas package


def fingerprint(*parts: bytes | str) -> str:
    """SHA-256 of the given parts and of the package's own code and assets."""
    code = []
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".js") and p.is_file()):
        code += [path.relative_to(_PACKAGE).as_posix().encode(), path.read_bytes()]
    return digest(b"".join(code), *parts)


def _distributions() -> list[str]:
    """Names (with versions) of every installed distribution on the import path, sorted."""
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(n for n in names if n.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def _folder_entries(folder: Path):
    """Name, kind and (for a regular file) bytes of every entry of a folder, sorted; never opens anything else."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        yield entry.name.encode("utf-8", "surrogateescape")
        try:
            mode = entry.stat(follow_symlinks=True).st_mode
            yield Path(entry.path).read_bytes() if stat.S_ISREG(mode) else f"<mode {stat.S_IFMT(mode)}>"
        except OSError as exc:
            yield f"<unreadable {exc.errno}>"


def inputs_fingerprint(sources: Path | None, register_csv: Path | None, settings: str) -> str:
    """SHA-256 of everything a build reads, computed before anything heavy is imported.

    Parameters
    ----------
    sources : Path, optional
        The documents folder: every entry's name, and the bytes of regular files.
    register_csv : Path, optional
        A user's register (its bytes).
    settings : str
        The build's options in a canonical form.

    Examples
    --------
    >>> inputs_fingerprint(None, None, "a") == inputs_fingerprint(None, None, "a") != inputs_fingerprint(None, None, "b")
    True
    """
    geodata = _PACKAGE.parent / "geodata"
    parts: list[bytes | str] = ["settings", settings, "python", sys.version, "distributions", *_distributions(),
                                "geodata", *(x for p in sorted(geodata.glob("*.csv")) for x in (p.name, p.read_bytes()))]
    if sources is not None:
        parts += ["sources", str(Path(sources).resolve()), *_folder_entries(Path(sources))]
    if register_csv is not None:
        parts += ["register", Path(register_csv).read_bytes()]
    return fingerprint(*parts)


def _recorded(out: Path) -> dict:
    """The manifest of the last build in ``out``; empty when there is none or it cannot be read."""
    try:
        recorded = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return recorded if isinstance(recorded, dict) else {}


def recorded_build(out: Path, inputs: str) -> dict | None:
    """The record of an earlier build from these inputs whose files are all intact, or None.

    The record holds ``files`` (paths), ``summary`` (console lines) and ``skipped`` (documents).
    """
    recorded = _recorded(out)
    if not inputs or recorded.get("inputs") != inputs:
        return None
    files = _intact(out, recorded)
    if files is None:
        return None
    return {"files": files, "summary": recorded.get("summary", []), "skipped": recorded.get("skipped", [])}


def _intact(out: Path, recorded: dict) -> list[Path] | None:
    files = []
    for rel, sha in recorded.get("files", {}).items():
        file = Path(out) / rel
        if not file.is_file() or _sha(file) != sha:
            return None
        files.append(file)
    return files


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_current(out: Path, print_: str) -> list[Path] | None:
    """The files of an up-to-date earlier build with this fingerprint, or None."""
    recorded = _recorded(out)
    if recorded.get("fingerprint") != print_:
        return None
    return _intact(out, recorded)


def record(out: Path, print_: str, files: list[Path], inputs: str = "", summary: list[str] = (),
           skipped: list[str] = (), outputs: dict[str, dict] | None = None) -> None:
    """Record the fingerprints, the files written by a build and what it reported.

    ``outputs`` maps each drawing job (a page, a part of the printable atlas)
    to its ``fingerprint`` and ``files``, for :func:`recorded_outputs`.
    """
    out = Path(out)
    entries = {f.relative_to(out).as_posix(): _sha(f) for f in sorted(set(files))}
    jobs = {key: {"fingerprint": job["fingerprint"], "files": [Path(f).relative_to(out).as_posix() for f in job["files"]]}
            for key, job in (outputs or {}).items()}
    write_text(out / MANIFEST, json.dumps({"fingerprint": print_, "inputs": inputs, "files": entries, "outputs": jobs,
                                           "summary": list(summary), "skipped": list(skipped)},
                                          indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def remove_stale(out: Path, files: list[Path]) -> list[Path]:
    """Delete the files the last build recorded that this build did not write (``files``), if unchanged since.

    A region that left the register, images not drawn this time: their old
    files would otherwise stay in the folder, and the index could link them.
    Only files of the last manifest go, and only with the bytes it recorded
    (a file someone edited is kept). Returns the files deleted.

    Examples
    --------
    >>> import tempfile
    >>> remove_stale(Path(tempfile.mkdtemp()), [])
    []
    """
    out = Path(out)
    recorded = _recorded(out).get("files")
    if not isinstance(recorded, dict):
        return []
    written = {Path(f).resolve() for f in files}
    removed = []
    for rel, sha in sorted(recorded.items()):
        path = out / rel
        if path.resolve() in written or not path.resolve().is_relative_to(out.resolve()) or not path.is_file():
            continue
        try:
            if _sha(path) == sha:
                path.unlink()
                removed.append(path)
        except OSError:
            pass  # left as it is: the next build tries again
    return removed


def recorded_outputs(out: Path) -> dict[str, tuple[str, list[Path]]]:
    """Each drawing job of the last build whose files are all there, unchanged: key → (fingerprint, files).

    A job missing here (no record, a file deleted or edited since) is drawn again.
    """
    recorded = _recorded(out)
    shas, kept = recorded.get("files", {}), {}
    for key, job in recorded.get("outputs", {}).items():
        files = [Path(out) / rel for rel in job.get("files", [])]
        if files and all(rel in shas and f.is_file() and _sha(f) == shas[rel] for rel, f in zip(job["files"], files)):
            kept[key] = (job.get("fingerprint", ""), files)
    return kept
