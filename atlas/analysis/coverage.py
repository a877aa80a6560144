"""Coverage per batch: how many of each batch's official pilots the register knows.

The official sizes are a small cited table, ``geodata/batch_sizes.csv``
(batch, year, official size, notice and source). A pilot counts for every
batch it belongs to (the register's ``batches`` column, ``"1;2"``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.places.gazetteer import GEODATA

SIZES = GEODATA / "batch_sizes.csv"
COLUMNS = ["batch", "year", "known", "located", "official_size", "share_pct", "notice", "source"]


def official_sizes(path: Path = SIZES) -> pd.DataFrame:
    """The official number of pilots of each batch, with notice and source.

    Examples
    --------
    >>> official_sizes().set_index("batch")["official_size"].to_dict()
    {1: 64, 2: 73, 3: 111}
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return table.astype({"batch": int, "year": int, "official_size": int})


def _batches_of(register: pd.DataFrame) -> pd.Series:
    """Every batch of each row as a list of ints (``batches``, else ``batch``)."""
    if "batches" in register.columns:
        text = register["batches"].fillna("").astype(str)
    else:
        text = pd.Series("", index=register.index)
    fallback = register["batch"].astype("string").fillna("") if "batch" in register.columns else text
    text = text.where(text != "", fallback)
    return text.map(lambda value: [int(b) for b in value.split(";") if b.strip()])


def coverage(register: pd.DataFrame, sizes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per batch: pilots known (and located) in ``register`` against the official size.

    Parameters
    ----------
    register : DataFrame
        A register with ``role``, ``status`` and ``batch`` (and ``batches``).
    sizes : DataFrame, optional
        Official sizes (:func:`official_sizes`, the default).

    Returns
    -------
    DataFrame
        ``batch, year, known, located, official_size, share_pct`` (known / official,
        one decimal), ``notice, source``; one row per batch of ``sizes``.

    Examples
    --------
    >>> register = pd.DataFrame({"role": ["pilot", "pilot", "example"], "status": ["resolved"] * 3,
    ...                          "batch": [1, 1, None], "batches": ["1;2", "1", ""]})
    >>> coverage(register)[["batch", "known", "official_size", "share_pct"]].values.tolist()
    [[1, 2, 64, 3.1], [2, 1, 73, 1.4], [3, 0, 111, 0.0]]
    """
    sizes = official_sizes() if sizes is None else sizes
    pilots = register[register["role"] == "pilot"]
    batches = _batches_of(pilots)
    resolved = pilots["status"] == "resolved"
    rows = []
    for size in sizes.itertuples():
        member = batches.map(lambda found, b=size.batch: b in found).astype(bool)
        known, located = int(member.sum()), int((member & resolved).sum())
        rows.append({"batch": size.batch, "year": size.year, "known": known, "located": located,
                     "official_size": size.official_size,
                     "share_pct": round(100 * known / size.official_size, 1) if size.official_size else float("nan"),
                     "notice": size.notice, "source": size.source})
    return pd.DataFrame(rows, columns=COLUMNS)


def coverage_lines(table: pd.DataFrame) -> list[str]:
    """One console line per batch.

    Examples
    --------
    >>> table = pd.DataFrame([{"batch": 2, "year": 2015, "known": 73, "located": 73, "official_size": 73,
    ...                        "share_pct": 100.0}])
    >>> coverage_lines(table)
    ['batch 2 (2015): 73 of 73 pilots known (100.0%), 73 located']
    """
    return [f"batch {r.batch} ({r.year}): {r.known} of {r.official_size} pilots known ({r.share_pct:.1f}%), "
            f"{r.located} located" for r in table.itertuples()]
