"""Users' own tables: geocode and join commands, bad rows and bad files."""

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pytest

from atlas.cli import EXIT_FATAL, EXIT_OK, main
from atlas.places.usertables import TableWriter, geocode_file, join_file


def test_geocode_file_every_row_gets_a_status_and_reason(tmp_path, geocoder):
    src = tmp_path / "names.csv"
    src.write_text("name,prov\n章丘市,山东\n朝阳区,\n,\n吉林公主岭范家屯镇,\n无此地,\n朝阳区,吉林\n朝阳区,火星\n",
                   encoding="utf-8")
    report = geocode_file(src, tmp_path / "out.csv", "name", "prov", geocoder, quiet=True, chunk_rows=3)
    out = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    assert len(out) == 7 and report.rows == 7 and report.problems == 4
    assert out["adcode"].tolist()[:1] == ["370114"] and out.loc[5, "adcode"] == "220104"
    assert out["status"].tolist() == ["resolved", "ambiguous", "unresolved", "resolved", "unresolved", "resolved",
                                      "unresolved"]
    assert out.loc[2, "reason"] == "empty name" and "火星" in out.loc[6, "reason"]
    assert report.examples[0].startswith("row 3:")  # file line numbers, header is line 1


def test_geocode_gbk_csv_and_parquet_output(tmp_path, geocoder):
    src = tmp_path / "gbk.csv"
    src.write_bytes("地名\n河北省威县\n".encode("gb18030"))
    geocode_file(src, tmp_path / "out.parquet", "地名", None, geocoder, quiet=True)
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert out.loc[0, "adcode"] == "130533"


def test_join_file_flags_bad_coordinates_and_writes_geoparquet(tmp_path, layers):
    src = tmp_path / "pts.csv"
    src.write_text("id,x,y\n1,116.39747,39.90872\n2,abc,30\n3,200,30\n4,0,0\n5,86.05,44.3\n", encoding="utf-8")
    report = join_file(src, tmp_path / "out.geoparquet", layers, "x", "y", quiet=True, chunk_rows=2)
    out = gpd.read_parquet(tmp_path / "out.geoparquet")
    assert out["county_adcode"].tolist()[0] == "110101" and out["province_adcode"].tolist()[4] == "650000"
    assert out["join_status"].tolist() == ["joined", "not joined", "not joined", "not joined", "joined"]
    assert "not a number" in out.loc[1, "join_reason"] and "out of range" in out.loc[2, "join_reason"]
    assert report.problems == 3 and out.geometry.iloc[0].x == pytest.approx(116.39747)


def test_missing_column_is_one_clear_error(tmp_path, capsys, layers):
    src = tmp_path / "pts.csv"
    src.write_text("name\n北京\n", encoding="utf-8")
    code = main(["join", str(src), "-o", str(tmp_path / "o.csv"), "-q"])
    err = capsys.readouterr().err.strip()
    assert code == EXIT_FATAL and "no column 'lon'" in err and "columns: name" in err and "\n" not in err
    assert not (tmp_path / "o.csv").exists()  # nothing half-written


def test_cli_geocode_exit_ok(tmp_path, capsys, layers):
    src = tmp_path / "n.csv"
    src.write_text("n\n重庆永川区\n", encoding="utf-8")
    assert main(["geocode", str(src), "--name-col", "n", "-o", str(tmp_path / "o.csv")]) == EXIT_OK
    assert "1 rows, 0 not resolved" in capsys.readouterr().out


def test_writer_leaves_no_file_on_failure(tmp_path):
    writer = TableWriter(tmp_path / "x.parquet")
    writer.write(pd.DataFrame({"a": [1]}))
    writer.close(ok=False)
    assert list(tmp_path.iterdir()) == []


