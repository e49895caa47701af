"""PDF reader: ruled tables rebuilt by geometry, a table crossing pages rejoined, bad PDFs warned about.

The sample PDFs are drawn at test time with reportlab's built-in CID font
STSong-Light (no font file needed), ruling every cell with its own rectangle the
way WPS does, so merged cells are simply larger rectangles.
"""

from __future__ import annotations

import io

import pytest

from reportparser.document import Cell
from reportparser.formats import extract

pytest.importorskip("reportlab")
pytest.importorskip("pdfplumber")

COLS = [60, 110, 240, 320, 400, 480]        # x edges: vertical label | sub-label | 3 number columns
ROW_H = 24


def _canvas(buf, **kw):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(buf, pagesize=(595, 842), **kw)
    c.setFont("STSong-Light", 10)
    return c


def _cell(c, top_y, row0, row1, col0, col1, lines, size=10, leading=12):
    """Rule a cell spanning rows row0..row1-1 / cols col0..col1-1 (rows counted down from
    top_y) and write its lines centred in it."""
    x0, x1 = COLS[col0], COLS[col1]
    y_top, y_bottom = top_y - row0 * ROW_H, top_y - row1 * ROW_H
    c.rect(x0, y_bottom, x1 - x0, y_top - y_bottom, stroke=1, fill=0)
    c.setFont("STSong-Light", size)
    height = len(lines) * leading
    y = (y_top + y_bottom) / 2 + height / 2 - size
    for line in lines:
        c.drawCentredString((x0 + x1) / 2, y, line)
        y -= leading


def ruled_report_pdf(encrypt: dict | None = None) -> bytes:
    buf = io.BytesIO()
    c = _canvas(buf, encrypt=None)
    c.drawString(60, 800, "测试区人民政府2024年政府信息公开工作年度报告")
    c.drawString(60, 780, "三、收到和处理政府信息公开申请情况")
    top = 760
    _cell(c, top, 0, 2, 0, 2, ["（本列数据的勾稽关系）"])
    _cell(c, top, 0, 1, 2, 5, ["申请人情况"])
    _cell(c, top, 1, 2, 2, 3, ["自然人"])
    _cell(c, top, 1, 2, 3, 4, ["商业企", "业"])          # a header wrapping mid-word
    _cell(c, top, 1, 2, 4, 5, ["总 计"])                # a spaced label
    _cell(c, top, 2, 3, 0, 2, ["一、本年新收"])
    for col, v in zip((2, 3, 4), ("10", "2", "12")):
        _cell(c, top, 2, 3, col, col + 1, [v])
    # the vertical label, one character per line, runs on past the page break
    _cell(c, top, 3, 7, 0, 1, list("三、本年度办理结果"), size=8, leading=10)
    for r, label, nums in ((3, "（一）予以公开", ("5", "1", "6")), (4, "（二）部分公开", ("2", "0", "2")),
                           (5, "（三）不予公开", ("1", "0", "1")), (6, "（四）无", ("3", "0", "3"))):
        _cell(c, top, r, r + 1, 1, 2, [label])
        for col, v in zip((2, 3, 4), nums):
            _cell(c, top, r, r + 1, col, col + 1, [v])
    c.drawCentredString(297, 40, "- 1 -")
    c.showPage()
    top = 800
    _cell(c, top, 0, 2, 0, 1, [])                        # the vertical label's continuation: empty
    _cell(c, top, 0, 2, 1, 2, ["法提供"])                # the rest of '（四）无法提供'
    for r, nums in ((0, ("1", "1", "2")), (1, ("4", "0", "4"))):
        for col, v in zip((2, 3, 4), nums):
            _cell(c, top, r, r + 1, col, col + 1, [v])
    _cell(c, top, 2, 3, 0, 2, ["（七）总计"])
    for col, v in zip((2, 3, 4), ("16", "2", "18")):
        _cell(c, top, 2, 3, col, col + 1, [v])
    c.drawString(60, 700, "四、政府信息公开行政复议、行政诉讼情况")
    c.drawCentredString(297, 40, "- 2 -")
    c.showPage()
    c.save()
    return buf.getvalue()


V = "三、本年度办理结果"
S = "（四）无法提供"


def _texts(grid):
    return [[(c.text, c.spanned) for c in row] for row in grid]


