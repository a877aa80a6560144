"""Markers for register places: style by precision and role, popups, tooltips, search keys.

Every string from a document or a user's table goes through
:func:`atlas.publishing.maps.escaping.html_text` here, once, before it reaches a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from pypinyin import lazy_pinyin

from atlas.analysis.agendas import agenda_by_place
from atlas.analysis.enrich import CORE_METRICS, KEY, latest_values, targets
from atlas.publishing.maps.escaping import html_text as escape
from atlas.places.names import short_forms

#: Marker style by precision: colour, radius, label.
PRECISION_STYLE = {
    "province": ("#6b6b6b", 10, "Province-level unit (省级)"),
    "prefecture": ("#c2362b", 9, "Prefecture-level city / prefecture (地级)"),
    "county": ("#1f63a8", 7, "County, county-level city or district (县级)"),
    "zone": ("#7b4fa6", 7, "New area, high-tech zone or paired counties (新区/园区)"),
    "town": ("#1d8a4a", 5, "Town (镇)"),
}
ROLE_LAYERS = {"pilot": "Pilot localities (试点)", "example": "Places cited as examples (典型经验)",
               "other_programme": "Places of other programmes (其他试点示范)"}


def marker_style(row: pd.Series, colour: str | None = None, radius: float | None = None) -> dict:
    """Leaflet circle-marker options: filled for a pilot, a ring for an example."""
    default_colour, default_radius, _ = PRECISION_STYLE.get(row["precision"], PRECISION_STYLE["county"])
    colour = colour or default_colour
    radius = radius or default_radius
    if row["role"] == "pilot":
        return {"radius": radius, "color": "#ffffff", "weight": 1.2, "fillColor": colour, "fillOpacity": 0.9}
    dashed = {"dashArray": "3 3"} if row["role"] == "other_programme" else {}
    return {"radius": max(radius - 2, 4), "color": colour, "weight": 2.2, "fillColor": "#ffffff", "fillOpacity": 0.9,
            **dashed}


@dataclass
class PlaceInfo:
    """Figures and themes of every place, looked up by ``(adcode, canonical_name)``."""

    latest: dict
    goals: dict
    themes: dict
    agendas: dict = field(default_factory=dict)  # task headings of a pilot's work plan, with themes and doc:line

    @classmethod
    def build(cls, facts: pd.DataFrame, mentions: pd.DataFrame, agendas: pd.DataFrame | None = None) -> "PlaceInfo":
        latest = {k: g for k, g in latest_values(facts).groupby(KEY)}
        goals = {k: g for k, g in targets(facts).groupby(KEY)}
        themes: dict = {}
        for row in mentions[(mentions["theme"] != "") & (mentions["status"] == "resolved")].itertuples():
            themes.setdefault((row.adcode, row.canonical_name), []).append(f"{row.theme} ({row.doc}:{row.line})")
        return cls(latest, goals, themes, agenda_by_place(agendas) if agendas is not None else {})

    def profile_rows(self, key) -> str:
        """Popup rows: the latest value of each core metric and the targets, with sources."""
        rows = []
        latest = self.latest.get(key)
        goals = self.goals.get(key)
        for metric, label in CORE_METRICS.items():
            if latest is not None:
                for item in latest[latest["metric"] == metric].itertuples():
                    year = f" ({item.year})" if pd.notna(item.year) else ""
                    rows.append((label, f"{item.qualifier}{item.value:g}{year}", item.source))
            if goals is not None:
                for item in goals[goals["metric"] == metric].itertuples():
                    year = f"{item.year}" if pd.notna(item.year) else "a later year"
                    rows.append((f"{label}, target", f"{item.qualifier}{item.value:g} by {year}", item.source))
        return "".join(
            f"<tr><th>{escape(label)}</th><td>{escape(value)} <span class='pa-src'>{escape(src)}</span></td></tr>"
            for label, value, src in rows
        )

    def popup(self, row: pd.Series, extra: list[tuple[str, str]] = ()) -> str:
        """Profile of one register row as escaped HTML: identity, figures, themes, citations."""
        fields = [
            ("Name as written", row["name"]),
            ("Current name", row["canonical_name"]),
            ("Level", f"{row['level']} (written as {row['level_as_written']})"),
            ("Province", row["province"]),
            ("Prefecture", row["prefecture"]),
            ("County", row["county"]),
            ("Adcode", row["adcode"]),
            ("Region", row["region"]),
            ("Batch", "" if pd.isna(row["batch"]) else str(row["batch"])),
            ("Role", row["role"]),
            ("Located by", f"{row['precision']} · {row['resolved_by']}"),
            *extra,
        ]
        cells = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in fields if v)
        key = (row["adcode"], row["canonical_name"])
        themes = "".join(f"<li>{escape(t)}</li>" for t in self.themes.get(key, [])[:8])
        themes_html = f"<div>Themes:<ul>{themes}</ul></div>" if themes else ""
        agenda = "".join(f"<li>{escape(a)}</li>" for a in self.agendas.get(key, []))
        themes_html += f"<div>Agenda (work plan's tasks):<ul>{agenda}</ul></div>" if agenda else ""
        sources = escape(row["sources"].replace(";", "; "))
        return (f"<div class='pa-popup'><b>{escape(row['name'])}</b><table>{cells}{self.profile_rows(key)}</table>"
                f"{themes_html}<div class='pa-src'>Sources: {sources}</div></div>")


def search_keys(row: pd.Series) -> list[str]:
    """Lower-case keys a user may type: names, short forms, pinyin and its initials."""
    names = {row["name"], row["canonical_name"]}
    if row["precision"] in ("province", "prefecture", "county"):
        names.update(short_forms(row["canonical_name"], row["precision"]))
    keys = set(names)
    for name in names:
        syllables = lazy_pinyin(name)
        keys.add("".join(syllables).lower())
        keys.add("".join(s[:1] for s in syllables).lower())
    return sorted(k for k in keys if k)


def located(register: pd.DataFrame) -> pd.DataFrame:
    """Rows that have a point."""
    return register[register["status"].eq("resolved") & register["lon"].notna()]


def marker_rows(rows: pd.DataFrame, info: PlaceInfo,
                style: Callable[[pd.Series], dict] = marker_style,
                extra: Callable[[pd.Series], list[tuple[str, str]]] | None = None) -> tuple[list[dict], list[dict]]:
    """Marker payloads and matching search entries for located rows."""
    markers, entries = [], []
    for _, row in rows.iterrows():
        markers.append({
            "lat": round(float(row["lat"]), 6),
            "lon": round(float(row["lon"]), 6),
            "tooltip": escape(f"{row['name']} · {row['province']}"),
            "popup": info.popup(row, extra(row) if extra else ()),
            "style": style(row),
        })
        entries.append({"label": f"{row['name']} · {row['province']}", "keys": search_keys(row)})
    return markers, entries
