"""Data checks: the MCA register against the boundary polygons, and the complete gazetteer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from atlas.places.mca_register import code_differences, divisions, register_date


def test_register_is_complete_at_four_levels():
    counts = pd.Series([d.level for d in divisions()]).value_counts().to_dict()
    assert counts[1] >= 31 and counts[2] >= 330 and counts[3] >= 2800 and counts[4] >= 38000
    assert register_date() == "2025-12-31"


def test_code_differences_with_the_package_polygons_are_the_known_ones():
    from atlas.places.boundaries import read_index
    from atlas.places.cache import DataPackage

    index = read_index(DataPackage.installed())
    rows = code_differences(dict(zip(index["adcode"], index["name"])))
    recoded = {(r[0], r[1]) for r in rows if r[3] == "recoded"}
    register_only = {r[0] for r in rows if r[3] == "register_only"}
    # Units renumbered after the polygons' snapshot: paired by province and name.
    assert ("431181", "431121") in recoded and ("610305", "610322") in recoded and ("450181", "450127") in recoded
    # New units with no polygon yet: reported, not geocoded.
    assert {"659011", "659012"} <= register_only
    assert len(recoded) + len(register_only) <= 20, rows


def test_the_boundaries_carry_the_register_codes(layers):
    names = {code: name for level in ("province", "prefecture", "county")
             for code, name in zip(layers[level]["adcode"], layers[level]["name"])}
    assert not [r for r in code_differences(names) if r[3] == "recoded"]
    assert names["450181"] == "横州市" and "450127" not in names


def test_a_unit_recoded_since_the_boundaries_were_drawn_has_its_register_code(geocoder):
    # 横县 became 横州市 in 2021 (450127 → 450181): the polygon the package still files under 450127
    # carries 450181, so the adcode every join and map uses is today's
    for name in ("横州市", "横县"):
        place = geocoder.resolve(name).place
        assert (place.adcode, place.code, place.name) == ("450181", "450181", "横州市")
    assert geocoder.resolve("凤翔县").place.adcode == "610305"
    assert geocoder.resolve("六景镇").place.code == "450181108"  # a town's own code, as before
    assert geocoder.resolve("六景镇").place.adcode == "450181"  # and its county's today
    assert geocoder.resolve("章丘区").place.code == "370114"  # a unit whose code did not change


def test_townships_resolve_to_their_county(geocoder):
    found = geocoder.resolve("蔡家坡镇")
    assert found.status == "resolved" and found.place.adcode == "610323"
    assert found.place.point_precision == "county"  # no seat point: the county's point
    assert geocoder.resolve("长安镇").status == "ambiguous"


def test_municipalities_resolve_as_themselves(geocoder):
    for name, code in (("北京", "110000"), ("北京市", "110000"), ("上海", "310000"), ("天津市", "120000"),
                       ("重庆市", "500000")):
        found = geocoder.resolve(name)
        assert (found.status, found.place.adcode) == ("resolved", code), name


def test_chain_with_an_unknown_tail_and_a_contradicting_chain(geocoder):
    found = geocoder.resolve("北京市朝阳区某某大厦")
    assert found.place.adcode == "110105" and "某某大厦" in found.detail
    assert geocoder.resolve("江苏省朝阳区").status == "unresolved"
    assert geocoder.resolve("偃师市").place.adcode == "410307"  # renamed: not 偃师 + an unknown 市


def test_renamed_units_of_several_eras(geocoder):
    for old, code in (("襄樊市", "420600"), ("思茅市", "530800"), ("蓟县", "120119"), ("滦县", "130284"),
                      ("海门市", "320614"), ("监利县", "421088"), ("龙港镇", "330383"), ("章丘市", "370114")):
        found = geocoder.resolve(old, province=code[:2] + "0000")
        assert found.status == "resolved" and found.place.adcode == code, (old, found)


def test_document_year_prefers_the_unit_that_bore_the_name(geocoder):
    # 龙港镇: a town of Cangnan until 2019 (now 龙港市), and towns elsewhere that still bear the name
    assert geocoder.resolve("龙港镇", prefer_provinces={"330000"}, year=2015).place.adcode == "330383"
    later = geocoder.resolve("龙港镇", year=2022)
    assert all(p.adcode != "330383" for p in later.candidates)


def test_curated_town_seats_are_register_townships_of_their_county(gazetteer):
    places = pd.read_csv(Path(__file__).resolve().parent.parent / "geodata" / "places.csv", dtype=str,
                         keep_default_na=False)
    for row in places[places["kind"] == "town"].itertuples():
        towns = [m.place for m in gazetteer.lookup(row.name) if m.how in ("township", "historical_name")]
        seated = [t for t in towns if t.adcode == row.adcode]
        # the town is in the MCA register under that county, or was renamed there (泽当镇 → 泽当街道)
        assert len(seated) == 1 and seated[0].key.startswith("town:"), row.name
        assert seated[0].seat and seated[0].point_precision == "town"
        assert (seated[0].lon, seated[0].lat) == (float(row.lon), float(row.lat))


def test_national_new_areas_are_cited_zones_in_the_unit_holding_all_they_span(layers, geocoder):
    from shapely.geometry import Point

    notes = pd.read_csv(Path(__file__).parent.parent / "geodata" / "new_areas.csv", dtype=str)
    assert len(notes) == 15 and notes["source"].str.contains("http").all()
    units = pd.concat([layers["county"], layers["prefecture"], layers["province"]]).drop_duplicates("adcode")
    units = units.set_index("adcode")
    for note in notes.itertuples():
        found = geocoder.resolve(note.name)
        assert found.status == "resolved" and found.place.precision == "zone", note.name
        spans = note.spans.split(";")
        assert set(found.place.spans) == set(spans) and all(code in units.index for code in spans)
        point = Point(found.place.lon, found.place.lat)
        assert units.loc[spans[0]].geometry.contains(point), note.name  # its point: in the first unit
        holder = units.loc[found.place.adcode].geometry  # its adcode: a unit holding every unit it spans
        assert holder.contains(point) and all(holder.buffer(1e-6).contains(units.loc[c].geometry) for c in spans)
        if len(spans) == 1:
            assert found.place.adcode == spans[0]
        else:
            assert found.place.adcode not in spans, note.name


def test_a_provinces_short_form_is_the_province_only(gazetteer, geocoder):
    # 河北区 (Tianjin), 河南蒙古族自治县 and 海南区 are written with their suffix; bare, the name is the province
    for bare, province in (("河北", "130000"), ("河南", "410000"), ("上海", "310000")):
        assert {m.place.adcode for m in gazetteer.lookup(bare)} == {province}
    assert geocoder.resolve("河北", prefer_provinces={"120000"}).place.adcode == "130000"
    assert geocoder.resolve("天津市河北区").place.adcode == "120105"
    assert {m.place.adcode for m in gazetteer.lookup("河南县")} == {"632324"}
    # a prefecture-level city named like its province keeps the short form, among cities
    assert {"220000", "220200"} <= {m.place.adcode for m in gazetteer.lookup("吉林")}


def test_a_town_made_a_subdistrict_is_found_by_its_former_name(gazetteer, geocoder):
    assert [(m.place.name, m.how) for m in gazetteer.lookup("钱清镇")] == [("钱清街道", "former_town")]
    assert geocoder.resolve("绍兴县钱清镇").place.adcode == "330603"
    # a town whose name held its kind keeps it whole: 真如镇 is 真如镇街道 (not 真如镇镇's)
    assert ("真如镇街道", "former_town") in [(m.place.name, m.how) for m in gazetteer.lookup("真如镇")]
    assert not gazetteer.lookup("城镇")  # the word for towns is never one (城镇街道)
    # a two-character former town is read inside a chain, never on its own
    assert geocoder.resolve("章丘区刁镇").place.name == "刁镇街道"


def test_a_township_whose_base_is_its_kind_is_written_with_it_once(gazetteer, geocoder):
    assert geocoder.resolve("桐乡市乌镇").place.name == "乌镇镇"  # 乌镇镇 (330483)
    assert geocoder.resolve("浙江省桐乡市乌镇").place.adcode == "330483"
    assert [m.place.name for m in gazetteer.lookup("乌镇") if m.place.adcode == "610828"] == ["乌镇"]


def test_a_county_moved_to_another_prefecture_is_read_after_its_former_one(tmp_path, geocoder, read_one):
    found = geocoder.resolve("六安市寿县")  # 寿县 is in 淮南市 since 2016
    assert (found.place.adcode, found.resolved_by) == ("340422", "exact+former_prefecture")
    assert "淮南市" in found.detail
    assert geocoder.resolve("杭州市寿县").status == "unresolved"  # another province: a contradiction still
    mentions = read_one("国务院同意将六安市寿县划归淮南市管辖。\n")
    assert "340422" in set(mentions["adcode"])


def test_a_chain_reads_past_one_link_the_gazetteer_does_not_know(geocoder):
    # 鄂尔古纳市 is a misspelling of 额尔古纳市; the town is the only one of its name in 呼伦贝尔市
    found = geocoder.resolve("呼伦贝尔市鄂尔古纳市莫尔道嘎镇")
    assert (found.status, found.place.name, found.place.adcode) == ("resolved", "莫尔道嘎镇", "150784")
    assert found.resolved_by.endswith("+unknown_link")
    assert geocoder.resolve("河北省某某县").status == "unresolved"  # no place after the unknown link
    # a new area's own part (某某新城) is such a link too
    assert geocoder.resolve("西咸新区沣西新城马王街道").place.name == "马王街道"


def test_a_new_area_district_is_written_without_its_kind(geocoder):
    assert geocoder.resolve("浦东").place.adcode == "310115"
    found = geocoder.resolve("浦东新场镇")
    assert (found.place.name, found.place.adcode) == ("新场镇", "310115")
    assert geocoder.resolve("清新").place.adcode == "441803"  # 清新区: 新 is its name's


def test_a_former_generic_district_is_read_after_its_city_only(gazetteer, geocoder):
    # 郊区, 城区, 东区… were held by dozens of cities: the former ones are named after their city
    assert geocoder.resolve("晋城市郊区").place.name == "泽州县"  # renamed 1996, not 阳泉's 郊区 moved
    assert geocoder.resolve("晋城郊区").place.adcode == "140525"
    assert geocoder.resolve("嘉兴市城区").place.name == "南湖区"
    assert geocoder.resolve("天津东郊区").place.name == "东丽区"
    assert geocoder.resolve("阳泉市郊区").place.adcode == "140311"  # today's 郊区 stays itself
    assert geocoder.resolve("郊区").status == "ambiguous"
    assert geocoder.resolve("衡阳市城南区").place.name == "雁峰区"  # 城南区 too, never bare 城南
    assert not gazetteer.lookup("城南")


def test_a_township_made_a_town_is_found_by_its_old_name_beside_its_county(geocoder):
    # 撤乡设镇: the register holds 榆中县's 新营镇; 宁夏 still has a 新营乡, which wins without context
    assert [m.place.name for m in geocoder.gazetteer.lookup("新营乡") if m.how == "former_town"]
    assert geocoder.resolve("榆中县新营乡").place.name == "新营镇"
    assert geocoder.resolve("新营乡", context="榆中县连搭乡、新营乡").place.adcode == "620123"
