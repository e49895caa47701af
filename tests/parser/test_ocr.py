"""OCR of pages without a usable text layer: routing, grids from the page, numbers back.

The end-to-end cases OCR generated scans (reportgen: rendered, rasterized, seal, rotation,
noise, JPEG) and assert every number of the tables comes back; they are few, OCR is slow
(bench/bench_ocr.py has the big sample). The rest test the pieces on small inputs.
"""

from __future__ import annotations

import io

import pytest

import reportgen
from reportparser import parse_bytes
from reportparser.formats import extract, ocr, ocr_tables
from reportparser.formats.ocr import Box, text_layer_problem

FIELDS = ("title", "agency", "level", "province", "city", "county", "year", "template")


def _tables(rec_or_truth):
    t = rec_or_truth["tables"] or {}
    return {"active": (t.get("active") or {}).get("rows"), "applications": t.get("applications"),
            "review_litigation": t.get("review_litigation")}


def _engine_or_skip():
    try:
        ocr.engine()
    except ocr.OcrUnavailable as exc:
        pytest.skip(f"no OCR engine: {exc}")


# ---------------------------------------------------------------- routing (no OCR run)

def _page_texts(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


@pytest.mark.parametrize("seed,template,script", [(2, "2021", "simplified"), (5, "2019", "simplified"),
                                                  (1, "2021", "traditional"), (8, "2019", "traditional")])
def test_a_good_text_layer_passes_the_quality_test(seed, template, script):
    g = reportgen.generate(seed, template=template, shape="pdf", script=script)
    assert [text_layer_problem(t) for t in _page_texts(g.data)] == [None] * len(_page_texts(g.data))


@pytest.mark.parametrize("seed", [2, 5])
def test_fonts_without_or_with_a_wrong_unicode_map_fail_it(seed):
    cid = reportgen.generate(seed, template="2021", shape="pdf-cid")
    texts = _page_texts(cid.data)
    assert "(cid:" in texts[0]
    assert "(cid:N)" in text_layer_problem(texts[0], texts[0].count("(cid:"))
    moji = reportgen.generate(seed, template="2021", shape="pdf-mojibake")
    first = _page_texts(moji.data)[0]
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in first) > 200       # real characters, wrong ones
    assert "wrong Unicode map" in text_layer_problem(first)


def test_short_pages_and_other_scripts_of_a_good_layer_are_let_through():
    assert text_layer_problem("二〇二二年一月十日") is None                   # a sign-off page
    assert text_layer_problem("Annual report 2021: " * 10) is None
    assert "neither CJK" in text_layer_problem("ÃÂ¤Ã¦Â±Â¾Ã§Â¨ÂÃ¥ÂÂ¿" * 5)


def test_the_corpus_text_layers_are_never_sent_to_ocr(corpus_dir):
    import pdfplumber

    pdfs = sorted(corpus_dir.rglob("*.pdf"))
    assert pdfs
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages[:12], start=1):
                text = page.extract_text() or ""
                assert text_layer_problem(text, text.count("(cid:")) is None, f"{path.name} page {number}"


def test_with_ocr_disabled_a_scan_keeps_its_warning(monkeypatch):
    monkeypatch.setenv("GIA_OCR", "0")
    g = reportgen.generate(0, template="2021", shape="scan-pdf", scan={"pages": 1, "dpi": 150})
    rec = parse_bytes(g.data, filename=g.filename)
    assert "scanned PDF: no text layer (1 pages); OCR not done" in rec["warnings"]
    assert "ocr" not in rec and not rec["tables"]


# ---------------------------------------------------------------- the pieces

def _ruled_image():
    """A ruled table on a white page: 4 rows x 4 columns, the top-left cell spanning two
    columns, the left column's last two rows merged."""
    import numpy as np

    img = np.full((400, 600), 255, np.uint8)
    xs, ys = [50, 200, 350, 450, 550], [50, 110, 170, 230, 290]
    for y in ys:
        img[y:y + 2, xs[0]:xs[-1] + 2] = 0
    for x in xs:
        img[ys[0]:ys[-1] + 2, x:x + 2] = 0
    img[ys[0] + 2:ys[1], xs[1]:xs[1] + 2] = 255          # no border between (0,0) and (0,1)
    img[ys[3]:ys[3] + 2, xs[0] + 2:xs[1]] = 255          # no border between (2,0) and (3,0)
    return img, xs, ys


