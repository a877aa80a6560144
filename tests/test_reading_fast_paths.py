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


# Second round of reading speed: each fast path against the plain reading it replaces.

_NFKC_TRICKS = [
    "", "abc", "２０２０年，常住人口１２万人。", "ａ\u0301", "ｅ\u0300\u0323", "\u0301ｂ", "ｶﾞｷﾞ", "ｶ\u3099", "①②Ⅻ…",
    "\uf900\uf901", "\u1100\u1161\u11a8", "가\u11a8", "\u3000\u00a0\u2003", "Å\u0301", "\ufb01", "㈠㍻", "﹙一﹚",
    "e\u0301\u0300", "ﾞ", "\u0f73\u0f75", "\U0002f800", "①\u0301", "（\u0301）",
]


def test_nfkc_is_unicodedata_nfkc():
    """The fast NFKC equals unicodedata's on combining marks, half-width kana, jamo and compatibility forms."""
    import random

    from atlas.reading.script import nfkc

    for text in _NFKC_TRICKS:
        assert nfkc(text) == unicodedata.normalize("NFKC", text), text
    rng = random.Random(5)
    pool = "".join(_NFKC_TRICKS) + "甲乙市县，。（）\n"
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 24)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), text


def test_written_lines_are_written_line_of_each_line():
    from atlas.reading.script import written_lines

    for text in ["房山區(qū)\n北京", "&#21271;京\n(qū)", "a&#10;b\nc", r"\u000a甲" + "\n乙", "", "\n\n", "甲(xiàn)\n乙(xiàn)"]:
        assert written_lines(text) == [written_line(line) for line in text.split("\n")], text


def test_chrome_lines_found_through_their_words_are_those_matched_one_by_one():
    lines = ["相关热词：甲市", "正文里有编辑一词", "[责任编辑：某]", "ICP备123", "Tags: 甲", "甲\n乙", "tags", "某市", "",
             "©2015", "返回顶部", "正文。Copyright", "首页 > 甲市 > 正文", "甲>乙"]
    assert matching_lines(lines) == [matching_line(line) for line in lines]
    assert matching_lines(lines[:5] + lines[6:]) == [matching_line(line) for line in lines[:5] + lines[6:]]


def test_figures_skimmed_are_figures_read_in_full(seeds_dir):
    """Skipping paragraphs and sentences with no metric keyword changes no figure and no carried year."""
    import random

    from atlas.reading.figures import read_figures

    docs, _ = read_folder(seeds_dir)
    texts = [p.text for doc in docs for p in paragraphs(doc)]
    rng = random.Random(3)
    texts += [t[rng.randrange(len(t)):] for t in texts if t]  # sentences cut anywhere
    texts += ["到2017年，目标明确。常住人口城镇化率达到60%。", "2014年。人口达到5万人。", "拥有 30 万人口的城市。"]
    for text in texts:
        for year in (None, 2014):
            assert read_figures(text, year) == read_figures(text, year, skim=False), text


def test_bracket_depth_is_the_character_loop():
    import random

    from atlas.reading.figures import _BracketDepth

    rng = random.Random(4)
    for _ in range(2000):
        text = "".join(rng.choice("甲()（）") for _ in range(rng.randrange(0, 16)))
        depth, plain, inside = _BracketDepth(text), [], 0
        for char in text:
            inside += char in "(（"
            plain.append(inside > 0)
            inside = max(0, inside - (char in ")）"))
        assert [depth.inside(i) for i in range(len(text) + 2)] == [
            bool(plain) and plain[min(i, len(plain) - 1)] for i in range(len(text) + 2)], text


