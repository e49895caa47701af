"""The organ grammar (reportparser/organs.py): names of real organs in every shape parse; the garbage
real reports put where an agency is expected (body headings, label lines, markdown marks, section
headings, page chrome, clauses of the first sentence, file names, bare places) never does.
Cases are generated from the divisions, the generator's agency kinds and the declared data."""

from __future__ import annotations

import random

import pytest

from reportgen.places import KINDS, divisions
from reportparser import chrome, labels, organs, regions
from reportparser.templates import SECTIONS


def _divisions(n: int, seed: int = 0):
    rng = random.Random(seed)
    return rng.sample(list(divisions()), n)


def test_every_generated_agency_kind_in_every_sampled_place_is_an_organ():
    for d in _divisions(60):
        for level, kinds in KINDS.items():
            prefix = {"province": d.province, "city": d.city, "county": d.county}[level]
            for suffix, kind, _w, _size in kinds:
                for name in {prefix + suffix, (d.city + d.county + suffix) if level == "county" else prefix + suffix}:
                    assert organs.parse(name), name
                    assert organs.kind(name) == kind, name


def test_townships_and_sub_districts_are_organs():
    for d in [d for d in divisions() if d.townships][:40]:
        for town in d.townships:
            suffix = "办事处" if town.endswith("街道") else "人民政府"
            assert organs.parse(d.county + town + suffix), d.county + town + suffix
            assert organs.parse(d.city + d.county + town + suffix)


@pytest.mark.parametrize("name,kind", [
    ("国家税务总局洛阳市税务局", "税务局"), ("中国人民银行洛阳市中心支行", "支行"), ("国家统计局洛阳调查队", "队"),
    ("教育部", "部"), ("审计署", "署"), ("平潭综合实验区", "综合实验区"), ("平潭综合实验区地方税务局", "税务局"),
    ("平潭综合实验区管委会办公室", "办公室"), ("雄安新区管理委员会", "管理委员会"), ("郑州航空港经济综合实验区", "综合实验区"),
    ("洛阳高新技术产业开发区管委会", "管理委员会"), ("洛阳市卫健委", "卫生健康委员会"), ("河南省人民政府办公厅", "人民政府办公厅"),
    ("洛阳市政府办公室", "人民政府办公室"), ("洛阳市公安局西工分局", "局"), ("北京市朝阳区人民政府", "人民政府"),
])
def test_organ_forms(name, kind):
    assert organs.parse(name), name
    assert organs.kind(name) == kind


def test_every_national_zone_is_an_area_of_its_own():
    for zone in list(regions.SPECIAL_ZONES) + ["雄安新区", "两江新区", "苏州工业园区"]:
        organ = organs.parse(zone)
        assert organ and organ.area == zone, zone
        assert organs.parse(zone + "管理委员会")


