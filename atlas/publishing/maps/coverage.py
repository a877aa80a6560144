"""What a map of pilots covers: the batches and documents counted, and the batches missing.

A register read from some documents may hold one batch of pilots only; a
count of 0 then means "no pilot of the batches counted", not "no pilot". The
note says so in words, on the page, beside the legend.
"""

from __future__ import annotations

import pandas as pd

from atlas.publishing.maps.citations import DocumentTitles
from atlas.publishing.maps.escaping import html_text
from atlas.publishing.maps.words import BATCH_YEARS, batch_words


def pilot_batches(table: pd.DataFrame) -> list[int]:
    """Batch numbers of the register's pilots, in order."""
    pilots = table[table["role"] == "pilot"]
    return sorted({int(float(b)) for b in pilots["batch"] if pd.notna(b) and str(b).strip() != ""})


def pilot_documents(table: pd.DataFrame) -> list[str]:
    """File names of the documents the register's pilots are cited from, in order."""
    pilots = table[table["role"] == "pilot"]
    return sorted({source.split(":", 1)[0] for sources in pilots["sources"] for source in str(sources).split(";")
                   if source.strip()})


def coverage_note(table: pd.DataFrame, documents: DocumentTitles = DocumentTitles(), counts: bool = True) -> str:
    """Plain text naming the batches and documents counted and the national batches missing.

    ``counts`` words it for a map of counts per unit (a 0 may hide missing
    batches); otherwise for a map of points (missing pilots are not drawn).

    Examples
    --------
    >>> table = pd.DataFrame({"role": ["pilot"], "batch": ["2"], "sources": ["a.txt:4;a.txt:9"]})
    >>> print(coverage_note(table))
    Counts the pilots of the 2nd batch (2015) named in 1 document: a.txt. Not in the register: the 1st batch (2014) and 3rd batch (2016); a unit showing 0 may have pilots of those batches.
    """
    batches = pilot_batches(table)
    if not batches and not (table["role"] == "pilot").any():
        return "The register holds no pilots: every count is 0 by construction, not a finding."
    docs = pilot_documents(table)
    named = ", ".join(f"{documents.describe(d)} {d}".strip() for d in docs)
    counted = ", ".join(_short(b) for b in batches) or "no stated batch"
    verb = "Counts" if counts else "Shows"
    text = f"{verb} the pilots of the {counted} named in {len(docs)} document{'s' if len(docs) != 1 else ''}: {named}."
    missing = [b for b in BATCH_YEARS if b not in batches]
    if missing:
        names = [_short(b) for b in missing]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        consequence = ("a unit showing 0 may have pilots of those batches" if counts
                       else "their pilots are not on this map")
        text += f" Not in the register: the {listed}; {consequence}."
    return text


def _short(batch: int) -> str:
    words = batch_words(batch)  # 第二批 2nd batch (2015)
    return words.split(" ", 1)[1] if words.startswith("第") else words


def coverage_html(table: pd.DataFrame, documents: DocumentTitles = DocumentTitles(), counts: bool = True) -> str:
    """The note as an escaped paragraph for a legend."""
    return f"<p class='pa-covers'>{html_text(coverage_note(table, documents, counts))}</p>"
