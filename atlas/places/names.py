"""Chinese place-name forms: normalisation, short forms and admin kinds.

Pure string rules with no data behind them, so that the gazetteer, the
extractor and the tests share one definition of "the same name".
"""

from __future__ import annotations

import re
import unicodedata

#: The 55 minority nationalities as they appear in autonomous-area names, plus 各族.
#: Official names that are also common words, each held by many prefectures' districts; taken only
#: inside a chain (西宁市城东区), and after a prefecture always that prefecture's own (晋城市郊区).
GENERIC_UNIT_NAMES = frozenset({"城区", "郊区", "矿区", "东区", "西区", "市中区", "新城区", "老城区", "古城区", "城中区", "城东区",
                                "城西区", "城北区"})
#: Any name of that make, today's or former (郊区, 南市区, 东郊区, 北区: dozens of cities had one), which a
#: table of former names can only hold after its city's name (晋城市郊区, today's 泽州县).
GENERIC_DISTRICT = re.compile(r"^(?:[东西南北中新市]?[郊城市矿中]?|城[东南西北中])区$")
_ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC_ALT = "|".join(sorted(_ETHNIC, key=len, reverse=True))
#: An autonomous unit: its place name, then one or more nationalities (族 may be left out: 伊犁哈萨克自治州),
#: or only its nationality (东乡族自治县, 鄂伦春自治旗), then 自治 and the kind.
_AUTONOMOUS = re.compile(rf"^(?P<base>.{{2,}}?)(?:(?:{_ETHNIC_ALT})族?)+自治(?P<suffix>州|县|旗)$")
_NAMED_FOR_NATIONALITY = re.compile(rf"^(?P<base>{_ETHNIC_ALT})族?自治(?P<suffix>州|县|旗)$")
_PROVINCE_SUFFIX = re.compile(
    rf"^(?P<base>.{{2,}}?)(?:(?:(?:{_ETHNIC_ALT})族?)*自治区|特别行政区|省|市)$"
)
#: A unit's name: its base (two characters or more) and its kind (浦东新区 → 浦东, but 清新区 → 清新).
_UNIT_SUFFIX = re.compile(r"^(?P<base>.{2,}?)(?P<suffix>市|地区|盟|新区|区|县|旗|林区|特区)$")
#: A banner named for its tribe and a wing or a part keeps the tribe's first character and the rest:
#: 科尔沁左翼中旗 → 科左中旗, 阿拉善左旗 → 阿左旗, 乌拉特前旗 → 乌前旗; and one named for a side of a tribe's
#: land keeps the side and the tribe's first character: 东乌珠穆沁旗 → 东乌旗.
_BANNER_WING = re.compile(r"^(?P<tribe>[^左右]{2,4}?)(?P<wing>(?:[左右]翼?)?)(?P<part>[前中后]?)旗$")
#: Banners not abbreviated to their first character: a number first, or an Eight Banners' colour (正镶白旗).
_NUMERALS = frozenset("一二三四五六七八九十")
_EIGHT_BANNERS = re.compile(r"^(?:正|镶|正镶)[黄白红蓝]")
_BANNER_SIDE = re.compile(r"^(?P<side>[东西])(?P<tribe>.{3,})旗$")
_SPACE = re.compile(r"\s+")
#: Text of CJK ideographs only: NFKC leaves it and every part of it unchanged, and it has no white space.
IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")

#: Admin kind of a current unit from its name's suffix, most specific first.
_KIND_BY_SUFFIX: tuple[tuple[str, str], ...] = (
    ("特别行政区", "special_administrative_region"),
    ("自治区", "autonomous_region"),
    ("自治州", "autonomous_prefecture"),
    ("州", "autonomous_prefecture"),  # short form 红河州 of 红河哈尼族彝族自治州
    ("自治县", "autonomous_county"),
    ("自治旗", "autonomous_banner"),
    ("高新区", "hightech_zone"),
    ("新区", "new_area"),
    ("林区", "forestry_district"),
    ("特区", "special_district"),
    ("地区", "prefecture_region"),
    ("街道", "subdistrict"),
    ("省", "province"),
    ("盟", "league"),
    ("旗", "banner"),
    ("县", "county"),
    ("区", "district"),
    ("镇", "town"),
    ("乡", "township"),
)
_MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}


def normalize_name(text: str) -> str:
    """NFKC-normalise and drop all white space (``"津市市 — 澧县"`` → ``"津市市—澧县"``); idempotent."""
    if unicodedata.is_normalized("NFKC", text) and not _SPACE.search(text):
        return text  # already normal: the common case, answered without building new strings
    return unicodedata.normalize("NFKC", _SPACE.sub("", unicodedata.normalize("NFKC", text)))


