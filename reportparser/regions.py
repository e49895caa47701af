"""Administrative divisions: resolve an agency's province / city / county.

Data: the division table of gia.divisions (adcode, name; pinyin and initials of
each name, to read a site's host name: www.nanjing.gov.cn -> 南京市; www.gl.gov.cn
-> one of four 鼓楼区). Special zones that are not divisions map to the division
they administer (SPECIAL_ZONES, declared here).

A name shared by several divisions is settled, in this order, by: the names in
the agency, the names in the report's text, the source's hints (the crawler's
registry entry: province / city / county / agency), then the URL's host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from gia import divisions

# host labels that name no place (department and CMS prefixes, TLDs)
_HOST_NOISE = {"www", "gov", "cn", "com", "net", "org", "edu", "big5", "m", "wap", "xxgk", "zwgk", "gk", "zfxxgk",
               "gkml", "new", "web", "english", "en", "http", "https", "localhost"}

# Special areas named without the division they lie in, -> adcode of that division (used only
# while the division data does not list the area itself): the national-level new areas
# (国家级新区, 19, State Council approvals 1992–2017; 雄安新区 and 两江新区 are divisions of their own
# in the data, 浦东新区 and 滨海新区 always were) and the
# comprehensive experimental zones approved by the State Council (平潭综合实验区 governs 平潭县 under
# 福州市; 郑州航空港经济综合实验区 lies in 郑州市). An area spanning several cities maps to the city that
# administers it (西咸新区 -> 西安市). Areas named after their division (洛阳高新区) need no entry:
# their division is in their name (organs.py reads them).
SPECIAL_ZONES = {
    "浦东新区": "310115", "滨海新区": "120116", "舟山群岛新区": "330900", "兰州新区": "620100",
    "南沙新区": "440115", "西咸新区": "610100", "贵安新区": "520100", "西海岸新区": "370211", "金普新区": "210213",
    "天府新区": "510100", "湘江新区": "430100", "江北新区": "320100", "福州新区": "350100", "滇中新区": "530100",
    "哈尔滨新区": "230100", "长春新区": "220100", "赣江新区": "360100",
    "平潭综合实验区": "350128", "郑州航空港经济综合实验区": "410100",
}
_MUNICIPALITIES = {"11", "12", "31", "50"}


@dataclass
class Place:
    province: str | None = None
    city: str | None = None
    county: str | None = None
    adcode: str | None = None
    level: str = "unknown"
    note: str | None = None   # set when a shared name could not be settled


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, str], dict[str, list[str]]]:
    by_code: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for code, name in divisions.divisions():
        by_code[code] = name
        by_name.setdefault(name, []).append(code)
    # counties renamed since the data was made (晋宁县 -> 晋宁区, X县 -> X市): the other
    # county-level suffixes of a county name point at the same code, unless a real name; a
    # two-character county keeps its 县 when it becomes a district (赣县 -> 赣县区)
    for code, name in list(by_code.items()):
        if code[4:] != "00" and name[-1] in "县区市" and len(name) >= 3:
            for suf in "县区市":
                alias = name[:-1] + suf
                if alias not in by_name:
                    ALIASES[alias] = code
        elif code[4:] != "00" and name[-1] == "县" and len(name) == 2 and name + "区" not in by_name:
            ALIASES[name + "区"] = code
    for alias, code in ALIASES.items():
        by_name.setdefault(alias, []).append(code)
    return by_code, by_name


ALIASES: dict[str, str] = {}   # filled by _load: renamed-county spellings -> adcode


def all_names() -> list[str]:
    return list(_load()[1])


@lru_cache(maxsize=1)
def _name_regex() -> re.Pattern:
    names = sorted(list(_load()[1]) + list(SPECIAL_ZONES), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in names if len(n) >= 2))


def _short(name: str) -> str:
    for suf in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市", "自治州", "地区", "盟", "区", "县"):
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


def _chain(code: str) -> Place:
    by_code, _ = _load()
    prov = by_code.get(code[:2] + "0000")
    city_code = code[:4] + "00"
    city = by_code.get(city_code) if city_code != code[:2] + "0000" else None
    if code[:2] in _MUNICIPALITIES:
        city = prov
    county = by_code.get(code) if code[4:] != "00" else None
    if code[4:] != "00":
        level = "county"
    elif code[2:4] != "00":
        level = "city"
    else:
        level = "province"
    return Place(prov, city, county, code, level)


def mentions(text: str) -> list[str]:
    return [m.group(0) for m in _name_regex().finditer(text)]


@lru_cache(maxsize=1)
def _pinyin() -> dict[str, tuple[str, str]]:
    return {code: (full, initials) for code, full, initials in divisions.pinyin()}


def host_labels(url: str) -> set[str]:
    """The place-naming parts of a URL's host: 'http://sfj.zhangzhou.gov.cn/x' -> {'sfj', 'zhangzhou'};
    a big5 gateway URL is read for the host it proxies."""
    if not url:
        return set()
    m = re.search(r"/gate/big5/([^/]+)", url)
    host = m.group(1) if m else (urlsplit(url if "//" in url else "//" + url).hostname or "")
    return {p for p in re.split(r"[.\-]", host.lower()) if p and not p.isdigit() and p not in _HOST_NOISE}


def _host_support(code: str, labels: set[str]) -> int:
    """How many of a division's parts (province, city, county) the host names by pinyin or
    initials, alone or as city+county ('hzsc' = 杭州 上城)."""
    if not labels:
        return 0
    py = _pinyin()
    parts = [c for c in dict.fromkeys((code[:2] + "0000", code[:4] + "00", code)) if c in py]
    hits = sum(1 for c in parts if py[c][0] in labels or py[c][1] in labels)
    if len(parts) == 3:
        (cf, ci), (kf, ki) = py[parts[1]], py[parts[2]]
        if {cf + kf, ci + ki, ci + kf} & labels:
            hits += 2
    return hits


def _hint_names(hints: dict) -> list[str]:
    names = [str(hints[k]) for k in ("county", "city", "province") if hints.get(k)]
    return names + mentions(str(hints.get("agency") or ""))


def full_names(short: str) -> list[str]:
    """The divisions a short place name stands for (洛阳 -> 洛阳市), as areas print it (洛阳高新区):
    their names in the data, once per division (涧西 -> 涧西区, not also its renamed-county spellings)."""
    by_code, by_name = _load()
    codes = sorted({code for name in _short_index().get(short, []) for code in by_name[name]})
    return list(dict.fromkeys(by_code[code] for code in codes))


def codes_of(name: str) -> list[str]:
    """The adcodes of the divisions a name is (several for 鼓楼区)."""
    return list(_load()[1].get(name, []))


@lru_cache(maxsize=1)
def _short_index() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name in _load()[1]:
        short = _short(name)
        if short != name and len(short) >= 2:
            out.setdefault(short, []).append(name)
    return out


def resolve(agency: str, context: str = "", url: str = "", hints: dict | None = None,
            agency_places: list[str] | None = None) -> Place:
    """The division an agency belongs to: names in the agency first (or `agency_places`, the
    divisions its name stands for when it prints them short: 洛阳高新区 -> 洛阳市), else in the
    text, else in the source hints. A name shared by several places (鼓楼区) is settled by its
    ancestors' names in the agency, then in the context text, then in the hints, then by
    the URL's host; what is still tied is reported in `note`."""
    _, by_name = _load()
    hints = hints or {}
    if agency_places and not mentions(agency):
        agency = "".join(agency_places) + agency
    names = mentions(agency) or mentions(context[:3000]) or _hint_names(hints)
    if not names:
        return Place()
    codes: list[str] = []
    for n in names:
        if n in SPECIAL_ZONES and n not in by_name:   # the division data names it itself once it is one
            codes.append(SPECIAL_ZONES[n])
        codes.extend(by_name.get(n, []))
    if not codes:
        return Place()
    ctx = agency + " " + context[:5000] + " " + url
    hint_text = " ".join(str(hints.get(k) or "") for k in ("province", "city", "county", "agency"))
    labels = host_labels(url)

    def named_in(text: str, place: Place) -> int:
        return sum(1 for anc in (place.province, place.city) if anc and anc != place.county and
                   (anc in text or _short(anc) in text))

    @lru_cache(maxsize=None)
    def score(code: str):
        place = _chain(code)
        in_agency = sum(1 for part in (place.province, place.city, place.county) if part and part in agency)
        specificity = {"county": 2, "city": 1, "province": 0}[place.level]
        hinted = named_in(hint_text, place) + (1 if place.county and place.county in hint_text else 0)
        return (in_agency, specificity, named_in(ctx, place), hinted, _host_support(code, labels))

    # keep the most specific codes consistent with the others named in the agency
    best = max(codes, key=score)
    place = _chain(best)
    rivals = sorted({c for c in codes if c != best and score(c) == score(best)})
    if rivals:
        others = "; ".join(f"{_chain(c).province or ''}{_chain(c).city or ''}{_chain(c).county or ''}" for c in rivals[:4])
        place.note = (f"place name shared by several divisions; chose "
                      f"{place.province or ''}{place.city or ''}{place.county or ''} over {others}")
    by_code, _ = _load()
    printed = [n for n in names if (ALIASES.get(n) == best or best in by_name.get(n, ())) and n != by_code.get(best)]
    if printed and place.county:
        place.county = printed[0]   # the name as the report prints it (晋宁县 / 晋宁区, 户县 / 鄠邑区)
    return place
