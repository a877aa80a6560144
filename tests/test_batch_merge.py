"""The register merge with batch lists, and coverage per batch, on small fixtures of our own."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.analysis.coverage import coverage, coverage_lines
from atlas.places import batch_lists, register
from atlas.places.geocode import Located


def _row(gazetteer, name, adcode, canonical, role, batch, sources):
    place = gazetteer.find(adcode, canonical)
    return register.make_row(name, role, batch, Located(name, "resolved", place, "exact"), gazetteer, sources, {})


def _entry(batch, name, canonical, adcode, scope=""):
    return {"batch": str(batch), "name_as_written": name, "canonical_name": canonical, "adcode_current": adcode,
            "scope": scope}


@pytest.fixture()
def documents(gazetteer):
    """A register as documents give it: one pilot of batch 2, one example, one unresolved name."""
    rows = [
        _row(gazetteer, "房山区", "110111", "房山区", "pilot", 2, "a.txt:3"),
        _row(gazetteer, "长沙", "430100", "长沙市", "example", None, "b.txt:7;b.txt:9"),
        register.make_row("某某镇", "pilot", 2, Located("某某镇", "unresolved"), gazetteer, "a.txt:5", {}),
        _row(gazetteer, "重庆市", "500000", "重庆市", "example", None, "b.txt:11"),
    ]
    return register.to_frame(rows)


def test_example_becomes_a_pilot_with_its_batch_and_the_list_cited(documents, gazetteer):
    table = pd.DataFrame([_entry(1, "湖南省长沙市", "长沙市", "430100")])
    merged = batch_lists.merge(documents, table, gazetteer, {}).set_index("canonical_name")
    row = merged.loc["长沙市"]
    assert row["role"] == "pilot" and row["batch"] == 1 and row["batches"] == "1"
    assert row["name"] == "长沙"  # the documents' name as written is kept
    assert row["sources"] == "b.txt:7;b.txt:9;batches.csv:2"
    assert len(merged) == len(documents)


def test_a_place_in_two_batches_is_one_row_with_both(documents, gazetteer):
    table = pd.DataFrame([_entry(2, "北京市房山区", "房山区", "110111"), _entry(1, "房山区", "房山区", "110111")])
    merged = batch_lists.merge(documents, table, gazetteer, {})
    rows = merged[merged["canonical_name"] == "房山区"]
    assert len(rows) == 1
    assert rows["batch"].item() == 1 and rows["batches"].item() == "1;2"
    assert rows["sources"].item() == "a.txt:3;batches.csv:2;batches.csv:3"


def test_a_new_place_is_added_and_an_unresolved_name_is_left_alone(documents, gazetteer):
    table = pd.DataFrame([_entry(3, "宝鸡市岐山县蔡家坡镇", "蔡家坡镇", "610323")])
    merged = batch_lists.merge(documents, table, gazetteer, {"610000": "West"})
    added = merged[merged["sources"] == "batches.csv:2"]
    assert added[["name", "canonical_name", "role", "batch", "batches", "adcode", "region", "status"]].values.tolist() \
        == [["宝鸡市岐山县蔡家坡镇", "蔡家坡镇", "pilot", 3, "3", "610323", "West", "resolved"]]
    assert added["resolved_by"].item() == "batch_list"
    assert (merged["name"] == "某某镇").sum() == 1 and len(merged) == len(documents) + 1


def test_a_part_of_a_unit_stays_its_own_row(documents, gazetteer):
    table = pd.DataFrame([_entry(1, "重庆市主城九区", "重庆市主城九区", "500000", scope="part")])
    merged = batch_lists.merge(documents, table, gazetteer, {})
    assert len(merged) == len(documents) + 1
    part = merged[merged["name"] == "重庆市主城九区"].iloc[0]
    whole = merged[merged["name"] == "重庆市"].iloc[0]
    assert part["level"] == "composite" and part["adcode"] == "500000" and part["role"] == "pilot"
    assert whole["role"] == "example" and pd.isna(whole["batch"])  # the municipality is not made a pilot
    assert (part["lon"], part["lat"]) == (whole["lon"], whole["lat"])


def test_join_batches_and_documents_listing_a_place_twice(gazetteer):
    assert register.join_batches("3", 1, "", None, pd.NA, "1;2") == "1;2;3"
    assert register.join_batches() == ""
    rows = [_row(gazetteer, "房山区", "110111", "房山区", "pilot", 2, "a.txt:3"),
            _row(gazetteer, "北京市房山区", "110111", "房山区", "pilot", 1, "c.txt:1")]
    merged = register.merge_pilots(rows)
    assert merged[["batch", "batches", "sources"]].values.tolist() == [[1, "1;2", "a.txt:3;c.txt:1"]]


def test_a_register_saved_before_batches_reads_back_with_them(tmp_path, documents):
    path = tmp_path / "old.csv"
    documents.drop(columns="batches").to_csv(path, index=False)
    back = register.read(path)
    assert back.set_index("name").loc["房山区", "batches"] == "2"
    assert back.set_index("name").loc["长沙", "batches"] == ""


def test_coverage_counts_every_batch_of_a_pilot():
    frame = pd.DataFrame({
        "role": ["pilot", "pilot", "pilot", "example", "pilot"],
        "status": ["resolved", "resolved", "ambiguous", "resolved", "resolved"],
        "batch": pd.array([1, 2, 2, pd.NA, pd.NA], dtype="Int64"),
        "batches": ["1;2", "2", "2", "", ""],
    })
    sizes = pd.DataFrame({"batch": [1, 2], "year": [2014, 2015], "official_size": [4, 3],
                          "notice": ["n1", "n2"], "source": ["s1", "s2"]})
    table = coverage(frame, sizes)
    assert table[["batch", "known", "located", "official_size", "share_pct"]].values.tolist() == \
        [[1, 1, 1, 4, 25.0], [2, 3, 2, 3, 100.0]]
    assert coverage_lines(table)[0] == "batch 1 (2014): 1 of 4 pilots known (25.0%), 1 located"


def test_coverage_of_a_register_without_batches_column():
    frame = pd.DataFrame({"role": ["pilot"], "status": ["resolved"], "batch": pd.array([3], dtype="Int64")})
    table = coverage(frame)
    assert table.set_index("batch").loc[3, "known"] == 1 and table.set_index("batch").loc[1, "known"] == 0


def test_build_report_prints_coverage():
    from atlas.pipeline import BuildReport

    frame = register.to_frame([])
    report = BuildReport(frame, pd.DataFrame(columns=["kind"]), coverage=coverage(frame))
    lines = report.lines()
    assert "batch 3 (2016): 0 of 111 pilots known (0.0%), 0 located" in lines
