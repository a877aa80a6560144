"""Notice numbers (文号) that identify a batch of the pilots (``geodata/notices.csv``).

A document's own number stands on a line of its own near the top
(``发改规划〔2015〕2665号``); numbers cited inside sentences are other
documents' and say nothing about this one's batch.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from atlas.places.gazetteer import GEODATA

_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,8}[〔\[(（【]\s*(?:19|20)\d\d\s*[〕\])）】]\s*\d{1,5}\s*号$")
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕", "【": "〔", "】": "〕"})


def canonical_number(text: str) -> str:
    """A notice number with its year in 〔〕 and no spaces.

    Examples
    --------
    >>> canonical_number("发改规划[2015] 2665号")
    '发改规划〔2015〕2665号'
    """
    return "".join(text.split()).translate(_BRACKETS)


@lru_cache(maxsize=1)
def known_notices() -> dict[str, int]:
    """Notice number → batch, from ``geodata/notices.csv``."""
    table = pd.read_csv(GEODATA / "notices.csv", dtype=str, keep_default_na=False)
    return {canonical_number(n): int(b) for n, b in zip(table["number"], table["batch"])}


def notice_batch(head: str) -> int | None:
    """The batch of a document whose own notice number (a line of its own in
    ``head``, its opening lines) is a known one; else None.

    Examples
    --------
    >>> notice_batch("关于公布名单的通知\\n发改规划〔2015〕2665号\\n各省…")
    2
    """
    known = known_notices()
    for line in head.splitlines():
        line = line.strip()
        if _NUMBER.match(line):
            batch = known.get(canonical_number(line))
            if batch:
                return batch
    return None
