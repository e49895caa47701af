"""Report-level fields: title, agency (with where it came from), year, published; kind and level.

Agency and year are chosen from candidates, collected from every place a report states them:

    title           the report's title printed in the text (one line, run into the first sentence,
                    or split over up to three short lines), in any of its forms: 某某局2020年…,
                    2020年某某局…, 某某局关于2020年…的报告, 某某局政府信息公开工作2020年度报告
    heading         a line at or above the title that is an organ on its own (# 某某县人民政府)
    label           标题：/发文机关：/发布机构：/来源： label lines (labels.py)
    meta            the container's title (<title>, ArticleTitle, PDF/DOCX Title, a crawler header)
                    and publisher metadata (ContentSource, 发布机构 tables)
    signoff         the organ printed above the date at the end (落款)
    first_sentence  根据…，某某局编制本报告 / 本报告由某某局…编制 / 现将某某局2020年… / 现公布…
    hint            what the source says (the crawler's registry entry, the title its list gave)

An agency candidate counts only if it parses as an organ (organs.py); the year is a year the
report says it reports on (a title, the statistics period, the first sentence), never a date of
publication, a file number (〔2015〕) or a 截至 date. Each origin has a weight (ORIGINS); the
candidate with the highest weight plus agreement from other origins wins. No valid candidate:
None and a warning. Printed candidates that contradict the winner are warnings, as is a year
after the publication date. Page chrome and label lines are removed first (chrome.py, labels.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportparser import chrome, labels, organs, regions
from reportparser.normalize import cn_number

# a government's general office (某某区人民政府办公室, 某某省人民政府办公厅, 某某街道党政办公室): what a
# catalogue names as the publisher of every entry it posts for the government and its departments
GENERAL_OFFICE = re.compile(r"(?:人民政府|办事处|政府)(?:党政)?办公(?:室|厅)$|党政办公室$")

# origin -> (the record's agency_source value, weight, what it is)
ORIGINS: dict[str, tuple[str, int, str]] = {
    "title": ("title", 100, "the title printed in the text"),
    "heading": ("heading", 90, "a line at or above the title that is an organ on its own"),
    "label_title": ("label", 85, "a 标题： label line"),
    "label_agency": ("label", 80, "a 发文机关：/发布机构： label line"),
    "label_office": ("label", 50, "a 发布机构/发文机关 label naming a government's general office: the catalogue's "
                                  "publisher, which publishes for the government and its departments (not always the author)"),
    "meta_title": ("meta", 75, "the container's title (<title>, ArticleTitle, PDF/DOCX Title, crawler header)"),
    "signoff": ("signoff", 70, "the organ above the date at the end"),
    "period": ("first_sentence", 68, "the statistics period (统计期限自2020年1月1日…至12月31日)"),
    "first_sentence": ("first_sentence", 60, "the first sentence after the title"),
    "meta_agency": ("meta", 50, "publisher metadata (ContentSource, 发布机构 tables)"),
    "label_source": ("label", 40, "a 来源：/信息来源： label line (often the portal, not the author)"),
    "hint_title": ("hint", 20, "the title the crawler's list page gave the report"),
    "hint_agency": ("hint", 15, "the agency of the crawler's registry entry"),
}
AGENCY_SOURCES = ("title", "heading", "label", "signoff", "first_sentence", "meta", "hint")   # the contract's values
AGREEMENT = 3   # what each other origin naming the same value adds
# origins that state the author outright: a different organ there is a conflict worth a warning
_STATED = ("title", "heading", "label_title", "label_agency", "signoff")

_YEAR = re.compile(r"((?:19|20)\d{2}|[一二][〇○零O一二三四五六七八九]{3})\s*年度?")   # 2020年, 二〇二〇年
_REPORT_END = re.compile(r"(?:报告|年报)(?:[（(][^（）()]{1,12}[)）])?$")
_REPORT_WORDS = re.compile(r"信息公开|政务公开|年度报告|年报")
_NOT_TITLE_CHARS = re.compile(r"[。，,；;！？!?《》“”]")
_SENTENCE_START = ("根据", "本报告", "现将", "按照", "依据", "依照", "为", "关于印发", "本年度")
_SECTION_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．](?!\d))")
_TITLE_CUT = re.compile(r"关于|政府信息公开|信息公开|政务公开|年度报告|工作报告|年报")
_CONTAINER_NOISE = re.compile(r"^(?:Microsoft\s+Word\s*-\s*|WPS\s*-\s*)|\.(?:docx?|wps|pdf|html?)$", re.I)
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|｜|\||\s-\s|——|—|-{1,2})\s*")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_DATE_LINE = re.compile(rf"[（(]?\s*(?:{_DATE.pattern}|{_CN_DATE.pattern})\s*[)）]?")
_BRACKETED = re.compile(r"《[^》]{0,120}》|〈[^〉]{0,120}〉|（[^）]{0,80}）|\([^)]{0,80}\)")

# first sentence: where it names the organ that made the report, and the year it reports on
_FIRST_AGENCY = (
    re.compile(r"由([\u4e00-\u9fff]{3,40}?)(?:根据|依据|按照|依照|负责|牵头|组织|编制|汇总|起草|制作)"),
    re.compile(r"(?:^|[，,。；;])([\u4e00-\u9fff]{3,40}?)(?:编制|制作|编写|发布)(?:了|完成了?)?本(?:年度)?(?:报告|年报)"),
    re.compile(r"现(?:将|公布|就|把|予以公布)([\u4e00-\u9fff]{3,40}?)(?:19|20)\d{2}\s*年"),
    re.compile(r"(?:公布|发布)([\u4e00-\u9fff]{3,40}?)(?:19|20)\d{2}\s*年度?(?:政府)?信息公开"),
)
_FIRST_YEAR = (
    re.compile(r"现(?:将|公布|就|把|予以公布)[\u4e00-\u9fff]{0,40}?((?:19|20)\d{2})\s*年"),
    re.compile(r"((?:19|20)\d{2})\s*年度?(?:的|本机关|我[\u4e00-\u9fff])?(?:政府)?信息公开(?:工作)?(?:年度报告|年报|情况|工作)"),
)
_PERIOD = (
    re.compile(r"统计期限?(?:为|是)?\s*自?\s*((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"),
    re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*(?:\1\s*年\s*)?12\s*月\s*31\s*日"),
)


@dataclass
class Candidate:
    value: object
    origin: str
    quote: str = ""


@dataclass
class Metadata:
    title: str | None = None
    agency: str | None = None
    agency_source: str | None = None
    year: int | None = None
    published: str | None = None
    catalogue: dict | None = None
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- titles

def is_title(text: str | None) -> bool:
    """A report title: ends with 报告/年报 (and an optional （2020年）), names 信息公开/年度报告, no sentence."""
    if not text:
        return False
    s = re.sub(r"\s+", "", text)
    return (6 <= len(s) <= 80 and not _NOT_TITLE_CHARS.search(s) and bool(_REPORT_END.search(s))
            and bool(_REPORT_WORDS.search(s)) and not s.startswith(_SENTENCE_START))


def title_agency(title: str | None) -> tuple[str | None, str | None]:
    """(the organ a title names, the words it names before/after its year): 某某局2020年… ->
    某某局; 2020年某某局… -> 某某局; 某某局关于2020年… and 某某局政府信息公开工作2020年度报告 -> 某某局.
    The organ is None when those words do not parse as one (北京市2020年…: a place, not an organ)."""
    if not title:
        return None, None
    t = re.sub(r"\s+", "", title)
    t = re.sub(r"[（(](?:19|20)\d{2}\s*年度?[)）]$", "", t)
    m = _YEAR.search(t)
    parts = [t[:m.start()], t[m.end():]] if m else [t]
    named = None
    for i, part in enumerate(parts):
        # before the year: the words after the last title word (政府信息公开年报某某局2020年…);
        # after it: the words before the first (2020年某某局政府信息公开…)
        pieces = [x.strip("《》“”\"'：:、的") for x in _TITLE_CUT.split(part)]
        pieces = [x for x in (pieces[::-1] if i == 0 and m else pieces) if x]
        for head in pieces:
            if organs.parse(head):
                return head, head
            named = named or head
    return None, named


def _year_value(digits: str) -> int | None:
    year = int(digits) if digits.isdigit() else cn_number(digits)
    return year if year and 1980 <= year <= 2099 else None


def title_year(title: str | None) -> int | None:
    m = _YEAR.search(re.sub(r"\s+", "", title or ""))
    return _year_value(m.group(1)) if m else None


def tidy_container_title(title: str | None) -> str | None:
    """A container's title as the report title: the piece of `报告_某市人民政府门户网站` that is one,
    without `Microsoft Word - ` or a file extension."""
    if not title:
        return None
    t = _CONTAINER_NOISE.sub("", " ".join(title.split())).strip()
    pieces = [p for p in _TITLE_SEPARATORS.split(t) if p]
    best = next((p for p in pieces if is_title(p)), None)
    return re.sub(r"\s+", "", best or t) or None


def _unquote(line: str) -> str:
    s = re.sub(r"\s+", "", line)
    return s[1:-1] if len(s) > 2 and s[0] + s[-1] in ("《》", "“”", "「」", "【】") else s


def _is_fragment(line: str) -> bool:
    s = _unquote(line)
    return (0 < len(s) <= 60 and not re.search(r"[。，,；;！？:：《》]", s) and not _SECTION_HEADING.match(s)
            and not _DATE_LINE.fullmatch(s))


def _piece_ok(piece: str) -> bool:
    """A title's first line(s), when split: an organ, a place, a year, or those with 关于 / 政府信息公开工作."""
    s = _YEAR.sub("", re.sub(r"\s+", "", piece))
    s = re.sub(r"(?:关于|政府信息公开工作|政府信息公开|信息公开工作|信息公开)$", "", s)
    s = re.sub(r"关于$", "", s)
    return not s or organs.is_organ(s) or bool(regions.mentions(s)) and regions.mentions(s) == [s]


