"""`gia archive export --format xlsx`: an Excel workbook (openpyxl, write-only: memory stays flat).

    报告   one row per report (the flat rows of search_cli.browse.flatten), Chinese headers
    数据   one row per printed cell (search_cli.browse.cells), Chinese headers
    列说明  every column of both sheets: header, export column name, meaning in Chinese and English

Both data sheets have their header row frozen and an autofilter. Scraped text is written as
text cells, never as a formula, with the CSV export's quote before text that would be one, and
characters an XLSX file cannot hold (C0 controls) shown escaped (both: gia.spreadsheet).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gia import spreadsheet
from search_cli.browse import cells as cells_mod
from search_cli.browse.flatten import COLUMNS, Column
from gia.atomic import replacing

REPORTS_SHEET, CELLS_SHEET, COLUMNS_SHEET = "报告", "数据", "列说明"
_HEADER_WIDTH = {"title": 48, "agency": 28, "source_url": 40, "row_label": 36, "column_label": 14}


def _value(ws, value):
    """A cell for `value`: strings are text cells (data type 's'), so '=…' never becomes a formula
    here, and carry the quote that keeps it text in a re-saved CSV (gia.spreadsheet)."""
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=None)
        cell.value = spreadsheet.cell(value)
        cell.data_type = "s"
        return cell
    return value


def _header(ws, columns: list[Column]) -> None:
    for i, col in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = _HEADER_WIDTH.get(col.name, 12)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(columns)))}1"
    bold = Font(bold=True)
    row = []
    for col in columns:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font = bold
        row.append(cell)
    ws.append(row)


def report_columns(names: list[str]) -> list[Column]:
    declared = {c.name: c for c in COLUMNS}
    return [declared.get(n) or Column(n, "number", "table cell of an undeclared detail row",
                                      "表格单元格（模板未声明的明细行）", n) for n in names]


def write_xlsx(target: Path, rows: list[dict], names: list[str], records: list[dict]) -> int:
    """Write the workbook to `target` (atomically: a temporary file renamed). Returns the cell count."""
    wb = Workbook(write_only=True)
    reports = wb.create_sheet(REPORTS_SHEET)
    rcols = report_columns(names)
    _header(reports, rcols)
    for row in rows:
        reports.append([_value(reports, row.get(n)) for n in names])
    data = wb.create_sheet(CELLS_SHEET)
    _header(data, list(cells_mod.CELL_COLUMNS))
    count = 0
    for record in records:
        for cell in cells_mod.cells(record):
            data.append([_value(data, cell[n]) for n in cells_mod.CELL_COLUMN_NAMES])
            count += 1
    about = wb.create_sheet(COLUMNS_SHEET)
    _header(about, [Column("sheet", "text", "", "", "工作表"), Column("header", "text", "", "", "列标题"),
                    Column("name", "text", "", "", "列名"), Column("zh", "text", "", "", "含义"),
                    Column("en", "text", "", "", "meaning")])
    for sheet, cols in ((REPORTS_SHEET, rcols), (CELLS_SHEET, cells_mod.CELL_COLUMNS)):
        for c in cols:
            about.append([_value(about, v) for v in (sheet, c.header, c.name, c.zh, c.meaning)])
    with replacing(target) as tmp:
        wb.save(tmp)
    return count
