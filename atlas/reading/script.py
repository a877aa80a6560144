"""Text as it arrives: traditional script, crawl noise and page chrome, line by line.

Every function here maps one line to one line, so line numbers never move;
:func:`to_simplified` also keeps every character's position, so a name found
in the simplified text can be cut from the line as written.

* **Traditional script** (Hong Kong and Taiwan reposts, Big5 pages) is
  converted to simplified with OpenCC's ``t2s`` configuration (the maintained
  converter, as a binary wheel from PyPI); rare variant forms of the characters
  of place names that it leaves (瑯 for 琅, 峩 for 峨) are read as the standard
  ones (Unihan's variants, ``geodata/variant_characters.csv``).
* **Pinyin readings** inserted after characters by some converters
  (``房山區(qū)``, ``縣(xiàn)``, ``昌(chang)(chang)``) are removed: a bracketed Latin
  syllable with a tone mark right after a Chinese character, or one without
  tone marks (repeated or not) that is a reading of the character before it
  (pypinyin's readings; ``(GDP)``, ``(city)`` stay).
* **Escaped code strings** (``\\u5317\\u4eac``, ``&#21271;``) are decoded.
* **Page chrome** (keyword tags, breadcrumbs, editor and copyright lines,
  ICP numbers, share buttons, links to other articles) is blanked: it names
  places that the article is not about.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A bracketed pinyin syllable (with at least one tone mark) right after a Chinese character.
_READING = re.compile(rf"(?<=[{_CJK}])[(（][a-zü{_TONED}]{{0,6}}[{_TONED}][a-zü{_TONED}]{{0,6}}[)）]")
_ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})|&#(\d{2,7});|&#[xX]([0-9a-fA-F]{2,6});")
#: A letter with a tone mark: a text without one holds no toned pinyin reading.
_TONE = re.compile(f"[{_TONED}]")
#: Bracketed lower-case syllables written without tone marks right after a Chinese character (the
#: character, then the syllables): a reading only if each is one of the character's.
_TONELESS = re.compile(rf"([{_CJK}])((?:[(（][a-zü]{{1,6}}[)）])+)")
_SYLLABLE = re.compile(r"[a-zü]+")
#: What every such reading holds; searched first, as the engine skips fast to a bracket.
_TONELESS_HINT = re.compile(r"[(（][a-zü]{1,6}[)）]")
#: Words that open a line of page furniture (at the start of the line, after brackets).
_LINK_HEADERS = (r"相关新闻|相关阅读|相关文章|相关报道|相关链接|推荐阅读|延伸阅读|更多阅读|热点推荐|热门推荐|精彩推荐|"
                 r"热门文章|最新文章|猜你喜欢|点击排行")
_CHROME_START_WORDS = (r"相关热词搜索|相关热词|热词搜索|热词|关键词|关键字|标签|tags?|上一篇|下一篇|"
                       rf"{_LINK_HEADERS}|您当前的位置|当前位置|您的位置|责任编辑|编辑|分享到|扫一扫|字号|打印|"
                       r"我要纠错|返回顶部")
#: Fields of an article's metadata line (来源:某报 编辑:某人 分类:…).
_METADATA_WORDS = r"来源|作者|编辑|分类|发布时间|发布日期|浏览次数|点击数"
#: Fields of a site's contact footer (地址:某市某路1号 邮编:100000): chrome with a second field only, as an
#: address alone may be where the text's subject is (地址:某市某镇).
_CONTACT_WORDS = r"地址|联系地址|通讯地址|邮编|邮政编码|电话|联系电话|传真|邮箱|电子邮箱"
#: Words that make a line page furniture wherever they stand.
_CHROME_ANYWHERE_WORDS = r"ICP备|ICP证|公网安备|网安备|版权所有|Copyright|All Rights Reserved|©"
_CHROME_START = re.compile(rf"^[\[【(（]?\s*(?:{_CHROME_START_WORDS})", re.I)
_METADATA_START = re.compile(rf"^[\[【(（]?\s*(?:{_METADATA_WORDS})\s*[:：]")
_METADATA_FIELD = re.compile(rf"(?:{_METADATA_WORDS}|{_CONTACT_WORDS})\s*[:：]")
_CONTACT_START = re.compile(rf"^[\[【(（]?\s*(?:{_CONTACT_WORDS})\s*[:：]")
#: The longest line opened by one metadata field that is read as metadata; a longer one is body
#: text captured onto the same line (来源:某报 + the article's first sentence).
_METADATA_MAX = 40
#: A line that is only the header of a list of links to other articles (相关报道, 热门推荐:).
_LINK_HEADER_LINE = re.compile(rf"^[\[【(（]?\s*(?:{_LINK_HEADERS})\s*[\]】)）:：]?\s*$")
#: The longest line read as one link of such a list; a longer one, or a sentence, ends the list.
_LINK_MAX = 48
#: A line that is only the name of a unit or a chain of them (ideographs ending in a unit's kind, either
#: script): in a box of links, a list of places, not a link.
_UNIT_NAME_LINE = re.compile(r"^[\u4e00-\u9fff]{2,30}(?:镇|鎮|乡|鄉|街道|县|縣|市|区|區|旗|州|盟)$")
_CHROME_ANYWHERE = re.compile(_CHROME_ANYWHERE_WORDS, re.I)
#: Marks between the parts of a breadcrumb trail (首页 > 新闻 > 正文).
_TRAIL_MARKS = ">＞»›"
#: A breadcrumb trail: three parts or more, each short and no sentence, between trail marks.
_BREADCRUMB = re.compile(rf"^[^<{_TRAIL_MARKS}。，,；;！？]{{1,16}}(?:\s*[{_TRAIL_MARKS}]+\s*[^<{_TRAIL_MARKS}。，,；;！？]{{0,16}}){{2,}}$")
#: What every chrome word holds: a Chinese word as written, or a t, c or © (each Latin word has one,
#: and IGNORECASE matches t and c only as t/T and c/C): a line without one is no chrome. Literals only,
#: case-sensitive, so the regular expression engine skips along by first character (IGNORECASE, or a
#: character class among the literals, would make it try every position: ten times slower).
_CHROME_HINT = re.compile("|".join([word for word in
                                    f"{_CHROME_START_WORDS}|{_CHROME_ANYWHERE_WORDS}|{_METADATA_WORDS}|{_CONTACT_WORDS}".split("|")
                                    if not re.search("[A-Za-z©]", word)] + ["t", "T", "c", "C", "©", *_TRAIL_MARKS]))


#: Blocks of the characters that NFKC most often changes in Chinese text: full-width forms, the
#: ideographic space, general punctuation (… and spaces), circled and Roman numbers, compatibility
#: ideographs, enclosed CJK, vertical and small forms.
_OFTEN_CHANGED = re.compile("[\u00a0\u2000-\u206f\u2150-\u218f\u2460-\u24ff\u2f00-\u2fdf\u3000"
                            "\u3200-\u33ff\uf900-\ufaff\ufe10-\ufe6f\uff01-\uffee]")
_NFKC_OF: dict[str, str] = {}  # character → its NFKC form


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, several times faster on Chinese text.

    A character may be replaced by its own NFKC form anywhere in a text
    without changing the text's NFKC form (compatibility equivalence holds
    under concatenation), so the characters that most often change are
    replaced first, one ``str.replace`` per distinct character; if the text
    is then normalised (checked by ``unicodedata.is_normalized``), that is the
    answer, else the whole text is normalised as before.

    Examples
    --------
    >>> nfkc("２０２０年，①ｶﾞ")
    '2020年,1ガ'
    """
    for char in set(_OFTEN_CHANGED.findall(text)):
        normal = _NFKC_OF.get(char)
        if normal is None:
            normal = _NFKC_OF[char] = unicodedata.normalize("NFKC", char)
        if normal != char:
            text = text.replace(char, normal)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _kept_names() -> re.Pattern | None:
    """Current names that ``t2s`` would change although they are simplified (乾县 → 干县), as one pattern.

    From ``geodata/kept_names.csv`` (``scripts/make_kept_names.py`` lists every such form of the gazetteer).
    """
    import csv

    from atlas.places.cache import GEODATA

    with open(GEODATA / "kept_names.csv", encoding="utf-8-sig", newline="") as handle:
        names = sorted({row["name"] for row in csv.DictReader(handle)}, key=lambda n: (-len(n), n))
    return re.compile("|".join(map(re.escape, names))) if names else None