def _title_in_lines(lines: list[tuple[int, str]]) -> tuple[str, int, int, str] | None:
    """(title, first line, last line, the rest of the last line) from the numbered head lines. A
    title split over lines joins only lines that were adjacent (no chrome between them)."""
    for a in range(min(len(lines), 10)):
        for b in range(a, min(a + 3, len(lines))):
            if not _is_fragment(lines[b][1]) or lines[b][0] != lines[a][0] + (b - a):
                break
            if b > a and not _piece_ok("".join(_unquote(x) for _k, x in lines[a:b])):
                break
            joined = "".join(_unquote(x) for _k, x in lines[a:b + 1])
            if is_title(joined):
                return joined, a, b, ""
        run_in = _run_in_title(lines[a][1])
        if run_in:
            return run_in[0], a, a, run_in[1]
    return None


def _run_in_title(line: str) -> tuple[str, str] | None:
    """A title run into the first sentence (one-line texts): the shortest head ending in 报告/年报."""
    for m in re.finditer(r"(?:报告|年报)(?:[（(][^（）()]{1,12}[)）])?", line[:90]):
        head = re.sub(r"\s+", "", line[:m.end()])
        if is_title(head):
            return head, line[m.end():].strip()
    return None


# ---------------------------------------------------------------- the head and tail of a report

