"""Year over year: one agency's figures side by side, with the checks only an archive can make.

Cross-year checks (each a dict like a record's `checks` entry, plus the two years):
- `carry.applications`: last year's 结转下年度继续办理 = this year's 上年结转 (each applicant column);
- `carry.in_force` (2021 template, both years): last year's 现行有效 + 本年制发 − 本年废止 = this
  year's 现行有效, for 规章 and 行政规范性文件;
- `near_copy`: this year's text is a near copy of last year's (character 5-shingle Jaccard ≥ 0.9,
  years and digits folded so only the words count).
"""

from __future__ import annotations

import json
import re

from gia.errors import GiaError
from gia.terminal import allow_style, neutralize_all
from search_cli.browse import labels, termtable
from search_cli.browse.flatten import flatten
from search_cli.browse.records import agency_series, find

NEAR_COPY = 0.9
SHINGLE = 5
# the figures shown by default (flat column names, see docs/columns.md); --all shows every filled one
HEADLINE = ("app_new_total", "app_carried_over_total", "app_disclosed_total", "app_partially_disclosed_total",
            "app_total_handled_total", "app_carried_forward_total",
            "act_regulations_in_force", "act_normative_documents_issued", "act_normative_documents_repealed",
            "act_normative_documents_in_force", "act_licensing_decisions", "act_penalty_decisions",
            "rev_review_total", "rev_litigation_direct_total", "rev_litigation_after_review_total")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    text = re.sub(r"\d+", "#", re.sub(r"\s+", "", text or ""))
    return {text[i:i + k] for i in range(max(0, len(text) - k + 1))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _check(rule, prev, cur, ok, where, detail) -> dict:
    return {"rule": rule, "ok": ok, "where": where, "detail": detail,
            "years": [prev.get("year"), cur.get("year")], "ids": [prev.get("id"), cur.get("id")]}


def cross_year_checks(prev: dict, cur: dict) -> list[dict]:
    out = []
    pa = (prev.get("tables") or {}).get("applications") or {}
    ca = (cur.get("tables") or {}).get("applications") or {}
    fwd, over = pa.get("carried_forward"), ca.get("carried_over")
    if fwd and over:
        for i, (a, b) in enumerate(zip(fwd, over)):
            if a is None or b is None:
                continue
            who = labels.APPLICANT_COLUMNS[i] if i < len(labels.APPLICANT_COLUMNS) else str(i)
            out.append(_check("carry.applications", prev, cur, a == b, who,
                              f"{prev.get('year')} 结转下年度 {a} {'=' if a == b else '≠'} {cur.get('year')} 上年结转 {b}"))
    if prev.get("template") == "2021" and cur.get("template") == "2021":
        prow = ((prev.get("tables") or {}).get("active") or {}).get("rows") or {}
        crow = ((cur.get("tables") or {}).get("active") or {}).get("rows") or {}
        for key in ("regulations", "normative_documents"):
            p, c = prow.get(key), crow.get(key)
            if not p or not c or len(p) < 3 or len(c) < 3 or None in (p[2], c[0], c[1], c[2]):
                continue
            expect = p[2] + c[0] - c[1]
            out.append(_check("carry.in_force", prev, cur, expect == c[2], labels.label(key, "2021"),
                              f"{p[2]} + {c[0]} − {c[1]} = {expect} {'=' if expect == c[2] else '≠'} 现行有效 {c[2]}"))
    score = jaccard(shingles(prev.get("text") or ""), shingles(cur.get("text") or ""))
    if prev.get("text") and cur.get("text"):
        out.append(_check("near_copy", prev, cur, score < NEAR_COPY, "text",
                          f"{score:.0%} of the text's 5-character shingles shared with {prev.get('year')}"))
    return out


def compare(reports: list[dict], show_all: bool = False) -> dict:
    """{"agency", "years", "rows": [{"column", "label", "values", "changes"}], "checks": [...]}."""
    flats = [flatten(r) for r in reports]
    if show_all:
        names = [n for n in flats[0] if n.startswith(("app_", "act_", "rev_"))] if flats else []
        for f in flats[1:]:
            names += [n for n in f if n.startswith(("app_", "act_", "rev_")) and n not in names]
    else:
        names = list(HEADLINE)
    rows = []
    for name in names:
        values = [f.get(name) for f in flats]
        if all(v is None for v in values):
            continue
        changes = [None] + [b - a if isinstance(a, (int, float)) and isinstance(b, (int, float)) else None
                            for a, b in zip(values, values[1:])]
        rows.append({"column": name, "values": values, "changes": changes})
    checks = []
    for prev, cur in zip(reports, reports[1:]):
        checks += cross_year_checks(prev, cur)
    return {"agency": reports[0].get("agency") if reports else None,
            "years": [r.get("year") for r in reports], "ids": [r.get("id") for r in reports],
            "rows": rows, "checks": checks}


def _fmt_change(d) -> str:
    if d is None:
        return ""
    d = int(d) if isinstance(d, float) and d.is_integer() else (round(d, 2) if isinstance(d, float) else d)
    return f"({d:+})" if d else "(=)"


def compare_text(result: dict, colour: bool = False) -> str:
    header = ["", *[str(y) for y in result["years"]]]
    body = []
    for row in result["rows"]:
        cells = [row["column"]]
        for v, d in zip(row["values"], row["changes"]):
            cells.append(f"{termtable.cell(v)} {_fmt_change(d)}".strip())
        body.append(cells)
    bold = (lambda s: termtable.BOLD + s + termtable.RESET) if colour else (lambda s: s)
    lines = [bold(f"{result['agency']} — {len(result['years'])} reports"), termtable.render(header, body)]
    failed = [c for c in result["checks"] if c["ok"] is False]
    lines.append(f"cross-year checks: {len(result['checks']) - len(failed)}/{len(result['checks'])} hold")
    red = (lambda s: termtable.RED + s + termtable.RESET) if colour else (lambda s: s)
    for c in failed:
        lines.append(red(f"  ✗ {c['years'][0]}→{c['years'][1]} {c['rule']} [{c['where']}] {c['detail']}"))
    return "\n".join(lines)


def resolve(archive, target: str) -> list[dict]:
    """AGENCY (exact name, else a unique substring) or a report ID -> that agency's reports."""
    records = list(archive.iter_records())
    agencies = sorted({str(r.get("agency")) for r in records if r.get("agency")})
    if target in agencies:
        name = target
    else:
        partial = [a for a in agencies if target in a]
        if len(partial) == 1:
            name = partial[0]
        elif len(partial) > 1:
            raise GiaError(f"{target!r} matches {len(partial)} agencies ({', '.join(partial[:5])}"
                           f"{', …' if len(partial) > 5 else ''}); give the full name")
        else:
            _path, record = find(archive, target)
            name = record.get("agency")
    return agency_series(records, name)


def run(archive, args) -> int:
    from search_cli.browse import colour as colour_choice

    reports = resolve(archive, args.target)
    result = compare(reports, show_all=args.all)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        colour = colour_choice.wanted(args)
        if colour:
            allow_style()   # our colours pass the terminal guard; scraped names are escaped first
        print(compare_text(neutralize_all(result), colour=colour))
    return 0
