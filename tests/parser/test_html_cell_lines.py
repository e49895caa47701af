"""HTML one-cell-per-line pages (Hanweb: a <p> per cell, no <table>): an empty paragraph is a
blank cell where it stands in the table region, and only a separator elsewhere."""

import html

import pytest

import reportgen
from reportparser import parse_bytes
from reportparser.formats.html import extract_html

ROWS = [("一、本年新收政府信息公开申请数量", ["4", "0", "", "0", "1", "2", "7"]),
        ("二、上年结转政府信息公开申请数量", ["0", "0", "0", "0", "0", "0", "0"]),
        ("（七）总计", ["3", "0", "0", "0", "1", "2", "6"]),
        ("四、结转下年度继续办理", ["1", "", "", "0", "0", "0", "1"])]


def _p(line: str) -> str:
    return f"<p>{html.escape(line)}</p>" if line else "<p>&nbsp;</p>"


def _page(paragraphs: str) -> bytes:
    return f"<html><head><meta charset='utf-8'></head><body><div class='content'>{paragraphs}</div></body></html>".encode()


def _lines_page(seed: int, template: str) -> tuple[bytes, dict]:
    """The generator's txt-lines report as the simulated Hanweb sites serve it (simsites.content)."""
    options = {"blank_cells": True}
    truth = reportgen.make_truth(seed, template, **options)
    text = reportgen.generate(seed, template, "txt-lines", **options).data.decode("utf-8")
    lines = text.split("\n", 1)[1].lstrip("\n").split("\n")
    return _page(f"<h1>{html.escape(truth['title'])}</h1>" + "".join(_p(x) for x in lines)), truth


def _blank_count(tables: dict) -> int:
    return sum(v is None for k in ("applications", "review_litigation") for row in (tables.get(k) or {}).values()
               for v in row)


@pytest.mark.parametrize("seed,template", [(5, "2021"), (40, "2021"), (15, "2019"), (70, "2019")])
def test_generated_cell_per_line_page_keeps_blank_cells_in_their_columns(seed, template):
    page, truth = _lines_page(seed, template)
    assert _blank_count(truth["tables"]) > 0   # the page does print blank cells
    rec = parse_bytes(page, filename="report.html")
    for key in ("applications", "review_litigation"):
        assert rec["tables"][key] == truth["tables"][key], key
    assert rec["tables"]["active"]["rows"] == truth["tables"]["active"]["rows"]
    # one set of names: the parser's checks compare with the generator's as they are
    parsed = sorted((c["rule"], c["where"], c["ok"]) for c in rec["checks"] if c["ok"] is not None)
    assert parsed == sorted((c["rule"], c["where"], c["ok"]) for c in truth["expected_checks"])


def test_hand_written_empty_paragraphs_are_blank_cells():
    cells = []
    for label, row in ROWS:
        cells.append(f"<p>{label}</p>")
        # both spellings of an empty paragraph, and a number split into Word's character spans
        cells += ["<p><span>&nbsp;</span></p>" if c == "" and label.startswith("四") else
                  _p(c) if c != "4" else "<p><span>4</span></p>" for c in row]
    doc = extract_html(_page("<p>三、收到和处理政府信息公开申请情况</p>" + "".join(cells)))
    lines = doc.text.split("\n")
    start = lines.index(ROWS[0][0])
    expected = [x for label, row in ROWS for x in [label, *row]]
    assert lines[start:start + len(expected)] == expected


def test_spacer_paragraphs_between_sections_only_separate():
    numbers = "".join(_p(label) + "".join(_p(c) for c in row) for label, row in ROWS)
    page = _page("<p>一、总体情况</p><p>&nbsp;</p><p>&nbsp;</p><p>本年度工作。</p><p>&nbsp;</p>"
                 "<p>三、收到和处理政府信息公开申请情况</p>" + numbers + "<p>五、存在的主要问题及改进情况</p>"
                 "<p>&nbsp;</p><p>问题一。</p>")
    cells = "\n".join(x for label, row in ROWS for x in [label, *row])
    assert extract_html(page).text == ("一、总体情况\n\n本年度工作。\n\n三、收到和处理政府信息公开申请情况\n"
                                       f"{cells}\n五、存在的主要问题及改进情况\n\n问题一。")


def test_pages_with_tables_keep_empty_paragraphs_as_separators():
    rows = "".join(f"<tr><td>{label}</td>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for label, row in ROWS)
    page = _page("<p>一、总体情况</p><p>&nbsp;</p><p>&nbsp;</p><p>本年度工作。</p>"
                 + "".join(_p(str(i)) for i in range(30)) + f"<table>{rows}</table>")
    text = extract_html(page).text
    assert text.startswith("一、总体情况\n\n本年度工作。\n\n0\n\n1\n\n")
    assert "\n\n\n" not in text