def test_ruling_lines_give_the_grid_and_its_merged_cells():
    img, xs, ys = _ruled_image()
    tables = ocr_tables.ruled_tables(img)
    assert len(tables) == 1
    t = tables[0]
    assert [abs(a - b) <= 2 for a, b in zip(t.xs, xs)] == [True] * 5 and len(t.ys) == 5
    spans = t.spans()
    assert (0, 1, 0, 2) in spans and (2, 4, 0, 1) in spans and len(spans) == 16 - 2


def test_boxes_fill_cells_and_carry_confidence():
    img, xs, ys = _ruled_image()
    t = ocr_tables.ruled_tables(img)[0]

    def box(text, x, y, conf=0.99):
        return Box(text, conf, [[x - 20, y - 12], [x + 20, y - 12], [x + 20, y + 12], [x - 20, y + 12]])
    boxes = [box("申请人情况", 200, 80), box("本年新收", 125, 140), box("12", 275, 140), box("O", 400, 140, 0.6),
             box("3", 500, 140), box("结转", 125, 200)]
    grid, cells = t.fill(boxes, img, 1, 0, 72 / 200)
    assert [c.text for c in grid[0]] == ["申请人情况", "申请人情况", "", ""] and grid[0][1].spanned
    assert [c.text for c in grid[1]] == ["本年新收", "12", "0", "3"]          # 'O' in a number cell is 0
    assert grid[3][0].spanned and grid[3][0].text == "结转"
    zero = next(c for c in cells if c["row"] == 1 and c["col"] == 2)
    assert zero["confidence"] == 0.6 and zero["read"] == "O" and zero["label"] == "本年新收"
    assert len(zero["bbox"]) == 4


def test_rows_by_baseline_after_deskew():
    """Boxes of a page rotated by 1.5° fall into the wrong rows; deskewed, they cluster right."""
    import numpy as np
    from PIL import Image, ImageDraw

    img = Image.new("L", (1200, 900), 255)
    d = ImageDraw.Draw(img)
    for k in range(12):
        d.line((80, 60 + k * 60, 1120, 60 + k * 60), fill=0, width=2)
        d.rectangle((100, 75 + k * 60, 1100, 95 + k * 60), fill=90)      # a row of text
    rotated = img.rotate(1.5, resample=Image.BICUBIC, fillcolor=255)
    upright, angle = ocr.deskew(np.asarray(rotated))
    assert abs(angle + 1.5) <= 0.1
    boxes = [Box(str(i), 0.9, [[x, y], [x + 30, y], [x + 30, y + 20], [x, y + 20]])
             for i, (x, y) in enumerate((x, 75 + k * 60) for k in range(3) for x in (100, 500, 900))]
    rows = ocr_tables.baseline_rows(boxes)
    assert [[b.text for b in r] for r in rows] == [["0", "1", "2"], ["3", "4", "5"], ["6", "7", "8"]]


def test_a_low_confidence_cell_that_breaks_an_identity_is_named_not_repaired():
    from reportparser.ocr_cells import annotate

    g = reportgen.generate(3, template="2021", shape="txt-tabs")
    rec = parse_bytes(g.data, filename=g.filename)
    new = rec["tables"]["applications"]["new"]
    new[0] += 1                                           # as if OCR had misread the cell
    from reportparser.checks import run_checks
    rec["checks"] = run_checks(rec["tables"], rec["template"])
    assert any(c["ok"] is False for c in rec["checks"])
    label = "一、本年新收政府信息公开申请数量"
    cells = [{"page": 2, "table": 0, "row": 3, "col": 3 + i, "text": str(v), "confidence": 0.55 if i == 0 else 0.99,
              "bbox": [0, 0, 1, 1], "label": label} for i, v in enumerate(new)]
    annotate(rec, {"engine": "test", "pages": [2], "cells": cells})
    assert rec["ocr"]["pages_ocr"] == 1
    tied = {(c["row"], c["column"]): c for c in rec["ocr"]["cells"]}
    assert tied[("new", "自然人")]["confidence"] == 0.55 and tied[("new", "自然人")]["page"] == 2
    named = [w for w in rec["warnings"] if w.startswith("OCR:")]
    assert len(named) == 1 and "new / 自然人" in named[0] and f"'{new[0]}'" in named[0]
    assert rec["tables"]["applications"]["new"][0] == new[0]          # kept as read


