"""The build manifest: an unchanged build stops before reading anything; any change is seen."""

from __future__ import annotations

import os
import subprocess
import sys

from atlas.pipeline import unchanged_report
from atlas.publishing import manifest


def _recorded(tmp_path, settings="s"):
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    (docs / "a.txt").write_text("河北省威县", encoding="utf-8")
    page = out / "maps" / "p.html"
    page.parent.mkdir(parents=True)
    page.write_text("<p>", encoding="utf-8")
    inputs = manifest.inputs_fingerprint(docs, None, settings)
    manifest.record(out, "content", [page], inputs, ["register: 1 places"], ["b.doc: unreadable"])
    return docs, out, page


def test_unchanged_inputs_give_the_recorded_report(tmp_path):
    docs, out, page = _recorded(tmp_path)
    report = unchanged_report(out, docs, None, "s")
    assert report.unchanged and report.register is None
    assert report.written == [page]
    assert report.lines() == ["register: 1 places", "skipped: b.doc: unreadable"]


def test_any_change_is_a_rebuild(tmp_path):
    docs, out, page = _recorded(tmp_path)
    assert unchanged_report(out, docs, None, "other settings") is None
    (docs / "a.txt").write_text("河北省威县。", encoding="utf-8")
    assert unchanged_report(out, docs, None, "s") is None


def test_new_document_or_damaged_output_is_a_rebuild(tmp_path):
    docs, out, page = _recorded(tmp_path)
    os.mkfifo(docs / "pipe.txt")  # listed, never opened
    assert unchanged_report(out, docs, None, "s") is None
    (docs / "pipe.txt").unlink()
    assert unchanged_report(out, docs, None, "s") is not None
    page.write_text("<p>changed", encoding="utf-8")
    assert unchanged_report(out, docs, None, "s") is None


def test_missing_sources_is_no_report(tmp_path):
    assert unchanged_report(tmp_path / "out", tmp_path / "absent", None, "s") is None


def test_the_check_imports_nothing_heavy(tmp_path):
    docs, out, _ = _recorded(tmp_path)
    code = ("import sys; from pathlib import Path; from atlas.pipeline import unchanged_report; "
            f"r = unchanged_report(Path({str(out)!r}), Path({str(docs)!r}), None, 's'); "
            "print(r.unchanged, sorted(m for m in ('pandas', 'numpy', 'geopandas', 'folium', 'matplotlib') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True []"
