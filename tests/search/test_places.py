"""Short and traditional place names (河南, 洛阳, 廣西, 内蒙古) in gia-search flags, in
`province:`/`city:`/`county:` query terms, and in `gia archive` filters — one resolver for all."""

import pytest

from gia.archive import Archive
from gia.errors import UsageError
from indexer import update_index
from tests.samples import make_record
from search_cli import search
from search_cli.main import main as search_main
from search_cli.places import core, division_names, resolve_place

# (province, city, county) added to the sample records, so every suffix kind is present.
PLACES = [
    ("广西壮族自治区", "南宁市", "青秀区"),
    ("内蒙古自治区", "呼和浩特市", None),
    ("新疆维吾尔自治区", "乌鲁木齐市", None),
    ("宁夏回族自治区", "银川市", None),
    ("香港特别行政区", None, None),
    ("北京市", None, "朝阳区"),
    ("辽宁省", "朝阳市", "朝阳县"),
    ("吉林省", "延边朝鲜族自治州", "延吉市"),
]
N = 40


def _records():
    out = [make_record(i) for i in range(N)]
    for j, (province, city, county) in enumerate(PLACES):
        r = make_record(N + j)
        r.update(id=f"place-{j}", province=province, city=city, county=county)
        out.append(r)
    return out


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("places") / "arch")
    for r in _records():
        a.write_record(r)
    update_index(a.root)
    return a.root


def _ids(result):
    return {h["id"] for h in result["hits"]}


def _expected(key, value):
    return {r["id"] for r in _records() if r.get(key) == value}


KNOWN_PROVINCES = {r["province"] for r in _records()}


@pytest.mark.parametrize("typed, value", [
    ("河南省", "河南省"), ("河南", "河南省"), ("广西", "广西壮族自治区"), ("廣西", "广西壮族自治区"),
    ("广西壮族自治区", "广西壮族自治区"), ("内蒙古", "内蒙古自治区"), ("新疆", "新疆维吾尔自治区"),
    ("宁夏", "宁夏回族自治区"), ("香港", "香港特别行政区"), ("北京", "北京市"), ("河南省 ", "河南省"),
])
def test_resolve_province(typed, value):
    assert resolve_place("province", typed, KNOWN_PROVINCES) == value


def test_resolve_city_county_and_unknown():
    cities = {r["city"] for r in _records() if r["city"]}
    assert resolve_place("city", "洛阳", cities) == "洛阳市"
    assert resolve_place("city", "洛陽市", cities) == "洛阳市"
    assert resolve_place("city", "延边", cities) == "延边朝鲜族自治州"
    assert resolve_place("city", "朝阳", cities) == "朝阳市"  # one city of that name
    assert resolve_place("province", "火星", KNOWN_PROVINCES) == "火星"  # matches nothing, no error


def test_ambiguous_name_lists_candidates():
    with pytest.raises(UsageError) as err:
        resolve_place("county", "朝阳", {"朝阳区", "朝阳县", "西工区"})
    assert "朝阳区" in str(err.value) and "朝阳县" in str(err.value) and "西工区" not in str(err.value)
    # the one whose own core is the typed name wins over longer names starting with it
    assert resolve_place("county", "丰", {"丰县", "丰台区"}) == "丰县"
    with pytest.raises(UsageError):
        resolve_place("county", "和平", {"和平区", "和平县"})


def test_core_strips_one_suffix():
    assert [core(x) for x in ("河南省", "广西壮族自治区", "内蒙古自治区", "洛阳市", "延边朝鲜族自治州", "锡林郭勒盟", "市")] == \
        ["河南", "广西", "内蒙古", "洛阳", "延边朝鲜族", "锡林郭勒", "市"]


def test_division_list_levels():
    assert {"河南省", "广西壮族自治区"} <= division_names("province")
    assert "洛阳市" in division_names("city") and "洛阳市" not in division_names("province")
    assert "西工区" in division_names("county")


@pytest.mark.parametrize("flag, typed, key, value", [
    ("province", "河南", "province", "河南省"), ("province", "廣西", "province", "广西壮族自治区"),
    ("province", "内蒙古", "province", "内蒙古自治区"), ("city", "洛阳", "city", "洛阳市"),
    ("county", "西工", "county", "西工区"),
])
def test_search_flag_short_name_equals_full_name(root, flag, typed, key, value):
    short = search(root, "", limit=1000, facets=[], **{flag: typed})
    assert _ids(short) == _expected(key, value) and short["total"] > 0
    assert _ids(short) == _ids(search(root, "", limit=1000, facets=[], **{flag: value}))


def test_issue_example_province_and_year(root):
    res = search(root, "行政复议", province="河南", year="2020", limit=1000, facets=[])
    full = search(root, "行政复议", province="河南省", year="2020", limit=1000, facets=[])
    assert res["total"] == full["total"] and _ids(res) == _ids(full)
    assert all(h["province"] == "河南省" and h["year"] == 2020 for h in res["hits"])


def test_comma_list_of_short_names(root):
    res = search(root, "", province="河南,广西", limit=1000, facets=[])
    assert _ids(res) == _expected("province", "河南省") | _expected("province", "广西壮族自治区")


def test_query_terms_resolve_too(root):
    assert _ids(search(root, "province:河南", limit=1000, facets=[])) == _expected("province", "河南省")
    assert _ids(search(root, "city:洛陽", limit=1000, facets=[])) == _expected("city", "洛阳市")
    with pytest.raises(UsageError, match="county:朝阳 is ambiguous"):
        search(root, "county:朝阳", limit=10, facets=[])


def test_ambiguous_flag_is_one_line_exit_2(root, capsys):
    assert search_main(["--county", "朝阳", "--archive", str(root)]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "朝阳区" in err and "朝阳县" in err and "Traceback" not in err
    # the full name is not ambiguous
    assert search_main(["--county", "朝阳区", "--archive", str(root), "--json"]) == 0


def test_gia_archive_filters_resolve_the_same_way(root, capsys):
    from search_cli.browse import records

    archive = Archive(root)
    for flag, typed in (("province", "河南"), ("province", "廣西"), ("city", "洛阳"), ("county", "西工")):
        got = {r["id"] for _p, r in records.load(archive, {flag: typed})}
        assert got == _ids(search(root, "", limit=1000, facets=[], **{flag: typed}))
        assert got
    with pytest.raises(UsageError):
        records.load(archive, {"county": "朝阳"})
    # another filter that leaves one candidate settles it (北京's 朝阳区)
    got = {r["id"] for _p, r in records.load(archive, {"county": "朝阳", "province": "北京"})}
    assert got == {"place-5"}
    # without the records at hand (gia serve), the official division list is used
    keep = records.matcher({"province": "河南"})
    assert keep({"province": "河南省"}) and not keep({"province": "河北省"})
