"""What an organ is: the grammar an agency name must parse by, declared here as data.

A report's agency is accepted only when it parses as an organ (fields.py collects the candidates
from the title, headings, label lines, the sign-off, the first sentence, metadata and hints):

    organ  = prefix+ [body] suffix       洛阳市 | 司法局        商丘市 睢阳区 | 人民政府
                                          国家税务总局 洛阳市 | 税务局
           | area                        平潭综合实验区   (a special area that reports as a body of its own)
           | one of CENTRAL_ORGANS       教育部           (State Council bodies: no place in the name)
           | an ORGAN_PREFIX with a suffix  国家统计局    (the national body itself, not a branch)
    prefix = division                    a name of data/divisions.tsv (regions): 河南省, 洛阳市, 睢阳区
           | area                        [division or its short name] [words] one of AREA_SUFFIXES:
                                         洛阳高新技术产业开发区, 郑州航空港经济综合实验区; or a national zone
                                         of regions.SPECIAL_ZONES (雄安新区)
           | one of ORGAN_PREFIXES       a national body whose local branches carry its name first,
                                         then the place in full or short (国家统计局洛阳调查队,
                                         中华人民共和国洛阳海关: a division's short name right after it)
    body   = the department's own words (townships, bureaus, branches): Chinese characters only,
             at most MAX_BODY, none of the words in NOT_IN_NAMES
    suffix = one of SUFFIXES

A bare division (洛阳市) names a place, not an organ. Names are taken as printed (whitespace removed
by the caller): nothing is renamed; `kind` classifies a name by KINDS (longest suffix wins; the few
printed variants that fold to one kind say why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportparser import regions

# suffix -> why an organ may end with it (longest match is tried first)
SUFFIXES: dict[str, str] = {
    "人民政府": "the government of a division (省/市/县/区/乡/镇人民政府)",
    "办公厅": "general offices of provincial governments and ministries (某省人民政府办公厅)",
    "办公室": "general offices of city and county governments, of departments and of 管委会",
    "局": "departments of city and county governments (司法局, 统计局), their 分局, national 总局",
    "厅": "departments of provincial governments (司法厅, 教育厅)",
    "委员会": "commissions (卫生健康委员会, 发展和改革委员会) and the 管理委员会 of special areas",
    "委": "printed short forms of commissions (卫健委, 发改委), kept as printed",
    "管委会": "printed short form of 管理委员会 (开发区管委会)",
    "署": "agencies named 署 (审计署, 海关总署 and its 分署)",
    "办事处": "街道办事处 (sub-district offices) and the 办事处 of areas",
    "中心": "service and administration centres that disclose on their own (政务服务中心, 公共资源交易中心)",
    "院": "institutes, hospitals, courts and procuratorates that publish reports (研究院, 人民法院)",
    "海关": "customs offices (某某海关)",
    "部": "State Council ministries (教育部) and the 部 of joint party-government organs",
    "馆": "archives, libraries and museums (档案馆, 图书馆, 博物馆)",
    "处": "units named 处 (公路管理处, 水利管理处)",
    "所": "institutes and township offices named 所 (研究所, 司法所)",
    "队": "teams and brigades (调查队, 综合行政执法大队, 支队)",
    "分行": "branches of national banks under vertical management (中国人民银行某某分行)",
    "支行": "sub-branches of national banks under vertical management (中国人民银行某某中心支行)",
    "联合会": "people's organisations that disclose as public bodies (残疾人联合会)",
    "工会": "trade union federations (总工会)",
    "协会": "associations that disclose as public bodies (科学技术协会)",
    "红十字会": "Red Cross societies",
    "合作社": "supply and marketing cooperatives (供销合作社)",
}

# a special area: reports as a body of its own, and heads the names of its departments
AREA_SUFFIXES: dict[str, str] = {
    "综合实验区": "comprehensive experimental zones (平潭综合实验区, 郑州航空港经济综合实验区)",
    "新区": "national- and provincial-level new areas (雄安新区, 两江新区, 某某新区)",
    "高新技术产业开发区": "high-tech industrial development zones (printed in full)",
    "经济技术开发区": "economic and technological development zones",
    "经济开发区": "economic development zones",
    "开发区": "development zones of any kind",
    "高新区": "high-tech zones (printed short form)",
    "工业园区": "industrial parks governed by a 管委会 (苏州工业园区)",
    "产业园区": "industrial parks governed by a 管委会",
    "保税区": "bonded zones governed by a 管委会",
    "自由贸易试验区": "pilot free trade zones",
    "示范区": "demonstration zones with their own administration",
    "合作区": "cooperation zones with their own administration (深汕特别合作区)",
    "旅游度假区": "tourist resorts governed by a 管委会",
    "风景名胜区": "scenic areas governed by a 管委会",
}

# national bodies whose local branches are named after them, before the place
ORGAN_PREFIXES: dict[str, str] = {
    "国家税务总局": "tax bureaus under vertical management (国家税务总局洛阳市税务局)",
    "中国人民银行": "branches of the central bank (中国人民银行洛阳市中心支行)",
    "国家金融监督管理总局": "financial regulators' local offices (国家金融监督管理总局洛阳监管分局)",
    "中国证券监督管理委员会": "securities regulators' local bureaus",
    "国家统计局": "survey teams of the national statistics bureau (国家统计局洛阳调查队)",
    "国家外汇管理局": "foreign exchange administration branches",
    "中华人民共和国": "organs printed with the state's name first (中华人民共和国某某海关)",
    "国家": "national administrations (国家统计局, 国家林业和草原局)",
    "国务院": "State Council bodies (国务院办公厅, 国务院国有资产监督管理委员会)",
}

# organs with no place in their name: the State Council's constituent departments (国务院组成部门)
CENTRAL_ORGANS: tuple[str, ...] = (
    "国务院", "外交部", "国防部", "国家发展和改革委员会", "教育部", "科学技术部", "工业和信息化部", "国家民族事务委员会",
    "公安部", "国家安全部", "民政部", "司法部", "财政部", "人力资源和社会保障部", "自然资源部", "生态环境部",
    "住房和城乡建设部", "交通运输部", "水利部", "农业农村部", "商务部", "文化和旅游部", "国家卫生健康委员会",
    "退役军人事务部", "应急管理部", "中国人民银行", "审计署", "海关总署",
)

# the offices county bureaus keep in each township, named for it (城关镇司法所, 城关镇财政所): a
# report of one is a township's (fields.level_of)
TOWNSHIP_OFFICES: tuple[str, ...] = ("司法所", "财政所", "自然资源所", "市场监督管理所")

# words no organ name contains, by why they turn up where a name is expected
NOT_IN_NAMES: dict[str, tuple[str, ...]] = {
    "words of a report title": ("报告", "年度", "年报", "信息公开", "政务公开"),
    "words of a sentence (a clause read as a name)": ("根据", "依据", "按照", "现将", "现公布", "编制", "条例", "以下简称",
                                                      "关于", "的", "要求", "规定", "印发", "通知", "我", "本", "其", "情况"),
    "words of page chrome and label lines": ("正文", "标题", "日期", "发布", "来源", "字体", "打印", "关闭", "位置", "首页",
                                            "网站", "门户", "主办", "栏目"),
}
MAX_BODY = 24      # the longest department words seen between place and suffix are ~15 characters
MAX_NAME = 40

_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
# an area's own words must not swallow the department after it (公安局高新区 is a bureau's branch)
_AREA_STEM = r"[^\W\d_局厅委政府办]{0,12}?"


@dataclass(frozen=True)
class Organ:
    name: str
    places: tuple[str, ...]     # the division / area names it begins with, as printed
    prefix: str | None          # one of ORGAN_PREFIXES, when it begins with one
    area: str | None            # the special area it is or belongs to
    suffix: str | None          # the SUFFIXES entry it ends with (None: an area alone)
    short: str | None = None    # a division's short name printed right after the prefix (洛阳 in 国家统计局洛阳调查队)


def _stop_words() -> tuple[str, ...]:
    return tuple(w for words in NOT_IN_NAMES.values() for w in words)


_STOP = _stop_words()


@lru_cache(maxsize=1)
def _division_regex() -> re.Pattern:
    return regions._name_regex()


@lru_cache(maxsize=1)
def _short_names() -> frozenset[str]:
    return frozenset(s for n in regions.all_names() if len(s := regions._short(n)) >= 2 and s != n)


@lru_cache(maxsize=1)
def _area_regex() -> re.Pattern:
    suffixes = "|".join(re.escape(s) for s in sorted(AREA_SUFFIXES, key=len, reverse=True))
    return re.compile(rf"({_AREA_STEM})({suffixes})")


_SUFFIX_ORDER = tuple(sorted(SUFFIXES, key=len, reverse=True))
_AREA_ORDER = tuple(sorted(AREA_SUFFIXES, key=len, reverse=True))
_PREFIX_ORDER = tuple(sorted(ORGAN_PREFIXES, key=len, reverse=True))


def _area_at(s: str, pos: int, after_division: bool) -> int:
    """End of a special area beginning at pos (0 when there is none). Its own words follow a
    division (洛阳市高新区) or begin with a division's short name (洛阳高新区, 平潭综合实验区)."""
    m = _area_regex().match(s, pos)
    if not m:
        return 0
    stem, shorts = m.group(1), _short_names()
    if after_division or any(stem[:k] in shorts for k in range(2, min(len(stem), 8) + 1)):
        return m.end()
    return 0