@lru_cache(maxsize=1)
def _variants() -> tuple[re.Pattern | None, dict[int, str]]:
    """Rare variant forms of the characters of place names (瑯 for 琅, 峩 for 峨) → the standard
    character: a pattern finding any of them, and the ``str.translate`` table.

    From ``geodata/variant_characters.csv`` (``scripts/make_variant_characters.py``, from Unihan).
    """
    import csv

    from atlas.places.cache import GEODATA

    with open(GEODATA / "variant_characters.csv", encoding="utf-8-sig", newline="") as handle:
        pairs = {row["variant"]: row["standard"] for row in csv.DictReader(handle)}
    if not pairs:
        return None, {}
    return re.compile("[" + "".join(map(re.escape, sorted(pairs))) + "]"), str.maketrans(pairs)


def standard_characters(text: str) -> str:
    """``text`` with every rare variant form of a place name's character replaced by the standard
    one, one character for one (positions kept).

    Examples
    --------
    >>> standard_characters("滁州市瑯琊区、峩眉山")
    '滁州市琅琊区、峨眉山'
    """
    found, table = _variants()
    return text.translate(table) if found is not None and found.search(text) else text


def _keep_names(written: str, converted: str) -> str:
    """``converted`` with every current name that ``written`` holds as written (same lengths)."""
    kept = _kept_names()
    if kept is None or converted == written:
        return converted
    spans = [match.span() for match in kept.finditer(written)]
    if not spans:
        return converted
    out, at = [], 0
    for start, end in spans:
        out += [converted[at:start], written[start:end]]
        at = end
    out.append(converted[at:])
    return "".join(out)


