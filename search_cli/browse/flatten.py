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
    meaning: str     # what the value is, in English (for table cells: table, row key, column key)
    zh: str = ""     # the same in Chinese: for table cells the report's own printed labels
    label: str = ""  # a short Chinese header (spreadsheets); the Chinese description when empty

    @property
    def header(self) -> str:
        return self.label or self.zh or self.name


META_COLUMNS = (
    Column("id", "text", "stable report id", "报告编号（稳定）", "编号"),
    Column("title", "text", "report title", "报告标题", "标题"),
    Column("agency", "text", "agency name", "机关名称", "机关"),
    Column("agency_kind", "text", "agency kind (name suffix, e.g. 司法局)", "机关类别（名称后缀，如 司法局）", "机关类别"),
    Column("level", "text", "province | city | county | township | unknown", "层级：省 | 市 | 县 | 乡镇 | 未知", "层级"),
    Column("province", "text", "province", "省份", "省份"),
    Column("city", "text", "city", "市", "市"),
    Column("county", "text", "county", "县（区）", "县（区）"),
    Column("year", "integer", "report year", "报告年度", "年度"),
    Column("published", "text", "publication date", "发布日期", "发布日期"),
    Column("template", "text", "legacy | 2019 | 2021 | unknown", "模板版本：legacy（2019年前）| 2019 | 2021 | unknown",
           "模板"),
    Column("script", "text", "simplified | traditional (as published)", "字体：简体 | 繁体（发布时）", "字体"),
    Column("checks_total", "integer", "identity checks run", "勾稽关系校验项数", "校验项数"),
    Column("checks_failed", "integer", "identity checks that do not hold", "不成立的勾稽关系项数", "校验不成立"),
    Column("failed_rules", "text", "failed check rules, '; '-separated (rule@where)",
           "不成立的校验规则（rule@where，以 '; ' 分隔）", "不成立的规则"),
    Column("warnings", "integer", "parser warnings", "解析警告条数", "警告数"),
    Column("source_url", "text", "URL the report was fetched from", "抓取网址", "网址"),
    Column("fetched_at", "text", "fetch time", "抓取时间", "抓取时间"),
    Column("sha256", "text", "SHA-256 of the raw response", "原始响应的 SHA-256", "SHA-256"),
    Column("media_type", "text", "media type of the raw response", "原始响应的媒体类型", "媒体类型"),
    Column("warc_file", "text", "WARC file holding the raw response", "保存原始响应的 WARC 文件", "WARC 文件"),
    Column("warc_offset", "integer", "offset of the raw response in the WARC file", "原始响应在 WARC 文件中的偏移", "WARC 偏移"),
    Column("path", "text", "record file, relative to the archive", "记录文件（相对存档目录）", "记录文件"),
)

TABLE_NAMES_ZH = {"active": "表二", "applications": "表三", "review_litigation": "表四"}
TABLE_NAMES_EN = {"active": "table 2 (active disclosure)", "applications": "table 3 (requests)",
                  "review_litigation": "table 4 (review and litigation)"}


def slug(key: str) -> str:
    return key.replace(".", "_").replace("-", "_")


def _nth(names: tuple[str, ...], i: int) -> str:
    return names[i] if i < len(names) else f"c{i}"


def column_key(table: str, i: int, header: str | None = None) -> str:
    """A table cell's column as a key: `natural_person`, `upheld`, `in_force` (c<i> past the template's)."""
    if table == "applications":
        return _nth(APPLICANTS, i)
    if table == "review_litigation":
        return _nth(REVIEW_RESULTS, i)
    return ACTIVE_COLUMN_NAMES.get(header or "", f"c{i}")


def column_label(table: str, i: int, header: str | None = None) -> str | None:
    """A table cell's column as the template prints it (自然人, 结果维持, 现行有效件数); None when unknown."""
    if table == "applications":
        return labels.APPLICANT_COLUMNS[i] if i < len(labels.APPLICANT_COLUMNS) else None
    if table == "review_litigation":
        return labels.REVIEW_COLUMNS[i] if i < len(labels.REVIEW_COLUMNS) else None
    return header


def wide_column(table: str, row: str, i: int, header: str | None = None) -> str:
    """The export column of one table cell: app_/act_/rev_ + row key + column key."""
    prefix = {"applications": "app", "review_litigation": "rev"}.get(table, "act")
    return f"{prefix}_{slug(row)}_{column_key(table, i, header)}"


def app_column(row: str, i: int) -> str:
    return wide_column("applications", row, i)


def rev_column(group: str, i: int) -> str:
    return wide_column("review_litigation", group, i)


def act_column(row: str, header: str | None, i: int) -> str:
    return wide_column("active", row, i, header)


def _cell(name: str, type_: str, table: str, row: str, col: str, zh_row: str, zh_col: str, extra: str = "") -> Column:
    return Column(name, type_, f"{TABLE_NAMES_EN[table]}, row {row}, column {col}{extra}",
                  f"{TABLE_NAMES_ZH[table]} {zh_row} · {zh_col}{extra}")


def _declared() -> tuple[Column, ...]:
    cols: dict[str, Column] = {c.name: c for c in META_COLUMNS}
    for template in ("2021", "2019"):
        for item in labels.active_items(template):
            for row in item.rows:
                for i, header in enumerate(item.columns):
                    name = act_column(row.key, header, i)
                    num = "number" if "金额" in header or name.endswith("_change") else "integer"
                    cols.setdefault(name, _cell(name, num, "active", row.key, column_key("active", i, header),
                                                f"{item.item} {row.label}", header, f"（{template}）"))
    for row in labels.application_keys(""):
        for i, who in enumerate(labels.APPLICANT_COLUMNS):
            name = app_column(row, i)
            cols.setdefault(name, _cell(name, "integer", "applications", row, APPLICANTS[i], labels.label(row), who))
    for group, glabel in labels.REVIEW_GROUPS.items():
        for i, result in enumerate(labels.REVIEW_COLUMNS):
            name = rev_column(group, i)
            cols.setdefault(name, _cell(name, "integer", "review_litigation", group, REVIEW_RESULTS[i], glabel, result))
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
    from search_cli.browse.sqlitedb import tables_markdown   # the other tables of the SQLite export

    lines = ["# Export columns", "",
             "Generated by `python -m search_cli.browse.flatten > docs/columns.md` from the declarations in",
             "`search_cli/browse/flatten.py`, `cells.py` and `sqlitedb.py`; do not edit by hand.", "",
             "## `reports`", "",
             "One row per report in `gia archive export` (csv, jsonl, sqlite table `reports`, xlsx sheet 报告 —",
             "whose headers are the short Chinese names below, or the Chinese meaning for table cells).",
             "", "A blank cell is empty (csv) / null (jsonl, sqlite); a table the report lacks gives empty columns.",
             "Table-2 columns are per template: 2021 reports fill `*_issued/_repealed/_in_force`, 2019 reports",
             "`*_made/_published/_total_public`. Detail rows the declaration does not know are exported with",
             "the same naming scheme after these columns.", "",
             "| column | type | meaning | 含义 |", "|---|---|---|---|"]
    pipe = "\\|"  # a literal | inside a Markdown table cell
    lines += [f"| `{c.name}` | {c.type} | {c.meaning.replace('|', pipe)} | {c.zh.replace('|', pipe)} |" for c in COLUMNS]
    return "\n".join(lines) + "\n" + tables_markdown()


if __name__ == "__main__":  # pragma: no cover
    import sys
    sys.stdout.write(columns_markdown())