def _short_place_at(s: str, pos: int) -> int:
    """Length of a division's short name at pos with something after it (0 when there is none)."""
    shorts = _short_names()
    return next((k for k in range(min(8, len(s) - pos - 1), 1, -1) if s[pos:pos + k] in shorts), 0)


def parse(name: str | None) -> Organ | None:
    """The organ a printed name is, or None when it is not one (a place, a clause, a label, chrome…)."""
    if not name:
        return None
    s = name.strip()
    if not 2 <= len(s) <= MAX_NAME or not _CJK_ONLY.fullmatch(s) or any(w in s for w in _STOP):
        return None
    if s in CENTRAL_ORGANS or (s in ORGAN_PREFIXES and _suffix_of(s)):   # 教育部; 国家统计局 (a prefix that is a body itself)
        return Organ(s, (), None, None, _suffix_of(s))
    pos = 0
    prefix = next((p for p in _PREFIX_ORDER if s.startswith(p)), None)
    if prefix:
        pos = len(prefix)
    places: list[str] = []
    area = short = None
    divisions = _division_regex()
    if prefix and not divisions.match(s, pos) and not _area_at(s, pos, False) and (k := _short_place_at(s, pos)):
        short = s[pos:pos + k]   # a national body's branch names its place short: 国家统计局洛阳调查队
        places.append(short)
        pos += k
    while pos < len(s):
        end = _area_at(s, pos, bool(places))
        if end:
            area = s[pos:end]
            places.append(area)
            pos = end
            continue
        m = divisions.match(s, pos)
        if not m:
            break
        places.append(m.group(0))
        if m.group(0) in regions.SPECIAL_ZONES or m.group(0).endswith(_AREA_ORDER):   # 浦东新区, 苏州工业园区
            area = m.group(0)
        pos = m.end()
    if not places and not prefix:
        return None
    rest = s[pos:]
    if not rest:   # a name that is all place: an organ only when it is a special area
        return Organ(s, tuple(places), prefix, area, None) if area and places[-1] == area else None
    suffix = _suffix_of(rest)
    if suffix is None or len(rest) - len(suffix) > MAX_BODY:
        return None
    return Organ(s, tuple(places), prefix, area, suffix, short)


