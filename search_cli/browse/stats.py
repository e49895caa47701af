"""`gia archive ls`, `stats` and `validate`: the archive as lists and counts."""

from __future__ import annotations

import json
import re
from collections import Counter

from search_cli.browse import termtable
from search_cli.browse.records import failed_checks

STAT_FACETS = ("year", "province", "level", "template", "agency_kind")


def ls_line(record: dict) -> str:
    failed = len(failed_checks(record))
    flag = f" ✗{failed}" if failed else ""
    flag += f" ⚠{len(record.get('warnings') or [])}" if record.get("warnings") else ""
    return f"{record.get('id')}\t{record.get('year')}\t{record.get('template')}\t{record.get('agency')}\t" \
           f"{record.get('title')}{flag}"


def warning_kind(text: str) -> str:
    """A warning's kind: its text with numbers, quoted parts and URLs folded, cut at a colon."""
    text = re.sub(r"https?://\S+", "URL", str(text))
    text = re.sub(r"[“\"'‘].*?[”\"'’]", "…", text)
    text = re.sub(r"\d+", "N", text)
    return re.split(r"[:：(（]", text, maxsplit=1)[0].strip()[:60] or "(empty)"


def stats(records: list[dict]) -> dict:
    out: dict = {"reports": len(records)}
    for facet in STAT_FACETS:
        counts = Counter(str(r.get(facet)) for r in records)
        out[f"by_{facet}"] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    with_checks = [r for r in records if r.get("checks")]
    clean = [r for r in with_checks if not failed_checks(r)]
    out["with_checks"] = len(with_checks)
    out["all_identities_hold"] = len(clean)
    out["share_all_identities_hold"] = round(len(clean) / len(with_checks), 4) if with_checks else None
    out["with_warnings"] = sum(1 for r in records if r.get("warnings"))
    out["failed_checks_by_rule"] = dict(Counter(c.get("rule") for r in records for c in failed_checks(r)).most_common())
    out["warnings_by_kind"] = dict(Counter(warning_kind(w) for r in records for w in r.get("warnings") or [])
                                   .most_common())
    return out


def stats_text(s: dict) -> str:
    parts = [f"reports: {s['reports']}"]
    share = s["share_all_identities_hold"]
    parts.append(f"parse quality: {s['all_identities_hold']}/{s['with_checks']} reports with all identities holding"
                 + (f" ({share:.1%})" if share is not None else "") + f"; {s['with_warnings']} with warnings")
    for key in [f"by_{f}" for f in STAT_FACETS] + ["failed_checks_by_rule", "warnings_by_kind"]:
        if s[key]:
            rows = [[k, v] for k, v in s[key].items()]
            parts.append(key.replace("_", " ") + "\n" + termtable.render(["", "reports"], rows))
    return "\n\n".join(parts)


def problems(pairs) -> list[dict]:
    """Every report with a broken identity or a warning: one entry each."""
    out = []
    for path, record in pairs:
        failed = failed_checks(record)
        warnings = record.get("warnings") or []
        if failed or warnings:
            out.append({"id": record.get("id"), "agency": record.get("agency"), "year": record.get("year"),
                        "title": record.get("title"), "path": str(path),
                        "failed_checks": [{k: c.get(k) for k in ("rule", "where", "detail")} for c in failed],
                        "warnings": warnings})
    return out


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def validate_text(found: list[dict], total: int) -> str:
    """A table; long details are cut (the full text is in --json)."""
    if not found:
        return f"all {total} reports: every identity holds, no warnings"
    rows = []
    for p in found:
        first = True
        for c in p["failed_checks"]:
            rows.append([p["id"] if first else "", p["year"] if first else "", "✗ " + str(c["rule"]),
                         _short(f"{c['where'] or ''} {c['detail'] or ''}".strip())])
            first = False
        for w in p["warnings"]:
            rows.append([p["id"] if first else "", p["year"] if first else "", "⚠ warning", _short(str(w))])
            first = False
    return termtable.render(["id", "year", "problem", "detail"], rows, numeric_from=9) + \
        f"\n\n{len(found)} of {total} reports have a broken identity or a warning"


def run_ls(pairs, args) -> int:
    if args.json:
        for path, r in pairs:
            print(json.dumps({k: r.get(k) for k in ("id", "title", "agency", "year", "province", "city", "level",
                                                    "template")} | {"failed_checks": len(failed_checks(r)),
                                                                    "path": str(path)}, ensure_ascii=False))
    else:
        for _path, r in pairs:
            print(ls_line(r))
    return 0


def run_stats(pairs, args) -> int:
    s = stats([r for _p, r in pairs])
    print(json.dumps(s, ensure_ascii=False, indent=2) if args.json else stats_text(s))
    return 0


def run_validate(pairs, args, unusable: list[tuple[str, str]] = ()) -> int:
    """Reports with a broken identity or a warning, and record files the archive cannot use at all."""
    found = problems(pairs)
    if args.json:
        print(json.dumps(found + [{"path": str(p), "unusable": why} for p, why in unusable], ensure_ascii=False, indent=2))
        return 0
    print(validate_text(found, len(pairs)))
    if unusable:
        print(f"\n{len(unusable)} record file(s) cannot be used (skipped everywhere):")
        for path, why in unusable:
            print(f"  {path}: {why}")
    return 0
