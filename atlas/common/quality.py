"""The quality report: every problem the build saw, with document and line."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields
from pathlib import Path

import pandas as pd

from atlas.common.csvtext import csv_text
from atlas.common.io import write_text


@dataclass(frozen=True, order=True)
class Issue:
    """One row of ``quality.csv``.

    ``kind`` is a short machine-readable tag (``unresolved``, ``ambiguous``,
    ``outside_claimed_unit``, ``unreadable_document``, …).
    """

    kind: str
    name: str
    doc: str
    line: int | None
    detail: str
    page: int | None = None  # for a paged document (PDF): ``line`` counts on this page


COLUMNS = [f.name for f in fields(Issue)]


def to_frame(issues: list[Issue]) -> pd.DataFrame:
    """Issues as a table sorted by document, line and kind (stable output)."""
    rows = sorted(set(issues), key=lambda i: (i.doc, i.page or 0, i.line or 0, i.kind, i.name, i.detail))
    frame = pd.DataFrame([astuple(i) for i in rows], columns=COLUMNS)
    frame["line"] = frame["line"].astype("Int64")
    frame["page"] = frame["page"].astype("Int64")
    return frame


def write(issues: list[Issue], path: Path) -> pd.DataFrame:
    """Write ``quality.csv`` atomically and return the table."""
    frame = to_frame(issues)
    write_text(path, csv_text(frame, bom=False))
    return frame


def read(path: Path) -> list[Issue]:
    """Issues saved by :func:`write` (an absent file is no issues)."""
    if not Path(path).is_file():
        return []
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    pages = frame["page"] if "page" in frame else [""] * len(frame)
    return [Issue(r.kind, r.name, r.doc, int(r.line) if r.line else None, r.detail, int(page) if page else None)
            for r, page in zip(frame.itertuples(), pages)]


def summary(frame: pd.DataFrame) -> dict[str, int]:
    """Count of issues by kind, for the console and the index page."""
    return {str(k): int(v) for k, v in frame["kind"].value_counts().sort_index().items()}
