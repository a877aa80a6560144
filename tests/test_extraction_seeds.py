"""Integration: mentions and figures from ../shared/seeds against hand-checked expectations."""

from pathlib import Path

import pandas as pd
import pytest

EXPECTED = Path(__file__).with_name("expected")


def _read(seed_build, name: str) -> pd.DataFrame:
    return pd.read_csv(seed_build[0] / "data" / name, dtype=str, keep_default_na=False)


def test_pilot_profile_figures(seed_build):
    facts = _read(seed_build, "facts.csv")
    expected = pd.read_csv(EXPECTED / "pilot_profiles.csv", dtype=str, keep_default_na=False)
    got = facts[facts["doc"] == "001_caf814f1c39d1a4b.txt"]
    for name, want in expected.groupby("name"):
        have = got[got["name"] == name]
        have = {(r.metric, float(r.value), r.year, r.is_target, r.qualifier, r.line)
                for r in have.itertuples() if int(r.line) <= max(int(x) for x in want["line"])}
        want = {(r.metric, float(r.value), r.year, r.is_target, r.qualifier, r.line) for r in want.itertuples()}
        assert have == want, name


def test_figures_of_other_areas_are_reported_not_attributed(seed_build):
    facts = _read(seed_build, "facts.csv")
    quality = _read(seed_build, "quality.csv")
    linhai = facts[facts["name"] == "林海镇"]
    assert not ((linhai["metric"] == "resident_pop_10k") & (linhai["value"] == "197.7")).any()  # 白城市
    assert not (linhai["value"] == "26000.0").any()
    maoming = facts[facts["name"] == "茂名市"]
    assert "81.0" not in set(maoming["value"]) and "30.0" not in set(maoming["value"])  # the high-tech zone
    assert set(maoming["value"]) >= {"772.4"}
    other = quality[quality["kind"] == "figure_other_area"]
    assert {"林海镇", "茂名市"} <= set(other["name"])


@pytest.mark.parametrize("doc", ["000_03cb63c13da3a6a2.txt", "002_4912eabd4423f808.txt",
                                 "003_fbbaedcd8b66908b.txt", "004_7bc3ec70ac489f6c.txt"])
def test_one_full_section_of_each_experience_document(seed_build, doc):
    mentions = _read(seed_build, "mentions.csv")
    expected = pd.read_csv(EXPECTED / "section_mentions.csv", dtype=str, keep_default_na=False)
    expected = expected[expected["doc"] == doc]
    lo, hi = int(expected["first_line"].iloc[0]), int(expected["last_line"].iloc[0])
    got = mentions[(mentions["doc"] == doc) & mentions["line"].astype(int).between(lo, hi)]
    assert set(zip(got["line"], got["adcode"])) == set(zip(expected["line"], expected["adcode"]))
    facts = _read(seed_build, "facts.csv")
    want = pd.read_csv(EXPECTED / "section_facts.csv", dtype=str, keep_default_na=False)
    want = want[want["doc"] == doc]
    have = facts[(facts["doc"] == doc) & facts["line"].astype(int).between(lo, hi)]
    assert {(r.line, r.canonical_name, r.metric, float(r.value), r.year, r.is_target) for r in have.itertuples()} == \
        {(r.line, r.canonical_name, r.metric, float(r.value), r.year, r.is_target) for r in want.itertuples()}


def test_every_row_cites_document_and_line(seed_build):
    for name in ("mentions.csv", "facts.csv", "quality.csv"):
        frame = _read(seed_build, name)
        assert frame["doc"].str.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt").all(), name
        if name != "quality.csv":
            assert frame["line"].str.fullmatch(r"\d+").all(), name


def test_roles_and_themes(seed_build):
    mentions = _read(seed_build, "mentions.csv")
    pilots = mentions[mentions["role"] == "pilot"]
    assert len(pilots) == 59 and set(pilots["doc"]) == {"001_caf814f1c39d1a4b.txt"}
    examples = mentions[mentions["role"] == "example"]
    assert set(examples["doc"]) == {"000_03cb63c13da3a6a2.txt", "002_4912eabd4423f808.txt",
                                    "003_fbbaedcd8b66908b.txt", "004_7bc3ec70ac489f6c.txt"}
    row = examples[(examples["doc"] == "002_4912eabd4423f808.txt") & (examples["line"] == "22")].iloc[0]
    assert row["theme"].startswith("一、") and " > (一)" in row["theme"]


def test_anonymised_speech_gives_no_x(seed_build):
    mentions = _read(seed_build, "mentions.csv")
    facts = _read(seed_build, "facts.csv")
    speech = "004_7bc3ec70ac489f6c.txt"
    assert not mentions[mentions["doc"] == speech]["name"].str.contains("X").any()
    assert facts[facts["doc"] == speech].empty
