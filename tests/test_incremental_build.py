"""Incremental builds: one changed place redraws only the pages and atlas sheets that show it, and the
result is byte for byte a full build of the same inputs."""

from __future__ import annotations

import json

import pytest

from atlas.publishing import manifest

REGISTER = "name,batch,role\n河北省威县,1,pilot\n湖北省宜城市,2,pilot\n浙江省义乌市,1,pilot\n"


def _stamps(folder):
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def _bytes(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, layers):
    from atlas.pipeline import build

    folder = tmp_path_factory.mktemp("incremental")
    mine = folder / "mine.csv"  # one file: its name is in every row's sources
    mine.write_text(REGISTER, encoding="utf-8")
    incremental, full = folder / "incremental", folder / "full"
    build(incremental, register_csv=mine)
    before = _stamps(incremental)
    mine.write_text(REGISTER.replace("浙江省义乌市,1", "浙江省义乌市,3"), encoding="utf-8")
    build(incremental, register_csv=mine)
    build(full, register_csv=mine, force=True)
    return incremental, full, before, _stamps(incremental)


def test_incremental_build_equals_full_build(builds):
    incremental, full, _, _ = builds
    assert _bytes(incremental) == _bytes(full)


def test_only_what_shows_the_changed_place_is_redrawn(builds):
    incremental, _, before, after = builds
    redrawn = {rel for rel, stamp in after.items() if before.get(rel) != stamp}
    zhejiang, hebei = "regions/province-330000.html", "regions/province-130000.html"
    assert zhejiang in redrawn and "regions/region-east.html" in redrawn and "maps/overview.html" in redrawn
    assert hebei not in redrawn and "static/regions/province-130000.png" not in redrawn
    assert "static/regions/province-420000.svg" not in redrawn
    assert "atlas.pdf" in redrawn
    jobs = json.loads((incremental / manifest.MANIFEST).read_text(encoding="utf-8"))["outputs"]
    parts = {rel for key, job in jobs.items() if key.startswith("atlas.pdf:") for rel in job["files"]}
    assert 0 < len(parts & redrawn) < len(parts), "some sheets of the printable atlas kept, some redrawn"


def test_a_damaged_output_is_redrawn(builds, tmp_path):
    import shutil

    from atlas.pipeline import build

    incremental, full, _, _ = builds
    out = tmp_path / "out"
    shutil.copytree(incremental, out)
    (out / "regions" / "province-130000.html").write_text("edited", encoding="utf-8")
    (out / "static" / "regions" / "province-420000.png").unlink()
    build(out, register_csv=incremental.parent / "mine.csv")  # same content: only the damaged files are redrawn
    assert _bytes(out) == _bytes(full)


def test_web_only_build_removes_print_outputs_and_a_full_build_brings_them_back(builds, tmp_path):
    import shutil

    from atlas.pipeline import build

    _, full, _, _ = builds
    mine = full.parent / "mine.csv"
    out = tmp_path / "out"
    shutil.copytree(full, out)
    edited = out / ".pilot-atlas-pdf" / "part-000.pdf"
    edited.write_bytes(b"my own notes")  # a file someone changed is never deleted
    build(out, register_csv=mine, print_outputs=False)
    now = _bytes(out)
    printed = {rel for rel in now if rel.endswith((".png", ".svg", ".pdf")) and not rel.startswith("summaries/")}
    assert printed == {".pilot-atlas-pdf/part-000.pdf"} and now[".pilot-atlas-pdf/part-000.pdf"] == b"my own notes"
    index = now["index.html"].decode("utf-8")
    assert "atlas.pdf" not in index and "static/" not in index
    reference = _bytes(full)
    assert all(now[rel] == reference[rel] for rel in now if rel.endswith(".html") and rel != "index.html")
    build(out, register_csv=mine)  # images and atlas.pdf drawn again, the same as before
    assert _bytes(out) == reference
