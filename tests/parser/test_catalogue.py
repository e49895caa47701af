"""The catalogue table of a detail page (reportparser/labels.py rows, record.catalogue): every
declared label of each catalogue field, with and without its colon, spaced out or not, two pairs
a row or one, empty cells — and the publisher as a candidate that never outweighs the report."""

from __future__ import annotations

import itertools

import pytest

from reportparser import labels, parse_bytes
from reportparser.fields import CATALOGUE

VALUES = {"index_no": "11350203MB0123456X/2024-00012", "agency": "某某区人民政府办公室", "written": "2024-01-10",
          "published": "2024-01-18", "doc_no": "〔2024〕3号", "topic": "政务公开", "title": "某报告"}
# every label the parser declares for a catalogue field
DECLARED = [(name, f) for name, (f, _why) in labels.LABELS.items() if f in VALUES]


def spaced(label: str, how: str) -> str:
    return {"plain": label, "spaces": " ".join(label), "ideographic": "\u3000".join(label) if len(label) == 2 else label}[how]


@pytest.mark.parametrize("declared,colon,how", list(itertools.product(DECLARED, ("", "：", ":"), ("plain", "spaces", "ideographic"))))
def test_every_declared_label_is_read_from_a_table_row(declared, colon, how):
    name, field = declared
    row = f"{spaced(name, how)}{colon}\t{VALUES[field]}\t主题分类{colon}\t政务公开"
    assert labels.is_label_line(row)
    assert labels.read(row) == [(field, VALUES[field]), ("topic", "政务公开")]


@pytest.mark.parametrize("row,pairs", [
    ("文号\t\t发布日期\t2024-01-18", [("doc_no", ""), ("published", "2024-01-18")]),
    ("文号 发布日期\t2024-01-18", [("doc_no", ""), ("published", "2024-01-18")]),   # the empty cell folded to a space
    ("文号：\t\t公开日期：\t2024-01-18", [("doc_no", ""), ("published", "2024-01-18")]),
    ("发布机构\t某某区人民政府办公室", [("agency", "某某区人民政府办公室")]),
    ("成文日期\t2024-01-10\t备注\t无", [("written", "2024-01-10")]),   # a cell that is no label is left
])
def test_row_shapes(row, pairs):
    assert labels.read(row) == pairs


@pytest.mark.parametrize("line", ["一、总体情况\t说明", "某某区人民政府办公室\t2024-01-18", "本机关\t发布日期\t2024"])
def test_a_row_that_does_not_open_with_a_label_is_no_label_line(line):
    assert not labels.is_label_line(line) and labels.read(line) == []


def test_an_empty_label_never_takes_the_report_title_below_it():
    lines = ["文号：", "某某区司法局2023年政府信息公开工作年度报告", "本报告根据……"]
    values, used = labels.collect(lines)
    assert values == {} and used == [0]
    values, used = labels.collect(["名称：", "某某区司法局2023年政府信息公开工作年度报告"])
    assert values == {"title": ["某某区司法局2023年政府信息公开工作年度报告"]}   # a title label's value is the title


def _page(rows: list[str], body: str) -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r.split("\t")) + "</tr>" for r in rows)
    return f'<html><head><meta charset="utf-8"><title>x</title></head><body><table>{cells}</table>{body}</body></html>'.encode()


BODY = ("<p>本报告根据《中华人民共和国政府信息公开条例》和上级有关要求，由厦门市思明区司法局编制。本报告所列数据的统计期限自2023年1月1日起"
        "至2023年12月31日止。</p><p>一、总体情况</p><p>2023年，厦门市思明区司法局坚持以公开为常态。</p>"
        "<p>厦门市思明区司法局</p><p>2024年1月18日</p>")


def test_the_catalogue_is_kept_as_printed_and_its_office_does_not_become_the_agency():
    rows = ["索 引 号\t11350203MB0123456X/2024-00012\t主题分类\t政务公开", "发布机构\t厦门市思明区人民政府办公室\t成文日期\t2024-01-10",
            "文　　号\t\t发布日期\t2024-01-18"]
    rec = parse_bytes(_page(rows, "<h1>2023年政府信息公开工作年度报告</h1>" + BODY), filename="a.html")
    assert rec["catalogue"] == {"index_no": "11350203MB0123456X/2024-00012", "publisher": "厦门市思明区人民政府办公室",
                                "written": "2024-01-10", "published": "2024-01-18", "doc_no": None, "topic": "政务公开"}
    assert set(rec["catalogue"]) == set(CATALOGUE)
    assert (rec["agency"], rec["agency_source"], rec["year"], rec["published"]) == ("厦门市思明区司法局", "signoff", 2023, "2024-01-18")


def test_a_page_without_a_catalogue_has_none_and_an_unreadable_date_is_null_with_a_warning():
    assert parse_bytes(_page([], "<h1>厦门市思明区司法局2023年政府信息公开工作年度报告</h1>" + BODY), filename="a.html")["catalogue"] is None
    rec = parse_bytes(_page(["成文日期\t待定\t主题分类\t政务公开"], "<h1>厦门市思明区司法局2023年政府信息公开工作年度报告</h1>" + BODY),
                      filename="a.html")
    assert rec["catalogue"]["written"] is None and rec["catalogue"]["topic"] == "政务公开"
    assert any(w.startswith("catalogue written date unreadable") for w in rec["warnings"])
