"""`gia archive show ID`: one report as the report lays it out — metadata, the three tables
with their Chinese row labels, broken identities highlighted, warnings, provenance."""

from __future__ import annotations

import json
import re

from gia.terminal import allow_style, neutralize_all
from search_cli.browse import labels, termtable
from search_cli.browse.records import failed_checks


def _where_marks(record: dict) -> dict[str, set]:
    """table -> row keys named by a failed check (the `where` of each failed check; a check
    rule starts with its table name, e.g. applications.balance)."""
    out: dict[str, set] = {}
    for check in failed_checks(record):
        table = str(check.get("rule") or "").split(".", 1)[0]
        where = str(check.get("where") or "")
        out.setdefault(table, set()).update(w for w in re.split(r"[,;，、 ]+", where) if w)
    return out


def _row_marked(key: str, label: str, wanted: set) -> bool:
    return key in wanted or label in wanted or any(w and w in label for w in wanted if len(w) > 1)


def tables_text(record: dict, colour: bool = False) -> str:
    tables = record.get("tables") or {}
    marks = _where_marks(record)
    tpl = str(record.get("template") or "")

    def lab(key: str) -> str:
        return labels.label(key, tpl)

    parts = []
    active = tables.get("active") or {}
    if active.get("rows"):
        headers = active.get("columns") or {}
        blocks: dict[tuple, list] = {}
        for key, values in active["rows"].items():
            blocks.setdefault(tuple(headers.get(key) or [f"列{i + 1}" for i in range(len(values))]), []).append(
                (key, values))
        out = [labels.TABLE_TITLES["active"]]
        for cols, rows in blocks.items():
            body = [[lab(k)] + list(v) for k, v in rows]
            m = {(i, 0) for i, (k, _v) in enumerate(rows) if _row_marked(k, lab(k), marks.get("active", set()))}
            out.append(termtable.render(["信息内容", *cols], body, marks=m, colour=colour))
        parts.append("\n\n".join(out))
    apps = tables.get("applications") or {}
    if apps:
        body, m = [], set()
        wanted = marks.get("applications", set())
        for i, (key, values) in enumerate(k for k in apps.items() if isinstance(k[1], list)):
            body.append([lab(key), *values])
            if _row_marked(key, lab(key), wanted):
                m.add((i, 0))
        # a failed check naming an applicant column (e.g. where="自然人") marks that column's header
        cols = list(labels.APPLICANT_COLUMNS)
        for c, name in enumerate(cols):
            if name in wanted:
                m.update((r, c + 1) for r in range(len(body)))
        parts.append(labels.TABLE_TITLES["applications"] + "\n" +
                     termtable.render(["", *cols], body, marks=m, colour=colour))
    rev = tables.get("review_litigation") or {}
    if rev:
        wanted = marks.get("review_litigation", set())
        body = [[lab(k), *v] for k, v in rev.items() if isinstance(v, list)]
        m = {(i, 0) for i, k in enumerate(k for k, v in rev.items() if isinstance(v, list))
             if _row_marked(k, lab(k), wanted)}
        parts.append(labels.TABLE_TITLES["review_litigation"] + "\n" +
                     termtable.render(["", *labels.REVIEW_COLUMNS], body, marks=m, colour=colour))
    return "\n\n".join(parts) if parts else "(no tables)"


def provenance_lines(record: dict) -> list[str]:
    source = record.get("source") or {}
    lines = []
    for key, name in (("url", "URL"), ("fetched_at", "fetched"), ("sha256", "SHA-256"), ("media_type", "type")):
        if source.get(key):
            lines.append(f"  {name:<9} {source[key]}")
    warc = source.get("warc")
    if isinstance(warc, dict) and warc.get("file"):
        lines.append(f"  {'raw':<9} warc/{warc['file']} @ offset {warc.get('offset')}"
                     + (f" ({warc['length']} bytes)" if warc.get("length") else ""))
    for extra in sorted(set(source) - {"url", "fetched_at", "sha256", "media_type", "warc"}):
        lines.append(f"  {extra:<9} {json.dumps(source[extra], ensure_ascii=False)}")
    return lines or ["  (no provenance recorded)"]


def render(record: dict, path=None, colour: bool = False) -> str:
    bold = (lambda s: termtable.BOLD + s + termtable.RESET) if colour else (lambda s: s)
    red = (lambda s: termtable.RED + s + termtable.RESET) if colour else (lambda s: s)
    meta = [bold(str(record.get("title") or "(untitled)")),
            f"id        {record.get('id')}",
            f"agency    {record.get('agency')} ({record.get('agency_kind') or '?'}, {record.get('level')})",
            f"place     {' '.join(str(record.get(k)) for k in ('province', 'city', 'county') if record.get(k))}",
            f"year      {record.get('year')}   published {record.get('published')}   "
            f"template {record.get('template')}   script {record.get('script')}"]
    if path:
        meta.append(f"file      {path}")
    out = ["\n".join(meta), tables_text(record, colour)]
    checks = record.get("checks") or []
    failed = failed_checks(record)
    lines = [f"checks    {len(checks) - len(failed)}/{len(checks)} hold"]
    lines += [red(f"  ✗ {c.get('rule')} [{c.get('where')}] {c.get('detail') or ''}".rstrip()) for c in failed]
    out.append("\n".join(lines))
    warnings = record.get("warnings") or []
    out.append("\n".join([f"warnings  {len(warnings)}"] + [f"  - {w}" for w in warnings]))
    out.append("\n".join(["provenance"] + provenance_lines(record)))
    return "\n\n".join(out)


def run(archive, args) -> int:
    from search_cli.browse import colour as colour_choice
    from search_cli.browse.records import find

    path, record = find(archive, args.id)
    if args.json:
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    colour = colour_choice.wanted(args)
    if colour:
        allow_style()   # our colours pass the terminal guard; the record's own text is escaped first
    rel = path.relative_to(archive.root) if path.is_relative_to(archive.root) else path
    print(render(neutralize_all(record), rel, colour))
    return 0
