"""DOCX reader: body order, merged cells (gridSpan / vMerge) read once as spanned copies."""

from __future__ import annotations

import io

import pytest

from reportparser.document import Cell
from reportparser.formats import extract

docx = pytest.importorskip("docx")


def merged_table_docx() -> bytes:
    d = docx.Document()
    d.core_properties.title = "样例区2024年政府信息公开工作年度报告"
    d.add_paragraph("样例区2024年政府信息公开工作年度报告")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=5, cols=4)
    t.cell(0, 0).merge(t.cell(1, 1)).text = "（本列数据的勾稽关系）"     # 2x2 block
    t.cell(0, 2).merge(t.cell(0, 3)).text = "申请人情况"                # colspan 2
    t.cell(1, 2).text = "自然人"
    t.cell(1, 3).paragraphs[0].text = "商业"
    t.cell(1, 3).add_paragraph("企业")                                  # a header over two paragraphs
    t.cell(2, 0).merge(t.cell(4, 0)).text = "三、本年度办理结果"         # rowspan 3
    for r, (label, a, b) in enumerate((("（一）予以公开", "5", "1"), ("（二）部分公开", "2", "0"),
                                       ("（三）不予公开", "1", "0")), start=2):
        t.cell(r, 1).text = label
        t.cell(r, 2).text = a
        t.cell(r, 3).text = b
    d.add_paragraph("四、行政复议")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_merged_cells_read_once_with_spanned_copies():
    doc = extract(merged_table_docx(), "report.docx")
    assert doc.warnings == []
    assert len(doc.tables) == 1
    h, v = "（本列数据的勾稽关系）", "三、本年度办理结果"
    assert doc.tables[0] == [
        [Cell(h), Cell(h, True), Cell("申请人情况"), Cell("申请人情况", True)],
        [Cell(h, True), Cell(h, True), Cell("自然人"), Cell("商业企业")],
        [Cell(v), Cell("（一）予以公开"), Cell("5"), Cell("1")],
        [Cell(v, True), Cell("（二）部分公开"), Cell("2"), Cell("0")],
        [Cell(v, True), Cell("（三）不予公开"), Cell("1"), Cell("0")],
    ]


def test_paragraphs_and_table_rows_in_body_order():
    doc = extract(merged_table_docx(), "report.docx")
    assert doc.text.splitlines() == [
        "样例区2024年政府信息公开工作年度报告",
        "三、收到和处理政府信息公开申请情况",
        "（本列数据的勾稽关系）\t\t申请人情况",
        "\t\t自然人\t商业企业",
        "三、本年度办理结果\t（一）予以公开\t5\t1",
        "\t（二）部分公开\t2\t0",
        "\t（三）不予公开\t1\t0",
        "四、行政复议",
    ]
    assert doc.meta["title"] == "样例区2024年政府信息公开工作年度报告"
    assert doc.meta["media_type"].endswith("wordprocessingml.document")


def test_docx_sniffed_under_wrong_or_no_name():
    data = merged_table_docx()
    assert extract(data, "report.pdf").tables == extract(data).tables == extract(data, "x.doc").tables


def test_zip_that_is_not_docx_warns():
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
        z.writestr("data/report.csv", "a,b")
    doc = extract(buf.getvalue(), "report.docx")
    assert doc.text == "" and doc.tables == []
    assert doc.warnings == ["zip archive that is not a Word or Excel document (2 entries: readme.txt, data/report.csv)"]


def test_docx_with_broken_document_xml_warns():
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(merged_table_docx())) as src, zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            payload = src.read(item.filename)
            out.writestr(item, payload[: len(payload) // 2] if item.filename == "word/document.xml" else payload)
    doc = extract(buf.getvalue(), "report.docx")
    assert doc.text == "" and doc.tables == []
    assert len(doc.warnings) == 1 and "Word document" in doc.warnings[0]


def test_truncated_docx_warns():
    data = merged_table_docx()
    doc = extract(data[: len(data) // 2], "report.docx")
    assert doc.text == "" and doc.tables == []
    assert len(doc.warnings) == 1 and ("zip" in doc.warnings[0] or "Word" in doc.warnings[0])


def test_macro_enabled_content_type_still_read():
    """python-docx refuses a .docm content type (WPS and old Word templates write odd ones);
    the body XML is read directly."""
    import zipfile
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(merged_table_docx())) as src, zipfile.ZipFile(buf, "w") as out:
        for item in src.infolist():
            payload = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                payload = payload.replace(b"wordprocessingml.document.main+xml",
                                          b"ms-word.document.macroEnabled.main+xml")
            out.writestr(item, payload)
    doc = extract(buf.getvalue(), "report.docm")
    assert doc.warnings == [] and doc.tables == extract(merged_table_docx()).tables


def test_oversized_document_xml_is_refused(monkeypatch):
    import reportparser.formats.zipguard as guard
    monkeypatch.setattr(guard, "MAX_MEMBER_BYTES", 1000)
    doc = extract(merged_table_docx(), "bomb.docx")
    assert doc.text == "" and len(doc.warnings) == 1
    assert "inflates past 1000 bytes" in doc.warnings[0]


def test_layout_table_wrapping_the_report_is_unwrapped():
    d = docx.Document()
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "三、收到和处理政府信息公开申请情况"
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "项目", "数量"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "一、本年新收", "7"
    cell.add_paragraph("四、行政复议")
    buf = io.BytesIO()
    d.save(buf)
    doc = extract(buf.getvalue(), "wrapped.docx")
    assert doc.tables == [[[Cell("项目"), Cell("数量")], [Cell("一、本年新收"), Cell("7")]]]
    assert doc.text.splitlines() == ["三、收到和处理政府信息公开申请情况", "项目\t数量", "一、本年新收\t7", "四、行政复议"]