def _suffix_of(text: str) -> str | None:
    return next((suf for suf in _SUFFIX_ORDER if text.endswith(suf)), None)


def is_organ(name: str | None) -> bool:
    return parse(name) is not None


def short_places(name: str | None) -> list[str]:
    """The divisions an organ names by a short form only (洛阳高新区管委会 -> [洛阳市]), for regions."""
    organ = parse(name)
    if organ is not None and organ.short:   # one division, or none: a short name two share is no place
        full = regions.full_names(organ.short)
        return full if len(full) == 1 and len(regions.codes_of(full[0])) == 1 else []
    if organ is None or not organ.area or organ.area in regions.SPECIAL_ZONES or regions.mentions(organ.area):
        return []
    for k in range(min(len(organ.area), 8), 1, -1):
        full = regions.full_names(organ.area[:k])
        if full:
            return full
    return []


# ---------------------------------------------------------------- kinds

# kind suffixes: the kind is the suffix itself, longest first (see kind())
_KIND_SUFFIXES = (
    "人民政府办公厅", "人民政府办公室", "办公厅", "办公室", "乡人民政府", "镇人民政府", "街道办事处", "人民政府",
    "管理委员会", "司法局", "司法厅", "公安局", "公安厅", "教育局", "教育厅", "财政局", "财政厅", "税务局",
    "民政局", "民政厅", "卫生健康委员会", "卫生健康局", "生态环境局", "生态环境厅", "自然资源局", "自然资源厅",
    "自然资源和规划局", "住房和城乡建设局", "住房和城乡建设厅", "人力资源和社会保障局", "人力资源和社会保障厅",
    "交通运输局", "交通运输厅", "农业农村局", "农业农村厅", "市场监督管理局", "应急管理局", "水利局", "商务局",
    "发展和改革委员会", "统计局", "审计局", "审计厅", "文化和旅游局", "退役军人事务局", "医疗保障局", "林业局",
    "局", "厅", "委员会",
) + tuple(AREA_SUFFIXES)
# printed variants classified as another kind (the agency itself stays as printed), and why
KIND_FOLDS: dict[str, tuple[str, str]] = {
    "政府办公室": ("人民政府办公室", "printed short form of 人民政府办公室 (某市政府办公室)"),
    "管委会": ("管理委员会", "printed short form of 管理委员会"),
    "卫生健康委": ("卫生健康委员会", "printed short form of 卫生健康委员会"),
    "卫健委": ("卫生健康委员会", "printed short form of 卫生健康委员会"),
    "发改委": ("发展和改革委员会", "printed short form of 发展和改革委员会"),
    "地方税务局": ("税务局", "the local tax bureaus (地方税务局) of 2008–2018, before the 2018 merger into 税务局"),
}
KINDS: tuple[tuple[str, str], ...] = tuple((s, s) for s in _KIND_SUFFIXES) + tuple(
    (variant, kind) for variant, (kind, _why) in KIND_FOLDS.items())


_KINDS_ORDER = tuple(sorted(KINDS, key=lambda p: len(p[0]), reverse=True))


def kind(agency: str | None) -> str | None:
    """The agency's kind: its longest declared kind suffix (folded variants to their kind), else
    the organ suffix it parses with (支行, 队, 部)."""
    if not agency:
        return None
    for suffix, k in _KINDS_ORDER:
        if agency.endswith(suffix):
            return k
    organ = parse(agency)
    return organ.suffix if organ else None