@dataclass
class _Parts:
    lines: list[tuple[int, str]]   # (line number, cleaned line): head lines, label lines taken out
    title: str | None = None
    title_at: tuple[int, int] | None = None
    first_sentence: str = ""
    labels: dict = field(default_factory=dict)
    signoff: str | None = None
    signoff_date: str | None = None
    date_under_title: str | None = None


def _parts(text: str) -> _Parts:
    numbered = chrome.head_lines(text)
    values, label_idx = labels.collect([ln for _k, ln in numbered])
    content = [x for i, x in enumerate(numbered) if i not in set(label_idx)]
    p = _Parts(content, labels=values)
    found = _title_in_lines(content)
    rest_lines = [ln for _k, ln in content]
    if found:
        p.title, a, b, rest = found
        p.title_at = (a, b)
        rest_lines = ([rest] if rest else []) + [ln for _k, ln in content[b + 1:]]
        if b + 1 < len(content) and _DATE_LINE.fullmatch(re.sub(r"\s+", "", content[b + 1][1])):
            p.date_under_title = _date_of(content[b + 1][1])
    p.first_sentence = _first_sentence(rest_lines[:4])
    p.signoff, p.signoff_date = _signoff(chrome.tail_lines(text))
    return p


def _first_sentence(lines: list[str]) -> str:
    for line in lines:
        s = line.strip()
        if len(s) < 10 or _SECTION_HEADING.match(s) or _DATE_LINE.fullmatch(re.sub(r"\s+", "", s)):
            continue
        return s.split("。")[0][:300]
    return ""


