"""One report decided, not rendered: who, when, which template, the numbers as printed, the prose,
and the printing plan every renderer follows. `make_truth` is this module's public face and must be
fast (the indexer makes 100,000 records with it), so nothing here renders or formats tables.

Each aspect draws from its own seeded stream, so an option (blank_cells, truncate, …) changes only
what it is about: the same seed keeps its agency, year and numbers.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass, field

from reportgen import framing, narrative, numbers
from reportgen.checks import expected_checks
from reportgen.flaws import TABLE_OPTIONS, blank_cells, break_identities, lone_blanks, single_other_processing
from reportgen.places import Agency, agency_from_name, pick_agency, pick_area, pick_national
from reportgen.templates import APPLICATION_ROWS, CHINESE_ORDINALS, SECTION_KEYS, SECTION_TITLES

TEMPLATES = ("2019", "2021", "legacy")
YEARS = {"2019": (2019, 2020), "2021": (2021, 2024), "legacy": (2008, 2018)}
HEADING_MARKS = [lambda i: f"{CHINESE_ORDINALS[i]}、", lambda i: f"{CHINESE_ORDINALS[i]}.", lambda i: f"{CHINESE_ORDINALS[i]}、"]
KNOWN_OPTIONS = {"year", "agency", "area", "national", "region", "level", "kind", "blank_cells", "break_identities",
                 "omit_carried_forward", "truncate", "thousands", "units", "decimals", "history",
                 "mirror_artifacts", "table_across_pages", "title", "fullwidth",
                 "scan"} | set(framing.OPTIONS) | TABLE_OPTIONS  # scan: render_scan.ScanSpec fields (dpi, angle, seal, noise, blur, jpeg, pages)


@dataclass
class Plan:
    """How the report is printed: everything a renderer needs beyond the truth."""
    seed: int
    template: str
    agency: Agency
    headings: dict[str, str] = field(default_factory=dict)  # section key -> printed heading
    preface: str = ""
    thousands: bool = False
    units: bool = False  # money cells carry 元
    fullwidth: bool = False  # number cells in full-width digits (１２３)
    truncate_after: int | None = None  # number of table-3 rows kept
    legacy_head: dict | None = None
    signature_date: str = ""
    style: random.Random | None = None  # free randomness for renderers (layout only)
    # the frame (reportgen/framing.py): what is printed around the body
    title_lines: list[str] = field(default_factory=list)   # the title as printed, one entry a line
    signoff: list[str] = field(default_factory=list)       # the lines of the sign-off (落款)
    labels: list[str] = field(default_factory=list)        # label lines above the title
    meta_rows: list[str] = field(default_factory=list)     # the catalogue table's rows, cells tab-separated (framing.meta_table)
    chrome_top: list[str] = field(default_factory=list)
    chrome_bottom: list[str] = field(default_factory=list)
    date_under_title: str | None = None
    untitled: bool = False          # no title printed (title_form "untitled"): the truth's title is the listed one
    markdown: bool = False


def _rng(seed: int, aspect: str) -> random.Random:
    return random.Random(f"{aspect}:{seed}")


def _choose_flag(value, rng: random.Random, p: float) -> bool:
    draw = rng.random() < p  # always draw: the stream stays aligned whatever the caller passes
    return draw if value is None else bool(value)


def _title(rng: random.Random, agency: str, year: int) -> str:
    r = rng.random()
    if r < 0.75:
        return f"{agency}{year}年政府信息公开工作年度报告"
    if r < 0.88:
        return f"{agency}{year}年度政府信息公开工作年度报告"
    if r < 0.95:
        return f"{agency}{year}年度政府信息公开工作报告"
    return f"{agency}政府信息公开工作年度报告（{year}年）"


def _frame(plan: Plan, options: dict, seed: int, agency: str, year: int, published: _dt.date) -> None:
    """The frame options (reportgen/framing.py), each from its own stream; none set: nothing drawn."""
    rng = _rng(seed, "frame")
    if options.get("title_form") or options.get("title_split") or options.get("title_spaced"):
        pieces = framing.title_pieces(rng, options.get("title_form") or "agency_year", agency, year)
        plan.untitled = not pieces
        plan.title_lines = pieces if options.get("title_split") and len(pieces) > 1 else ["".join(pieces)] if pieces else []
        if options.get("title_spaced"):   # a display title printed letter-spaced (or read so from a PDF)
            plan.title_lines = [" ".join(line) for line in plan.title_lines]
    if options.get("preface_form"):
        plan.preface = framing.preface(rng, options["preface_form"], agency, year, plan.preface)
    short = "我局" if agency.endswith("局") else ("我委" if agency.endswith("委员会") else "本机关")
    if options.get("dated_traps"):
        plan.preface = framing.trap_sentence(rng, year, short) + plan.preface
        plan.date_under_title = f"（{plan.signature_date}）"
    plan.signoff = framing.signoff(rng, options.get("signoff") or "two_lines", agency,
                                   published.year, published.month, published.day)
    if options.get("page_chrome"):
        portal = (plan.agency.city or plan.agency.province or "") + "人民政府"
        plan.chrome_top, plan.chrome_bottom = framing.chrome_lines(rng, agency, year, published.isoformat(), portal)
    plan.markdown = bool(options.get("markdown"))


def build(seed: int, template: str = "2021", **options) -> tuple[dict, Plan]:
    unknown = set(options) - KNOWN_OPTIONS
    if unknown:
        raise ValueError(f"unknown generator option(s): {', '.join(sorted(unknown))}")
    if template not in TEMPLATES:
        raise ValueError(f"template must be one of {', '.join(TEMPLATES)}, not {template!r}")
    r_who = _rng(seed, "who")
    if options.get("agency"):
        agency = options["agency"]
        agency = agency if isinstance(agency, Agency) else agency_from_name(str(agency))
    elif options.get("area"):   # the body of a special area (平潭综合实验区, 雄安新区管理委员会, 洛阳高新区财政局)
        agency = pick_area(_rng(seed, "area"), seed)
    elif options.get("national"):   # a national body or a vertically managed branch (国家统计局洛阳调查队)
        agency = pick_national(_rng(seed, "national"))
    else:
        agency = pick_agency(r_who, level=options.get("level"), region=options.get("region"), kind=options.get("kind"))
    lo, hi = YEARS[template]
    year = int(options.get("year") or r_who.randint(lo, hi))
    published = _dt.date(year + 1, 1, 1) + _dt.timedelta(days=r_who.randint(0, 88))
    r_num = _rng(seed, "numbers")
    r_fmt = _rng(seed, "format")
    thousands = _choose_flag(options.get("thousands"), r_fmt, 0.15)
    units = _choose_flag(options.get("units"), r_fmt, 0.2)
    decimals = _choose_flag(options.get("decimals"), r_fmt, 0.5)
    history = options.get("history")
    plan = Plan(seed, template, agency, thousands=thousands, units=units, fullwidth=bool(options.get("fullwidth")),
                style=_rng(seed, "style"))
    tables: dict = {}
    notes: list[str] = []
    if template == "legacy":
        head = narrative.legacy_headline(r_num, numbers.SIZE_SCALE[agency.size])
        if options.get("legacy_phrasings"):
            head["replies"] = head["applications_received"]   # every request answered
        plan.legacy_head = head
    else:
        # One stream per table: printing options that change table 2 leave tables 3 and 4 alone.
        tables["active"] = numbers.active(_rng(seed, "active"), template, agency.size, agency.level, kind=agency.kind,
                                          decimals=decimals, money_unit=units and template == "2019", history=history)
        tables["applications"] = numbers.applications(r_num, template, agency.size, history)
        tables["review_litigation"] = numbers.review_litigation(_rng(seed, "review"), agency.size)
        r_flaw = _rng(seed, "flaws")
        if options.get("omit_carried_forward"):
            del tables["applications"]["carried_forward"]
            notes.append("row 四 absent")
        if options.get("single_other_processing"):
            notes += single_other_processing(tables, template)
        if options.get("blank_cells"):
            notes += blank_cells(r_flaw, tables, template)
        if options.get("lone_blanks"):
            notes += lone_blanks(_rng(seed, "lone_blanks"), tables, template)
        if options.get("break_identities"):
            notes += break_identities(r_flaw, tables, template)
            if all(c["ok"] for c in expected_checks(tables, template)):
                tables["applications"]["new"][6] += 1  # every flaw landed on a blank: force one
                notes.append("applications new 总计 off")
    r_text = _rng(seed, "text")
    if template == "legacy":
        sections = narrative.legacy_sections(r_text, agency.name, year, plan.legacy_head,
                                             bool(options.get("legacy_phrasings")))
        titles = narrative.LEGACY_HEADINGS
    else:
        sections = narrative.sections(r_text, agency.name, year, template, tables)
        titles = {k: (v[0] if len(v) == 1 or template == "2021" else r_text.choice(v)) for k, v in SECTION_TITLES.items()}
        if template == "2021" and r_text.random() < 0.2:
            titles["problems"] = SECTION_TITLES["problems"][1]
    mark = r_text.choice(HEADING_MARKS)
    plan.headings = {k: mark(i) + titles[k] for i, k in enumerate(SECTION_KEYS)}
    plan.preface = (f"本报告根据《中华人民共和国政府信息公开条例》和上级有关要求，由{agency.name}编制。"
                    f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
                    f"如对本报告有疑问，请与{agency.name}办公室联系。")
    plan.signature_date = f"{published.year}年{published.month}月{published.day}日"
    title = _title(r_who, agency.name, year)
    _frame(plan, options, seed, agency.name, year, published)
    if plan.title_lines:
        title = "".join(plan.title_lines).replace(" ", "")
    if options.get("title"):  # a site that already lists the report under a title
        title = str(options["title"])
        plan.title_lines = [title]
    if options.get("label_lines"):
        plan.labels = framing.label_lines(_rng(seed, "labels"), title, agency.name, published.isoformat(), year)
    if options.get("meta_table"):
        r_meta = _rng(seed, "meta_table")
        publisher = framing.general_office(agency.name, agency.kind, agency.level) if options["meta_table"] == "office" else agency.name
        written = (published - _dt.timedelta(days=r_meta.randint(2, 9))).isoformat()
        plan.meta_rows, catalogue = framing.meta_table(r_meta, title, publisher, written, published.isoformat(), year)
    else:
        catalogue = None
    if options.get("truncate") and template != "legacy":
        n_rows = len(APPLICATION_ROWS[template])
        keep = _rng(seed, "truncate").randint(3, n_rows - 4)
        plan.truncate_after = keep
        kept = [k for k, *_ in APPLICATION_ROWS[template][:keep]]
        tables["applications"] = {k: v for k, v in tables["applications"].items() if k in kept}
        del tables["review_litigation"]
        for k in ("review_litigation", "problems", "other"):
            del sections[k]
        notes.append("document cut inside table 3")
    truth = {
        "title": title,
        "agency": agency.name,
        "agency_kind": agency.kind,
        "level": agency.level,
        "province": agency.province,
        "city": agency.city,
        "county": agency.county,
        "year": year,
        "published": published.isoformat(),
        "template": template,
        "script": "simplified",
        "sections": sections,
        "tables": tables,
        "expected_checks": expected_checks(tables, template),
        "text": "\n".join([title, plan.preface] + [f"{plan.headings[k]}\n{v}" for k, v in sections.items()]),
        "notes": notes,
    }
    # the catalogue table's metadata as a parser should read it (framing.meta_table); none printed: null
    truth["catalogue"] = catalogue
    if template == "legacy":
        truth["headline"] = dict(plan.legacy_head)
    if plan.truncate_after is not None:
        truth["truncated"] = {"table": "applications", "rows_kept": list(tables["applications"])}
    return truth, plan


def make_truth(seed: int, template: str = "2021", script: str = "simplified", **options) -> dict:
    """The record only, no rendering."""
    options.pop("shape", None)
    truth, _plan = build(seed, template, **options)
    if script == "traditional":
        truth["script"] = "traditional"
    return truth
