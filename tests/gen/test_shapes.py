"""Every shape renders, is deterministic, and carries the truth's words and numbers."""

from __future__ import annotations

import io

import pytest

from reportgen import generate
from reportgen.document import fmt_number
from reportgen.templates import APPLICATION_ROWS

FAST_SHAPES = ["html", "html-gbk", "txt-lines", "txt-tabs", "txt-pipes", "pdf", "docx", "xlsx", "scan-pdf"]


def _html_grid(table) -> list[list[str]]:
    """Expand an lxml <table> with rowspan/colspan into a grid of cell texts."""
    out: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table.iter("tr")):
        row: list[str] = []
        c = 0
        for td in tr.iter("td"):
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            text = td.text_content().replace("\xa0", "").strip()
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            for dr in range(rs):
                for dc in range(cs):
                    if dr == 0:
                        row.append(text)
                    else:
                        pending[(r + dr, c + dc)] = text
            c += cs
        while (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        out.append(row)
    return out


def _printed(v) -> str:
    return "" if v is None else str(v)


@pytest.mark.parametrize("shape", FAST_SHAPES)
def test_deterministic_bytes(shape):
    a = generate(21, template="2019", shape=shape)
    b = generate(21, template="2019", shape=shape)
    assert a.data == b.data and a.filename == b.filename and a.truth == b.truth
    assert a.filename.startswith(a.truth["title"])


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_html_tables_match_truth(template):
    import lxml.html

    r = generate(33, template=template, shape="html", blank_cells=True)
    doc = lxml.html.fromstring(r.data.decode("utf-8"))
    editor = doc.find_class("TRS_Editor")[0]
    assert "发布机构" in doc.text_content() and "发布日期" in doc.text_content()
    tables = editor.find_class("MsoNormalTable")  # the report tables (a layout table may wrap them)
    assert len(tables) == 3
    t3 = tables[1]
    first = t3.find(".//td")
    assert first.get("rowspan") == "3" and first.get("colspan") == "3"
    spans = {td.text_content().strip(): td.get("rowspan") for td in t3.iter("td") if td.get("rowspan")}
    n_results = sum(1 for _k, _g, _l, kind in APPLICATION_ROWS[template] if kind in ("outcome", "total"))
    assert spans["三、本年度办理结果"] == str(n_results) and spans["（三）不予公开"] == "8"
    grid = _html_grid(t3)
    apps = r.truth["tables"]["applications"]
    body = grid[3:]
    for (key, *_rest), row in zip(APPLICATION_ROWS[template], body):
        assert row[-7:] == [_printed(v) for v in apps[key]], key
    t4 = _html_grid(tables[2])
    values = r.truth["tables"]["review_litigation"]
    assert t4[-1] == [_printed(v) for k in ("review", "litigation_direct", "litigation_after_review") for v in values[k]]


def test_html_gbk_decodes_and_declares_or_omits_charset():
    seen_meta, outside_gb2312 = set(), False
    for seed in range(8):
        r = generate(seed, shape="html-gbk")
        text = r.data.decode("gbk")
        assert r.truth["agency"] in text and "TRS_Editor" in text
        seen_meta.add("charset=gb2312" in text)
        try:
            r.data.decode("gb2312")
        except UnicodeDecodeError:
            outside_gb2312 = True  # declared gb2312, really GBK: decoders must use gb18030
    assert seen_meta == {True, False} and outside_gb2312


def test_txt_lines_one_cell_per_line():
    r = generate(8, template="2019", shape="txt-lines")
    lines = r.data.decode("utf-8").split("\n")
    apps = r.truth["tables"]["applications"]
    i = lines.index("一、本年新收政府信息公开申请数量")
    assert lines[i + 1: i + 8] == [fmt_number(v, _plan(r)) for v in apps["new"]]
    j = lines.index("（七）总计")
    assert lines[j + 1: j + 8] == [fmt_number(v, _plan(r)) for v in apps["total_handled"]]


def _plan(r):
    from reportgen.truth import build

    return build(r.seed, r.truth["template"], **{k: v for k, v in r.options.items() if k not in ("template", "script")})[1]


@pytest.mark.parametrize("shape,sep", [("txt-tabs", "\t"), ("txt-pipes", "|")])
def test_delimited_rows_carry_numbers(shape, sep):
    r = generate(8, template="2021", shape=shape)
    text = r.data.decode("utf-8")
    apps = r.truth["tables"]["applications"]
    row = next(line for line in text.split("\n") if line.lstrip("|\t ").startswith("一、本年新收"))
    cells = [c.strip() for c in row.split(sep) if c.strip()]
    assert cells[1:8] == [fmt_number(v, _plan(r)) for v in apps["new"]]
    if shape == "txt-pipes":
        assert row.startswith("| ") and row.endswith(" |")


def test_pdf_text_layer_has_labels_numbers_and_footer():
    import pdfplumber

    r = generate(3, template="2019", shape="pdf", table_across_pages=True)
    with pdfplumber.open(io.BytesIO(r.data)) as pdf:
        assert len(pdf.pages) >= 2
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    for label in ("第二十条第（一）项", "本年新制作数量", "一、本年新收政府信息公开申请数量", "（七）总计", "行政复议", "未经复议直接起诉"):
        assert label in text
    assert "- 1 -" in text and "- 2 -" in text
    new = r.truth["tables"]["applications"]["new"]
    line = next(x for x in text.split("\n") if x.startswith("一、本年新收"))
    assert line.split()[1:] == [fmt_number(v, _plan(r)) for v in new]


def test_scan_pdf_has_no_text_layer():
    import pdfplumber

    r = generate(3, shape="scan-pdf")
    with pdfplumber.open(io.BytesIO(r.data)) as pdf:
        assert all(not (p.extract_text() or "").strip() for p in pdf.pages)
        assert pdf.pages[0].images


def test_docx_has_real_merged_cells_and_numbers():
    import docx
    from docx.oxml.ns import qn

    r = generate(4, template="2021", shape="docx")
    d = docx.Document(io.BytesIO(r.data))
    assert len(d.tables) == 3
    t3 = d.tables[1]._tbl
    assert any(True for _ in t3.iter(qn("w:vMerge"))) and any(True for _ in t3.iter(qn("w:gridSpan")))
    row = next(row for row in d.tables[1].rows if row.cells[0].text.startswith("一、本年新收"))
    assert [c.text for c in row.cells[-7:]] == [_printed(v) for v in r.truth["tables"]["applications"]["new"]]


def test_xlsx_has_the_tables_with_merges():
    import openpyxl

    r = generate(4, template="2021", shape="xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(r.data))
    assert len(wb.sheetnames) == 3
    ws = wb.worksheets[1]
    assert ws.merged_cells.ranges
    row = next(row for row in ws.iter_rows(values_only=True) if row[0] and str(row[0]).startswith("一、本年新收"))
    assert list(row[-7:]) == r.truth["tables"]["applications"]["new"]


@pytest.mark.slow
def test_doc_is_an_ole2_word_file():
    from reportgen.render_docx import soffice

    if not soffice():
        with pytest.raises(RuntimeError, match="LibreOffice"):
            generate(4, shape="doc")
        return
    r = generate(4, shape="doc")
    assert r.data[:8] == bytes.fromhex("d0cf11e0a1b11ae1") and r.filename.endswith(".doc")


SIMPLIFIED_ONLY = ["规范性文件", "政府信息公开申请", "办理结果", "总计", "复议", "诉讼", "报告", "处理决定数量", "结转"]


@pytest.mark.parametrize("shape", ["html", "txt-lines", "pdf"])
def test_traditional_has_no_simplified_key_labels(shape):
    r = generate(12, template="2019", shape=shape, script="traditional")
    if shape == "pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(r.data)) as pdf:
            text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    else:
        text = r.data.decode("utf-8")
    for word in SIMPLIFIED_ONLY:
        assert word not in text, word
    assert "規範性文件" in text and "總計" in text
    assert r.truth["script"] == "traditional"


def test_mirror_artifacts():
    r = generate(12, template="2019", shape="txt-lines", script="traditional", mirror_artifacts=True)
    text = r.data.decode("utf-8")
    assert "規範性檔案" in text and "規範性文件" not in text
    assert "相關詞條" in text and "聯絡我們" in text
    assert "(" in text and any(p in text for p in ("(bào)", "(kāi)", "(wù)", "(zǒng)", "(qǐng)", "(yì)"))


@pytest.mark.parametrize("shape", ["html", "txt-lines", "txt-tabs", "pdf"])
def test_truncation_truth_matches_bytes(shape):
    r = generate(5, template="2021", shape=shape, truncate=True)
    kept = r.truth["truncated"]["rows_kept"]
    labels = {k: label for k, _g, label, _kind in APPLICATION_ROWS["2021"]}
    nxt = [k for k, *_ in APPLICATION_ROWS["2021"]][len(kept)]
    if shape == "pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(r.data)) as pdf:
            text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    elif shape == "html":
        import lxml.html

        raw = r.data.decode("utf-8")
        assert "</html>" not in raw and raw.rstrip().endswith("</tr>")  # cut inside table 3
        text = lxml.html.fromstring(raw).text_content()
    else:
        text = r.data.decode("utf-8")
    assert labels[kept[-1]][:8] in text
    assert labels[nxt][:10] not in text
    assert "未经复议直接起诉" not in text and "其他需要报告的事项" not in text


def test_same_bytes_in_another_process():
    """Seeds, not hash randomisation or the clock, decide the bytes."""
    import hashlib
    import os
    import subprocess
    import sys

    code = ("import hashlib,sys;from reportgen import generate;"
            "print(hashlib.sha256(b''.join(generate(s, template=t, shape=sh).data for s, t in ((1, '2019'), (2, '2021'))"
            " for sh in ('html', 'txt-tabs', 'pdf', 'docx', 'xlsx'))).hexdigest())")
    env = dict(os.environ, PYTHONHASHSEED="12345")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.strip()
    here = hashlib.sha256(b"".join(generate(s, template=t, shape=sh).data for s, t in ((1, "2019"), (2, "2021"))
                                   for sh in ("html", "txt-tabs", "pdf", "docx", "xlsx"))).hexdigest()
    assert other == here


def test_html_has_word_paste_traits():
    traits = {"br": False, "char_spans": False, "nbsp": False}
    for seed in range(12):
        raw = generate(seed, template="2019", shape="html", blank_cells=True).data.decode("utf-8")
        traits["br"] |= "<br>" in raw
        traits["char_spans"] |= "<span>规</span><span>章</span>" in raw or "<span>自</span><span>然</span>" in raw
        traits["nbsp"] |= "<td>&nbsp;</td>" in raw or "&nbsp;<o:p>" in raw
    assert all(traits.values()), traits


def test_fullwidth_digits_print_but_truth_is_numbers():
    r = generate(8, template="2021", shape="txt-lines", fullwidth=True)
    lines = r.data.decode("utf-8").split("\n")
    i = lines.index("一、本年新收政府信息公开申请数量")
    printed = lines[i + 1: i + 8]
    assert all(not any(ch in "0123456789" for ch in p) for p in printed)
    assert [int(p.translate(str.maketrans("０１２３４５６７８９", "0123456789"))) for p in printed] == r.truth["tables"]["applications"]["new"]


def test_caller_chosen_agency_and_title():
    r = generate(5, template="2019", shape="html", agency="洛阳市司法局", year=2020,
                 title="洛阳市司法局2020年政府信息公开工作年度报告")
    t = r.truth
    assert (t["agency"], t["agency_kind"], t["level"], t["province"], t["city"], t["county"], t["year"]) == \
        ("洛阳市司法局", "司法局", "city", "河南省", "洛阳市", None, 2020)
    assert r.filename == "洛阳市司法局2020年政府信息公开工作年度报告.html"
    mirror = generate(5, template="2019", shape="txt-lines", agency="洛阳市司法局", year=2020,
                      script="traditional", mirror_artifacts=True).data.decode("utf-8")
    assert ("法務部" in mirror or "法務(wù)部" in mirror) and "司法部" not in mirror


def test_legacy_renders_narrative_and_statistics_table():
    r = generate(11, template="legacy", shape="txt-tabs")
    text = r.data.decode("utf-8")
    head = r.truth["headline"]
    assert f"主动公开信息{head['active_published']}条" in text
    assert "政府信息公开情况统计表" in text
    row = next(line for line in text.split("\n") if line.startswith("（一）主动公开政府信息数"))
    assert row.split("\t")[1:3] == ["条", str(head["active_published"])]
    assert "第二十条" not in text and "申请人情况" not in text


def test_scan_pdf_is_degraded_as_asked():
    import pypdfium2 as pdfium

    r = generate(3, shape="scan-pdf", scan={"dpi": 150, "angle": 1.5, "pages": 1})
    pdf = pdfium.PdfDocument(r.data)
    assert len(pdf) == 1
    obj = next(pdf[0].get_objects())
    assert abs(obj.get_px_size()[0] - 8.27 * 150) < 3          # A4 width at 150 dpi
    with pytest.raises(ValueError, match="unknown scan option"):
        generate(3, shape="scan-pdf", scan={"resolution": 150})


def test_broken_unicode_maps_render_right_and_extract_wrong():
    import pdfplumber

    cid = generate(5, shape="pdf-cid")
    moji = generate(5, shape="pdf-mojibake")
    with pdfplumber.open(io.BytesIO(cid.data)) as pdf:
        assert "(cid:" in pdf.pages[0].extract_text()
    with pdfplumber.open(io.BytesIO(moji.data)) as pdf:
        text = pdf.pages[0].extract_text()
    assert moji.truth["title"] not in text.replace("\n", "") and sum("\u4e00" <= ch <= "\u9fff" for ch in text) > 200


def test_mixed_scan_replaces_only_the_table_page():
    import pdfplumber

    r = generate(4, template="2019", shape="scan-mixed", scan={"dpi": 150})
    with pdfplumber.open(io.BytesIO(r.data)) as pdf:
        texts = [(p.extract_text() or "").strip() for p in pdf.pages]
    assert sum(1 for t in texts if not t) == 1 and texts[0].startswith(r.truth["title"][:6])


def test_photographed_page_and_pasted_table_picture(monkeypatch):
    from PIL import Image

    from reportparser import parse_bytes

    jpg = generate(6, shape="scan-jpg")
    assert jpg.data[:3] == b"\xff\xd8\xff" and jpg.filename.endswith(".jpg")
    assert Image.open(io.BytesIO(jpg.data)).size[0] > 1000
    page = generate(7, shape="html-img")
    assert b"data:image/jpeg;base64," in page.data
    monkeypatch.setenv("GIA_OCR", "0")      # without OCR the page has no table 3 of its own
    assert "table 3 (收到和处理申请) not found in the document" in parse_bytes(page.data, filename=page.filename)["warnings"]