_SIGNOFF_DATE = re.compile(rf"{_DATE_LINE.pattern}|[（(]?(?:19|20)\d{{2}}\s*年\s*\d{{1,2}}\s*月[)）]?")


def _signoff(tail: list[str]) -> tuple[str | None, str | None]:
    """(the organ line above the closing date, that date) from the last lines (a sign-off may stand
    above attachments or tables: the last lines are searched back to the first closing date)."""
    for j in range(len(tail) - 1, -1, -1):
        line = re.sub(r"\s+", "", tail[j])
        m = _SIGNOFF_DATE.search(line)
        if not m or m.end() != len(line) or len(line) > 60:
            continue
        before = line[:m.start()]
        if before:   # 某某局 2021年1月20日 on one line
            return before, _date_of(m.group(0))
        if m.start() == 0 and j > 0:
            return re.sub(r"\s+", "", tail[j - 1]), _date_of(m.group(0))
        return None, _date_of(m.group(0))
    return None, None


# ---------------------------------------------------------------- candidates

def _agency_candidates(p: _Parts, meta: dict, hints: dict) -> tuple[list[Candidate], list[str]]:
    out: list[Candidate] = []
    named: list[str] = []   # words offered as an agency that are not organs (for the warning)

    def offer(name: str | None, origin: str, quote: str = "") -> None:
        if not name:
            return
        name = re.sub(r"\s+", "", name)
        if organs.parse(name):
            out.append(Candidate(name, origin, quote))
        elif name not in named:
            named.append(name)

    def offer_title(title: str | None, origin: str) -> None:
        organ, words = title_agency(title)
        if organ:
            out.append(Candidate(organ, origin, title or ""))
        elif words and words not in named:
            named.append(words)

    offer_title(p.title, "title")
    # headings: organ lines directly above the title (blank lines between at most), or opening the text
    if p.title_at:
        i = p.title_at[0]
        while i >= 0 and organs.parse(_unquote(p.lines[i][1])) and (
                i == p.title_at[0] or p.lines[i + 1][0] == p.lines[i][0] + 1):
            offer(_unquote(p.lines[i][1]), "heading")
            i -= 1
    elif p.lines and organs.parse(_unquote(p.lines[0][1])):
        offer(_unquote(p.lines[0][1]), "heading")
    for t in p.labels.get("title", []):
        offer_title(t, "label_title")
    for v in p.labels.get("agency", []):
        offer(v, "label_office" if GENERAL_OFFICE.search(re.sub(r"\s+", "", v)) else "label_agency")
    for v in p.labels.get("source", []):
        offer(v, "label_source")
    for t in _meta_titles(meta):
        offer_title(t, "meta_title")
    offer(p.signoff, "signoff")
    sentence = _BRACKETED.sub("", p.first_sentence)
    for pat in _FIRST_AGENCY:
        for m in pat.finditer(sentence):
            clause = re.split(r"根据|依据|按照|依照|结合|严格", m.group(1))[0]   # 某某局依据条例编制本报告
            offer(clause, "first_sentence", p.first_sentence)
    for key in ("publisher", "ContentSource", "source_site", "source"):
        v = meta.get(key)
        if isinstance(v, str):
            offer(v, "meta_agency")
    offer_title(str(hints.get("title") or "") or None, "hint_title")
    offer(str(hints.get("agency") or "") or None, "hint_agency")
    return out, named


def _meta_titles(meta: dict) -> list[str]:
    out = []
    for key in ("title", "ArticleTitle", "page_title"):
        t = tidy_container_title(meta.get(key) if isinstance(meta.get(key), str) else None)
        if t and t not in out:
            out.append(t)
    return out


