"""The reader's fast paths give the answers of the plain ones (issue 13: speed without new answers)."""

from __future__ import annotations

import shutil
import unicodedata

import pandas as pd
import pytest

from atlas.reading.extraction import extract_folder
from atlas.reading.scanner import PlaceScanner, _compact
from atlas.reading.script import matching_line, matching_lines, written_line
from atlas.reading.sources import _MARKDOWN, clean_lines, read_folder
from atlas.reading.text import paragraphs


def _plain_compact(text: str):
    """The character-by-character reading _compact replaces."""
    kept, where, gaps = [], [], set()
    for i, char in enumerate(text):
        if char.isspace():
            if kept:
                gaps.add(len(kept))
            continue
        kept.append(char)
        where.append(i)
    return "".join(kept), where, frozenset(gaps)


@pytest.mark.parametrize("text", ["", " ", "甲乙", " 甲 乙 ", "甲\u3000乙\xa0丙\t\n", "\u2003甲乙  丙", "甲乙 "])
def test_compact_is_the_character_loop(text):
    compact, where, gaps = _compact(text)
    assert (compact, list(where), gaps) == _plain_compact(text)


def test_name_forms_found_by_the_automaton_are_every_dictionary_form(gazetteer, seeds_dir):
    """At every position, the automaton's forms are those a lookup of every substring finds, longest first."""
    scanner = PlaceScanner(gazetteer)
    longest = max(len(form) for form in gazetteer.names)
    docs, _ = read_folder(seeds_dir)
    texts = [p.text for doc in docs for p in paragraphs(doc)][:400]
    texts.append("《某市发展规划》和龙门县、长沙市芙蓉区")
    for text in texts:
        plain = {}
        for i in range(len(text)):
            lengths = [n for n in range(min(longest, len(text) - i), 1, -1) if gazetteer.names.get(text[i:i + n])]
            if lengths:
                plain[i] = lengths
        assert scanner._starts(text) == plain, text


def test_scanner_is_shared_per_gazetteer(gazetteer):
    assert PlaceScanner(gazetteer)._automaton is PlaceScanner(gazetteer)._automaton


def test_whole_text_normalisation_is_per_line_normalisation():
    """Documents are NFKC-normalised whole, then split: the same as line by line."""
    body = "ａ\u0301\n\u0301ｂ\n①，２０２０年\u3000\n\ufb01\n\u1100\n\u1161\n\uff76\uff9e"
    assert unicodedata.normalize("NFKC", body).split("\n") == [
        unicodedata.normalize("NFKC", line) for line in body.split("\n")]
    lines, _ = clean_lines(body, False)  # the reader's own cleaning gives each line as cleaned alone
    assert lines == [written_line(_MARKDOWN.sub("", unicodedata.normalize("NFKC", line).strip()))
                     for line in body.split("\n")]


def test_matching_lines_of_a_document_are_its_lines_matched_one_by_one():
    lines = ["廣東省廣州市", "", "相关热词：某县", "abc", "臺灣", "乾隆年間", "版权所有 某网站", "房山區"]
    assert matching_lines(lines) == [matching_line(line) for line in lines]


def test_reading_in_worker_processes_gives_the_same_extraction(gazetteer, seeds_dir, tmp_path):
    """Forked workers, results in folder order: every table and quality row is the same as in one process."""
    for doc in sorted(seeds_dir.glob("*.txt")):
        shutil.copy(doc, tmp_path / doc.name)
    (tmp_path / "zz_binary.txt").write_bytes(b"\x00\x01 not text")
    one = extract_folder(tmp_path, gazetteer, workers=1)
    two = extract_folder(tmp_path, gazetteer, workers=2)
    for table in ("register", "mentions", "facts", "documents", "agendas"):
        pd.testing.assert_frame_equal(getattr(one, table), getattr(two, table))
    assert one.issues == two.issues
    assert one.skipped == two.skipped and len(one.skipped) == 1
