"""Experience themes: the heading path a mention sits under, mapped to a few shared themes.

Headings differ between documents (一、推进农业转移人口市民化 / （一）在深化户籍制度
改革方面 / 一、主要做法 >（一）深化户籍制度改革); the deepest heading that names a
theme's keyword decides, so a case study's "深化户籍制度改革" counts as hukou
reform, not as the case's title.
"""

from __future__ import annotations

#: Theme key → (label, keywords), in the order tried for each heading.
THEMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "hukou": ("户籍制度改革 Hukou reform", ("户籍", "落户", "居住证", "进得来")),
    "public_services": ("公共服务 Public services", ("公共服务", "教育", "医疗", "住房", "社保", "养老", "过得好", "公租房")),
    "skills": ("职业技能 Skills and jobs", ("职业技能", "培训", "就业", "创业")),
    "land": ("土地与产权 Land and property", ("土地", "产权", "宅基地", "闲置", "离得开", "抵押")),
    "finance": ("投融资 Investment and finance", ("投融资", "融资", "社会资本", "金融", "基金", "成本分担", "可持续")),
    "urban": ("城市建设与治理 Urban development", ("城市更新", "新型城市", "智慧", "绿色", "低碳", "韧性", "创新", "治理", "城市建设")),
    "rural_urban": ("城乡融合 Urban-rural integration", ("城乡", "乡村", "农村", "扶贫", "搬迁")),
    "citizenization": ("农业转移人口市民化 Citizenization", ("市民化", "农业转移人口")),
}
OTHER = "other"
OTHER_LABEL = "其他 Other"


def theme_of(path: str) -> str:
    """Theme key of a heading path (``"一、… > (一)…"``), deepest heading first; ``other`` if none."""
    for heading in reversed([p.strip() for p in path.split(">") if p.strip()]):
        for key, (_, words) in THEMES.items():
            if any(word in heading for word in words):
                return key
    return OTHER


def label(key: str) -> str:
    """Readable label of a theme key."""
    return THEMES[key][0] if key in THEMES else OTHER_LABEL