GARBAGE = [
    "正文", "发布日期：2021-01-29", "标题：洛阳市交通运输局", "# 洛阳市人民政府", "一、总体情况", "【字体:大 中 小】打印",
    "根据《中华人民共和国政府信息公开条例》规定，现公布洛阳市", "本年度报告是根据《中华人民共和国", "W020240225318745",
    "P020210112519043", "zfxxgk2023nb", "洛阳市", "河南省", "洛阳市2020年政府信息公开工作年度报告", "洛阳市人民政府门户网站",
    "某某县交通运输局", "某市司法局", "我局", "区管委会办公室", "市政府办公室", "当前位置：首页", "洛阳市司法局2020年",
    "2021年1月20日", "二〇二一年一月二十日", "洛阳市人民政府办公室根据", "由洛阳市司法局编制", "洛阳市司法局关于",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_is_never_an_organ(text):
    assert organs.parse(text) is None


def test_generated_garbage_is_never_an_organ():
    """Label lines of every declared label, section headings of every section, chrome lines, and
    clauses of first sentences, each around a real organ name."""
    rng = random.Random(3)
    for d in _divisions(20, seed=1):
        organ = d.city + rng.choice(["司法局", "人民政府", "统计局"])
        for label in labels.LABELS:
            assert organs.parse(f"{label}：{organ}") is None
        for _key, heading, _words in SECTIONS:
            assert organs.parse(heading) is None
            assert organs.parse(heading.split("、", 1)[1]) is None
        for clause in (f"根据条例规定{organ}编制", f"现将{organ}", f"本报告由{organ}编制", f"{organ}的",
                       f"{organ}年度报告", f"{organ}门户网站", f"主办单位{organ}"):
            assert organs.parse(clause) is None, clause


def test_chrome_lines_are_removed_and_marks_stripped():
    for line in ["【字体：大 中 小】 【打印】 【关闭】", "【字体:大 中 小】打印", "字号：大|中|小 打印本页 关闭窗口",
                 "分享到：微信 微博 QQ空间", "扫一扫在手机打开当前页", "当前位置：首页 > 政务公开 > 年报",
                 "首页 > 政府信息公开 > 政府信息公开年报", "上一篇：洛阳市司法局2019年政府信息公开工作年度报告",
                 "主办单位：洛阳市人民政府办公室 网站标识码：4103000001", "正文", "==================== 正文 ====================",
                 "首页 政务公开 政务服务 互动交流 走进洛阳"]:
        assert chrome.is_chrome(line), line
    assert chrome.clean_line("# 洛阳市人民政府") == "洛阳市人民政府"
    assert chrome.clean_line("## 一、总体情况") == "一、总体情况"
    assert chrome.clean_line("**洛阳市司法局2020年政府信息公开工作年度报告**") == "洛阳市司法局2020年政府信息公开工作年度报告"
    assert chrome.clean_line("发布时间：2021-01-29 浏览次数：123") == "发布时间：2021-01-29"
    assert not chrome.is_chrome("洛阳市司法局2020年政府信息公开工作年度报告")
    assert not chrome.is_chrome("洛阳市司法局 2020 年政府信息公开工作年度报告")


def test_label_lines_are_read_by_field():
    pairs = labels.read("索 引 号：11410300/2021-00012　　发布机构：洛阳市司法局　　发布日期：2021-01-29")
    assert pairs == [("index_no", "11410300/2021-00012"), ("agency", "洛阳市司法局"), ("published", "2021-01-29")]
    assert labels.read("标题：洛阳市司法局2020年政府信息公开工作年度报告") == [
        ("title", "洛阳市司法局2020年政府信息公开工作年度报告")]
    assert labels.read("一、总体情况") == []
    values, used = labels.collect(["发布机构：", "洛阳市司法局", "洛阳市司法局2020年政府信息公开工作年度报告"])
    assert values == {"agency": ["洛阳市司法局"]} and used == [0, 1]


def test_generated_chrome_lines_from_every_declared_entry():
    """Every example of every declared chrome entry is chrome alone and in random combinations, and
    chrome around a title or a label leaves the title or the label."""
    rng = random.Random(5)
    tokens = [e for _p, _why, examples in chrome.CHROME_TOKENS for e in examples]
    lines = [e for _p, _why, examples in chrome.CHROME_LINES for e in examples]
    for example in tokens + lines:
        assert chrome.is_chrome(example), example
    title = "开封市统计局2020年政府信息公开工作年度报告"
    for _ in range(300):
        picked = rng.sample(tokens, rng.randint(2, 4))
        assert chrome.is_chrome(rng.choice(["  ", " ", "　"]).join(picked)), picked
        assert chrome.clean_line(" ".join([picked[0], title, picked[1]])) == title
        assert chrome.clean_line(f"发布日期：2021-01-29 {picked[0]}") == "发布日期：2021-01-29"


def test_national_bodies_and_their_branches_are_organs_with_their_places():
    """Generated from the generator's declared national bodies and branch forms, over many places:
    a national body is an organ with no place; a branch names its place in full or short."""
    from reportgen.places import BRANCH_FORMS, CENTRAL_BODIES, pick_national

    for name, _kind in CENTRAL_BODIES:
        organ = organs.parse(name)
        assert organ and not organ.places and not organs.short_places(name), name
    rng = random.Random(7)
    forms = set()
    for _ in range(300):
        agency = pick_national(rng)
        organ = organs.parse(agency.name)
        assert organ, agency.name
        if agency.level == "unknown":
            continue
        forms.add(next(f for f in BRANCH_FORMS if agency.name.startswith(f[0]) and agency.name.endswith(f[2]))[:2])
        place = regions.resolve(agency.name, agency_places=organs.short_places(agency.name))
        assert (place.province, place.city, place.county) == (agency.province, agency.city, agency.county), agency.name
    assert forms == {f[:2] for f in BRANCH_FORMS}   # every form was drawn


def test_a_short_place_two_divisions_share_names_no_place():
    # 新乡 is 新乡市 and 新乡县, 鼓楼 four districts: the branch is an organ, its place is not read from its name
    for name in ("中华人民共和国新乡海关", "国家统计局鼓楼调查队", "国家统计局朝阳调查队"):
        assert organs.parse(name), name
        assert organs.short_places(name) == [], name
    assert organs.short_places("国家统计局洛阳调查队") == ["洛阳市"]
