"""Tidy data: one row per printed table cell (the `cells` table of the SQLite export, the 数据
sheet of the Excel export), with the template's Chinese labels beside the keys.

    report_id | table        | row_key  | row_label      | column_key     | column_label | value | inferred
    3f2a…     | applications | disclosed| （一）予以公开   | natural_person | 自然人        | 12    | 0

Row labels are read from the parser's template declaration (search_cli.browse.labels, in the
report's own template's wording); column keys and labels from the one naming scheme of
search_cli.browse.flatten, so `wide_column` names the same cell's column in the wide `reports`
table. A cell printed blank is a row with value NULL (blank is not 0); a row or table the report
lacks gives no rows.

`inferred` says the number was not read as printed but chosen by the identities (the parser's
per-cell `inferred` field, see `inferred_cells`); 0 when the record carries no such field.
"""

from __future__ import annotations

import re
from typing import Iterator

from search_cli.browse import labels
from search_cli.browse.flatten import Column, column_key, column_label, wide_column

TABLES = ("active", "applications", "review_litigation")

CELL_COLUMNS = (
    Column("report_id", "text", "the report (reports.id)", "报告编号（reports.id）", "报告编号"),
    Column("table", "text", "active | applications | review_litigation (tables 2, 3, 4)",
           "所在表：active 表二 | applications 表三 | review_litigation 表四", "表"),
    Column("row_key", "text", "row key of the record (docs/parser.md)", "行键（记录中的键名）", "行键"),
    Column("row_label", "text", "row as the template prints it", "行名称（模板原文，如 （一）予以公开）", "行"),
    Column("column_key", "text", "column key (natural_person, upheld, in_force, …)", "列键", "列键"),
    Column("column_label", "text", "column as the template prints it", "列名称（模板原文，如 自然人）", "列"),
    Column("value", "number", "the number as printed; NULL when the cell is blank", "数值（按原文）；空白单元格为 NULL", "数值"),
    Column("inferred", "integer", "1 when the parser chose the number by the identities instead of reading it "
                                  "as printed (0 when the record does not say)",
           "1 表示该数值由勾稽关系推定而非直接读取（记录未注明时为 0）", "推定"),
    Column("wide_column", "text", "the same cell's column in the reports table", "该单元格在 reports 宽表中的列名", "宽表列名"),
)
CELL_COLUMN_NAMES = tuple(c.name for c in CELL_COLUMNS)

_PATH = re.compile(r"^(active|applications|review_litigation)\.(?:rows\.)?(.+)\[(\d+)\]$")


def inferred_cells(record: dict) -> set[tuple[str, str, int]]:
    """(table, row key, column index) of every cell the record marks as inferred.

    The record's `inferred` field comes in either of two shapes, both read here (and nothing
    else reads it): parallel to `tables` — table -> row key -> list of booleans, table 2 either
    directly by row key or under "rows" like the table itself — or a list of "table.row[i]" paths
    ("applications.withheld.third_party[6]"). Absent or unreadable: no cell is inferred."""
    found: set[tuple[str, str, int]] = set()
    marks = record.get("inferred")
    if isinstance(marks, dict):
        for table, rows in marks.items():
            if isinstance(rows, dict) and isinstance(rows.get("rows"), dict):
                rows = rows["rows"]
            if not isinstance(rows, dict):
                continue
            for key, flags in rows.items():
                if isinstance(flags, list):
                    found.update((table, key, i) for i, flag in enumerate(flags) if flag is True)
    elif isinstance(marks, list):
        for path in marks:
            m = _PATH.match(path) if isinstance(path, str) else None
            if m:
                found.add((m.group(1), m.group(2), int(m.group(3))))
    return found


def _table_rows(tables: dict, table: str) -> Iterator[tuple[str, list, list]]:
    """(row key, values, printed column headers) of one table, in record order."""
    data = tables.get(table)
    if not isinstance(data, dict):
        return
    if table == "active":
        headers = data.get("columns") if isinstance(data.get("columns"), dict) else {}
        for key, values in (data.get("rows") or {}).items():
            if isinstance(values, list):
                yield key, values, list(headers.get(key) or [])
        return
    for key, values in data.items():
        if isinstance(values, list):
            yield key, values, []


def cells(record: dict) -> Iterator[dict]:
    """One dict per printed cell of the record, keys CELL_COLUMN_NAMES."""
    tables = record.get("tables") if isinstance(record.get("tables"), dict) else {}
    template = str(record.get("template") or "")
    inferred = inferred_cells(record)
    rid = record.get("id")
    for table in TABLES:
        for key, values, headers in _table_rows(tables, table):
            row_label = labels.label(key, template)
            for i, value in enumerate(values):
                header = headers[i] if i < len(headers) else None
                yield {"report_id": rid, "table": table, "row_key": key, "row_label": row_label,
                       "column_key": column_key(table, i, header), "column_label": column_label(table, i, header),
                       "value": value if isinstance(value, (int, float)) and not isinstance(value, bool) else None,
                       "inferred": int((table, key, i) in inferred),
                       "wide_column": wide_column(table, key, i, header)}
