"""`gia archive cite ID [--bibtex]`: how to cite an archived report.

GB/T 7714-2015 (信息与文献 参考文献著录规则), electronic resource [EB/OL]:

    主要责任者. 题名[EB/OL]. (发表日期)[引用日期]. 获取和访问路径.
    洛阳市司法局. 洛阳市司法局2020年政府信息公开工作年度报告[EB/OL]. (2021-01-20)[2026-11-20]. http://….

The agency is the author, the publication date the record's `published`, the citation date the
day the archived copy was fetched (what the citation's reader can check against), and the path
the URL it was fetched from. A second line names the archived copy: report year, fetch time,
SHA-256 of the raw response and the gia id. A part the record does not have is left out, never
guessed (no publication date: no "(…)"). `--bibtex` gives the same as a BibTeX @misc entry
(biblatex's `date`/`urldate` and BibTeX's `year`/`howpublished` both).
"""

from __future__ import annotations

import re

from search_cli.browse.deadlines import parse_day

_LATEX_SPECIAL = re.compile(r"([\\{}%&$#_~^])")
_LATEX_REPLACE = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _source(record: dict) -> dict:
    return record.get("source") if isinstance(record.get("source"), dict) else {}


def gbt7714(record: dict) -> str:
    source = _source(record)
    agency, title = record.get("agency"), record.get("title") or "[无题名]"
    published = parse_day(record.get("published"))
    fetched = parse_day(source.get("fetched_at"))
    text = f"{agency}. " if agency else ""
    text += f"{title}[EB/OL]. "
    dates = (f"({published.isoformat()})" if published else "") + (f"[{fetched.isoformat()}]" if fetched else "")
    text += f"{dates}. " if dates else ""
    if source.get("url"):
        text += f"{source['url']}."
    return text.rstrip()


def archive_note(record: dict, language: str = "zh") -> str:
    source = _source(record)
    parts_zh, parts_en = [], []
    if isinstance(record.get("year"), int):
        parts_zh.append(f"报告年度 {record['year']}")
        parts_en.append(f"report year {record['year']}")
    if source.get("fetched_at"):
        parts_zh.append(f"存档时间 {source['fetched_at']}")
        parts_en.append(f"archived copy fetched {source['fetched_at']}")
    if source.get("sha256"):
        parts_zh.append(f"SHA-256 {source['sha256']}")
        parts_en.append(f"SHA-256 {source['sha256']}")
    parts_zh.append(f"gia 编号 {record.get('id')}")
    parts_en.append(f"gia id {record.get('id')}")
    if language == "zh":
        return "存档：" + "；".join(parts_zh)
    english = "; ".join(parts_en) + "."
    return english[:1].upper() + english[1:]


def latex(text: str) -> str:
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_REPLACE.get(m.group(1), "\\" + m.group(1)), str(text))


def bibtex_key(record: dict) -> str:
    return "gia-" + re.sub(r"[^A-Za-z0-9]+", "", str(record.get("id") or "report"))


def bibtex(record: dict) -> str:
    source = _source(record)
    published = parse_day(record.get("published"))
    fetched = parse_day(source.get("fetched_at"))
    fields: list[tuple[str, str]] = []
    if record.get("agency"):
        fields.append(("author", "{" + latex(record["agency"]) + "}"))   # a body, not a person: no name splitting
    fields.append(("title", "{" + latex(record.get("title") or "[无题名]") + "}"))
    if published:
        fields += [("year", str(published.year)), ("date", published.isoformat())]
    if source.get("url"):
        url = str(source["url"]).replace("{", "%7B").replace("}", "%7D")   # braces would end the field
        fields += [("url", url), ("howpublished", "\\url{" + url + "}")]
    if fetched:
        fields.append(("urldate", fetched.isoformat()))
    fields += [("note", latex(archive_note(record, "en"))), ("langid", "chinese")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(record)},\n{body}\n}}"


def run(archive, args) -> int:
    from search_cli.browse.records import find

    _path, record = find(archive, args.id)
    print(bibtex(record) if args.bibtex else gbt7714(record) + "\n" + archive_note(record))
    return 0
