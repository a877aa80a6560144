"""Markers for register places: style by precision and role, popups, tooltips, search keys.

Every string from a document or a user's table goes through
:func:`atlas.publishing.maps.escaping.html_text` here, once, before it reaches a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from atlas.analysis.agendas import agenda_by_place
from atlas.analysis.enrich import CORE_METRICS, latest_values, targets
from atlas.analysis.themes import theme_of
from atlas.publishing.maps.citations import DocumentTitles
from atlas.publishing.maps.escaping import html_text as escape
from atlas.publishing.maps.pinyin import syllables as pinyin_syllables
from atlas.publishing.maps.words import LEVELS, batch_words, level_words, located_words, role_words
from atlas.places.names import short_forms

#: A register row: a Series, or a dict of its columns' values (as :func:`marker_rows` hands them on).
Row = pd.Series | Mapping

def row_dicts(rows: pd.DataFrame) -> list[dict]:
    """Each row as a dict of its columns' values: what a row of ``iterrows`` holds, without making a
    Series per row (a missing value of a nullable column stays ``pd.NA``, which ``to_dict`` makes None).

    Examples
    --------
    >>> frame = pd.DataFrame({"name": ["甲", "乙"], "batch": pd.array([1, None], dtype="Int64")})
    >>> row_dicts(frame)[1]["batch"] is pd.NA
    True
    """
    records = rows.to_dict("records")
    nullable = [column for column, dtype in rows.dtypes.items() if getattr(dtype, "na_value", None) is pd.NA]
    for record in records:
        for column in nullable:
            if record[column] is None:
                record[column] = pd.NA
    return records


#: Marker style by precision: colour, radius, label.
PRECISION_STYLE = {
    "province": ("#6b6b6b", 10, "Province-level unit (省级)"),
    "prefecture": ("#c2362b", 9, "Prefecture-level city / prefecture (地级)"),
    "county": ("#1f63a8", 7, "County, county-level city or district (县级)"),
    "zone": ("#7b4fa6", 7, "New area, high-tech zone or paired counties (新区/园区)"),
    "town": ("#1d8a4a", 5, "Town (镇)"),
}
REGION_WORDS = {"East": "东部 East", "Central": "中部 Central", "West": "西部 West", "Northeast": "东北 Northeast"}
ROLE_LAYERS = {"pilot": "Pilot localities (试点)", "example": "Places cited as examples (典型经验)",
               "other_programme": "Places of other programmes (其他试点示范)"}


def marker_style(row: Row, colour: str | None = None, radius: float | None = None) -> dict:
    """Leaflet circle-marker options: filled for a pilot, a ring for an example."""
    default_colour, default_radius, _ = PRECISION_STYLE.get(row["precision"], PRECISION_STYLE["county"])
    colour = colour or default_colour
    radius = radius or default_radius
    if row["role"] == "pilot":
        return {"radius": radius, "color": "#ffffff", "weight": 1.2, "fillColor": colour, "fillOpacity": 0.9}
    dashed = {"dashArray": "3 3"} if row["role"] == "other_programme" else {}
    return {"radius": max(radius - 2, 4), "color": colour, "weight": 2.2, "fillColor": "#ffffff", "fillOpacity": 0.9,
            **dashed}


def _profile_cells(label: str, value: str, source: str) -> str:
    return f"<tr><th>{escape(label)}</th><td>{escape(value)} <span class='pa-src'>{escape(source)}</span></td></tr>"


def _doc_of(source: str) -> str:
    return source.strip().split(":", 1)[0]


@dataclass
class PlaceInfo:
    """Popup parts of every place, built once per atlas and looked up by ``(adcode, canonical_name)``.

    ``profiles`` holds each place's figure rows (latest value and targets of
    each core metric, with ``doc:line``) and ``themes`` its cited themes, as
    escaped HTML; ``cited`` the documents both cite, whose titles and dates
    the popup lists. The pages' workers share them instead of filtering the
    facts again for every marker.
    """

    profiles: dict
    themes: dict
    documents: DocumentTitles = field(default_factory=DocumentTitles)
    theme_keys: dict = field(default_factory=dict)  # place → sorted theme keys it is cited under
    years: dict = field(default_factory=dict)  # (place, metric) → year of its latest stated value
    cited: dict = field(default_factory=dict)  # place → documents its figures and themes cite
    agendas: dict = field(default_factory=dict)  # place → its work plan's task headings, with themes and doc:line

    @classmethod
    def build(cls, facts: pd.DataFrame, mentions: pd.DataFrame,
              documents: DocumentTitles | None = None, agendas: pd.DataFrame | None = None) -> "PlaceInfo":
        """Profiles and themes of every place in ``facts`` and ``mentions``.

        Examples
        --------
        >>> from atlas.reading.extraction import facts_frame, mentions_frame
        >>> info = PlaceInfo.build(facts_frame(pd.DataFrame()), mentions_frame([]))
        >>> info.profiles
        {}
        """
        documents = documents or DocumentTitles()
        order = {metric: i for i, metric in enumerate(CORE_METRICS)}
        rows: dict = {}
        years: dict = {}
        cited_docs: dict = {}
        for kind, frame in ((0, latest_values(facts)), (1, targets(facts))):
            frame = frame[frame["metric"].isin(order)]
            for item in frame.itertuples():
                label = CORE_METRICS[item.metric]
                if kind == 0:
                    years[((item.adcode, item.canonical_name), item.metric)] = item.year
                    year = f" ({item.year})" if pd.notna(item.year) else ""
                    cells = (label, f"{item.qualifier}{item.value:g}{year}")
                else:
                    year = f"{item.year}" if pd.notna(item.year) else "a later year"
                    cells = (f"{label}, target", f"{item.qualifier}{item.value:g} by {year}")
                rows.setdefault((item.adcode, item.canonical_name), []).append(
                    (order[item.metric], kind, _profile_cells(*cells, item.source)))
                cited_docs.setdefault((item.adcode, item.canonical_name), set()).add(_doc_of(item.source))
        profiles = {key: "".join(html for *_, html in sorted(items, key=lambda x: x[:2]))
                    for key, items in rows.items()}
        themes: dict = {}
        keys: dict = {}
        cited = mentions[(mentions["theme"] != "") & (mentions["status"] == "resolved")]
        for row in cited.itertuples():
            keys.setdefault((row.adcode, row.canonical_name), set()).add(theme_of(row.theme))
            items = themes.setdefault((row.adcode, row.canonical_name), [])
            if len(items) < 8:
                items.append(f"<li>{escape(row.theme)} <span class='pa-src'>{escape(f'{row.doc}:{row.line}')}</span></li>")
                cited_docs.setdefault((row.adcode, row.canonical_name), set()).add(str(row.doc))
        return cls(profiles, {key: "".join(items) for key, items in themes.items()}, documents,
                   {key: sorted(found) for key, found in keys.items()}, years, cited_docs,
                   agenda_by_place(agendas) if agendas is not None else {})

    def profile_rows(self, key) -> str:
        """Popup rows: the latest value of each core metric and the targets, with sources."""
        return self.profiles.get(key, "")

    def popup(self, row: Row, extra: list[tuple[str, str]] = ()) -> str:
        """Profile of one register row as escaped HTML: identity, figures, themes, citations."""
        level = level_words(row["level"])
        if row["level_as_written"] in LEVELS and row["level_as_written"] != row["level"]:  # not "other": no kind written
            level += f" (written as {level_words(row['level_as_written'])})"
        fields = [
            ("Name as written", row["name"]),
            ("Current name", row["canonical_name"] if row["canonical_name"] != row["name"] else ""),
            ("Level", level),
            ("Province", row["province"]),
            ("Prefecture", row["prefecture"] if row["prefecture"] != row["province"] else ""),
            ("County", row["county"]),
            ("Adcode", row["adcode"]),
            ("Region", REGION_WORDS.get(row["region"], row["region"])),
            ("Batch", batch_words(row["batch"])),
            ("Role", role_words(row["role"])),
            ("Located by", located_words(row["precision"], row["resolved_by"])),
            *extra,
        ]
        cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in fields if v)
        key = (row["adcode"], row["canonical_name"])
        themes = self.themes.get(key, "")
        themes_html = f"<div>Themes:<ul>{themes}</ul></div>" if themes else ""
        agenda = "".join(f"<li>{escape(a)}</li>" for a in self.agendas.get(key, []))
        themes_html += f"<div>Agenda (work plan's tasks):<ul>{agenda}</ul></div>" if agenda else ""
        sources = [s.strip() for s in row["sources"].split(";") if s.strip()]
        docs = sorted(self.cited.get(key, set()) | {_doc_of(s) for s in sources})
        named = "".join(f"<li>{self.documents.cite_html(d)}</li>" for d in docs if self.documents.describe(d))
        named_html = f"<div class='pa-src'>Documents:<ul>{named}</ul></div>" if named else ""
        sources_html = escape("; ".join(sources))
        return (f"<div class='pa-popup'><b>{escape(row['name'])}</b><table>{cells}{self.profile_rows(key)}</table>"
                f"{themes_html}<div class='pa-src'>Sources: {sources_html}</div>{named_html}</div>")


@lru_cache(maxsize=None)
def _name_keys(names: tuple[str, ...], initials: bool) -> tuple[str, ...]:
    keys = set(names)
    for name in names:
        syllables = pinyin_syllables(name)
        keys.add("".join(syllables).lower())
        if initials:
            keys.add("".join(s[:1] for s in syllables).lower())
    return tuple(sorted(k for k in keys if k))


def search_keys(row: Row) -> list[str]:
    """Lower-case keys a user may type for the place itself: names, short forms, pinyin and its initials.

    Examples
    --------
    >>> search_keys(pd.Series({"name": "房山", "canonical_name": "房山区", "precision": "county"}))
    ['fangshan', 'fangshanqu', 'fs', 'fsq', '房山', '房山区']
    """
    names = {row["name"], row["canonical_name"]}
    if row["precision"] in ("province", "prefecture", "county"):
        names.update(short_forms(row["canonical_name"], row["precision"]))
    return list(_name_keys(tuple(sorted(names)), True))


def area_keys(row: Row) -> list[str]:
    """Keys of the units a place lies in (province and prefecture: names, short forms, pinyin),
    so that ``北京`` finds every place in Beijing.

    Examples
    --------
    >>> area_keys(pd.Series({"province": "北京市", "prefecture": "北京市"}))
    ['beijing', 'beijingshi', '北京', '北京市']
    """
    names = set()
    for level in ("province", "prefecture"):
        if row[level]:
            names.update([row[level], *short_forms(row[level], level)])
    return list(_name_keys(tuple(sorted(names)), False))


#: Label priority by precision: larger units are labelled first where labels would collide.
_LABEL_RANK = {"province": 0, "prefecture": 1, "zone": 2, "county": 2, "town": 3}


def search_entry(row: Row, info: PlaceInfo) -> dict:
    """What the page knows of one marker besides its drawing: search label and keys, the text of
    its map label and its rank, and the facets the overview filters by (batch, role, level, themes)."""
    batch = "" if pd.isna(row["batch"]) or str(row["batch"]) == "" else str(int(float(row["batch"])))
    return {"label": f"{row['name']} · {row['province']} · {role_words(row['role'])}",
            "keys": search_keys(row), "area": area_keys(row),
            "id": f"{row['adcode']}|{row['canonical_name']}|{row['role']}",
            "name": row["name"],
            "rank": (0 if row["role"] == "pilot" else 10) + _LABEL_RANK.get(row["precision"], 4),
            "facets": {"batch": batch or "none", "role": row["role"], "level": row["precision"] or "none",
                       "theme": info.theme_keys.get((row["adcode"], row["canonical_name"]), []) or ["none"]}}


def warm_search_keys(rows: pd.DataFrame) -> None:
    """Work out the search keys of ``rows`` once, here, and store their names' pinyin.

    Called before the page workers fork: they find the keys made (and no
    worker imports ``pypinyin`` for them).
    """
    from atlas.publishing.maps.pinyin import store

    for row in row_dicts(rows):
        search_keys(row)
        area_keys(row)
    store()


def located(register: pd.DataFrame) -> pd.DataFrame:
    """Rows that have a point."""
    return register[register["status"].eq("resolved") & register["lon"].notna()]


def marker_rows(rows: pd.DataFrame, info: PlaceInfo,
                style: Callable[[Row], dict] = marker_style,
                extra: Callable[[Row], list[tuple[str, str]]] | None = None) -> tuple[list[dict], list[dict]]:
    """Marker payloads and matching search entries for located rows.

    Each row reaches ``style``, ``extra`` and the popup as a dict of its columns' values (:func:`row_dicts`).
    """
    markers, entries = [], []
    for row in row_dicts(rows):
        markers.append({
            "lat": round(float(row["lat"]), 6),
            "lon": round(float(row["lon"]), 6),
            "tooltip": escape(f"{row['name']} · {row['province']}"),
            "popup": info.popup(row, extra(row) if extra else ()),
            "style": style(row),
        })
        entries.append(search_entry(row, info))
    return markers, entries