def _year_candidates(p: _Parts, text: str, meta: dict, hints: dict) -> list[Candidate]:
    out: list[Candidate] = []
    if p.title and title_year(p.title):
        out.append(Candidate(title_year(p.title), "title", p.title))
    for t in p.labels.get("title", []):
        if is_title(t) and title_year(t):
            out.append(Candidate(title_year(t), "label_title", t))
    for t in _meta_titles(meta):
        if is_title(t) and title_year(t):
            out.append(Candidate(title_year(t), "meta_title", t))
    sentence = _BRACKETED.sub("", p.first_sentence)
    for pat in _FIRST_YEAR:
        m = pat.search(sentence)
        if m:
            out.append(Candidate(int(m.group(1)), "first_sentence", p.first_sentence))
            break
    for pat in _PERIOD:
        m = pat.search(text[:6000])
        if m:
            out.append(Candidate(int(m.group(1)), "period", m.group(0)))
            break
    hint = str(hints.get("title") or "")
    if is_title(hint) and title_year(hint):
        out.append(Candidate(title_year(hint), "hint_title", hint))
    return out


def _choose(cands: list[Candidate]) -> Candidate | None:
    if not cands:
        return None
    origins: dict[object, set[str]] = {}
    for c in cands:
        origins.setdefault(c.value, set()).add(c.origin)

    def score(c: Candidate) -> int:
        return ORIGINS[c.origin][1] + AGREEMENT * (len(origins[c.value]) - 1)
    best = max(cands, key=score)   # max keeps the first of equals: candidates are offered in weight order
    # report the strongest origin that names the winner
    return max((c for c in cands if c.value == best.value), key=lambda c: ORIGINS[c.origin][1])


def _related(a: str, b: str) -> bool:
    """The same organ printed longer or shorter (商丘市人民政府 / 商丘市人民政府办公室, 睢阳区人民政府 /
    商丘市睢阳区人民政府): not a conflict."""
    return a in b or b in a


def _describe(origin: str) -> str:
    return {"label_title": "the 标题 label", "label_agency": "the 发文机关/发布机构 label",
            "label_office": "the 发布机构 label (a general office)", "meta_title": "the container title",
            "meta_agency": "the publisher metadata", "label_source": "the 来源 label", "period": "the statistics period",
            "first_sentence": "the first sentence", "signoff": "the sign-off", "heading": "the heading",
            "title": "the title", "hint_title": "the source's list title", "hint_agency": "the source's registry"}[origin]


# ---------------------------------------------------------------- the fields

def read(text: str, meta: dict | None = None, hints: dict | None = None) -> Metadata:
    """Title, agency (+ where from), year and publication date of one report's text and metadata."""
    meta, hints = meta or {}, hints or {}
    p = _parts(text)
    out = Metadata()
    out.title = _choose_title(p, meta, hints)

    cands, named = _agency_candidates(p, meta, hints)
    cands = _of_the_titles_place(p.title, cands, out.warnings)
    best = _choose(cands)
    if best is None:
        tried = "; ".join(f"'{n[:30]}'" for n in named[:3])
        out.warnings.append("agency not found: nothing in the title, headings, label lines, sign-off, first sentence "
                            "or metadata parses as an organ" + (f" (not organs: {tried})" if tried else ""))
    else:
        out.agency, out.agency_source = best.value, ORIGINS[best.origin][0]
        for c in cands:
            if c.origin in _STATED and c.value != best.value and not _related(c.value, best.value):
                out.warnings.append(f"agency: {_describe(c.origin)} names {c.value}, {_describe(best.origin)} "
                                    f"names {best.value}; kept {best.value}")
                break

    out.published = find_published(text, meta, p)
    out.catalogue = catalogue(p, out.warnings)
    years = _year_candidates(p, text, meta, hints)
    chosen = _choose(years)
    if chosen is None:
        out.warnings.append("year not found: no title, statistics period or first sentence names the year reported on")
    else:
        out.year = int(chosen.value)
        other = next((c for c in years if c.value != chosen.value and not c.origin.startswith("hint")), None)
        if other is not None:
            out.warnings.append(f"year: {_describe(chosen.origin)} says {chosen.value}, {_describe(other.origin)} says "
                                f"{other.value}; kept {chosen.value}")
        if out.published and out.year > int(out.published[:4]):
            out.warnings.append(f"year {out.year} is after the publication date {out.published}")
    return out


_OFFICE = re.compile(r"(?:人民政府|政府)?(?:办公室|办公厅)$")