def test_ruled_table_rebuilt_and_joined_across_pages():
    doc = extract(ruled_report_pdf(), "report.pdf")
    assert doc.warnings == []
    assert doc.meta["pages"] == 2 and doc.meta["media_type"] == "application/pdf"
    assert len(doc.tables) == 1                       # the page-2 part was joined on
    grid = doc.tables[0]
    head = "（本列数据的勾稽关系）"
    assert grid[0] == [Cell(head), Cell(head, True), Cell("申请人情况"), Cell("申请人情况", True),
                       Cell("申请人情况", True)]
    assert grid[1] == [Cell(head, True), Cell(head, True), Cell("自然人"), Cell("商业企业"), Cell("总计")]
    assert grid[2] == [Cell("一、本年新收"), Cell("一、本年新收", True), Cell("10"), Cell("2"), Cell("12")]
    assert grid[3] == [Cell(V), Cell("（一）予以公开"), Cell("5"), Cell("1"), Cell("6")]
    assert grid[4] == [Cell(V, True), Cell("（二）部分公开"), Cell("2"), Cell("0"), Cell("2")]
    assert grid[6] == [Cell(V, True), Cell(S), Cell("3"), Cell("0"), Cell("3")]
    assert grid[7] == [Cell(V, True), Cell(S, True), Cell("1"), Cell("1"), Cell("2")]
    assert grid[8] == [Cell(V, True), Cell(S, True), Cell("4"), Cell("0"), Cell("4")]
    assert grid[9] == [Cell("（七）总计"), Cell("（七）总计", True), Cell("16"), Cell("2"), Cell("18")]
    assert len(grid) == 10


def test_text_in_reading_order_without_page_footers():
    doc = extract(ruled_report_pdf(), "report.pdf")
    lines = doc.text.splitlines()
    assert lines[0] == "测试区人民政府2024年政府信息公开工作年度报告"
    assert "- 1 -" not in doc.text and "- 2 -" not in doc.text
    assert f"{V}\t（一）予以公开\t5\t1\t6" in lines
    assert "\t（四）无法提供\t3\t0\t3" in lines              # the split cell reads whole in the text too
    table_lines = [line for line in lines if "\t" in line]
    assert len(table_lines) == 10                              # each row once, on the page it is printed on
    assert table_lines[-3:] == ["\t\t1\t1\t2", "\t\t4\t0\t4", "（七）总计\t\t16\t2\t18"]
    assert lines.index("四、政府信息公开行政复议、行政诉讼情况") > lines.index("（七）总计\t\t16\t2\t18")


def test_sniffed_without_extension_and_despite_a_wrong_one():
    data = ruled_report_pdf()
    assert extract(data).tables and extract(data, "download").tables and extract(data, "report.doc").tables


def test_metadata_title_and_producer():
    buf = io.BytesIO()
    c = _canvas(buf)
    c.setTitle("某县2024年政府信息公开工作年度报告")
    c.drawString(60, 800, "正文")
    c.save()
    doc = extract(buf.getvalue(), "a.pdf")
    assert doc.meta["title"] == "某县2024年政府信息公开工作年度报告"
    assert "ReportLab" in doc.meta["producer"]
    assert doc.text == "正文"


def test_scanned_pdf_warns_and_returns_no_text(monkeypatch):
    monkeypatch.setenv("GIA_OCR", "0")   # the reader's own warning; OCR of scans: tests/parser/test_ocr.py
    from PIL import Image
    buf = io.BytesIO()
    c = _canvas(buf)
    for _ in range(3):
        c.drawInlineImage(Image.new("L", (40, 40), 128), 100, 100, 300, 300)
        c.showPage()
    c.save()
    doc = extract(buf.getvalue(), "scan.pdf")
    assert doc.text == "" and doc.tables == []
    assert doc.warnings == ["scanned PDF: no text layer (3 pages); OCR not done"]


