"""Report fields: agency, kind, places (shared names, special zones), year, dates, sections, legacy figures."""

from reportparser import fields, regions
from reportparser.legacy import prose_figures
from reportparser.sections import split_sections


def test_places_resolve_with_ancestors():
    p = regions.resolve("淮安市洪泽区人民政府")
    assert (p.province, p.city, p.county, p.level) == ("江苏省", "淮安市", "洪泽区", "county")
    p = regions.resolve("洪泽区人民政府")
    assert (p.province, p.city, p.county) == ("江苏省", "淮安市", "洪泽区")


def test_shared_district_name_settled_by_context():
    p = regions.resolve("鼓楼区人民政府", context="福州市鼓楼区2021年政府信息公开工作年度报告，福建省")
    assert (p.province, p.city) == ("福建省", "福州市")
    p = regions.resolve("鼓楼区人民政府", context="南京市鼓楼区")
    assert (p.province, p.city) == ("江苏省", "南京市")


def test_special_zone():
    p = regions.resolve("平潭综合实验区地方税务局")
    assert (p.province, p.city, p.county) == ("福建省", "福州市", "平潭县")


def test_agency_and_kind_from_title():
    title = "洛阳市司法局2020年政府信息公开工作年度报告"
    assert fields.title_agency(title) == ("洛阳市司法局", "洛阳市司法局")
    assert fields.agency_kind("洛阳市司法局") == "司法局"
    assert fields.agency_kind("某县人民政府办公室") == "人民政府办公室"
    assert fields.agency_kind("某省人民政府办公厅") == "人民政府办公厅"
    assert fields.agency_kind("平潭综合实验区") == "综合实验区"   # a special area is its own kind
    assert fields.title_year(title) == 2020
    about = fields.read(title + "\n本报告由洛阳市司法局编制。")
    assert (about.agency, about.agency_source, about.year) == ("洛阳市司法局", "title", 2020)


def test_published_dates():
    assert fields.find_published("", {"published": "2022-02-08 16:34"}) == "2022-02-08"
    assert fields.find_published("正文。\n平潭综合实验区\n二○一二年二月二十日", {}) == "2012-02-20"


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


def test_renamed_county_spelling_resolves():
    p = regions.resolve("昆明市晋宁区人民政府")
    assert (p.province, p.city, p.county, p.level) == ("云南省", "昆明市", "晋宁区", "county")


def test_traditional_place_names_survive_conversion():
    from reportparser.normalize import to_simplified
    # OpenCC's t2s folds 乾 to 干 even in 乾安县; gazetteer names are protected
    text, script = to_simplified("乾安县人民政府政府信息公開工作年度報告。" * 3)
    assert script == "traditional"
    assert "乾安县人民政府政府信息公开工作年度报告" in text


def test_unsettled_shared_name_is_noted():
    p = regions.resolve("鼓楼区人民政府")
    assert p.county == "鼓楼区" and p.note and "shared by several divisions" in p.note
