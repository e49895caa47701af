"""`gia archive export --format sqlite`: the archive as one SQLite file for Datasette, pandas or R.

    reports      one row per report, every table cell a named column (search_cli.browse.flatten)
    cells        one row per printed cell, with the template's Chinese labels (search_cli.browse.cells)
    checks       every identity check of every report
    warnings     every parser warning
    reports_fts  the title and text, segmented for Chinese full-text search (search_cli.browse.fts)

Every table and column is declared here or in the module named, with a Chinese and an English
description; `datasette_metadata` turns that into Datasette's metadata file (`datasette F.db -m
F.json` explains itself: descriptions, facets, the search box, an exact-substring canned query)
and docs/columns.md is generated from the same declarations. The file is written under a
temporary name and renamed: a failed export leaves no half database.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from search_cli.browse import cells as cells_mod
from search_cli.browse import fts
from search_cli.browse.flatten import COLUMNS, Column
from gia.atomic import replacing

SQL_TYPES = {"integer": "INTEGER", "number": "NUMERIC", "text": "TEXT"}   # NUMERIC: 12 stays 12, 4068.208 a real
DATASETTE_FACETS = ["year", "province", "level", "template", "agency_kind", "checks_failed"]


@dataclass(frozen=True)
class Table:
    name: str
    en: str
    zh: str
    columns: tuple[Column, ...]


TABLES: tuple[Table, ...] = (
    Table("reports", "One row per report: metadata, provenance and every table cell as a named column.",
          "每份报告一行：元数据、来源以及表格中的每个单元格（各占一列）。", COLUMNS),
    Table("cells", "One row per printed table cell (tidy data): the cell's table, row and column as keys and as "
                   "the template prints them, its value, and whether the parser inferred it.",
          "每个表格单元格一行（长表）：所在表、行、列（键名及模板原文）、数值，以及是否为推定值。",
          cells_mod.CELL_COLUMNS),
    Table("checks", "Every identity check (勾稽关系) of every report and whether it holds as printed.",
          "每份报告的每项勾稽关系校验及其是否成立。", (
              Column("report_id", "text", "the report (reports.id)", "报告编号（reports.id）"),
              Column("rule", "text", "check rule (table.rule, e.g. applications.balance)", "校验规则"),
              Column("ok", "integer", "1 holds, 0 does not, NULL cannot be decided (a blank cell)",
                     "1 成立，0 不成立，NULL 无法判断（有空白单元格）"),
              Column("where", "text", "row or column the check is about", "校验涉及的行或列"),
              Column("detail", "text", "the arithmetic as printed; NULL for a check that holds as printed (the record keeps none for those)",
                     "按原文数字的算式；按原文成立的校验为 NULL"),
          )),
    Table("warnings", "Everything the parser could not read, and where.", "解析器未能读取的内容及位置。", (
        Column("report_id", "text", "the report (reports.id)", "报告编号（reports.id）"),
        Column("warning", "text", "the parser's warning", "解析警告"),
    )),
    Table(fts.FTS_TABLE, "Full-text index of title and text (FTS5; rowid = reports.rowid), segmented for Chinese.",
          "标题与正文的全文索引（FTS5；rowid 对应 reports.rowid），已按中文分词。", (
              Column("words", "text", "jieba words and single characters (one query word finds them)",
                     "结巴分词的词语与单字（搜索框直接可查）"),
              Column("grams", "text", "ordered character bigrams: a phrase of bigrams matches any exact string",
                     "按顺序的双字组：由双字组成的短语可精确匹配任意字符串"),
          )),
)


def _quoted(names) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _sql_type(name: str, types: dict[str, str]) -> str:
    return types.get(name, "INTEGER" if name.startswith(("app_", "rev_")) else "NUMERIC")


def _create_reports(db: sqlite3.Connection, names: list[str]) -> None:
    types = {c.name: SQL_TYPES[c.type] for c in COLUMNS}
    cols = ", ".join(f'"{n}" {_sql_type(n, types)}' + (" PRIMARY KEY" if n == "id" else "") for n in names)
    db.execute(f"CREATE TABLE reports ({cols})")


def _create_long_tables(db: sqlite3.Connection) -> None:
    for table in TABLES[1:4]:
        cols = ", ".join(f'"{c.name}" {SQL_TYPES[c.type]}' + (" REFERENCES reports(id)" if c.name == "report_id" else "")
                         for c in table.columns)
        db.execute(f'CREATE TABLE "{table.name}" ({cols})')
    fts.create(db)


def _insert(db: sqlite3.Connection, rows: list[dict], names: list[str], records: list[dict]) -> None:
    report_sql = f"INSERT INTO reports ({_quoted(names)}) VALUES ({', '.join('?' for _ in names)})"
    cell_names = cells_mod.CELL_COLUMN_NAMES
    cell_sql = f"INSERT INTO cells ({_quoted(cell_names)}) VALUES ({', '.join('?' for _ in cell_names)})"
    seen: set = set()
    for row, record in zip(rows, records):
        if row.get("id") in seen:   # two records sharing an id would break the primary key: keep the first
            continue
        seen.add(row.get("id"))
        rowid = db.execute(report_sql, [row.get(n) for n in names]).lastrowid
        rid = record.get("id")
        db.executemany(cell_sql, [[c[n] for n in cell_names] for c in cells_mod.cells(record)])
        db.executemany("INSERT INTO checks VALUES (?, ?, ?, ?, ?)",
                       [(rid, c.get("rule"), None if c.get("ok") is None else int(bool(c.get("ok"))),
                         c.get("where"), c.get("detail")) for c in record.get("checks") or []])
        db.executemany("INSERT INTO warnings VALUES (?, ?)", [(rid, w) for w in record.get("warnings") or []])
        fts.add(db, rowid, record)


def write_sqlite(target: Path, rows: list[dict], names: list[str], records: list[dict]) -> None:
    """All five tables into `target` (atomically). `rows` are the flat rows of `records`, in order."""
    with replacing(target) as tmp:
        db = sqlite3.connect(tmp)
        try:
            _create_reports(db, names)
            _create_long_tables(db)
            _insert(db, rows, names, records)
            for col in ("year", "province", "agency", "template"):
                db.execute(f'CREATE INDEX reports_{col} ON reports("{col}")')
            db.execute("CREATE INDEX checks_report ON checks(report_id)")
            db.execute("CREATE INDEX cells_report ON cells(report_id)")
            db.execute('CREATE INDEX cells_table_row ON cells("table", row_key, column_key)')
            db.commit()
        finally:
            db.close()


def _both(zh: str, en: str) -> str:
    return f"{zh} / {en}" if zh else en


LICENCE = ("原始报告由各级行政机关依《中华人民共和国政府信息公开条例》公开发布，gia 对其不主张任何权利；"
           "导出的表格、校验与索引由 gia 从存档副本中提取（gia 以 MIT 许可发布）。使用前请自行确认用途。 / "
           "The reports are published by Chinese administrative agencies under the Regulations on Open Government "
           "Information; gia claims no rights in them. The tables, checks and index are extracted by gia (MIT "
           "licensed) from the archived copies; check the terms that apply to your use.")


def datasette_metadata(db_name: str, names: list[str] | None = None) -> dict:
    """Datasette metadata: title, source, licence, a description of every table and column
    (Chinese and English), the report facets, the search box and an exact-substring query."""
    tables = {}
    for table in TABLES:
        columns = {c.name: _both(c.zh, c.meaning) for c in table.columns
                   if table.name != "reports" or names is None or c.name in names}
        tables[table.name] = {"description": _both(table.zh, table.en), "columns": columns}
    if names is not None:   # detail rows the declaration does not know, named by the same scheme
        for name in names:
            tables["reports"]["columns"].setdefault(name, "表格单元格（模板未声明的明细行）/ table cell of an undeclared detail row")
    tables["reports"].update(facets=DATASETTE_FACETS, sort_desc="year", label_column="title",
                             fts_table=fts.FTS_TABLE, fts_pk="rowid")
    tables["cells"].update(facets=["table", "row_label", "column_label", "inferred"])
    tables["checks"].update(facets=["rule", "ok"])
    return {
        "title": "gia：政府信息公开工作年度报告 / Government information disclosure annual reports",
        "description": "每份报告的元数据、表格数据、勾稽关系校验与全文，取自 gia 存档。 / Metadata, table figures, "
                       "identity checks and full text of each report, from a gia archive. Columns: docs/columns.md.",
        "source": "gia archive (each report's source_url, fetched_at and sha256 name its archived original)",
        "license": LICENCE,
        "databases": {db_name: {"tables": tables, "queries": {"contains": {
            "title": "包含字符串的报告 / Reports containing a string",
            "description": "精确查找正文或标题中含有该汉字串的报告（任意长度）。 / Reports whose title or text "
                           "contains exactly this string of Chinese characters (any length).",
            "sql": fts.CONTAINS_SQL}}}},
    }


def tables_markdown() -> str:
    """The tables beside `reports` in the SQLite export, for docs/columns.md."""
    pipe = "\\|"
    out = []
    for table in TABLES[1:]:
        out += ["", f"## `{table.name}`", "", f"{table.en} {table.zh}", "",
                "| column | type | meaning | 含义 |", "|---|---|---|---|"]
        out += [f"| `{c.name}` | {c.type} | {c.meaning.replace('|', pipe)} | {c.zh.replace('|', pipe)} |"
                for c in table.columns]
    return "\n".join(out) + "\n"
