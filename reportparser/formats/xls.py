"""Spreadsheets (.xlsx by openpyxl, .xls by xlrd): each sheet is one Grid.

Merged ranges keep their value at the top-left and repeat it as `spanned` copies.
Numbers stored as floats print as integers when whole (3001.0 -> '3001'). Sheets
and cells are capped so a sheet with a million formatted-but-empty rows is cheap.
"""

from __future__ import annotations

import datetime as dt
import io

from reportparser.document import Cell, ExtractedDocument, Grid
from reportparser.formats import join_lines
from reportparser.formats.zipguard import open_zip

MAX_SHEETS = 50
FULL_LOAD_BYTES = 8_000_000   # openpyxl's full load takes ~50x the file in memory; bigger files stream
MAX_ROWS = 5_000
MAX_COLS = 200
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS_MEDIA = "application/vnd.ms-excel"


def extract_xlsx(data: bytes) -> ExtractedDocument:
    meta: dict = {"media_type": XLSX_MEDIA}
    try:
        import openpyxl

        open_zip(data).close()   # openpyxl inflates every part it wants: prove they are bounded first (zipguard)
        streamed = len(data) > FULL_LOAD_BYTES
        # data_only: cached formula results; read_only streams rows but cannot see merged ranges
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=streamed)
    except Exception as exc:  # zip/XML errors of a damaged workbook
        return ExtractedDocument("", warnings=[f"damaged Excel workbook ({type(exc).__name__}: {exc}); not read"],
                                 meta=meta)
    warnings: list[str] = [f"large workbook ({len(data)} bytes) streamed: merged cells not marked"] if streamed else []
    sheets = []
    for ws in wb.worksheets[:MAX_SHEETS]:
        rows = min(ws.max_row or MAX_ROWS, MAX_ROWS)
        cols = min(ws.max_column or MAX_COLS, MAX_COLS)
        if (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLS:
            warnings.append(f"sheet {ws.title!r} cut to {rows} rows x {cols} columns")
        values = [[_text(v) for v in row] for row in ws.iter_rows(min_row=1, max_row=rows, max_col=cols,
                                                                   values_only=True)] if rows and cols else []
        width = max((len(r) for r in values), default=0)
        values = [list(r) + [""] * (width - len(r)) for r in values]     # streamed rows may be ragged
        ranges = getattr(ws, "merged_cells", None)
        merges = [(m.min_row - 1, m.max_row, m.min_col - 1, m.max_col) for m in ranges.ranges] if ranges else []
        sheets.append((ws.title, values, merges))
    if len(wb.worksheets) > MAX_SHEETS:
        warnings.append(f"workbook has {len(wb.worksheets)} sheets; only the first {MAX_SHEETS} read")
    if getattr(wb, "properties", None) is not None and wb.properties.title:
        meta["title"] = wb.properties.title
    if streamed:
        wb.close()
    return _document(sheets, warnings, meta)


def extract_xls(data: bytes) -> ExtractedDocument:
    meta: dict = {"media_type": XLS_MEDIA}
    try:
        import xlrd
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception as exc:
        try:   # formatting_info fails on some writers' files; merges are lost, values are not
            import xlrd
            book = xlrd.open_workbook(file_contents=data, on_demand=True)
        except Exception:
            return ExtractedDocument("", warnings=[f"damaged Excel file ({type(exc).__name__}: {exc}); not read"],
                                     meta=meta)
    warnings: list[str] = []
    sheets = []
    for index in range(min(book.nsheets, MAX_SHEETS)):
        sh = book.sheet_by_index(index)
        rows, cols = min(sh.nrows, MAX_ROWS), min(sh.ncols, MAX_COLS)
        if sh.nrows > MAX_ROWS or sh.ncols > MAX_COLS:
            warnings.append(f"sheet {sh.name!r} cut to {rows} rows x {cols} columns")
        values = [[_xls_text(sh.cell(r, c), book.datemode) for c in range(cols)] for r in range(rows)]
        merges = [(r0, r1, c0, c1) for r0, r1, c0, c1 in getattr(sh, "merged_cells", [])]
        sheets.append((sh.name, values, merges))
    if book.nsheets > MAX_SHEETS:
        warnings.append(f"workbook has {book.nsheets} sheets; only the first {MAX_SHEETS} read")
    return _document(sheets, warnings, meta)


def _document(sheets, warnings: list[str], meta: dict) -> ExtractedDocument:
    lines: list[str] = []
    tables: list[Grid] = []
    for name, values, merges in sheets:
        grid = _trim(_grid(values, merges))
        if not grid:
            continue
        tables.append(grid)
        if len(sheets) > 1:
            lines.append(name)
        for row in grid:
            lines.append("\t".join("" if c.spanned else c.text for c in row).rstrip("\t"))
        lines.append("")
    meta["sheets"] = len(sheets)
    return ExtractedDocument("\n".join(lines).strip("\n"), tables=tables, warnings=warnings, meta=meta)


def _grid(values: list[list[str]], merges) -> Grid:
    grid = [[Cell(v) for v in row] for row in values]
    for r0, r1, c0, c1 in merges:
        if r0 >= len(grid) or not grid or c0 >= len(grid[0]):
            continue
        text = grid[r0][c0].text
        for r in range(r0, min(r1, len(grid))):
            for c in range(c0, min(c1, len(grid[r]))):
                if (r, c) != (r0, c0):
                    grid[r][c] = Cell(text, spanned=True)
    return grid


def _trim(grid: Grid) -> Grid:
    """Drop empty trailing rows/columns (formatted-but-empty cells inflate max_row)."""
    while grid and not any(c.text for c in grid[-1]):
        grid.pop()
    if not grid:
        return []
    width = max((i + 1 for row in grid for i, c in enumerate(row) if c.text), default=0)
    return [row[:width] for row in grid]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return join_lines(str(value))


def _xls_text(cell, datemode: int) -> str:
    import xlrd
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except Exception:
            return _text(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return ""
    return _text(cell.value)
