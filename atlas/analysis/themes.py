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

#: Themes of the pilots' own work plans (their task headings): the shared themes with the
#: words plans use for them, and themes that appear only in plans. A task heading gets
#: every theme one of whose words it names (``建立农业转移人口市民化成本分担机制`` is
#: citizenization and finance), so this table is tried whole, not in order.
PLAN_THEMES: dict[str, tuple[str, tuple[str, ...]]] = {
    "hukou": (THEMES["hukou"][0], ("户籍", "落户", "居住证", "户口")),
    "citizenization": (THEMES["citizenization"][0], ("市民化", "农业转移人口", "农牧业转移人口", "农民工", "融入城",
                                                     "新市民", "人的城镇化", "农民进城", "人口转移", "人口向")),
    "public_services": (THEMES["public_services"][0], ("公共服务", "教育", "医疗", "住房", "社保", "社会保障", "养老",
                                                       "医保", "保险", "民生")),
    "skills": (THEMES["skills"][0], ("职业技能", "培训", "就业", "创业", "人才")),
    "land": (THEMES["land"][0], ("土地", "用地", "宅基地", "产权", "三旧", "低效用地")),
    "finance": (THEMES["finance"][0], ("投融资", "融资", "社会资本", "金融", "基金", "成本分担", "分担机制", "财政", "资金",
                                       "投资项目", "市场准入")),
    "urban": (THEMES["urban"][0], ("城市建设", "新型城市", "智慧", "绿色", "低碳", "人文", "治理", "基础设施",
                                   "棚户区", "城中村", "功能配套", "配套设施", "宜居", "城市品质", "城市特色", "供暖",
                                   "城镇建设", "城市管理", "智能")),
    "rural_urban": (THEMES["rural_urban"][0], ("城乡", "乡村", "农村", "村寨", "村镇", "农业现代化", "扶贫", "搬迁",
                                               "移民")),
    "admin": ("行政管理/设市 Administration and new cities", ("行政", "扩权强镇", "设市", "小城市", "机构",
                                                               "乡镇体制", "基层", "政府管理", "职能",
                                                               "管理体制", "政企")),
    "industry": ("产城融合 Industry and city", ("产城", "产业", "开发区", "园区", "以产", "科技城",
                                                  "制造", "智造", "进出口", "集聚经济")),
    "planning": ("规划 Planning", ("多规", "三规", "规划", "空间布局", "城镇体系", "城市群")),
    "ecology": ("生态 Ecology", ("生态", "环境保护", "环境")),
    "institutions": ("体制机制综合改革 Comprehensive institutional reform", ("体制机制", "机制体制", "综合改革",
                                                                              "制度设计", "领域的改革", "发展体制")),
}


def theme_of(path: str) -> str:
    """Theme key of a heading path (``"一、… > (一)…"``), deepest heading first; ``other`` if none."""
    for heading in reversed([p.strip() for p in path.split(">") if p.strip()]):
        for key, (_, words) in THEMES.items():
            if any(word in heading for word in words):
                return key
    return OTHER


def label(key: str) -> str:
    """Readable label of a theme key."""
    if key in THEMES:
        return THEMES[key][0]
    return PLAN_THEMES[key][0] if key in PLAN_THEMES else OTHER_LABEL


def plan_themes(text: str) -> tuple[str, ...]:
    """Every plan theme a task heading names, in :data:`PLAN_THEMES` order; ``("other",)`` if none.

    >>> plan_themes("建立农业转移人口市民化成本分担机制")
    ('citizenization', 'finance')
    >>> plan_themes("推进扩权强镇"), plan_themes("加快植入创新基因")
    (('admin',), ('other',))
    """
    found = tuple(key for key, (_, words) in PLAN_THEMES.items() if any(word in text for word in words))
    return found or (OTHER,)
