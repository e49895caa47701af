"""The template identities, checked per cell on the numbers as printed.

Each check: {"rule", "ok", "where", "detail", "cells", "as_printed"}; `ok` is None when a
blank cell makes the check impossible (blank is never taken as 0). Printed
numbers are never repaired.

`as_printed` is False when one of the check's cells was inferred (the record's `inferred`
map: a digit run split, or a lost blank placed, by the identities): such a check holds
because the parser chose cells that make it hold, not because the report printed it so;
its `inferred_cells` names them and its detail says so. Only a check with `ok` True and
`as_printed` True holds as printed.
"""

from __future__ import annotations

from reportparser.templates import APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, TEMPLATES

# The rule names and where-labels, declared once: the parser's checks and the generator's
# `expected_checks` (reportgen.checks) both read them.
BALANCE, OUTCOMES, ROW_TOTAL, REVIEW_TOTAL = (
    "applications.balance", "applications.outcomes", "applications.row_total", "review_litigation.total")
RULES = {
    BALANCE: "per column: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理 (where = column label)",
    OUTCOMES: "per column: （七）总计 = the outcome rows （一）…（六） summed (where = column label)",
    ROW_TOTAL: "per row: 总计 = the six applicant columns summed (where = row key)",
    REVIEW_TOTAL: "each 总计 of table 4 = the four cells before it (where = group label, e.g. 行政复议)",
}
# where-label of each table 4 group key: "review" -> "行政复议"
REVIEW_WHERE = dict(REVIEW_GROUPS)


def _fmt(v) -> str:
    return "blank" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))


def _check(rule, where, left, right, cells, op_left, op_right):
    if any(v is None for v in left + right):
        ok = None
        detail = f"{op_left(left)} vs {op_right(right)}: a blank cell, cannot check"
    else:
        ok = abs(sum(left) - sum(right)) < 1e-6
        detail = f"{op_left(left)} {'=' if ok else '≠'} {op_right(right)}"
    return {"rule": rule, "ok": ok, "where": where, "detail": detail, "cells": cells}


def _plus(vals):
    return " + ".join(_fmt(v) for v in vals)


def check_applications(app: dict, template: str) -> list[dict]:
    tpl = TEMPLATES.get(template)
    if tpl is None or not app:
        return []
    out = []
    for c, col in enumerate(APPLICANT_COLUMNS):
        def cell(key, c=c):
            row = app.get(key)
            return None if row is None or c >= len(row) else row[c]
        if all(k in app for k in ("new", "carried_over", "total_handled", "carried_forward")):
            keys = ("new", "carried_over", "total_handled", "carried_forward")
            v = [cell(k) for k in keys]
            out.append(_check(BALANCE, col, v[:2], v[2:],
                              [{"row": k, "column": col, "value": x} for k, x in zip(keys, v)], _plus, _plus))
        expected = tpl.expected_outcomes(app)
        present = [k for k in expected if k in app]
        if "total_handled" in app and present:
            v = [cell(k) for k in present]
            res = _check(OUTCOMES, col, [cell("total_handled")], v,
                         [{"row": "total_handled", "column": col, "value": cell("total_handled")}] +
                         [{"row": k, "column": col, "value": x} for k, x in zip(present, v)],
                         _plus, lambda r: f"sum of {len(r)} outcome rows = {_fmt(sum(x for x in r if x is not None))}")
            if len(present) < len(expected):
                res["ok"] = None
                res["detail"] += f" ({len(expected) - len(present)} outcome rows missing)"
            out.append(res)
    for key, row in app.items():
        if len(row) != 7:
            continue
        out.append(_check(ROW_TOTAL, key, [row[6]], row[:6],
                          [{"row": key, "column": col, "value": x} for col, x in zip(APPLICANT_COLUMNS, row)],
                          _plus, _plus))
    return out


def check_review(rl: dict) -> list[dict]:
    out = []
    for key, label in REVIEW_WHERE.items():
        row = rl.get(key)
        if not row or len(row) != 5:
            continue
        out.append(_check(REVIEW_TOTAL, label, [row[4]], row[:4],
                          [{"row": key, "column": col, "value": x} for col, x in zip(REVIEW_COLUMNS, row)],
                          _plus, _plus))
    return out


def run_checks(tables: dict, template: str, inferred: dict | None = None) -> list[dict]:
    out = check_applications(tables.get("applications") or {}, template) + check_review(tables.get("review_litigation") or {})
    return [_compact(_mark_inferred(c, inferred or {})) for c in out]


def _compact(check: dict) -> dict:
    """A check that holds as printed keeps no `cells` and no `detail`: its rule and `where` name
    them, their values are the table's, and its arithmetic restates them. Both are kept where a
    reader must look — a check that fails, is undecided (a blank cell), or holds only through
    inferred cells. (Listing them on every check was over half of a record's bytes.)"""
    if check.get("ok") is True and check.get("as_printed"):
        check.pop("cells", None)
        check.pop("detail", None)
    return check


_COLUMN_INDEX = {**{c: i for i, c in enumerate(APPLICANT_COLUMNS)}}
_REVIEW_INDEX = {c: i for i, c in enumerate(REVIEW_COLUMNS)}
_GROUP_TABLE = {key: "review_litigation" for key, _label in REVIEW_GROUPS}


def _mark_inferred(check: dict, inferred: dict) -> dict:
    hit = []
    for cell in check["cells"]:
        row, column = cell["row"], cell["column"]
        if row in _GROUP_TABLE:
            flags, i = (inferred.get("review_litigation") or {}).get(row), _REVIEW_INDEX.get(column)
        else:
            flags, i = (inferred.get("applications") or {}).get(row), _COLUMN_INDEX.get(column)
        if flags and i is not None and i < len(flags) and flags[i]:
            hit.append({"row": row, "column": column})
    check["as_printed"] = not hit
    if hit:
        check["inferred_cells"] = hit
        check["detail"] += " (includes cells inferred from the identities, not read as printed)"
    return check