def test_join_on_a_local_dask_cluster(tmp_path, layers):
    dask_geopandas = pytest.importorskip("dask_geopandas")
    points = gpd.GeoDataFrame({"id": [1, 2, 3, 4]}, crs="EPSG:4326",
                              geometry=gpd.points_from_xy([116.39747, 121.9, 0.0, 86.05], [39.90872, 30.9, 0.0, 44.3]))
    dask_geopandas.from_geopandas(points, npartitions=2).to_parquet(str(tmp_path / "in"))
    assert main(["join", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--dask", "--workers", "2", "-q"]) == EXIT_OK
    out = gpd.read_parquet(tmp_path / "out").sort_values("id")
    assert len(list((tmp_path / "out").glob("*.parquet"))) == 2  # partitioned out
    assert out["county_adcode"].tolist()[:2] == ["110101", "310115"] and out["province_adcode"].tolist()[3] == "650000"
    assert out["join_status"].tolist() == ["joined", "joined", "not joined", "joined"]


def _mixed_points() -> pd.DataFrame:
    """Points in counties, at sea, outside China, out of range, missing and not numbers, with other columns."""
    lon = [116.39747, 121.9, 0.0, 200.0, None, 86.05, 125.0, 113.26, 91.1, 116.39747, 87.6, 108.9]
    lat = [39.90872, 30.9, 0.0, 30.0, 30.0, 44.3, 35.0, 23.13, 29.65, None, 43.8, 34.3]
    return pd.DataFrame({"id": range(len(lon)), "lon": lon, "lat": lat, "note": [f"p{i}" for i in range(len(lon))],
                         "flag": [i % 2 == 0 for i in range(len(lon))]})


@pytest.mark.parametrize("case", ["numbers", "text coordinates", "a county column", "gcj02", "integers with gaps",
                                  "not written by pandas"])
def test_parquet_join_through_arrow_writes_what_pandas_writes(tmp_path, layers, monkeypatch, case):
    import atlas.places.usertables as usertables

    points = _mixed_points()
    if case == "text coordinates":  # not-a-number reasons quote the values as written
        points["lon"] = points["lon"].astype(str).str.replace("200.0", "东经200").replace("nan", "abc")
    if case == "a county column":  # the added columns get a join_ prefix
        points["county"] = "x"
    if case == "integers with gaps":  # pandas makes floats of integers with gaps in the first chunk, not later
        points["first_gap"] = pd.array([None] + list(range(1, len(points))), dtype="Int64").astype(object)
        points["later_gap"] = pd.array(list(range(len(points) - 1)) + [None], dtype="Int64").astype(object)
        points = points.astype({"first_gap": "Int64", "later_gap": "Int64"})
    src = tmp_path / "in.parquet"
    points.to_parquet(src, index=False)
    if case == "not written by pandas":  # no pandas metadata: integers with gaps become floats, text large_string
        import pyarrow as pa

        table = pq.read_table(src).replace_schema_metadata(None)
        table = table.append_column("gaps", pa.array([None, *range(1, len(points))], pa.int64()))
        pq.write_table(table.set_column(3, "note", table["note"].cast(pa.string())), src)
    datum = "gcj02" if case == "gcj02" else "wgs84"
    assert usertables._types_through_pandas(pq.ParquetFile(src).read_row_group(0).to_batches()[0]) is not None
    fast = join_file(src, tmp_path / "fast.parquet", layers, quiet=True, chunk_rows=5, datum=datum)
    monkeypatch.setattr(usertables, "_types_through_pandas", lambda first: None)  # the pandas way, as for any input
    plain = join_file(src, tmp_path / "plain.parquet", layers, quiet=True, chunk_rows=5, datum=datum)
    assert (tmp_path / "fast.parquet").read_bytes() == (tmp_path / "plain.parquet").read_bytes()
    assert (fast.rows, fast.problems, fast.examples, fast.outside, fast.swapped_inside) == \
        (plain.rows, plain.problems, plain.examples, plain.outside, plain.swapped_inside)
    out = pd.read_parquet(tmp_path / "fast.parquet")
    prefix = "join_" if case == "a county column" else ""
    assert out[f"{prefix}province_adcode"].tolist()[:2] == ["110000", "310000"]
    assert out[f"{prefix}join_status"].tolist().count("not joined") == fast.problems == 5
    if case == "text coordinates":
        assert "not a number: lon='东经200'" in out[f"{prefix}join_reason"].iloc[3]


def test_parquet_join_of_unusual_column_types_goes_through_pandas(tmp_path, layers):
    """A column pandas would change (here dates) takes the pandas way: the output is what it always was."""
    import datetime

    points = _mixed_points().assign(day=datetime.date(2024, 1, 2))
    src = tmp_path / "in.parquet"
    points.to_parquet(src, index=False)
    join_file(src, tmp_path / "out.parquet", layers, quiet=True)
    out = pd.read_parquet(tmp_path / "out.parquet")
    assert out["day"].tolist()[0] == datetime.date(2024, 1, 2) and out["county_adcode"].iloc[0] == "110101"
