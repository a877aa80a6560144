"""The planning pages and tables of the atlas built from the seeds (the session's build, no extra one)."""

from __future__ import annotations

import pandas as pd
import pytest

pytestmark = pytest.mark.seeds


def test_pages_and_tables_are_written_and_linked(seed_build):
    out, _ = seed_build
    index = (out / "index.html").read_text(encoding="utf-8")
    for rel in ("maps/agendas.html", "maps/lisa.html", "plans/targets.html", "data/agendas.csv", "data/targets.csv",
                "data/morans_i.csv", "data/nearest_neighbour.csv", "data/region_figures.csv"):
        assert (out / rel).is_file(), rel
        assert f'href="{rel}"' in index, rel
    assert "census2020_population.csv" in index and "national_plan_targets.csv" in index
    assert list((out / "static" / "plans").glob("targets.*")), "the targets chart as a static image"


def test_popups_list_the_agenda(seed_build):
    out, _ = seed_build
    overview = (out / "maps" / "overview.html").read_text(encoding="utf-8")
    assert "Agenda (work plan&#x27;s tasks)" in overview or "Agenda (work plan's tasks)" in overview
    assert "001_caf814f1c39d1a4b.txt:95" in overview  # a task heading's doc:line in a popup


def test_targets_per_year_from_the_seed_profile(seed_build):
    out, _ = seed_build
    targets = pd.read_csv(out / "data" / "targets.csv", dtype={"adcode": str})
    assert targets["canonical_name"].nunique() >= 30
    assert (targets["target_year"] > targets["profile_year"]).all()
    row = targets[(targets["metric"] == "urbanization_rate_resident_pct") & (targets["target_year"] == 2020)].iloc[0]
    by_hand = (row["target_value"] - row["profile_value"]) / (row["target_year"] - row["profile_year"])
    assert row["change_per_year"] == pytest.approx(by_hand, abs=1e-4)
    assert row["national_target"] == 60 and row["target_minus_national"] == pytest.approx(row["target_value"] - 60)


def test_statistics_state_their_n_and_refuse_too_few(seed_build):
    out, report = seed_build
    register = report.register
    pilots = int(((register["role"] == "pilot") & (register["status"] == "resolved")).sum())
    moran = pd.read_csv(out / "data" / "morans_i.csv")
    assert moran.loc[0, "n"] == 31 and pd.notna(moran.loc[0, "I"])  # the 31 mainland provinces
    nearest = pd.read_csv(out / "data" / "nearest_neighbour.csv").set_index("region")
    small = nearest[nearest["n"] < 10]
    assert small["R"].isna().all() and nearest.loc["All", "n"] == pilots
    page = (out / "maps" / "lisa.html").read_text(encoding="utf-8")
    for region in small.index:
        assert f"only {int(small.loc[region, 'n'])} pilots: too few" in page
    assert "on 31 provinces" in page and "permutations" in page


def test_targets_page_and_image_from_one_figure_are_those_of_two(seed_build, tmp_path):
    from atlas.publishing.planning_pages import SharedFigure, targets_figure, targets_image, targets_page

    targets = pd.read_csv(seed_build[0] / "data" / "targets.csv", dtype={"adcode": str})
    report = type("Report", (), {"targets": targets})()
    shared = SharedFigure(lambda: targets_figure(targets))
    one = [targets_page(report, "t", shared.user("page"))]
    one += [p.read_bytes() for p in targets_image(report, tmp_path / "one", shared.user("image"))]
    two = [targets_page(report, "t")] + [p.read_bytes() for p in targets_image(report, tmp_path / "two")]
    assert one == two and len(one) == 3
