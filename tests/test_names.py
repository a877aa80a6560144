import pytest

from atlas.places.names import admin_kind, normalize_name, short_forms


@pytest.mark.parametrize("name, level, expected", [
    ("红河哈尼族彝族自治州", "prefecture", ["红河州", "红河自治州", "红河"]),  # 湘西自治州: ethnic part left out
    ("芷江侗族自治县", "county", ["芷江县", "芷江自治县", "芷江"]),
    ("彭水苗族土家族自治县", "county", ["彭水县", "彭水自治县", "彭水"]),
    ("新疆维吾尔自治区", "province", ["新疆自治区", "新疆"]),
    ("内蒙古自治区", "province", ["内蒙古"]),
    ("广西壮族自治区", "province", ["广西自治区", "广西"]),
    ("北京市", "province", ["北京"]),
    ("准格尔旗", "county", ["准格尔", "准旗"]),  # a tribe of three characters or more: its first character
    ("莫力达瓦达斡尔族自治旗", "county", ["莫力达瓦旗", "莫力达瓦自治旗", "莫力达瓦", "莫旗"]),
    ("四子王旗", "county", ["四子王"]),  # 四旗 would be a count of banners
    ("杭锦旗", "county", ["杭锦"]),
    ("达尔罕茂明安联合旗", "county", ["达尔罕茂明安联合"]),  # a joint banner: abbreviated by its parts
    ("科尔沁左翼中旗", "county", ["科尔沁左翼中", "科左中旗"]),  # a tribe's wing and part: its first character
    ("阿拉善左旗", "county", ["阿拉善左", "阿左旗"]),
    ("鄂托克前旗", "county", ["鄂托克前", "鄂前旗"]),
    ("西乌珠穆沁旗", "county", ["西乌珠穆沁", "西乌旗"]),  # a side of the tribe's land
    ("正镶白旗", "county", ["正镶白"]),  # a banner of the Eight Banners: no wing, no part
    ("威县", "county", []),  # one character left: no short form
    ("城区", "county", []),
])
def test_short_forms(name, level, expected):
    assert short_forms(name, level) == expected


@pytest.mark.parametrize("name, level, kind", [
    ("北京市", "province", "municipality"),
    ("包头市", "prefecture", "prefecture_city"),
    ("孝义市", "county", "county_city"),
    ("章丘区", "county", "district"),
    ("芷江侗族自治县", "county", "autonomous_county"),
    ("红河州", "prefecture", "autonomous_prefecture"),
    ("准格尔旗", "county", "banner"),
    ("林海镇", "town", "town"),
    ("贵安新区", "zone", "new_area"),
    ("南昌高新区", "zone", "hightech_zone"),
])
def test_admin_kind(name, level, kind):
    assert admin_kind(name, level) == kind


def test_normalize_name_folds_width_and_space():
    assert normalize_name("浦东新区（临港地区）") == "浦东新区(临港地区)"
    assert normalize_name(" 津市市 — 澧县 ") == "津市市—澧县"
