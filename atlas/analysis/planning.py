"""The tables of what the pilots planned, as the build writes them to ``data/``.

``data/agenda_items.csv`` (every task heading with its themes and ``doc:line``),
``data/agendas.csv`` (pilot × theme), ``data/agenda_regions.csv`` (theme ×
region shares) and ``data/targets.csv`` (targets against profile, per year).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from atlas.analysis.agendas import ITEM_COLUMNS, classify, pilot_theme_table, read_items, theme_region_matrix
from atlas.analysis.enrich import enrich
from atlas.analysis.spatial_stats import SpatialReport, spatial_report
from atlas.analysis.targets import target_table
from atlas.common.csvtext import csv_text
from atlas.common.io import write_text

SHIPPED_AGENDAS = Path(__file__).resolve().parents[2] / "geodata" / "agendas.csv"


def shipped_agendas() -> pd.DataFrame:
    """The classified agendas shipped in ``geodata/agendas.csv``."""
    return read_items(SHIPPED_AGENDAS)


def save_agendas(agendas: pd.DataFrame, folder: Path) -> Path:
    """Save classified agendas (labels, themes and citations; no document text) as ``agendas.csv``."""
    return write_text(Path(folder) / "agendas.csv", csv_text(classify(agendas), bom=False))


def pilots_of(table: pd.DataFrame) -> pd.DataFrame:
    """Resolved pilots of a register table."""
    return table[(table["role"] == "pilot") & (table["status"] == "resolved")]


def planning_files(table: pd.DataFrame, facts: pd.DataFrame, agendas: pd.DataFrame) -> dict[str, str]:
    """``data/`` path → CSV text of every planning table (see the module docstring)."""
    items = classify(agendas)
    per_pilot = pilot_theme_table(items, pilots_of(table))
    matrix = theme_region_matrix(per_pilot).round(4)
    return {
        "data/agenda_items.csv": csv_text(items),
        "data/agendas.csv": csv_text(per_pilot),
        "data/agenda_regions.csv": csv_text(matrix.rename_axis("region").reset_index()),
        "data/targets.csv": csv_text(target_table(table, facts)),
    }


@dataclass
class PlanningReport:
    """What the pilots planned and how they lie, for the planning pages."""

    items: pd.DataFrame  # classified task headings
    per_pilot: pd.DataFrame  # pilot × theme
    matrix: pd.DataFrame  # theme shares by region
    targets: pd.DataFrame
    spatial: SpatialReport


def planning_report(table: pd.DataFrame, facts: pd.DataFrame, agendas: pd.DataFrame | None,
                    provinces: gpd.GeoDataFrame) -> PlanningReport:
    """Every planning table and spatial statistic of a register (``table``: register with join checks;
    enriched figures are added when missing)."""
    if "urbanization_gap_pp" not in table.columns:
        table = enrich(table, facts)
    items = classify(agendas if agendas is not None else pd.DataFrame(columns=ITEM_COLUMNS))
    pilots = pilots_of(table)
    per_pilot = pilot_theme_table(items, pilots)
    located = pilots[pilots["lon"].notna()]
    return PlanningReport(items, per_pilot, theme_region_matrix(per_pilot), target_table(table, facts),
                          spatial_report(located, provinces))


def spatial_files(report: PlanningReport) -> dict[str, str]:
    """``data/`` path → CSV text of the spatial statistics."""
    s = report.spatial
    moran = pd.DataFrame([{"variable": name, "units": unit, **{k: getattr(r, k) for k in ("n", "I", "expected", "z",
                                                                                        "p_sim")}}
                          for name, unit, r in (("pilots per 10,000 km²", "province", s.density),
                                                ("resident − hukou gap (pp)", "pilot", s.gap))])
    return {
        "data/spatial_provinces.csv": csv_text(s.provinces),
        "data/spatial_regions.csv": csv_text(s.regions.rename_axis("region").reset_index()),
        "data/nearest_neighbour.csv": csv_text(s.nearest.reset_index()),
        "data/morans_i.csv": csv_text(moran),
        "data/region_figures.csv": csv_text(s.figures.reset_index()),
    }


def write_spatial_files(out: Path, report: PlanningReport) -> list[Path]:
    """Write :func:`spatial_files` under ``out``."""
    return [write_text(Path(out) / rel, text) for rel, text in spatial_files(report).items()]
