"""Pilots' agendas by theme: task headings classified, a pilot × theme table, a theme × region matrix.

Task headings come from :mod:`atlas.reading.agendas`; their themes from the one
keyword table :data:`atlas.analysis.themes.PLAN_THEMES`. A classified item keeps
its citation and a short label (its numbering and words up to the first clause
end, as heading labels are kept elsewhere), not its whole text.
"""

from __future__ import annotations

import re

import pandas as pd

from atlas.analysis.themes import OTHER, PLAN_THEMES, plan_themes

#: Columns of a classified agenda (``geodata/agendas.csv``, ``data/agenda_items.csv``).
ITEM_COLUMNS = ["name", "canonical_name", "adcode", "doc", "page", "line", "heading", "themes"]
THEME_KEYS = [*PLAN_THEMES, OTHER]
KEY = ["adcode", "canonical_name"]
_CLAUSE_END = re.compile(r"[,，。；;:：]")
#: Longest heading label kept (as :data:`atlas.reading.text.HEADING_LABEL_MAX`).
LABEL_MAX = 16


def classify(items: pd.DataFrame) -> pd.DataFrame:
    """Classified agenda items: ``themes`` (keys joined by ``;``) and a short ``heading`` label.

    A table already classified (no ``text`` column) is returned with the standard columns.

    Examples
    --------
    >>> items = pd.DataFrame([{"name": "甲县", "canonical_name": "甲县", "adcode": "100001", "doc": "d.txt",
    ...                        "page": None, "line": 7, "mark": "（二）", "text": "推进户籍制度改革，放宽落户"}])
    >>> classify(items)[["heading", "themes"]].values.tolist()
    [['（二）推进户籍制度改革', 'hukou']]
    """
    if "text" not in items.columns:
        return items.reindex(columns=ITEM_COLUMNS).fillna({"themes": OTHER})
    out = items.copy()
    out["themes"] = [";".join(plan_themes(t)) for t in out["text"]]
    out["heading"] = [m + _CLAUSE_END.split(t, maxsplit=1)[0][:LABEL_MAX] for m, t in zip(out["mark"], out["text"])]
    return out[ITEM_COLUMNS].reset_index(drop=True)


def exploded(items: pd.DataFrame) -> pd.DataFrame:
    """One row per item and theme (column ``theme``)."""
    out = items.assign(theme=items["themes"].astype(str).str.split(";"))
    return out.explode("theme", ignore_index=True)


def pilot_theme_table(items: pd.DataFrame, pilots: pd.DataFrame) -> pd.DataFrame:
    """Pilot × theme: how many task headings of each pilot name each theme, with their citations.

    Parameters
    ----------
    items : DataFrame
        Classified items (:func:`classify`).
    pilots : DataFrame
        Register rows of the pilots (``name, canonical_name, adcode, province, region``).

    Returns
    -------
    DataFrame
        One row per pilot: identity, ``items``, ``themes`` (count of themes it plans),
        one count column per theme key, and ``sources`` (``doc:line`` of every item).

    Examples
    --------
    >>> items = classify(pd.DataFrame([
    ...     {"name": "甲县", "canonical_name": "甲县", "adcode": "1", "doc": "d", "page": None, "line": 3,
    ...      "mark": "（一）", "text": "推进户籍制度改革"},
    ...     {"name": "甲县", "canonical_name": "甲县", "adcode": "1", "doc": "d", "page": None, "line": 5,
    ...      "mark": "（二）", "text": "盘活农村土地"}]))
    >>> pilots = pd.DataFrame([{"name": "甲县", "canonical_name": "甲县", "adcode": "1", "province": "某省",
    ...                         "region": "East"}])
    >>> row = pilot_theme_table(items, pilots).iloc[0]
    >>> int(row["items"]), int(row["hukou"]), int(row["land"]), int(row["rural_urban"]), row["sources"]
    (2, 1, 1, 1, 'd:3;d:5')
    """
    base = pilots[["name", "canonical_name", "adcode", "province", "region"]].drop_duplicates(KEY)
    long = exploded(items)
    counts = long.pivot_table(index=KEY, columns="theme", values="line", aggfunc="count").reindex(columns=THEME_KEYS)
    cite = items.assign(cite=[_cite(d, p, n) for d, p, n in zip(items["doc"], items["page"], items["line"])])
    sources = cite.groupby(KEY)["cite"].agg(";".join).rename("sources")
    n_items = items.groupby(KEY).size().rename("items")
    out = base.merge(n_items, how="left", left_on=KEY, right_index=True)
    out = out.merge(counts, how="left", left_on=KEY, right_index=True).merge(sources, how="left", left_on=KEY,
                                                                              right_index=True)
    out[["items", *THEME_KEYS]] = out[["items", *THEME_KEYS]].fillna(0).astype("int64")
    out.insert(out.columns.get_loc("items") + 1, "themes", (out[[k for k in THEME_KEYS if k != OTHER]] > 0).sum(axis=1))
    out["sources"] = out["sources"].astype(object).fillna("")  # all-NaN (no headings) is float64
    return out.sort_values(["region", "province", "canonical_name"], kind="stable").reset_index(drop=True)