def normalize_names(texts: list[str]) -> list[str]:
    """:func:`normalize_name` of each text; a text already normal (the common case) is given back as it is
    (the same object), found at once for a whole list of them or by one pattern test (ideographs only).
    A text of ideographs and spaces (``山东省 济南市``) is those ideographs: NFKC leaves both as they are.

    Examples
    --------
    >>> normalize_names(["章丘市", "章丘 市", "１号"])
    ['章丘市', '章丘市', '1号']
    """
    joined = "\0".join(texts)  # NUL: no white space, left as it is by NFKC, composes with nothing
    if unicodedata.is_normalized("NFKC", joined) and not _SPACE.search(joined):
        return list(texts)
    return [_normalized(text) for text in texts]


def _normalized(text: str, ideographs=IDEOGRAPHS.fullmatch) -> str:
    """:func:`normalize_name` of one text, with no Unicode normalisation for ideographs and spaces alone."""
    if ideographs(text):
        return text
    spaced = text.replace(" ", "")
    return spaced if spaced and ideographs(spaced) else normalize_name(text)


def short_forms(name: str, level: str) -> list[str]:
    """Short forms a document may use for a current unit, most specific first.

    Parameters
    ----------
    name : str
        Official name, e.g. ``"红河哈尼族彝族自治州"``.
    level : {"province", "prefecture", "county"}
        The unit's level.

    Returns
    -------
    list of str
        e.g. ``["红河州", "红河自治州", "红河"]`` (the ethnic part left out); never the name itself, never a single
        character.

    Examples
    --------
    >>> short_forms("浦东新区", "county"), short_forms("清新区", "county"), short_forms("红河哈尼族彝族自治州", "prefecture")
    (['浦东'], ['清新'], ['红河州', '红河自治州', '红河'])
    """
    name = normalize_name(name)
    forms: list[str] = []
    if level == "province":
        match = _PROVINCE_SUFFIX.match(name)
        if match and len(match["base"]) >= 2:
            if name.endswith("自治区"):
                forms.append(match["base"] + "自治区")  # 广西自治区: the ethnic part left out
            forms.append(match["base"])
    else:
        auto = _AUTONOMOUS.match(name) or _NAMED_FOR_NATIONALITY.match(name)
        if auto and len(auto["base"]) >= 2:
            forms += [auto["base"] + auto["suffix"], auto["base"] + "自治" + auto["suffix"], auto["base"]]
            if auto["suffix"] == "旗":
                forms += _banner_initial(auto["base"])  # 莫力达瓦达斡尔族自治旗 → 莫旗
        else:
            match = _UNIT_SUFFIX.match(name)
            if match:
                forms.append(match["base"])
            forms += _banner_abbreviations(name)
    return [f for f in dict.fromkeys(forms) if f != name and len(f) >= 2]


def _banner_abbreviations(name: str) -> list[str]:
    """The abbreviation of a banner: named for a tribe's wing, part or side, the tribe's first character
    and the rest (``科尔沁左翼中旗`` → ``科左中旗``); else, named for a tribe of three characters or more,
    its first character (``准格尔旗`` → ``准旗``, see :func:`_banner_initial`).

    Examples
    --------
    >>> _banner_abbreviations("察哈尔右翼后旗"), _banner_abbreviations("西乌珠穆沁旗"), _banner_abbreviations("杭锦旗")
    (['察右后旗'], ['西乌旗'], [])
    >>> _banner_abbreviations("伊金霍洛旗"), _banner_abbreviations("四子王旗")
    (['伊旗'], [])
    """
    wing = _BANNER_WING.match(name)
    if wing and (wing["wing"] or wing["part"]):
        return [wing["tribe"][0] + wing["wing"].rstrip("翼") + wing["part"] + "旗"]
    side = _BANNER_SIDE.match(name)
    if side:
        return [side["side"] + side["tribe"][0] + "旗"]
    return _banner_initial(name[:-1]) if name.endswith("旗") and not name.endswith("联合旗") else []


def _banner_initial(tribe: str) -> list[str]:
    """``[first character + 旗]`` for a banner named for a tribe of three characters or more (准格尔 → 准旗,
    克什克腾 → 克旗, 莫力达瓦 → 莫旗); none for a shorter name (杭锦旗 is written in full), a name that
    opens with a number (四子王旗: 四旗 is a count of banners) or a banner of the Eight Banners'
    colours (正镶白旗). Forms two tribes share (扎鲁特, 扎赉特 → 扎旗) are decided by context or reported."""
    if len(tribe) < 3 or tribe[0] in _NUMERALS or _EIGHT_BANNERS.match(tribe):
        return []
    return [tribe[0] + "旗"]


def admin_kind(name: str, level: str) -> str:
    """Admin kind of a unit from its name and level.

    ``市`` depends on the level: a municipality, a prefecture-level city or a
    county-level city.
    """
    name = normalize_name(name)
    if name.endswith("市"):
        if level == "province" or name in _MUNICIPALITIES:
            return "municipality"
        return "prefecture_city" if level == "prefecture" else "county_city"
    for suffix, kind in _KIND_BY_SUFFIX:
        if name.endswith(suffix):
            return kind
    return "zone" if level == "zone" else "other"