def _plain_other_area(text, pos, subject, scanner):
    """other_area as it read before its sentences were remembered: every sentence and clause cut anew."""
    import re

    from atlas.reading import facts

    def clauses_before(sentence, pos):
        out, start = [], 0
        for match in facts._CLAUSE.finditer(sentence):
            if match.start() >= pos:
                break
            out.append(sentence[start:match.start()])
            start = match.end()
        out.append(sentence[start:])
        return out

    start, end = facts._sentence_at(text, pos)
    sentence = facts._BRACKETS.sub(lambda m: "\0" * len(m.group(0)), text[start:end])
    at = pos - start
    own_zone = any(word in form for form in subject.forms for word in facts._ZONE_WORDS)
    named = facts._subject_of_sentence(sentence, subject, scanner)
    if named:
        return named
    for clause in clauses_before(sentence, at):
        zone = facts._ZONE_START.match(facts._LEAD.sub("", clause.replace("\0", "")))
        if zone and not own_zone and facts._names_zone(zone.group("prefix"), scanner):
            return zone.group(0)
    clauses = clauses_before(sentence[:at], at)
    scope_text = clauses[-1]
    if scope_text.lstrip().startswith("其中") and len(clauses) > 1:
        scope_text = clauses[-2] + scope_text
    scopes = list(re.finditer(facts._SCOPE_RE, scope_text))
    if scopes and subject.precision not in facts._SCOPES[scopes[-1].group(0)]:
        return scopes[-1].group(0)
    return None


def test_other_area_read_through_remembered_sentences_is_the_plain_reading(gazetteer, seeds_dir):
    from atlas.reading.facts import SentenceMemo, Subject, other_area
    from atlas.reading.figures import read_figures

    scanner = PlaceScanner(gazetteer)
    docs, _ = read_folder(seeds_dir)
    texts = [p.text for doc in docs for p in paragraphs(doc) if read_figures(p.text)[0]]
    texts += ["甲县高新区面积12平方公里，全县人口3万人；其中，全市人口5万人。", "其中全区人口2万人，全镇面积3平方公里。"]
    answers = set()
    for forms, precision in ((("林海镇",), "town"), (("茂名高新技术产业开发区", "茂名高新区"), "zone"), (("甲县",), "county")):
        subject = Subject(forms[0], forms[0], "", forms, precision)
        memo = SentenceMemo(subject, scanner)
        for text in texts:
            for pos in sorted({f.pos for f in read_figures(text)[0]} | {0, len(text) // 2, len(text)}):
                answer = other_area(text, pos, subject, scanner, memo)
                assert answer == _plain_other_area(text, pos, subject, scanner), (text, pos)
                answers.add(answer)
    assert len(answers) > 3, answers  # the subject's own figures, another place, a zone, a scope


def test_compact_positions_are_the_character_loop_on_random_spacing():
    import random

    rng = random.Random(6)
    for _ in range(2000):
        text = "".join(rng.choice("甲乙丙 \u3000\t") for _ in range(rng.randrange(0, 12)))
        compact, where, gaps = _compact(text)
        assert (compact, list(where), gaps) == _plain_compact(text), repr(text)


def test_fact_checks_read_from_plain_columns_give_the_rows_and_wording_of_before():
    from atlas.common.quality import Issue
    from atlas.reading.checks import check_facts
    from atlas.reading.extraction import facts_frame

    def fact(metric, value, year, target, line):
        return {"name": "甲县", "canonical_name": "甲县", "adcode": "130533", "metric": metric, "value": value,
                "value_high": None, "year": year, "is_target": target, "qualifier": "", "doc": "d.txt",
                "line": line, "raw": ""}

    facts = facts_frame(pd.DataFrame([fact("urbanization_rate_resident_pct", 120.0, 2015, False, 4),
                                       fact("area_km2", 0.0, None, False, 5),
                                       fact("resident_pop_10k", 30.0, 2016, False, 6),
                                       fact("resident_pop_10k", 40.0, 2015, True, 7)]))
    issues = check_facts(facts)
    assert issues == [
        Issue("figure_out_of_range", "甲县", "d.txt", 4, "urbanization_rate_resident_pct=120 is not a percentage"),
        Issue("figure_out_of_range", "甲县", "d.txt", 5, "area_km2=0 is not positive"),
        Issue("figure_inconsistent", "甲县", "d.txt", 7, "target year 2015 is before the profile year 2016")]
    assert all(type(issue.line) is int for issue in issues)
