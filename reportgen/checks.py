"""The template identities, evaluated on the numbers as printed (the truth's `expected_checks`).

A check is listed only when every cell it reads is printed (no blank, no missing row): a parser
that treats blank as 0 may add more checks, never different outcomes for these.

The rule names and where-labels are the parser's (`reportparser.checks.RULES`, `REVIEW_WHERE`):
one set of names, so a parsed record's checks compare with these as they are. Only the NAMES
come from the parser; the numbers here are the generator's own.
"""

from __future__ import annotations

from reportparser.checks import BALANCE, OUTCOMES, REVIEW_TOTAL, REVIEW_WHERE, ROW_TOTAL

from reportgen.templates import APPLICANT_COLUMNS, APPLICATION_ROWS, printed_application_rows


def _fmt(v) -> str:
    return str(v)


def application_checks(table: dict, template: str) -> list[dict]:
    out = []
    rows = printed_application_rows(template, table)
    for key, _g, _l, _kind in rows:
        row = table.get(key)
        if row is None or any(v is None for v in row):
            continue
        ok = sum(row[:6]) == row[6]
        out.append({"rule": ROW_TOTAL, "where": key, "ok": ok,
                    "detail": "" if ok else f"{' + '.join(map(_fmt, row[:6]))} ≠ {row[6]}"})
    outcome_keys = [k for k, _g, _l, kind in rows if kind == "outcome"]
    for c, label in enumerate(APPLICANT_COLUMNS):
        total = table.get("total_handled")
        cells = [table.get(k) for k in outcome_keys]
        if total is not None and total[c] is not None and all(r is not None and r[c] is not None for r in cells):
            s = sum(r[c] for r in cells)
            ok = s == total[c]
            out.append({"rule": OUTCOMES, "where": label, "ok": ok,
                        "detail": "" if ok else f"{s} ≠ {total[c]}"})
        parts = [table.get(k) for k in ("new", "carried_over", "total_handled", "carried_forward")]
        if all(p is not None and p[c] is not None for p in parts):
            a, b, t, f = (p[c] for p in parts)
            ok = a + b == t + f
            out.append({"rule": BALANCE, "where": label, "ok": ok,
                        "detail": "" if ok else f"{a} + {b} ≠ {t} + {f}"})
    return out


def review_checks(table: dict) -> list[dict]:
    out = []
    for key, row in table.items():
        if row is None or any(v is None for v in row):
            continue
        ok = sum(row[:4]) == row[4]
        out.append({"rule": REVIEW_TOTAL, "where": REVIEW_WHERE[key], "ok": ok,
                    "detail": "" if ok else f"{' + '.join(map(_fmt, row[:4]))} ≠ {row[4]}"})
    return out


def expected_checks(tables: dict, template: str) -> list[dict]:
    if template not in APPLICATION_ROWS:
        return []
    out = []
    if "applications" in tables:
        out += application_checks(tables["applications"], template)
    if "review_litigation" in tables:
        out += review_checks(tables["review_litigation"])
    return out
