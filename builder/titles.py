"""Is this link/page an annual report? Title rules shared by the spider and the record builder.

A report title names a year and 年度报告/年报 (政府信息公开工作年度报告 and its variants, also in
traditional characters); lookalikes that share the column (网站年度报表, 工作要点, the 格式通知,
部门预算) are not reports.
"""

from __future__ import annotations

import re

from reportparser import fields

REPORT_WORDS = re.compile(r"(年度报告|年度報告|年报|年報|工作报告|工作報告)")
INFO_WORDS = re.compile(r"(信息公开|信息公開|政务公开|政務公開)")
LOOKALIKE = re.compile(r"(报表|報表|工作要点|工作要點|要点|通知|预算|預算|决算|決算|格式|办函|辦函|财务|財務)")
YEAR = re.compile(r"(20[0-4]\d|19[89]\d)\s*年")
_YEAR_ANY = re.compile(r"(20[0-4]\d)")

_t2s = None


def to_simplified(text: str) -> str:
    global _t2s
    if _t2s is None:
        import opencc

        _t2s = opencc.OpenCC("t2s")
    return _t2s.convert(text)


def is_report_title(title: str | None) -> bool:
    """True for a 政府信息公开 annual report title; false for lookalikes and unrelated notices."""
    if not title:
        return False
    t = re.sub(r"\s+", "", title)
    if not REPORT_WORDS.search(t):
        return False
    if LOOKALIKE.search(t.replace("政府信息公开工作年度报告", "")):
        return False
    return bool(_YEAR_ANY.search(t))  # a column name (政府信息公开年报) has no year; a report title does


def split_title(title: str | None) -> tuple[str | None, int | None]:
    """(agency, year) a list title names, in any title form (某某局2020年…, 2020年某某局…, 某某局关于
    2020年…, 某某局政府信息公开工作2020年度报告); the agency only when it parses as an organ (the
    parser's grammar, reportparser.organs), else None. Either may be None."""
    if not title:
        return None, None
    t = re.sub(r"\s+", "", to_simplified(title))
    agency, _named = fields.title_agency(t)
    y = YEAR.search(t) or _YEAR_ANY.search(t)
    return agency, int(y.group(1)) if y else None
