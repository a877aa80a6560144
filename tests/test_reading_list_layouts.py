"""Layouts of place lists met in held-out texts: table rows, split names, labels.

Every fixture text here is our own wording, written for the rule it tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from atlas.reading.text import is_table_row


def _write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    (folder / "t.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def found(gazetteer):
    """(line, adcode) of every resolved mention in a one-file folder holding ``text``."""
    from atlas.reading.extraction import extract_folder

    def run(tmp_path: Path, text: str) -> set[tuple[int, str]]:
        mentions = extract_folder(_write(tmp_path, text), gazetteer).mentions
        mentions = mentions[mentions["status"] == "resolved"]
        return set(zip(mentions["line"].astype(int), mentions["adcode"]))

    return run


def test_a_table_row_is_a_unit_of_its_own():
    assert is_table_row("甲 | 乙、丙 |") and is_table_row("| 甲 | 乙")
    assert not is_table_row("甲、乙和丙,以及丁")


def test_province_labels_of_table_rows_are_read_row_by_row(tmp_path, found):
    # each row is long and ends without a full stop, as a cut body line would: rows never run on
    text = ("江苏 | 东海县、宝应县、盱眙县、建湖县、泗阳县、泰兴市、海安市、如东县 |\n"
            "福建 | 霞浦县、永泰县、永春县、德化县、上杭县、长汀县、福清市、晋江市 |\n"
            "河北 | 固安县、正定县、迁安市 | |\n")
    places = found(tmp_path, text)
    assert {(1, "320000"), (2, "350000"), (3, "130000")} <= places
    assert (1, "320722") in places and (2, "350921") in places