def to_simplified(text: str) -> str:
    """Traditional characters → simplified, one character for one.

    OpenCC converts whole phrases; in the rare case where a phrase changes
    length, the line is converted character by character instead, so that
    positions stay those of the input. A current name that is already
    simplified stays as written, though OpenCC would change it (乾县 is not 干县).
    Rare variant forms of a name's characters are read as the standard ones
    (:func:`standard_characters`: 瑯琊 as 琅琊).

    Examples
    --------
    >>> to_simplified("海東市循化撒拉族自治縣街子鎮")
    '海东市循化撒拉族自治县街子镇'
    >>> to_simplified("陝西省乾县、乾燥")
    '陕西省乾县、干燥'
    """
    if text.isascii():
        return text
    converter = _converter()
    standard = standard_characters(text)
    converted = converter.convert(standard)
    if len(converted) != len(text):
        converted = "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in standard)
    return _keep_names(text, converted)


def to_simplified_many(texts: list[str]) -> list[str]:
    """:func:`to_simplified` of every text, with one call into OpenCC for all of them.

    The texts are converted as one, a line each (no OpenCC phrase spans a line
    break, so each line converts as it would alone); a text whose conversion
    changed its length is converted on its own, as :func:`to_simplified` does.

    Examples
    --------
    >>> to_simplified_many(["廣州市", "abc", "臺灣"])
    ['广州市', 'abc', '台湾']
    """
    joined = "\n".join(texts)
    if joined.isascii():
        return list(texts)
    if joined.count("\n") != len(texts) - 1 or "\r" in joined:  # a text with a line break of its own
        return [to_simplified(t) for t in texts]
    converted = _converter().convert(standard_characters(joined))
    if converted == joined:  # nothing traditional nor a variant (most columns)
        return list(texts)
    parts = converted.split("\n")
    if len(parts) != len(texts):
        return [to_simplified(t) for t in texts]
    # a line OpenCC left as it was is the text (the common case): nothing to keep or convert again
    return [c if c == t else _keep_names(t, c) if len(c) == len(t) else to_simplified(t)
            for t, c in zip(texts, parts)]


def strip_readings(text: str) -> str:
    """Remove pinyin readings inserted after characters.

    Examples
    --------
    >>> strip_readings("北京市房山區(qū)和大興區(qū)")
    '北京市房山區和大興區'
    >>> strip_readings("地区生产总值(GDP)")
    '地区生产总值(GDP)'
    >>> strip_readings("永豐(feng)縣(xian)(xian)恩江鎮和城市(city)")
    '永豐縣恩江鎮和城市(city)'
    """
    text = _READING.sub("", text)
    return _TONELESS.sub(_without_toneless_reading, text) if _TONELESS_HINT.search(text) else text


def _without_toneless_reading(match: re.Match) -> str:
    """The character of a ``_TONELESS`` match alone if its bracketed syllables are its readings."""
    char, brackets = match.groups()
    readings = _readings_of(char)
    if all(syllable.replace("ü", "v") in readings for syllable in _SYLLABLE.findall(brackets)):
        return char
    return match.group(0)


@lru_cache(maxsize=4096)
def _readings_of(char: str) -> frozenset[str]:
    """Every toneless reading of a Chinese character (``ü`` written ``v``), by pypinyin."""
    from pypinyin import Style, pinyin  # imported only for a text that has such brackets

    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def unescape_codes(text: str) -> str:
    r"""Decode ``\uXXXX`` escapes and numeric character references.

    Examples
    --------
    >>> unescape_codes(r"\u5317\u4eac&#24066;")
    '北京市'
    """
    if "\\u" not in text and "&#" not in text:
        return text

    def char(match: re.Match) -> str:
        code = int(match.group(1) or match.group(3) or "0", 16) if not match.group(2) else int(match.group(2))
        return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else match.group(0)

    return _ESCAPED.sub(char, text)


