"""Spreadsheet reader: each sheet a Grid, merged ranges as spanned copies, whole floats as integers."""

from __future__ import annotations

import io

import pytest

from reportparser.document import Cell
from reportparser.formats import extract
from reportparser.formats.office import convert, soffice

openpyxl = pytest.importorskip("openpyxl")


def report_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表三"
    ws.append(["申请情况", None, "自然人", "总计"])
    ws.append(["三、本年度办理结果", "（一）予以公开", 3001.0, 3119])
    ws.append([None, "（二）部分公开", 5, 7.5])
    ws.merge_cells("A1:B1")
    ws.merge_cells("A2:A3")
    ws2 = wb.create_sheet("说明")
    ws2.append(["填报单位：某县人民政府"])
    wb.create_sheet("空表")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


EXPECTED = [
    [Cell("申请情况"), Cell("申请情况", True), Cell("自然人"), Cell("总计")],
    [Cell("三、本年度办理结果"), Cell("（一）予以公开"), Cell("3001"), Cell("3119")],
    [Cell("三、本年度办理结果", True), Cell("（二）部分公开"), Cell("5"), Cell("7.5")],
]


def test_xlsx_sheets_become_grids():
    doc = extract(report_xlsx(), "table.xlsx")
    assert doc.warnings == []
    assert doc.tables == [EXPECTED, [[Cell("填报单位：某县人民政府")]]]
    assert doc.text.splitlines()[:4] == ["表三", "申请情况\t\t自然人\t总计", "三、本年度办理结果\t（一）予以公开\t3001\t3119",
                                         "\t（二）部分公开\t5\t7.5"]
    assert doc.meta["sheets"] == 3


def test_damaged_xlsx_warns():
    data = report_xlsx()
    doc = extract(data[:-300], "table.xlsx")
    assert doc.text == "" and doc.tables == [] and len(doc.warnings) == 1


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_xls_made_by_libreoffice_reads_like_the_xlsx():
    xls, problem = convert(report_xlsx(), ".xlsx", "xls")
    assert xls is not None, problem
    assert xls.startswith(b"\xd0\xcf\x11\xe0")
    doc = extract(xls, "table.xls")
    assert doc.tables[0] == EXPECTED
    assert doc.meta["media_type"] == "application/vnd.ms-excel"


def test_large_workbook_is_streamed(monkeypatch):
    import reportparser.formats.xls as xls
    monkeypatch.setattr(xls, "FULL_LOAD_BYTES", 100)
    doc = extract(report_xlsx(), "table.xlsx")
    assert doc.warnings[0].startswith("large workbook") and "merged cells not marked" in doc.warnings[0]
    assert [[c.text for c in row] for row in doc.tables[0]] == [["申请情况", "", "自然人", "总计"],
                                                               ["三、本年度办理结果", "（一）予以公开", "3001", "3119"],
                                                               ["", "（二）部分公开", "5", "7.5"]]
