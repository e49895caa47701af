"""When a report is due and which template generation its year calls for — declared once, as data.

Deadlines (publication on or before the date, in the year after the report year):

- report years 2008-2018, every agency: 31 March — 《政府信息公开条例》(2007) art. 31:
  "各级行政机关应当在每年3月31日前公布本行政机关的政府信息公开工作年度报告";
- report years from 2019 (the revised Regulations took effect on 15 May 2019, so the first
  reports under them are those on 2019), art. 49:
  - departments of governments at county level and above: 31 January ("县级以上人民政府部门
    应当在每年1月31日前……提交本行政机关上一年度政府信息公开工作年度报告并向社会公布");
  - governments at county level and above: 31 March ("县级以上地方人民政府的政府信息公开工作
    主管部门应当在每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告");
  - township governments and sub-district offices (乡镇人民政府, 街道办事处) and development-zone
    committees (管理委员会) are named by neither sentence: no statutory date, so no on-time verdict.

Template generations (docs/templates.md, /work/shared/spec/templates.md): reports on 2008-2018
have no fixed tables (`legacy`); reports on 2019 and 2020 use the 2019 format; reports from 2021
use the 2021 format (a later report that keeps the 2019 format does not fit its year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FIRST_REPORT_YEAR = 2008          # the 2007 Regulations took effect on 1 May 2008
REVISED_FROM_YEAR = 2019          # first report year under the 2019 Regulations

GOVERNMENT, DEPARTMENT, NO_DATE = "government", "department", "no statutory date"
_NO_DATE_KINDS = ("乡人民政府", "镇人民政府", "街道办事处", "管理委员会")


@dataclass(frozen=True)
class Deadline:
    due: date | None       # None: no statutory date for this agency class and year
    basis: str             # the provision, to cite beside a verdict


BASIS_2007 = "《政府信息公开条例》（2007）第三十一条：每年3月31日前"
BASIS_2019_DEPARTMENT = "《政府信息公开条例》（2019）第四十九条：县级以上人民政府部门每年1月31日前"
BASIS_2019_GOVERNMENT = "《政府信息公开条例》（2019）第四十九条：县级以上地方人民政府每年3月31日前"
BASIS_NONE = "《政府信息公开条例》（2019）第四十九条未规定乡镇、街道、管委会的公布期限"


def agency_class(kind: str | None, level: str | None) -> str | None:
    """government | department | no statutory date (townships, sub-districts, zone committees); None if unknown."""
    if level == "township" or kind in _NO_DATE_KINDS:
        return NO_DATE
    if not kind:
        return None
    return GOVERNMENT if kind == "人民政府" else DEPARTMENT


def deadline(year: int | None, klass: str | None) -> Deadline:
    if not isinstance(year, int) or year < FIRST_REPORT_YEAR:
        return Deadline(None, "")
    if year < REVISED_FROM_YEAR:
        return Deadline(date(year + 1, 3, 31), BASIS_2007)
    if klass == DEPARTMENT:
        return Deadline(date(year + 1, 1, 31), BASIS_2019_DEPARTMENT)
    if klass == GOVERNMENT:
        return Deadline(date(year + 1, 3, 31), BASIS_2019_GOVERNMENT)
    return Deadline(None, BASIS_NONE if klass == NO_DATE else "")


def latest_due(year: int) -> date:
    """After this date every agency's report on `year` is due, whatever its class (for missing vs not yet due)."""
    return date(year + 1, 3, 31)


def expected_template(year: int | None) -> str | None:
    if not isinstance(year, int) or year < FIRST_REPORT_YEAR:
        return None
    if year < 2019:
        return "legacy"
    return "2019" if year < 2021 else "2021"


def parse_day(text) -> date | None:
    """The date at the start of an ISO date or timestamp ("2021-01-20", "2026-11-20T08:00:00Z")."""
    try:
        return date.fromisoformat(str(text)[:10]) if text else None
    except ValueError:
        return None
