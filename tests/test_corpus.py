"""Integration: the development corpus of real documents (../shared/corpus, skipped where absent)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PILOT_ATLAS_CORPUS", ROOT.parent / "shared" / "corpus"))
NEGATIVE_CONTROLS = ("ndrc2016_1858_third_batch_call", "news2016_third_batch_111_big5_govcn")


@pytest.fixture(scope="module")
def corpus_result(gazetteer):
    if not (CORPUS / "truth" / "mentions.csv").is_file():
        pytest.skip(f"development corpus not found at {CORPUS} (clone ../shared beside the repo)")
    from atlas.reading.extraction import extract_folder

    return extract_folder(CORPUS / "docs", gazetteer)


@pytest.fixture(scope="module")
def scores(corpus_result):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_corpus import score

    truth = pd.read_csv(CORPUS / "truth" / "mentions.csv", dtype=str, keep_default_na=False)
    return score(corpus_result.mentions, truth)


def test_recall_of_the_annotated_mentions(scores):
    recall = scores["tp"].sum() / scores["truth"].sum()
    assert recall >= 0.95, scores[["doc", "missed"]].to_string()


def test_precision_of_what_is_found(scores):
    precision = scores["tp"].sum() / scores["found"].sum()
    assert precision >= 0.9, scores[["doc", "extra"]].to_string()


def test_negative_controls_name_no_place(corpus_result):
    docs = corpus_result.mentions["doc"].str.replace(r"\.txt$", "", regex=True)
    assert not docs.isin(NEGATIVE_CONTROLS).any()


def test_listed_pilots_are_pilots_with_their_batch(corpus_result):
    pilots = corpus_result.register[corpus_result.register["role"] == "pilot"].set_index("adcode")
    assert pilots.loc["632801", "batch"] == 1  # 格尔木市, named in a later batch's news as a first-batch pilot
    assert pilots.loc["630100", "batch"] == 2
    assert pilots.loc["610323", "canonical_name"] == "蔡家坡镇" and pilots.loc["610323", "batch"] == 3
    assert pilots.loc["410783", "canonical_name"] == "长垣市"  # 长垣县 in 2015
    assert {"320000", "340000", "110112", "120119"} <= set(pilots.index)  # contents with no sections
