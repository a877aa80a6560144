"""Geocoder behaviour on the real gazetteer (boundaries are read once per session)."""

import pytest


@pytest.mark.parametrize("name, adcode, how", [
    ("山东济南", "370100", "short_form"),
    ("重庆永川区", "500118", "chain"),
    ("江苏溧阳", "320481", "short_form"),
    ("内蒙古自治区包头市", "150200", "chain"),
    ("章丘市", "370114", "historical_name"),
    ("遵义县", "520304", "historical_name"),
    ("平果县", "451082", "historical_name"),
    ("禄丰县", "532302", "historical_name"),  # a change the source writes as a sentence (2021)
    ("红河州", "532500", "short_form"),
    ("芷江县", "431228", "short_form"),
    ("琼海市", "469002", "exact"),
    ("东莞市", "441900", "exact"),
    ("海南琼中", "469030", "short_form"),
    ("科左中旗", "150521", "short_form"),  # 科尔沁左翼中旗
    ("通辽市科左后旗", "150522", "short_form"),
])
def test_short_forms_chains_and_renamed_units(geocoder, name, adcode, how):
    located = geocoder.resolve(name)
    assert located.status == "resolved", located.detail
    assert located.place.adcode == adcode
    assert located.resolved_by == how


def test_town_inside_county_inside_province(geocoder):
    located = geocoder.resolve("吉林公主岭范家屯镇")
    assert located.place.precision == "town"
    assert located.place.county_adcode == "220184"


def test_same_name_in_two_provinces_is_ambiguous_not_picked(geocoder):
    located = geocoder.resolve("朝阳区")
    assert located.status == "ambiguous"
    assert {p.adcode for p in located.candidates} == {"110105", "220104"}


def test_province_hint_decides(geocoder):
    assert geocoder.resolve("朝阳区", province="220000").place.adcode == "220104"


def test_context_tells_same_named_towns_apart(geocoder):
    assert geocoder.resolve("林海镇", province="220000").status == "ambiguous"
    located = geocoder.resolve("林海镇", province="220000", context="白城市是吉林省西部的中心城市")
    assert located.place.adcode == "220802"
    assert located.resolved_by.endswith("+context")
    assert geocoder.resolve("板桥镇", province="530000", context="地处保山城北").place.adcode == "530502"


def test_context_naming_no_candidate_leaves_it_ambiguous(geocoder):
    located = geocoder.resolve("板桥镇", province="530000", context="没有线索")
    assert located.status == "ambiguous" and len(located.candidates) == 3


def test_unknown_and_wrong_province_are_unresolved_with_a_reason(geocoder):
    unknown = geocoder.resolve("无此地方")
    assert unknown.status == "unresolved" and "no place" in unknown.detail
    wrong = geocoder.resolve("房山区", province="310000")
    assert wrong.status == "unresolved" and "310000" in wrong.detail
    assert geocoder.resolve("  ").status == "unresolved"


def test_a_new_area_heads_a_chain_of_what_lies_in_the_counties_it_spans(geocoder):
    located = geocoder.resolve("贵安新区高峰镇")  # 高峰镇 of 平坝区 (Anshun), one of the four counties it spans
    assert located.status == "resolved" and located.place.name == "高峰镇"
    assert located.place.adcode == "520403"
    assert geocoder.resolve("贵安新区高峰镇").place.key == geocoder.resolve("平坝区高峰镇").place.key


def test_a_new_area_read_from_the_text_holds_what_lies_in_the_unit_it_is_given():
    from atlas.places.gazetteer import Place
    from atlas.places.geocode import lies_in

    zone = Place("zone:410300:某新区", "某新区", "zone", "zone", "410300", "410000", "410300", None, 0.0, 0.0,
                 spans=("410300",))  # a zone found after its prefecture's name: it spans the prefecture
    town = Place("town:1", "某镇", "town", "town", "410311", "410000", "410300", "410311", 0.0, 0.0)
    elsewhere = Place("town:2", "某镇", "town", "town", "410102", "410000", "410100", "410102", 0.0, 0.0)
    assert lies_in(town, zone) and not lies_in(elsewhere, zone)
