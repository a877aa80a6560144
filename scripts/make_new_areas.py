#!/usr/bin/env python3
"""Generate the rows of the national-level new areas (国家级新区) in ``geodata/places.csv``.

What
----
New areas are not admin units, so no code register lists them. The State
Council's approvals name the units each one spans; ``geodata/new_areas.csv``
keeps that (name, province, the units it spans, year, source: one cited row
per new area). This script turns every row into a zone of the gazetteer: the
zone's ``adcode`` is the first unit named, its point that unit's label point
(an interior point of its polygon, WGS-84, from the boundaries the atlas uses)
— honest about not knowing the new area's own centre.

Curated zones with a surveyed centre (贵安新区, 西咸新区) are left as they are;
浦东新区 and 滨海新区 are districts and need no row.

How to run
----------
``.venv/bin/python scripts/make_new_areas.py`` rewrites the new-area rows of
``geodata/places.csv`` in place (other rows kept, order stable).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

GEODATA = Path(__file__).resolve().parent.parent / "geodata"


def new_area_rows(notes: pd.DataFrame, units: pd.DataFrame) -> list[dict[str, str]]:
    """One ``places.csv`` row per new area, placed at the label point of the first unit it spans."""
    rows = []
    for note in notes.itertuples(index=False):
        spans = note.spans.split(";")
        host = units.loc[spans[0]]
        rows.append({
            "name": note.name, "kind": "new_area", "province_adcode": note.province_adcode, "adcode": spans[0],
            "spans": note.spans, "lon": f"{host.label_lon:.3f}", "lat": f"{host.label_lat:.3f}",
            "coord_note": f"label point of {host['name']}, the first unit the new area spans (not its centre)",
            "source": f"{note.source} (via geodata/new_areas.csv, scripts/make_new_areas.py)",
        })
    return rows


def main() -> None:
    from atlas.places import boundaries

    layers = boundaries.load()
    units = pd.concat([layers["county"], layers["prefecture"]]).drop_duplicates("adcode").set_index("adcode")
    notes = pd.read_csv(GEODATA / "new_areas.csv", dtype=str, keep_default_na=False)
    places = pd.read_csv(GEODATA / "places.csv", dtype=str, keep_default_na=False)
    kept = places[~places["name"].isin(set(notes["name"]))]
    table = pd.concat([kept, pd.DataFrame(new_area_rows(notes, units))], ignore_index=True)
    out = io.StringIO()
    table.to_csv(out, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    (GEODATA / "places.csv").write_text(out.getvalue(), encoding="utf-8")
    print(f"places.csv: {len(kept)} rows kept, {len(notes)} new-area rows written")


if __name__ == "__main__":
    main()