def is_chrome(text: str) -> bool:
    """True for a line of page furniture (tags, breadcrumbs, copyright, share links).

    Examples
    --------
    >>> is_chrome("相关热词搜索:某省 市镇"), is_chrome("某网某省> 某市> 产经>正文"), is_chrome("甲市>乙县,增速>5%")
    (True, True, False)
    >>> is_chrome("某省某市入选第三批试点。")
    False
    >>> is_chrome("来源:某报 编辑:某人 分类:某省某市新闻"), is_chrome("来源:某报某省某市今年推进户籍制度改革,全年新增落户人口多于去年,公共服务覆盖全部常住人口")
    (True, False)
    >>> is_chrome("地址:某省某市某路1号   邮编:100000"), is_chrome("地址:某省某市某镇")
    (True, False)
    """
    stripped = text.strip()
    if _CHROME_START.match(stripped) or _CHROME_ANYWHERE.search(text) or _BREADCRUMB.match(stripped):
        return True
    if _CONTACT_START.match(stripped):
        return len(_METADATA_FIELD.findall(stripped)) >= 2
    return bool(_METADATA_START.match(stripped)) and (len(stripped) <= _METADATA_MAX
                                                      or len(_METADATA_FIELD.findall(stripped)) >= 2)


def written_line(text: str) -> str:
    """A line as written, with escapes decoded and pinyin readings removed."""
    return strip_readings(unescape_codes(text))


def written_lines(text: str) -> list[str]:
    """:func:`written_line` of every line of ``text`` (lines split at ``\\n``).

    Neither rule reaches across a line break, so they run over the whole
    text at once, each only if its mark is there; a text with an escape
    (which may decode to a line break) is done line by line.

    Examples
    --------
    >>> written_lines("房山區(qū)\\n&#21271;")
    ['房山區', '北']
    """
    if "\\u" in text or "&#" in text:
        return [written_line(line) for line in text.split("\n")]
    return (strip_readings(text) if _TONE.search(text) or _TONELESS_HINT.search(text) else text).split("\n")


def matching_line(written: str) -> str:
    """The form of a written line that names are matched in: simplified, chrome blanked.

    Same length as ``written`` (or empty for chrome).
    """
    return "" if is_chrome(written) else to_simplified(written)


def matching_lines(written: list[str]) -> list[str]:
    """:func:`matching_line` of every line, with one call into OpenCC for the whole document.

    Examples
    --------
    >>> matching_lines(["廣州市", "责任编辑：某人", "", "相關閱讀", "某市某事"])
    ['广州市', '', '', '', '']
    """
    simplified = to_simplified_many(written)
    chrome = _chrome_lines(simplified)  # in simplified script: 相關閱讀 is a links header too
    return ["" if i in chrome else line for i, line in enumerate(simplified)]


def _chrome_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines :func:`is_chrome` says are page furniture.

    Only lines holding what a chrome word holds (:data:`_CHROME_HINT`) are
    asked; the hints are found in the whole text at once (none is a line break).
    """
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1:  # a line with a break of its own
        return _with_link_lists(lines, {i for i, line in enumerate(lines) if is_chrome(line)})
    asked: set[int] = set()
    line, counted = 0, 0
    for hint in _CHROME_HINT.finditer(text):
        line += text.count("\n", counted, hint.start())
        counted = hint.start()
        asked.add(line)
    return _with_link_lists(lines, {i for i in asked if is_chrome(lines[i])})


def _with_link_lists(lines: list[str], chrome: set[int]) -> set[int]:
    """``chrome`` with the lines of every list of links under a links header (``相关报道``): the
    short lines after it, up to a blank line, a long line or a sentence — but for lines that are
    only a unit's name (``某市某县某镇``): no article is titled so, they are the box's own list.

    Examples
    --------
    >>> sorted(_with_link_lists(["正文。", "相关报道", "- 某市某事", "- 某县某事", "", "某县。"], {1}))
    [1, 2, 3]
    >>> sorted(_with_link_lists(["相关链接", "某省名单", "甲市乙县丙镇", "丁市戊区己鎮"], {0}))
    [0, 1]
    """
    out = set(chrome)
    for i in sorted(chrome):
        if not _LINK_HEADER_LINE.match(lines[i].strip()):
            continue
        j = i + 1
        while j < len(lines) and 0 < len(lines[j].strip()) <= _LINK_MAX and not lines[j].rstrip().endswith("。"):
            if not _UNIT_NAME_LINE.match(lines[j].strip()):
                out.add(j)
            j += 1
    return out
