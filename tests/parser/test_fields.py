"""Report fields: agency, kind, places (shared names, special zones), year, dates, sections, legacy figures."""

from reportparser import fields, regions
from reportparser.legacy import prose_figures
from reportparser.sections import split_sections


def _sample(n: int, seed: int = 0):
    import random
    from reportgen.places import divisions
    return random.Random(seed).sample(list(divisions()), n)


def test_places_resolve_with_ancestors():
    """A county's organ, printed with or without its city, resolves to its province and city (every
    sampled county whose name no other city shares)."""
    from reportgen.places import divisions
    shared = {d.county for d in divisions() if sum(o.county == d.county for o in divisions()) > 1}
    for d in _sample(80):
        p = regions.resolve(d.city + d.county + "人民政府")
        assert (p.province, p.city, p.county, p.level) == (d.province, d.city, d.county, "county")
        if d.county not in shared and d.county not in {x.city for x in divisions()}:
            p = regions.resolve(d.county + "人民政府")
            assert (p.province, p.city, p.county) == (d.province, d.city, d.county), d


def test_shared_district_name_settled_by_context():
    p = regions.resolve("鼓楼区人民政府", context="福州市鼓楼区2021年政府信息公开工作年度报告，福建省")
    assert (p.province, p.city) == ("福建省", "福州市")
    p = regions.resolve("鼓楼区人民政府", context="南京市鼓楼区")
    assert (p.province, p.city) == ("江苏省", "南京市")


def test_special_zones_resolve_to_the_division_they_govern():
    """Every declared zone, alone and with a department, resolves to the chain of its adcode."""
    for zone, code in regions.SPECIAL_ZONES.items():
        want = regions._chain(code)
        for name in (zone, zone + "管理委员会", zone + "财政局", zone + "地方税务局"):
            p = regions.resolve(name)
            assert (p.province, p.city, p.county) == (want.province, want.city, want.county), name


def test_agency_and_kind_from_title():
    from reportgen.places import KINDS
    for d in _sample(30, seed=2):
        for suffix, kind, *_ in KINDS["city"]:
            agency = d.city + suffix
            title = f"{agency}{2019 + len(suffix) % 5}年政府信息公开工作年度报告"
            assert fields.title_agency(title) == (agency, agency)
            assert fields.agency_kind(agency) == kind
            assert fields.title_year(title) == 2019 + len(suffix) % 5
            about = fields.read(title + f"\n本报告由{agency}编制。")
            assert (about.agency, about.agency_source) == (agency, "title")
    assert fields.agency_kind("某县人民政府办公室") == "人民政府办公室"   # kinds are read from the suffix alone
    assert fields.agency_kind("某市地方税务局") == "税务局"               # the 2008–2018 local tax bureaus


def test_published_dates():
    import datetime
    from reportgen.framing import cn_date
    assert fields.find_published("", {"published": "2022-02-08 16:34"}) == "2022-02-08"
    day = datetime.date(2009, 1, 1)
    for d in _sample(40, seed=3):
        day += datetime.timedelta(days=97)
        signoff = f"{d.city}人民政府\n{cn_date(day.year, day.month, day.day)}"
        assert fields.find_published(f"正文。\n{signoff}", {}) == day.isoformat()
        assert fields.find_published(f"正文。\n{d.city}人民政府\n{day.year}年{day.month}月{day.day}日", {}) == day.isoformat()


def test_sections_by_numbered_headings():
    text = ("一、总体情况 概况。二、主动公开政府信息情况 表。三、收到和处理政府信息公开申请情况 一、本年新收 四、结转下年度继续办理 "
            "四、政府信息公开行政复议、行政诉讼情况 表。五、存在的主要问题及改进情况 问题。六、其他需要报告的事项 无。")
    s = split_sections(text)
    assert s["applications"].startswith("三、收到和处理") and "结转下年度" in s["applications"]
    assert s["review_litigation"].startswith("四、政府信息公开行政复议")
    assert s["other"] == "六、其他需要报告的事项 无。"


def test_legacy_prose_figures_are_marked_as_prose():
    figs = prose_figures("全年共主动公开政府信息425条。全年未收到政府信息公开申请。")
    assert figs["active_disclosed"]["value"] == 425 and figs["active_disclosed"]["from"] == "prose"
    assert figs["applications_received"]["value"] == 0


def test_renamed_county_spellings_resolve():
    """Counties renamed since the division data was made (X县 -> X区 / X市, 赣县 -> 赣县区): every
    sampled alias resolves to its county, printed as the report prints it."""
    import random
    regions._load()
    for alias, code in random.Random(4).sample(sorted(regions.ALIASES.items()), 60):
        want = regions._chain(code)
        city = want.city if want.city != want.province else ""
        p = regions.resolve(f"{city}{alias}人民政府")
        assert (p.province, p.county) == (want.province, alias), alias


def test_traditional_place_names_survive_conversion():
    """Names OpenCC's t2s would fold although already simplified (乾安县 -> 干安县) are protected."""
    from reportparser.normalize import _protected_names, to_simplified
    for name in _protected_names()[:40]:
        text, script = to_simplified((name + "人民政府政府信息公開工作年度報告。") * 3)
        assert script == "traditional"
        assert name + "人民政府政府信息公开工作年度报告" in text, name


def test_unsettled_shared_name_is_noted():
    p = regions.resolve("鼓楼区人民政府")
    assert p.county == "鼓楼区" and p.note and "shared by several divisions" in p.note
