"""A county in brackets right after its prefecture (毕节(大方)), on fixtures written for the test."""

from atlas.reading.extraction import extract_folder


def _names(tmp_path, gazetteer, text):
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    (folder / "plan.txt").write_text(text, encoding="utf-8")
    found = extract_folder(folder, gazetteer).mentions
    return dict(zip(found["name"], found["adcode"]))


def test_a_common_word_in_brackets_after_its_prefecture_is_its_county(tmp_path, gazetteer):
    found = _names(tmp_path, gazetteer, "建设遵义、毕节(大方)两个区域中心。\n")
    assert found["大方"] == "520521"  # 大方县, a county of 毕节市; alone, 大方 is a word


def test_a_bracket_naming_no_unit_of_that_prefecture_is_left(tmp_path, gazetteer):
    found = _names(tmp_path, gazetteer, "建设遵义、毕节(大方向)两个区域中心。\n")
    assert "大方" not in found and "大方向" not in found
