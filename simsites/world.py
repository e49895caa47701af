"""The simulated world: which agencies publish which reports on which simulated site.

Everything is derived from (seed, scale), so two runs serve byte-identical sites and
tests can compare a crawl with the manifest. The manifest is never served.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

YEARS = (2019, 2020, 2021, 2022, 2023)

# Agency kinds used to name departments (kind, pinyin slug for sub-column paths).
KINDS = [
    ("司法局", "sfj"), ("统计局", "tjj"), ("审计局", "sjj"), ("民政局", "mzj"), ("卫生健康委员会", "wjw"),
    ("教育局", "jyj"), ("财政局", "czj"), ("交通运输局", "jtj"), ("生态环境局", "sthjj"), ("水利局", "slj"),
    ("商务局", "swj"), ("应急管理局", "yjj"), ("文化和旅游局", "wlj"), ("农业农村局", "nyj"), ("人力资源和社会保障局", "rsj"),
    ("住房和城乡建设局", "zjj"), ("市场监督管理局", "scj"), ("自然资源和规划局", "zrj"), ("医疗保障局", "ybj"), ("退役军人事务局", "tyjrj"),
]

# Site plan: flavour -> (region, government name, agencies per unit of scale). `U` is the
# department site of one T agency (its reports are also listed on the T portal).
SITES = {
    "T": {"province": "河南省", "city": "洛阳市", "gov": "洛阳市", "agencies": 6},
    "H": {"province": "浙江省", "city": "杭州市", "gov": "杭州市上城区", "agencies": 4},
    "G": {"province": "广东省", "city": "深圳市", "gov": "深圳市龙岗区", "agencies": 4},
    "P": {"province": "四川省", "city": "眉山市", "gov": "眉山市", "agencies": 3},
    "C": {"province": "湖北省", "city": "武汉市", "gov": "武汉市硚口区", "agencies": 1},  # behind a soft 412 challenge
    "M": {"province": "湖北省", "city": "武汉市", "gov": "武汉市江岸区", "agencies": 1},  # behind redirects
    "K": {"province": "广东省", "city": "东莞市", "gov": "东莞市", "agencies": 1},  # CAPTCHA after page 3
    # the "faults" profile (simsites/throttle.py, simsites/transfer.py); appended last so that adding
    # them leaves every earlier report (ids, dates) unchanged
    "J": {"province": "广东省", "city": "梅州市", "gov": "梅州市", "agencies": 1},  # behind a 加速乐 521 challenge
    "L": {"province": "江苏省", "city": "南京市", "gov": "南京市鼓楼区", "agencies": 2},  # 429 + Retry-After
    "Z": {"province": "江苏省", "city": "苏州市", "gov": "苏州市", "agencies": 1},  # 403 rate ban
    "X": {"province": "山东省", "city": "济南市", "gov": "济南市历下区", "agencies": 1},  # huge / reset / bad gzip / slow
    "N": {"province": "湖南省", "city": "长沙市", "gov": "长沙市天心区", "agencies": 1},  # moved to a new host (simsites/migration.py)
    "I": {"province": "江西省", "city": "南昌市", "gov": "南昌市东湖区", "agencies": 1},  # pages at …/index.html and …/
    "Q": {"province": "广西壮族自治区", "city": "南宁市", "gov": "南宁市良庆区", "agencies": 1},  # crawl traps, dead attachments (simsites/traps.py)
    "V": {"province": "浙江省", "city": "宁波市", "gov": "宁波市海曙区", "agencies": 3},  # Hanweb annual-report JSP + downfile.jsp
    # the "discovery" profile (simsites/scripted.py)
    "S": {"province": "福建省", "city": "福州市", "gov": "福州市鼓楼区", "agencies": 3},  # a JS-filled column + JSON API, onclick attachments
    "F": {"province": "福建省", "city": "厦门市", "gov": "厦门市思明区", "agencies": 2},  # a column of frames (simsites/frameset.py)
    "R": {"province": "福建省", "city": "泉州市", "gov": "泉州市丰泽区", "agencies": 2},  # S with its list script linked
    "W": {"province": "福建省", "city": "漳州市", "gov": "漳州市芗城区", "agencies": 4},  # ASP.NET WebForms: pages by postback (simsites/webforms.py)
    "D": {"province": "福建省", "city": "龙岩市", "gov": "龙岩市新罗区", "agencies": 3},  # download endpoints: Content-Disposition forms (simsites/downloads.py)
    "Y": {"province": "福建省", "city": "三明市", "gov": "三明市三元区", "agencies": 2},  # a list only registry hints find: an API template + JSON path
    "E": {"province": "福建省", "city": "南平市", "gov": "南平市延平区", "agencies": 2},  # items titled only beside their links: a CSS item selector
    "O": {"province": "福建省", "city": "宁德市", "gov": "宁德市蕉城区", "agencies": 3},  # WebForms with a LinkButton pager (simsites/webforms.py)
}

LOOKALIKES = ["{gov}人民政府{y}年政府网站工作年度报表", "{gov}{y}年政务公开工作要点", "关于印发政府信息公开工作年度报告格式的通知（国办公开办函〔2021〕30号）", "{gov}财政局{y}年部门预算"]


@dataclass(eq=False)  # identity hash: reports are cache keys
class Report:
    rid: int                 # numeric id used in URLs
    site: str                # flavour letter of the home site
    agency: str
    kind: str
    slug: str
    province: str
    city: str
    year: int
    published: str           # YYYY-MM-DD
    body: str                # "html" | "lines" | "pdf" | "docx" | "doc" | "scan-pdf" | "pdf-html" | "pdf-truncated" | "pdf-encrypted" | "images"
    revision: int = 0        # bumped by LocalFarm.change_report(): content changes
    flags: set = field(default_factory=set)   # wap, split, direct, nbcs, cross_u, mirror_b, hyperlinked, post_url

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def key(self) -> str:
        return f"{self.agency}|{self.year}"


@dataclass
class World:
    seed: int
    scale: int
    reports: list[Report]
    lookalikes: dict[str, list[str]]   # flavour -> titles of non-reports in its 年报 column

    def on(self, site: str) -> list[Report]:
        """Reports listed on a site, newest first (as CMS lists are). Cached: served on every list page."""
        cache = self.__dict__.setdefault("_on", {})
        key = (site, len(self.reports))
        if key not in cache:
            if site == "U":
                rows = [r for r in self.reports if "cross_u" in r.flags or r.site == "U"]
            else:
                rows = [r for r in self.reports if r.site == site]
            cache[key] = sorted(rows, key=lambda r: (r.published, r.rid), reverse=True)
        return cache[key]

    def by_rid(self, rid: int) -> Report | None:
        return self._index().get(rid)

    def _index(self) -> dict[int, Report]:
        idx = getattr(self, "_idx", None)
        if idx is None:
            idx = self._idx = {r.rid: r for r in self.reports}
        return idx


def build_world(seed: int = 0, scale: int = 1) -> World:
    rng = random.Random(f"simsites:{seed}")
    reports: list[Report] = []
    rid = 2519000
    for flavour, plan in SITES.items():
        n_agencies = plan["agencies"] * max(1, scale)
        for a in range(n_agencies):
            kind, slug = KINDS[a % len(KINDS)]
            suffix = "" if a < len(KINDS) else f"第{a // len(KINDS) + 1}"
            agency = f"{plan['gov']}{suffix}{kind}"
            for year in YEARS:
                rid += rng.randint(3, 40)
                month, day = rng.randint(1, 3), rng.randint(10, 28)
                r = Report(rid, flavour, agency, kind, f"{slug}{a // len(KINDS) or ''}", plan["province"], plan["city"],
                           year, f"{year + 1}-{month:02d}-{day:02d}", _body_for(flavour, a, year))
                reports.append(r)
    _decorate(reports, rng)
    lookalikes = {f: [t.format(gov=SITES[f]["gov"], y=2023) for t in LOOKALIKES] for f in ("T", "H", "G", "P")}
    return World(seed, scale, reports, lookalikes)


def _body_for(flavour: str, a: int, year: int) -> str:
    if flavour == "T":
        return "pdf" if (a + year) % 4 == 0 else "html"
    if flavour == "H":
        return "lines" if (a + year) % 3 == 0 else "html"
    if flavour == "G":
        return "pdf"
    if flavour == "P":
        special = {0: "scan-pdf", 1: "pdf-html", 2: "pdf-truncated", 3: "pdf-encrypted", 4: "images"}
        return special.get((a * len(YEARS) + year - YEARS[0]) % 9, "pdf") if a == 0 else "pdf"
    if flavour in ("S", "R"):
        return "pdf" if (a + year) % 2 else "html"
    if flavour == "D":
        return "docx" if (a + year) % 3 == 0 else "pdf"
    return "html"


def _decorate(reports: list[Report], rng: random.Random) -> None:
    """Give some reports the shapes real sites show: mobile duplicates, split articles, direct
    attachment links, a robots-disallowed column, the department site, the big5 mirror."""
    t = [r for r in reports if r.site == "T"]
    for i, r in enumerate(t):
        if i % 5 == 1:
            r.flags.add("wap")
        if i % 7 == 2 and r.body == "html":
            r.flags.add("split")
        if i % 6 == 3 and r.body == "pdf":
            r.flags.add("direct")
        if r.kind == "教育局" and r.year == 2019:
            r.flags.add("nbcs")  # filed under the robots-disallowed nbcs/ column
        if r.kind == "统计局":
            r.flags.add("cross_u")  # also published on the U department site
    u = [r for r in reports if "cross_u" in r.flags]
    for i, r in enumerate(u):
        if i % 2:
            r.flags.add("u_doc")
    for i, r in enumerate(r for r in reports if r.site == "G"):
        if i % 3 == 0:
            r.flags.add("post_url")
    for i, r in enumerate(r for r in reports if r.site == "P" and r.body == "pdf"):
        if i % 4 == 1:
            r.flags.add("hyperlinked")
        elif i % 4 == 2:
            r.flags.add("pdfjs")  # shown only through the pdf.js viewer