def _of_the_titles_place(title: str | None, cands: list[Candidate], warnings: list[str]) -> list[Candidate]:
    """A title that names a place and no organ (洛阳市2020年…) is that place's report: an organ of
    another place is no candidate, and neither is the place's general office where only the first
    sentence or metadata names it (本报告由洛阳市人民政府办公室编制: the compiler of the government's
    report, not its author)."""
    organ, named = title_agency(title)
    if organ or not named or regions.mentions(named) != [named]:
        return cands
    kept = []
    for c in cands:
        if not c.value.startswith(named):
            continue
        if c.origin not in _STATED and _OFFICE.search(c.value[len(named):]):
            warnings.append(f"agency: the title names the place {named}; {_describe(c.origin)} names only its "
                            f"office {c.value}, which compiles the report")
            continue
        kept.append(c)
    return kept


def _choose_title(p: _Parts, meta: dict, hints: dict) -> str | None:
    if p.title:
        return p.title
    for t in p.labels.get("title", []) + _meta_titles(meta):
        if is_title(t) and title_year(t):
            return re.sub(r"\s+", "", t)
    hint = str(hints.get("title") or "")
    if is_title(hint):
        return re.sub(r"\s+", "", hint)
    for t in p.labels.get("title", []) + _meta_titles(meta):
        if is_title(t):
            return re.sub(r"\s+", "", t)
    return None


def agency_kind(agency: str | None) -> str | None:
    return organs.kind(agency)


LEVELS = ("province", "city", "county", "township", "unknown")   # the contract's level values


_TOWNSHIP_BODY = re.compile(r"(?:镇|乡|街道)(?:人民政府|办事处|" + "|".join(organs.TOWNSHIP_OFFICES) + r")?$|街道办事处$")


def level_of(agency: str | None, place: regions.Place) -> str:
    """A township's government or sub-district office, or a county bureau's office named for the
    township it serves (城关镇司法所), is township level; anything else the level of its place."""
    if agency and _TOWNSHIP_BODY.search(agency):
        return "township"
    return place.level


# ---------------------------------------------------------------- dates

def _iso(y, m, d) -> str | None:
    try:
        y, m, d = int(y), int(m), int(d)
    except (TypeError, ValueError):
        return None
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def _date_of(text: str | None) -> str | None:
    if not text:
        return None
    m = _DATE.search(text)
    if m:
        return _iso(*m.groups())
    m = _CN_DATE.search(text)
    if m:
        return _iso(*(cn_number(g) for g in m.groups()))
    return None


# record.catalogue key -> the label field it is read from (labels.LABELS); dates are ISO or null
CATALOGUE = {"index_no": "index_no", "publisher": "agency", "written": "written", "published": "published",
             "doc_no": "doc_no", "topic": "topic"}
_CATALOGUE_DATES = ("written", "published")


def catalogue(p: _Parts, warnings: list[str]) -> dict | None:
    """What the page's catalogue table (or its label lines) says of the document, as printed: its
    index number, publisher, dates, document number and topic; None when it prints none of them.
    The publisher is often the government's general office, not the report's agency: it is a
    candidate for the agency rules (label_office), never the agency itself."""
    found = {key: next((v for v in p.labels.get(f, []) if v), None) for key, f in CATALOGUE.items()}
    if not any(found.values()):
        return None
    for key in _CATALOGUE_DATES:
        if found[key] is not None:
            printed, found[key] = found[key], _date_of(found[key])
            if found[key] is None:
                warnings.append(f"catalogue {key} date unreadable: {printed[:40]!r}")
    if found["publisher"]:
        found["publisher"] = re.sub(r"\s+", "", found["publisher"])
    return found


def find_published(text: str, meta: dict, parts: _Parts | None = None) -> str | None:
    """The publication date: container metadata, then 发布日期 labels, the sign-off's date, a date
    printed under the title, 成文日期, a bare 日期 label. A date inside a sentence is never one."""
    p = parts or _parts(text)
    for key in ("published", "PubDate", "发布日期", "发布时间"):
        d = _date_of(str(meta.get(key) or ""))
        if d:
            return d
    for value in p.labels.get("published", []):
        d = _date_of(value)
        if d:
            return d
    for d in (p.signoff_date, p.date_under_title):
        if d:
            return d
    for value in [str(meta.get("written") or "")] + p.labels.get("written", []) + p.labels.get("date", []):
        d = _date_of(value)
        if d:
            return d
    return None
