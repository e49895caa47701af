"""XLSX: the tables only (as agencies attach a 统计表 workbook), one sheet per table, merged cells
where the template spans them. The title goes in the first row of the first sheet.
"""

from __future__ import annotations

import io
import random

from reportgen.document import Block, full_title, grid
from reportgen.render_docx import _pin_zip_times

SHEET_NAMES = {"active": "主动公开", "applications": "依申请公开", "review_litigation": "复议诉讼", "legacy": "统计表"}


def render(blocks: list[Block], shape: str, rng: random.Random, *, truth=None, plan=None, **_ignored) -> bytes:
    import datetime as _dt  # noqa: PLC0415

    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Alignment, Font  # noqa: PLC0415

    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.created = wb.properties.modified = _dt.datetime(2020, 1, 1)
    wb.properties.creator = "Administrator"
    first = True
    for b in blocks:
        if b.table is None:
            continue
        ws = wb.create_sheet(SHEET_NAMES.get(b.table.name, b.table.name))
        offset = 0
        if first:
            ws.cell(row=1, column=1, value=full_title(blocks)).font = Font(bold=True, size=14)
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=b.table.width)
            offset = 1
            first = False
        for r, line in enumerate(grid(b.table), start=1 + offset):
            for c, cell in enumerate(line, start=1):
                if cell is None:
                    continue
                value: object = cell.text
                if cell.number and cell.text:
                    try:  # real workbooks store numbers as numbers, except the odd 251000元 / 1,483
                        value = float(cell.text) if "." in cell.text else int(cell.text)
                    except ValueError:
                        value = cell.text
                target = ws.cell(row=r, column=c, value=value if value != "" else None)
                target.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if cell.number else None)
                if cell.header:
                    target.font = Font(bold=True)
                if cell.rowspan > 1 or cell.colspan > 1:
                    ws.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1)
    buf = io.BytesIO()
    wb.save(buf)
    return _pin_zip_times(buf.getvalue())
