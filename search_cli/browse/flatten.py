"""One flat row per report: every table cell a named column. The column list is DECLARED here
once; export, compare, serve and docs/columns.md all read it.

    python -m search_cli.browse.flatten > docs/columns.md    (tests/browse/test_columns_doc.py checks it)

Names: `app_<row>_<applicant>` for table 3 (row key with '.' -> '_'), `act_<row>_<column>` for
table 2, `rev_<group>_<result>` for table 4, plain names for metadata. Table-2 columns differ
between the 2019 and 2021 templates; each printed column has its own name, so a cell is never
silently mixed with a different quantity. Keys the declaration does not know (a new detail row)
still get a column: the same scheme, named from the key, added after the declared ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from search_cli.browse import labels

APPLICANTS = ("natural_person", "business", "research", "public_interest", "legal_services", "other", "total")
REVIEW_RESULTS = ("upheld", "corrected", "other", "pending", "total")
# printed table-2 column header -> column-name suffix (both templates)
ACTIVE_COLUMN_NAMES = {
    "本年新制作数量": "made", "本年新公开数量": "published", "对外公开总数量": "total_public",
    "上一年项目数量": "prev_year_items", "本年增/减": "change", "处理决定数量": "decisions",
    "采购项目数量": "count", "采购总金额": "amount",
    "本年制发件数": "issued", "本年废止件数": "repealed", "现行有效件数": "in_force",
    "本年处理决定数量": "decisions", "本年收费金额（单位：万元）": "amount_10k_yuan",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str        # "text" | "integer" | "number"
    meaning: str     # where the value comes from, in the report's words


META_COLUMNS = (
    Column("id", "text", "stable report id"),
    Column("title", "text", "report title"),
    Column("agency", "text", "agency name"),
    Column("agency_kind", "text", "agency kind (name suffix, e.g. 司法局)"),
    Column("level", "text", "province | city | county | township | unknown"),
    Column("province", "text", "province"),
    Column("city", "text", "city"),
    Column("county", "text", "county"),
    Column("year", "integer", "report year"),
    Column("published", "text", "publication date"),
    Column("template", "text", "legacy | 2019 | 2021 | unknown"),
    Column("script", "text", "simplified | traditional (as published)"),
    Column("checks_total", "integer", "identity checks run"),
    Column("checks_failed", "integer", "identity checks that do not hold"),
    Column("failed_rules", "text", "failed check rules, '; '-separated (rule@where)"),
    Column("warnings", "integer", "parser warnings"),
    Column("source_url", "text", "URL the report was fetched from"),
    Column("fetched_at", "text", "fetch time"),
    Column("sha256", "text", "SHA-256 of the raw response"),
    Column("media_type", "text", "media type of the raw response"),
    Column("warc_file", "text", "WARC file holding the raw response"),
    Column("warc_offset", "integer", "offset of the raw response in the WARC file"),
    Column("path", "text", "record file, relative to the archive"),
)


def slug(key: str) -> str:
    return key.replace(".", "_").replace("-", "_")


def app_column(row: str, i: int) -> str:
    return f"app_{slug(row)}_{APPLICANTS[i] if i < len(APPLICANTS) else f'c{i}'}"


def rev_column(group: str, i: int) -> str:
    return f"rev_{slug(group)}_{REVIEW_RESULTS[i] if i < len(REVIEW_RESULTS) else f'c{i}'}"


def act_column(row: str, header: str | None, i: int) -> str:
    return f"act_{slug(row)}_{ACTIVE_COLUMN_NAMES.get(header or '', f'c{i}')}"


def _declared() -> tuple[Column, ...]:
    cols: dict[str, Column] = {c.name: c for c in META_COLUMNS}
    for template in ("2021", "2019"):
        for item in labels.active_items(template):
            for row in item.rows:
                for i, header in enumerate(item.columns):
                    name = act_column(row.key, header, i)
                    num = "number" if "金额" in header or name.endswith("_change") else "integer"
                    cols.setdefault(name, Column(name, num, f"表二 {item.item} {row.label} · {header}"
                                                 f"（{template}）"))
    for row in labels.application_keys(""):
        for i, who in enumerate(labels.APPLICANT_COLUMNS):
            name = app_column(row, i)
            cols.setdefault(name, Column(name, "integer", f"表三 {labels.label(row)} · {who}"))
    for group, glabel in labels.REVIEW_GROUPS.items():
        for i, result in enumerate(labels.REVIEW_COLUMNS):
            name = rev_column(group, i)
            cols.setdefault(name, Column(name, "integer", f"表四 {glabel} · {result}"))
    return tuple(cols.values())


COLUMNS: tuple[Column, ...] = _declared()
COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)


def flatten(record: dict, path: str | None = None) -> dict:
    """record -> {column: value}. Blank cells stay None; absent tables give no columns."""
    checks = record.get("checks") or []
    failed = [c for c in checks if not c.get("ok", True)]
    source = record.get("source") or {}
    warc = source.get("warc") or {}
    row: dict = {k: record.get(k) for k in ("id", "title", "agency", "agency_kind", "level", "province", "city",
                                           "county", "year", "published", "template", "script")}
    row.update(checks_total=len(checks), checks_failed=len(failed),
               failed_rules="; ".join(f"{c.get('rule')}@{c.get('where')}" for c in failed),
               warnings=len(record.get("warnings") or []), source_url=source.get("url"),
               fetched_at=source.get("fetched_at"), sha256=source.get("sha256"), media_type=source.get("media_type"),
               warc_file=warc.get("file") if isinstance(warc, dict) else None,
               warc_offset=warc.get("offset") if isinstance(warc, dict) else None, path=path)
    tables = record.get("tables") or {}
    active = tables.get("active") or {}
    headers = active.get("columns") or {}
    for key, values in (active.get("rows") or {}).items():
        cols = headers.get(key) or []
        for i, value in enumerate(values or []):
            row[act_column(key, cols[i] if i < len(cols) else None, i)] = value
    for key, values in (tables.get("applications") or {}).items():
        for i, value in enumerate(values or []):
            row[app_column(key, i)] = value
    for key, values in (tables.get("review_litigation") or {}).items():
        for i, value in enumerate(values or []):
            row[rev_column(key, i)] = value
    return row


def columns_for(rows) -> list[str]:
    """The declared columns, then any extra ones these rows carry (in first-seen order)."""
    names = list(COLUMN_NAMES)
    known = set(names)
    for row in rows:
        for name in row:
            if name not in known:
                known.add(name)
                names.append(name)
    return names


def columns_markdown() -> str:
    lines = ["# Export columns", "",
             "Generated by `python -m search_cli.browse.flatten > docs/columns.md` from the declaration in",
             "`search_cli/browse/flatten.py`; do not edit by hand. One row per report in "
             "`gia archive export` (csv, jsonl, sqlite).",
             "", "A blank cell is empty (csv) / null (jsonl, sqlite); a table the report lacks gives empty columns.",
             "Table-2 columns are per template: 2021 reports fill `*_issued/_repealed/_in_force`, 2019 reports",
             "`*_made/_published/_total_public`. Detail rows the declaration does not know are exported with",
             "the same naming scheme after these columns.", "",
             "| column | type | meaning |", "|---|---|---|"]
    pipe = "\\|"  # a literal | inside a Markdown table cell
    lines += [f"| `{c.name}` | {c.type} | {c.meaning.replace('|', pipe)} |" for c in COLUMNS]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys
    sys.stdout.write(columns_markdown())