def test_truncated_pdf_warns_not_raises():
    data = ruled_report_pdf()
    doc = extract(data[: len(data) // 3], "cut.pdf")
    assert doc.warnings, "a truncated PDF must be reported"
    assert any("PDF" in w or "page" in w for w in doc.warnings)


def test_garbage_after_pdf_magic_warns():
    doc = extract(b"%PDF-1.7\n" + bytes(range(256)) * 20, "x.pdf")
    assert doc.text == "" and doc.tables == []
    assert doc.warnings and "damaged PDF" in doc.warnings[0]


def _encrypted(user_password: str) -> bytes:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(ruled_report_pdf()))
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_with_empty_user_password_is_read():
    doc = extract(_encrypted(""), "locked.pdf")
    assert "encrypted PDF opened with the empty password" in doc.warnings
    assert doc.tables and doc.tables[0][2][2] == Cell("10")


def test_encrypted_pdf_needing_a_password_warns():
    doc = extract(_encrypted("letmein"), "locked.pdf")
    assert doc.text == "" and doc.tables == []
    assert doc.warnings == ["encrypted PDF: the empty password does not open it; not read"]


def test_page_cap_warns(monkeypatch):
    import reportparser.formats.pdf as pdf
    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    doc = extract(ruled_report_pdf(), "report.pdf")
    assert doc.warnings == ["PDF has 2 pages; only the first 1 read"]
    assert "（四）无" in doc.text and "法提供" not in doc.text


def _simple_table(c, top, rows):
    """Rule a plain grid, one rectangle per cell, in the first len(row) column slots."""
    for r, row in enumerate(rows):
        for col, text in enumerate(row):
            _cell(c, top, r, r + 1, col, col + 1, [text] if text else [])


def _two_page_pdf(page2_rows) -> bytes:
    buf = io.BytesIO()
    c = _canvas(buf)
    _simple_table(c, 780, [["项目", "数量", "金额"], ["甲", "1", "2"], ["乙", "3", "4"]])
    c.showPage()
    _simple_table(c, 800, page2_rows)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_repeated_header_on_the_next_page_is_dropped_and_the_table_joined():
    doc = extract(_two_page_pdf([["项目", "数量", "金额"], ["丙", "5", "6"]]), "t.pdf")
    assert [[c.text for c in row] for row in doc.tables[0]] == [["项目", "数量", "金额"], ["甲", "1", "2"],
                                                               ["乙", "3", "4"], ["丙", "5", "6"]]
    assert len(doc.tables) == 1
    assert doc.text.splitlines() == ["项目\t数量\t金额", "甲\t1\t2", "乙\t3\t4", "项目\t数量\t金额", "丙\t5\t6"]


def test_a_new_table_with_its_own_header_is_not_joined():
    doc = extract(_two_page_pdf([["类别", "说明", "备注"], ["丙", "5", "6"]]), "t.pdf")
    assert len(doc.tables) == 2
    assert [c.text for c in doc.tables[1][0]] == ["类别", "说明", "备注"]


def test_cid_glyphs_are_dropped_with_a_warning(monkeypatch):
    """A font without a Unicode map makes pdfminer emit '(cid:NNN)' per glyph."""
    import pdfplumber.page
    original = pdfplumber.page.Page.chars

    def chars(self):
        out = []
        for ch in original.fget(self):
            if ch["text"] == "乙":
                ch = dict(ch, text="(cid:1234)")
            out.append(ch)
        return out

    monkeypatch.setattr(pdfplumber.page.Page, "chars", property(chars))
    doc = extract(_two_page_pdf([["丙", "5", "6"]]), "t.pdf")
    assert "(cid:" not in doc.text
    assert any(w.startswith("1 characters unreadable as (cid:NNN)") for w in doc.warnings)
    assert [c.text for c in doc.tables[0][2]] == ["", "3", "4"]


def test_a_scanned_page_among_text_pages_is_named(monkeypatch):
    monkeypatch.setenv("GIA_OCR", "0")
    from PIL import Image
    buf = io.BytesIO()
    c = _canvas(buf)
    c.drawString(60, 800, "第一页正文")
    c.showPage()
    c.drawInlineImage(Image.new("L", (40, 40), 128), 100, 100, 300, 300)
    c.showPage()
    c.save()
    doc = extract(buf.getvalue(), "mixed.pdf")
    assert doc.text == "第一页正文"
    assert doc.warnings == ["pages without a text layer (scanned?): 2; OCR not done"]


def test_wrapped_paragraph_lines_are_rejoined_and_paragraphs_kept_apart():
    text1 = "本年度全区共受理政府信息公开申请事项均在法定期限内予以答复并持续推进政务公开标准化规范化建设不断提升政府信息公开质量和实效取得明显成效。"
    text2 = "下一步将继续加强政府信息公开平台建设和管理工作确保信息及时准确规范发布。"
    buf = io.BytesIO()
    c = _canvas(buf)
    c.drawString(60, 800, "一、总体情况")
    y = 785
    for text in (text1, text2):
        # 10 pt CJK glyphs: an indented first line of 30 and full lines of 32 end at x=380
        lines = [text[:30]] + [text[i:i + 32] for i in range(30, len(text), 32)]
        for i, line in enumerate(lines):
            c.drawString(80 if i == 0 else 60, y, line)
            y -= 15
    c.save()
    doc = extract(buf.getvalue(), "p.pdf")
    assert doc.text.splitlines() == ["一、总体情况", text1, text2]


def test_paragraph_running_over_a_page_break_is_one_line():
    full = "政府信息公开工作坚持以人民为中心的发展思想不断完善制度建设持续推进"     # 32 glyphs: a full line
    buf = io.BytesIO()
    c = _canvas(buf)
    c.drawString(80, 800, full[:30])
    c.drawString(60, 785, full)
    c.drawCentredString(297, 40, "- 1 -")
    c.showPage()
    c.setFont("STSong-Light", 10)         # showPage resets the font
    c.drawString(60, 800, "规范化标准化建设。")
    c.drawString(80, 785, "新的段落从这里开始。")
    c.drawCentredString(297, 40, "- 2 -")
    c.save()
    doc = extract(buf.getvalue(), "p.pdf")
    assert doc.text.splitlines() == [full[:30] + full + "规范化标准化建设。", "新的段落从这里开始。"]


# ---------------------------------------------------------------- faster object dicts (pdf_objects)

def _shifted_mediabox(data: bytes) -> bytes:
    """The same PDF with its MediaBox origin moved off (0, 0): pdfplumber shifts x and top."""
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        page.mediabox.lower_left = (15, 25)
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _sample_pdfs() -> list:
    """The drawn sample, it with a shifted MediaBox, and the real WPS/Jisupdf PDFs when present."""
    from tests.conftest import corpus_files
    ruled = ruled_report_pdf()
    return [pytest.param(ruled, id="ruled"), pytest.param(_shifted_mediabox(ruled), id="shifted")] + \
        [pytest.param(p.read_bytes(), id=p.name) for p in corpus_files("*.pdf")]


@pytest.mark.parametrize("data", _sample_pdfs())
def test_fast_object_dicts_are_pdfplumbers(data):
    """Every object dict (chars, lines, rects) equals pdfplumber's own, keys in the same order."""
    import pdfplumber

    from reportparser.formats import pdf_objects
    from reportparser.formats.pdf_objects import use_fast_objects
    if not pdf_objects.ENABLED:  # another pdfplumber: its own code runs, and this copy is not used
        pytest.skip(f"pdfplumber {pdfplumber.__version__} is not one the copy was checked on {pdf_objects.TESTED_PDFPLUMBER}")
    with pdfplumber.open(io.BytesIO(data)) as plain, pdfplumber.open(io.BytesIO(data)) as fast:
        n_chars = 0
        for theirs, ours in zip(plain.pages, fast.pages):
            use_fast_objects(ours)
            assert list(ours.objects) == list(theirs.objects)
            for kind, objs in theirs.objects.items():
                assert len(ours.objects[kind]) == len(objs)
                for a, b in zip(objs, ours.objects[kind]):
                    assert list(b.items()) == list(a.items())
                    assert [type(v) for v in b.values()] == [type(v) for v in a.values()]
            n_chars += len(theirs.chars)
        assert n_chars > 100


@pytest.mark.parametrize("text", ["5", "自", " ", "\u3000", "", "ﬁ", "ab"])
def test_one_glyph_cell_text_is_extract_texts(text):
    import pdfplumber
    from pdfplumber.utils import extract_text

    from reportparser.formats.pdf_objects import cell_text
    with pdfplumber.open(io.BytesIO(ruled_report_pdf())) as pdf:
        char = dict(pdf.pages[0].chars[0], text=text)
    assert cell_text([char]) == extract_text([char])


def test_other_pdfplumber_releases_use_pdfplumbers_own_code(monkeypatch):
    """The copy is tied to the releases it was checked on: otherwise pdfplumber's own method runs."""
    import pdfplumber

    from reportparser.formats import pdf_objects
    monkeypatch.setattr(pdf_objects, "ENABLED", False)
    with pdfplumber.open(io.BytesIO(ruled_report_pdf())) as pdf:
        page = pdf.pages[0]
        pdf_objects.use_fast_objects(page)
        assert "process_object" not in vars(page)
        char = dict(page.chars[0], text="ﬁ")
    assert pdf_objects.cell_text([char]) == pdfplumber.utils.extract_text([char])
