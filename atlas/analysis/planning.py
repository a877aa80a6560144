"""The tables of what the pilots planned, as the build writes them to ``data/``.

``data/agenda_items.csv`` (every task heading with its themes and ``doc:line``),
``data/agendas.csv`` (pilot × theme), ``data/agenda_regions.csv`` (theme ×
region shares) and ``data/targets.csv`` (targets against profile, per year).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.analysis.agendas import classify, pilot_theme_table, read_items, theme_region_matrix
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
