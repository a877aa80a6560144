"""Text as it arrives: traditional script, crawl noise and page chrome, line by line.

Every function here maps one line to one line, so line numbers never move;
:func:`to_simplified` also keeps every character's position, so a name found
in the simplified text can be cut from the line as written.

* **Traditional script** (Hong Kong and Taiwan reposts, Big5 pages) is
  converted to simplified with OpenCC's ``t2s`` configuration (the maintained
  converter, as a binary wheel from PyPI).
* **Pinyin readings** inserted after characters by some converters
  (``房山區(qū)``, ``縣(xiàn)``) are removed: a bracketed Latin syllable with a
  tone mark right after a Chinese character.
* **Escaped code strings** (``\\u5317\\u4eac``, ``&#21271;``) are decoded.
* **Page chrome** (keyword tags, breadcrumbs, editor and copyright lines,
  ICP numbers, share buttons, links to other articles) is blanked: it names
  places that the article is not about.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: A bracketed pinyin syllable (with at least one tone mark) right after a Chinese character.
_READING = re.compile(rf"(?<=[{_CJK}])[(（][a-zü{_TONED}]{{0,6}}[{_TONED}][a-zü{_TONED}]{{0,6}}[)）]")
_ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})|&#(\d{2,7});|&#[xX]([0-9a-fA-F]{2,6});")
#: Lines that are page furniture, not the text (matched at the start of the line, after brackets).
_CHROME_START = re.compile(
    r"^[\[【(（]?\s*(?:相关热词搜索|相关热词|热词搜索|热词|关键词|关键字|标签|tags?|上一篇|下一篇|相关新闻|相关阅读|相关文章|"
    r"推荐阅读|延伸阅读|热点推荐|猜你喜欢|您当前的位置|当前位置|您的位置|责任编辑|编辑|分享到|扫一扫|字号|打印|"
    r"我要纠错|返回顶部|点击排行)",
    re.I,
)
_CHROME_ANYWHERE = re.compile(r"ICP备|ICP证|公网安备|网安备|版权所有|Copyright|All Rights Reserved|©", re.I)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters → simplified, one character for one.

    OpenCC converts whole phrases; in the rare case where a phrase changes
    length, the line is converted character by character instead, so that
    positions stay those of the input.

    Examples
    --------
    >>> to_simplified("海東市循化撒拉族自治縣街子鎮")
    '海东市循化撒拉族自治县街子镇'
    """
    if text.isascii():
        return text
    converter = _converter()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)


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
    converted = _converter().convert(joined)
    if converted == joined:  # nothing traditional (most columns)
        return list(texts)
    parts = converted.split("\n")
    if len(parts) != len(texts):
        return [to_simplified(t) for t in texts]
    return [c if len(c) == len(t) else to_simplified(t) for t, c in zip(texts, parts)]


def strip_readings(text: str) -> str:
    """Remove pinyin readings inserted after characters.

    Examples
    --------
    >>> strip_readings("北京市房山區(qū)和大興區(qū)")
    '北京市房山區和大興區'
    >>> strip_readings("地区生产总值(GDP)")
    '地区生产总值(GDP)'
    """
    return _READING.sub("", text)


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
    >>> is_chrome("相关热词搜索:某省 市镇")
    True
    >>> is_chrome("某省某市入选第三批试点。")
    False
    """
    return bool(_CHROME_START.match(text.strip()) or _CHROME_ANYWHERE.search(text))


def written_line(text: str) -> str:
    """A line as written, with escapes decoded and pinyin readings removed."""
    return strip_readings(unescape_codes(text))


def matching_line(written: str) -> str:
    """The form of a written line that names are matched in: simplified, chrome blanked.

    Same length as ``written`` (or empty for chrome).
    """
    return "" if is_chrome(written) else to_simplified(written)


def matching_lines(written: list[str]) -> list[str]:
    """:func:`matching_line` of every line, with one call into OpenCC for the whole document.

    Examples
    --------
    >>> matching_lines(["廣州市", "责任编辑：某人", ""])
    ['广州市', '', '']
    """
    chrome = [is_chrome(line) for line in written]
    simplified = iter(to_simplified_many([line for line, skip in zip(written, chrome) if not skip]))
    return ["" if skip else next(simplified) for skip in chrome]