def test_a_page_over_its_time_limit_keeps_the_warning(monkeypatch):
    _engine_or_skip()
    monkeypatch.setattr(ocr, "PAGE_SECONDS", 0.0)
    g = reportgen.generate(0, template="2021", shape="scan-pdf", scan={"pages": 1, "dpi": 150})
    rec = parse_bytes(g.data, filename=g.filename)
    assert any("OCR over its 0 s limit" in w for w in rec["warnings"])
    assert any(w.startswith("scanned PDF: no text layer (1 pages)") for w in rec["warnings"])
    assert not rec["tables"]


def test_blank_scanned_pages_say_ocr_found_nothing():
    _engine_or_skip()
    from PIL import Image
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for _ in range(2):
        c.drawInlineImage(Image.new("L", (40, 40), 250), 100, 100, 300, 300)
        c.showPage()
    c.save()
    doc = extract(buf.getvalue(), "scan.pdf")
    assert doc.text == "" and doc.tables == []
    assert doc.warnings == ["scanned PDF: no text layer (2 pages); OCR found no text"]


# ---------------------------------------------------------------- end to end (slow: a few pages each)

@pytest.mark.slow
def test_a_scanned_report_with_seal_and_rotation_reads_back():
    _engine_or_skip()
    g = reportgen.generate(11, template="2021", shape="scan-pdf", scan={"dpi": 200, "angle": -1.8, "seal": True})
    rec = parse_bytes(g.data, filename=g.filename)
    assert _tables(rec) == _tables(g.truth)
    assert {k: rec.get(k) for k in FIELDS} == {k: g.truth.get(k) for k in FIELDS}
    o = rec["ocr"]
    assert o["pages_ocr"] == len(o["pages"]) >= 2 and o["angles"]
    angles = sorted(o["angles"].values())
    assert abs(angles[len(angles) // 2] + 1.8) <= 0.15      # a nearly empty last page may measure less well
    app = [c for c in o["cells"] if c["table"] == "applications"]
    assert len(app) == sum(len(v) for v in g.truth["tables"]["applications"].values())
    assert all(0 <= c["confidence"] <= 1 and len(c["bbox"]) == 4 for c in o["cells"])


@pytest.mark.slow
def test_a_text_report_with_a_scanned_table_page_ocrs_that_page_only():
    _engine_or_skip()
    g = reportgen.generate(4, template="2019", shape="scan-mixed", scan={"dpi": 150, "angle": 0.9})
    rec = parse_bytes(g.data, filename=g.filename)
    assert len(rec["ocr"]["pages"]) == 1
    assert _tables(rec) == _tables(g.truth)
    assert {k: rec.get(k) for k in FIELDS} == {k: g.truth.get(k) for k in FIELDS}


@pytest.mark.slow
def test_a_photographed_table_page_reads_back():
    _engine_or_skip()
    g = reportgen.generate(6, template="2021", shape="scan-jpg")
    rec = parse_bytes(g.data, filename=g.filename)
    assert rec["source"]["media_type"] == "image/jpeg"
    assert rec["tables"]["applications"] == g.truth["tables"]["applications"]
    assert rec["ocr"]["pages_ocr"] == 1


@pytest.mark.slow
def test_a_table_pasted_as_a_picture_into_an_html_report_reads_back():
    """Inline (data: URI) and as the builder hands an image attachment: a continuation."""
    import base64
    import re

    _engine_or_skip()
    g = reportgen.generate(7, template="2021", shape="html-img", scan={"dpi": 200, "angle": 0.8, "noise": 6, "jpeg": 60})
    rec = parse_bytes(g.data, filename=g.filename)
    assert rec["tables"]["applications"] == g.truth["tables"]["applications"]
    assert _tables(rec)["active"] == _tables(g.truth)["active"]        # from the page's own HTML table
    assert rec["ocr"]["pages_ocr"] == 1
    html = g.data.decode("utf-8")
    m = re.search(r'<img src="data:image/jpeg;base64,([^"]+)"[^>]*>', html)
    page = (html[:m.start()] + html[m.end():]).encode("utf-8")
    rec2 = parse_bytes(page, filename="report.html", continuations=[base64.b64decode(m.group(1))])
    assert rec2["tables"]["applications"] == g.truth["tables"]["applications"]


def _text_image(lines: list[str], size=(900, 60)):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 26)
    img = Image.new("RGB", (size[0], size[1] * len(lines)), "white")
    d = ImageDraw.Draw(img)
    for k, line in enumerate(lines):
        d.text((20, 15 + k * size[1]), line, fill="black", font=font)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def test_gia_parse_says_how_many_pages_were_ocrd(tmp_path, capsys):
    import json
    from pathlib import Path

    from search_cli.cli import main

    _engine_or_skip()
    if not Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc").exists():
        pytest.skip("no CJK font to draw the image")
    p = tmp_path / "附件.png"
    p.write_bytes(_text_image(["某县2021年政府信息公开工作年度报告"]))
    assert main(["parse", str(p)]) == 0
    out, err = capsys.readouterr()
    rec = json.loads(out)
    assert rec["source"]["media_type"] == "image/png" and rec["ocr"]["pages_ocr"] == 1
    assert "年度报告" in rec["text"]
    assert "1 page(s) OCR'd" in err


def test_an_unruled_table_of_boxes_becomes_a_grid_by_its_columns():
    """No ruling lines: rows by baseline, the numbers' x-positions are the columns, the header
    labels above go to the column under them, the row label to column 0."""
    def box(text, x, y, w=40):
        return Box(text, 0.95, [[x, y], [x + w, y], [x + w, y + 24], [x, y + 24]])
    rows = [[box("自然人", 400, 100, 60), box("商业企业", 500, 100, 80), box("总计", 620, 100, 40)],
            [box("本年新收", 50, 150, 120), box("5", 415, 151, 20), box("1", 530, 149, 20), box("6", 630, 150, 20)],
            [box("上年结转", 50, 200, 120), box("0", 416, 200, 20), box("12", 525, 201, 30), box("12", 625, 199, 30)]]
    blocks = ocr_tables._lines_and_unruled(ocr_tables.baseline_rows([b for r in rows for b in r]), 1, 0, 0.36, cells := [])
    tables = [b for b in blocks if b[0] == "table"]
    assert len(tables) == 1
    grid = tables[0][2]
    assert [[c.text for c in row] for row in grid] == [["", "自然人", "商业企业", "总计"],
                                                         ["本年新收", "5", "1", "6"], ["上年结转", "0", "12", "12"]]
    assert {c["label"] for c in cells if c["row"] == 1} == {"本年新收"}


def test_brackets_read_as_ascii_beside_chinese_are_the_printed_full_width_ones():
    """Every bracketed label of the templates and the generator's title forms, read with ASCII
    brackets as the engines often do, comes back as printed; brackets among Latin text and digits
    alone are left as they are."""
    from reportgen.framing import title_pieces
    from reportparser.templates import TEMPLATES
    import random

    printed = {row.label for tpl in TEMPLATES.values() for row in tpl.applications if "（" in row.label}
    printed |= {"".join(title_pieces(random.Random(s), "paren_year", "洛阳市司法局", 2021)) for s in range(3)}
    printed |= {"（以下简称《条例》）", "第二十条第（五）项"}
    assert len(printed) > 5
    for text in printed:
        assert ocr.cjk_brackets(text.replace("（", "(").replace("）", ")")) == text, text
    for latin in ("f(x) = 1", "(3)", "(2020) 15", "Page (2)"):
        assert ocr.cjk_brackets(latin) == latin
