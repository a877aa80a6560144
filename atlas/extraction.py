"""Read every document of a folder into the register, mentions and facts.

A batch document (one with a pilot table of contents) gives pilots, their
mentions (``role = pilot``) and the figures of each pilot's section; any
other document gives example mentions (``role = example``) and the figures
attributed to them. A document that cannot be read is reported and the others
go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from atlas import register
from atlas.checks import check_facts
from atlas.extract.facts import FACT_COLUMNS, FactRow, Subject, example_facts, section_facts
from atlas.extract.mentions import Mention, MentionExtractor
from atlas.extract.pilots import extract_pilots, section_text
from atlas.extract.text import paragraphs
from atlas.gazetteer import Gazetteer
from atlas.geocode import Geocoder
from atlas.names import short_forms
from atlas.quality import Issue
from atlas.sources import read_folder

MENTION_COLUMNS = ["doc", "line", "name", "canonical_name", "adcode", "level", "province", "theme", "role",
                   "precision", "status", "resolved_by", "note"]


@dataclass
class Extraction:
    """Everything read from a folder of documents."""

    register: pd.DataFrame
    mentions: pd.DataFrame
    facts: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _subject_forms(name: str, canonical: str, precision: str) -> tuple[str, ...]:
    forms = [name, canonical]
    for part in (name.replace("(", "—").replace(")", "").split("—")):
        if part:
            forms.append(part)
    forms += short_forms(canonical, precision if precision in ("prefecture", "county") else "county")
    forms += [f[:-2] for f in forms if f.endswith("地区") and len(f) > 3]
    return tuple(dict.fromkeys(f for f in forms if len(f) >= 2))


def mention_row(m: Mention, gazetteer: Gazetteer) -> dict:
    """One ``mentions.csv`` row."""
    place = m.located.place
    return {
        "doc": m.doc, "line": m.line, "name": m.name,
        "canonical_name": place.name if place else "", "adcode": place.adcode if place else "",
        "level": place.kind if place else "",
        "province": gazetteer.name_of(place.province_adcode) if place else "",
        "theme": m.theme, "role": m.role, "precision": place.precision if place else "",
        "status": m.located.status, "resolved_by": m.located.resolved_by, "note": m.located.detail,
    }


def mentions_frame(rows: list[dict]) -> pd.DataFrame:
    """Mentions with the standard columns, sorted by document and line."""
    frame = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    frame["line"] = frame["line"].astype("int64")
    return frame.sort_values(["doc", "line", "name"], kind="stable").reset_index(drop=True)


def facts_frame(rows: list[FactRow] | pd.DataFrame) -> pd.DataFrame:
    """Facts with the standard columns and dtypes, sorted by document, line and metric."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame([r.__dict__ for r in rows])
    frame = frame.reindex(columns=FACT_COLUMNS)
    for column in ("name", "canonical_name", "adcode", "metric", "qualifier", "doc", "raw"):
        frame[column] = frame[column].astype(object).fillna("").astype(str)
    frame["line"] = pd.to_numeric(frame["line"]).astype("int64")
    frame["year"] = pd.to_numeric(frame["year"]).astype("Int64")
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    frame["value_high"] = pd.to_numeric(frame["value_high"]).astype("float64")
    frame["is_target"] = frame["is_target"].astype(str).eq("True")
    return frame.sort_values(["doc", "line", "metric", "value"], kind="stable").reset_index(drop=True)


def extract_folder(folder: Path, gazetteer: Gazetteer) -> Extraction:
    """Read a folder of documents (see the module docstring)."""
    documents, errors = read_folder(folder)
    issues = [Issue("unreadable_document", e.path.name, e.path.name, None, e.reason) for e in errors]
    geocoder = Geocoder(gazetteer)
    extractor = MentionExtractor(geocoder)
    regions = register.regions()
    register_rows, mention_rows, fact_rows = [], [], []
    for doc in documents:
        if doc.replaced_bytes:
            issues.append(Issue("encoding_replaced", doc.id, doc.id, None,
                                f"{doc.replaced_bytes} undecodable bytes replaced (mixed or damaged encoding)"))
        pilots, problems = extract_pilots(doc)
        issues += [Issue(p.kind, p.name, p.doc, p.line, p.detail) for p in problems]
        if pilots:
            doc_paragraphs = list(paragraphs(doc))
            for pilot in pilots:
                province, name = register.split_province(pilot.entry, gazetteer)
                located = geocoder.resolve(name, province=province, context=section_text(doc, pilot))
                sources = ";".join(f"{d}:{n}" for d, n in pilot.sources())
                register_rows.append(register.make_row(name, "pilot", pilot.batch, located, gazetteer, sources, regions))
                line = pilot.header_line or pilot.toc_lines[0]
                mention_rows.append(mention_row(Mention(doc.id, line, name, "", "pilot", located), gazetteer))
                if located.status != "resolved":
                    issues.append(Issue(located.status, name, doc.id, line, located.detail))
                elif pilot.section:
                    start, end = pilot.section
                    section = [p for p in doc_paragraphs if start < p.first_line <= end]
                    subject = Subject(name, located.place.name, located.place.adcode,
                                      _subject_forms(name, located.place.name, located.place.precision),
                                      located.place.precision)
                    rows, problems = section_facts(section, subject, doc.id, extractor.scanner, doc.year)
                    fact_rows += rows
                    issues += problems
            continue
        items = list(extractor.scan(doc))
        for m in extractor.mentions(items, doc.id):
            mention_rows.append(mention_row(m, gazetteer))
            if m.located.status != "resolved":
                issues.append(Issue(m.located.status, m.name, m.doc, m.line, m.located.detail))
        rows, problems = example_facts(items, doc.id, doc.year)
        fact_rows += rows
        issues += problems
    mentions = mentions_frame(mention_rows)
    frame = register.with_examples(register.to_frame(register_rows), mentions, gazetteer, regions)
    facts = facts_frame(fact_rows)
    return Extraction(frame, mentions, facts, issues + check_facts(facts), [str(e) for e in errors])