def _cite(doc: str, page, line) -> str:
    return f"{doc}:{int(page)}:{int(line)}" if pd.notna(page) and str(page) != "" else f"{doc}:{int(line)}"


def theme_region_matrix(table: pd.DataFrame) -> pd.DataFrame:
    """Share of pilots with an agenda in each region that plan each theme (0–1), with ``n`` per region.

    Only pilots with at least one task heading count; the last row ``All`` is every region together.

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["East", "East", "West"], "items": [2, 1, 3],
    ...                   **{k: [0, 0, 0] for k in THEME_KEYS}})
    >>> t.loc[0, "hukou"] = 1; t.loc[2, "hukou"] = 2
    >>> m = theme_region_matrix(t)
    >>> float(m.loc["East", "hukou"]), float(m.loc["All", "hukou"]), int(m.loc["East", "n"])
    (0.5, 0.6666666666666666, 2)
    """
    planned = table[table["items"] > 0]
    flags = (planned[THEME_KEYS] > 0).astype("float64")
    by_region = flags.groupby(planned["region"]).mean()
    by_region.loc["All"] = flags.mean()
    by_region["n"] = [*planned.groupby("region").size().reindex(by_region.index[:-1]).tolist(), len(planned)]
    return by_region


def read_items(path) -> pd.DataFrame:
    """A saved classified agenda (``geodata/agendas.csv``); an empty one if the file is absent."""
    from pathlib import Path

    path = Path(path)
    if not path.is_file():
        return pd.DataFrame(columns=ITEM_COLUMNS)
    items = pd.read_csv(path, dtype={"adcode": str, "heading": str, "themes": str}, keep_default_na=False)
    items["line"] = pd.to_numeric(items["line"]).astype("int64")
    items["page"] = pd.to_numeric(items["page"].replace("", None), errors="coerce").astype("Int64")
    return items.reindex(columns=ITEM_COLUMNS)


def agenda_by_place(items: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """Each place's agenda as lines ``heading — theme labels (doc:line)``, keyed by ``(adcode, canonical_name)``.

    >>> items = classify(pd.DataFrame([{"name": "甲县", "canonical_name": "甲县", "adcode": "1", "doc": "d",
    ...                                  "page": None, "line": 4, "mark": "（一）", "text": "推进撤镇设市"}]))
    >>> agenda_by_place(items)[("1", "甲县")]
    ['（一）推进撤镇设市 — 行政管理/设市 Administration and new cities (d:4)']
    """
    from atlas.analysis.themes import label

    out: dict[tuple[str, str], list[str]] = {}
    for row in classify(items).itertuples(index=False):
        themes = ", ".join(label(k) for k in str(row.themes).split(";"))
        out.setdefault((row.adcode, row.canonical_name), []).append(
            f"{row.heading} — {themes} ({_cite(row.doc, row.page, row.line)})")
    return out
