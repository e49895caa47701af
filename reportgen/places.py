"""Real administrative divisions and the agencies that publish reports in them.

The divisions ship as data (`data/divisions.tsv`: province, city, county, optional townships) so
every generated agency sits in a real place with the right province/city/county, including names
shared by several places (鼓楼区 in 福州/南京/徐州/开封), which is what trips up place resolution.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "divisions.tsv"

# Agency kinds per level: (name suffix, agency_kind, weight, size class). The size class scales the
# numbers: a big city government receives thousands of requests, a township a handful.
KINDS: dict[str, list[tuple[str, str, int, str]]] = {
    "province": [
        ("人民政府", "人民政府", 3, "huge"), ("人民政府办公厅", "人民政府办公厅", 2, "large"),
        ("司法厅", "司法厅", 2, "medium"), ("公安厅", "公安厅", 2, "large"), ("教育厅", "教育厅", 2, "medium"),
        ("卫生健康委员会", "卫生健康委员会", 2, "medium"), ("自然资源厅", "自然资源厅", 2, "large"),
        ("生态环境厅", "生态环境厅", 1, "medium"), ("交通运输厅", "交通运输厅", 1, "medium"),
        ("人力资源和社会保障厅", "人力资源和社会保障厅", 1, "medium"), ("统计局", "统计局", 1, "small"),
    ],
    "city": [
        ("人民政府", "人民政府", 4, "large"), ("人民政府办公室", "人民政府办公室", 2, "medium"),
        ("司法局", "司法局", 3, "small"), ("公安局", "公安局", 3, "medium"), ("教育局", "教育局", 3, "small"),
        ("卫生健康委员会", "卫生健康委员会", 3, "small"), ("自然资源和规划局", "自然资源和规划局", 3, "medium"),
        ("住房和城乡建设局", "住房和城乡建设局", 2, "medium"), ("生态环境局", "生态环境局", 2, "small"),
        ("财政局", "财政局", 2, "small"), ("审计局", "审计局", 1, "tiny"), ("统计局", "统计局", 1, "tiny"),
        ("市场监督管理局", "市场监督管理局", 2, "medium"), ("民政局", "民政局", 2, "small"),
        ("人力资源和社会保障局", "人力资源和社会保障局", 2, "small"), ("交通运输局", "交通运输局", 1, "small"),
    ],
    "county": [
        ("人民政府", "人民政府", 5, "medium"), ("人民政府办公室", "人民政府办公室", 2, "small"),
        ("司法局", "司法局", 3, "tiny"), ("公安局", "公安局", 2, "small"), ("教育局", "教育局", 3, "tiny"),
        ("卫生健康局", "卫生健康局", 3, "tiny"), ("自然资源局", "自然资源局", 3, "small"),
        ("住房和城乡建设局", "住房和城乡建设局", 2, "small"), ("财政局", "财政局", 2, "tiny"),
        ("审计局", "审计局", 1, "tiny"), ("统计局", "统计局", 1, "tiny"), ("民政局", "民政局", 2, "tiny"),
        ("市场监督管理局", "市场监督管理局", 2, "tiny"), ("农业农村局", "农业农村局", 2, "tiny"),
        # public institutions that disclose on their own (公共企事业单位)
        ("档案馆", "馆", 1, "tiny"), ("图书馆", "馆", 1, "tiny"),
    ],
}
TOWNSHIP_KINDS = {"街道": ("办事处", "街道办事处"), "镇": ("人民政府", "镇人民政府"), "乡": ("人民政府", "乡人民政府")}
TOWNSHIP_OFFICES = (("司法所", "所"), ("财政所", "所"))
LEVEL_WEIGHTS = {"province": 1, "city": 4, "county": 10, "township": 3}


@dataclass(frozen=True)
class Division:
    province: str
    city: str
    county: str
    townships: tuple[str, ...]


@dataclass(frozen=True)
class Agency:
    name: str
    kind: str
    level: str
    province: str | None
    city: str | None
    county: str | None
    size: str  # tiny | small | medium | large | huge

    def place(self) -> dict:
        return {"province": self.province, "city": self.city, "county": self.county}


@functools.lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        towns = tuple(t for t in (parts[3].split(",") if len(parts) > 3 else []) if t)
        rows.append(Division(parts[0], parts[1], parts[2], towns))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def _indexes():
    provinces = sorted({d.province for d in divisions()})
    cities = sorted({(d.province, d.city) for d in divisions()})
    with_towns = [d for d in divisions() if d.townships]
    return provinces, cities, with_towns


def _weighted(rng: random.Random, items: list, weights: list[int]):
    return rng.choices(items, weights=weights, k=1)[0]


def _county_prefix(rng: random.Random, d: Division) -> str:
    # Districts (区) are usually written with their city; counties and county-level cities alone.
    if d.county.endswith("区") or rng.random() < 0.25:
        return d.city + d.county
    return d.county


def pick_agency(rng: random.Random, level: str | None = None, region: str | None = None,
                kind: str | None = None) -> Agency:
    """A real-sounding agency in a real place. `region` restricts to a province/city/county name."""
    pool = list(divisions())
    if region:
        pool = [d for d in pool if region in (d.province, d.city, d.county)] or pool
    if level is None:
        levels = list(LEVEL_WEIGHTS)
        if region and any(region == d.county for d in pool):
            levels = ["county", "township"]
        elif region and any(region == d.city for d in pool):
            levels = ["city", "county", "township"]
        level = _weighted(rng, levels, [LEVEL_WEIGHTS[x] for x in levels])
    if level == "township":
        towned = [d for d in pool if d.townships] or _indexes()[2]
        d = rng.choice(towned)
        town = rng.choice(d.townships)
        suffix_key = "街道" if town.endswith("街道") else ("乡" if town.endswith("乡") else "镇")
        suffix, akind = TOWNSHIP_KINDS[suffix_key]
        if rng.random() < 0.15:   # a county bureau's office in the township that reports on its own
            suffix, akind = rng.choice(TOWNSHIP_OFFICES)
        return Agency(_county_prefix(rng, d) + town + suffix, akind, "township", d.province, d.city, d.county, "tiny")
    d = rng.choice(pool)
    kinds = KINDS[level]
    if kind:
        kinds = [k for k in kinds if k[1] == kind or k[0] == kind] or kinds
    suffix, akind, _w, size = _weighted(rng, kinds, [k[2] for k in kinds])
    if level == "province":
        return Agency(d.province + suffix, akind, level, d.province, None, None, size)
    if level == "city":
        return Agency(d.city + suffix, akind, level, d.province, d.city, None, size)
    return Agency(_county_prefix(rng, d) + suffix, akind, level, d.province, d.city, d.county, size)


# Special areas that report as bodies of their own (综合实验区, 国家级新区, 开发区, 高新区): the
# national-level ones by name with the division they lie in (a county for 平潭, 雄安新区 a city-level
# division of its own, else the city
# that administers them; municipalities left out as above), and the areas every city names after
# itself. Their reports come from the area itself or its 管理委员会 and departments.
NATIONAL_AREAS = (
    ("平潭综合实验区", "福建省", "福州市", "平潭县"), ("郑州航空港经济综合实验区", "河南省", "郑州市", None),
    ("雄安新区", "河北省", "雄安新区", None), ("兰州新区", "甘肃省", "兰州市", None), ("贵安新区", "贵州省", "贵阳市", None),
    ("天府新区", "四川省", "成都市", None), ("福州新区", "福建省", "福州市", None), ("湘江新区", "湖南省", "长沙市", None),
    ("江北新区", "江苏省", "南京市", None), ("赣江新区", "江西省", "南昌市", None), ("滇中新区", "云南省", "昆明市", None),
    ("西咸新区", "陕西省", "西安市", None), ("舟山群岛新区", "浙江省", "舟山市", None), ("哈尔滨新区", "黑龙江省", "哈尔滨市", None),
    ("长春新区", "吉林省", "长春市", None),
)
CITY_AREAS = ("高新技术产业开发区", "经济技术开发区", "经济开发区", "高新区")
# (suffix after the area, agency_kind): the area itself, its 管委会, a department
AREA_BODIES = (("", None), ("管理委员会", "管理委员会"), ("管委会", "管理委员会"), ("财政局", "财政局"), ("社会事业局", "局"))


def pick_area(rng: random.Random, seed: int | None = None) -> Agency:
    """The body of a special area: the area itself, its 管委会, or one of its departments. Given the
    report's seed, the national areas come in turn (every one within 2 × 15 seeds), else at random."""
    national = rng.random() < 0.5 if seed is None else seed % 2 == 0
    if national:
        area, province, city, county = (rng.choice(NATIONAL_AREAS) if seed is None
                                        else NATIONAL_AREAS[(seed // 2) % len(NATIONAL_AREAS)])
        area_kind = next(k for k in ("综合实验区", "新区") if area.endswith(k))
    else:
        d = rng.choice(divisions())
        area_kind = rng.choice(CITY_AREAS)
        stem = d.city[:-1] if d.city.endswith("市") and len(d.city) >= 3 and rng.random() < 0.6 else d.city
        area, province, city, county = stem + area_kind, d.province, d.city, None
    suffix, kind = rng.choice(AREA_BODIES)
    return Agency(area + suffix, kind or area_kind, "county" if county else "city", province, city, county, "small")


# National bodies, as their reports print them: the State Council's departments and other national
# bodies (no place in the name; the contract has no central level, so level "unknown" and no place),
# and the local branches of the vertically managed ones, which print the national body first and
# the place after it, in full (国家税务总局洛阳市税务局, 中国人民银行洛阳市中心支行) or short
# (国家统计局洛阳调查队, 中华人民共和国洛阳海关, 国家金融监督管理总局洛阳监管分局).
CENTRAL_BODIES = (
    ("国务院办公厅", "办公厅"), ("财政部", "部"), ("教育部", "部"), ("生态环境部", "部"), ("交通运输部", "部"),
    ("国家发展和改革委员会", "发展和改革委员会"), ("国家统计局", "统计局"), ("国家林业和草原局", "局"),
    ("国家税务总局", "局"), ("审计署", "署"), ("海关总署", "署"),
)
# (printed before the place, the place's form, printed after it, agency_kind, levels it exists at)
BRANCH_FORMS = (
    ("国家税务总局", "full", "税务局", "税务局", ("province", "city", "county")),
    ("中国人民银行", "full", "中心支行", "支行", ("city",)),
    ("国家统计局", "short", "调查队", "队", ("city", "county")),
    ("中华人民共和国", "short", "海关", "海关", ("city",)),
    ("国家金融监督管理总局", "short", "监管分局", "局", ("city",)),
)


# a municipality's districts are printed with or without it, so the place their branches name short
# is ambiguous in print; they are left out as the special areas leave them out
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


def _short_form(name: str) -> str:
    for suffix in ("省", "市", "区", "县"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@functools.lru_cache(maxsize=1)
def _unique_shorts() -> frozenset[str]:
    """Short names that stand for one division of the whole country only (洛阳; not 鼓楼, 朝阳, or
    新乡 = 新乡市 | 新乡县): a branch named by a shared short name could be in either place, so the
    generator does not print one. Counted over the national division table (gia.divisions), not
    the generator's own subset."""
    from gia.divisions import divisions as national

    seen: dict[str, int] = {}
    for _code, name in national():
        seen[_short_form(name)] = seen.get(_short_form(name), 0) + 1
    return frozenset(short for short, count in seen.items() if count == 1)


def pick_national(rng: random.Random) -> Agency:
    """A national body, or a local branch of a vertically managed one in a real place."""
    if rng.random() < 0.3:
        name, kind = rng.choice(CENTRAL_BODIES)
        return Agency(name, kind, "unknown", None, None, None, "large")
    before, form, after, kind, levels = rng.choice(BRANCH_FORMS)
    level = rng.choice(levels)
    pool = [d for d in divisions() if d.province not in MUNICIPALITIES and (
        form == "full" or _short_form({"province": d.province, "city": d.city, "county": d.county}[level]) in _unique_shorts())]
    d = rng.choice(pool)
    if form == "short":
        place = _short_form({"province": d.province, "city": d.city, "county": d.county}[level])
    else:
        place = {"province": d.province, "city": d.city}.get(level) or _county_prefix(rng, d)
    return Agency(before + place + after, kind, level, d.province, None if level == "province" else d.city,
                  d.county if level == "county" else None, "small")


_ALL_SUFFIXES = sorted({k[0] for ks in KINDS.values() for k in ks} | {"办事处", "人民政府"}, key=len, reverse=True)


def agency_from_name(name: str) -> Agency:
    """Best-effort identity for a caller-chosen agency name (e.g. 洛阳市司法局, 某市司法局)."""
    suffix = next((s for s in _ALL_SUFFIXES if name.endswith(s)), "")
    stem = name[: len(name) - len(suffix)] if suffix else name
    kind = suffix or "unknown"
    province = city = county = None
    level = "unknown"
    for d in divisions():  # a township: 福州市鼓楼区鼓东街道办事处, 平潭县潭城镇人民政府
        town = next((t for t in d.townships if stem.endswith(t) and d.county in stem), None)
        if town:
            kind = "街道办事处" if town.endswith("街道") else ("乡人民政府" if town.endswith("乡") else "镇人民政府")
            return Agency(name, kind, "township", d.province, d.city, d.county, "tiny")
    for d in divisions():
        if stem.endswith(d.county) and (d.city in stem or not any(
                o.county == d.county and o != d for o in divisions())):
            province, city, county, level = d.province, d.city, d.county, "county"
            break
    if level == "unknown":
        for d in divisions():
            if stem == d.city or stem.endswith(d.city):
                province, city, level = d.province, d.city, "city"
                break
    if level == "unknown":
        for d in divisions():
            if stem == d.province:
                province, level = d.province, "province"
                break
    if re.search(r"(街道|镇|乡)$", stem) and level == "county":
        level = "township"
    if level == "unknown" and stem.endswith(("市", "州")):
        level = "city"
    elif level == "unknown" and stem.endswith(("县", "区", "旗")):
        level = "county"
    if suffix.endswith("厅"):
        level = "province" if level == "unknown" else level
    size = {"人民政府": "medium"}.get(kind, "small")
    return Agency(name, kind, level, province, city, county, size)
