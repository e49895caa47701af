"""The real WPS/Jisupdf PDFs (r01-r03): table 3 and table 4 rows hold the labelled numbers.

Asserts on numbers in the right label rows (by cell geometry), so the template
mapper gets correct input. Skips when ../shared/corpus is absent.
"""

from __future__ import annotations

import json

import pytest

from reportparser.formats import extract

REPORTS = ["r01_huaian_2024", "r02_hongze_2023", "r03_hongze_2024"]
ROWS = {  # gold key -> how the row's label starts
    "new": "一、本年新收", "carried_over": "二、上年结转", "disclosed": "（一）予以公开",
    "partially_disclosed": "（二）部分公开", "total_handled": "（七）总计", "carried_forward": "四、结转下年度",
}


def _numbers(row):
    return [int(c.text) for c in row if not c.spanned and c.text.isdigit()]


def _row(grids, label):
    hits = [row for g in grids for row in g if any(c.text.startswith(label) and not c.spanned for c in row)]
    assert len(hits) == 1, f"{label!r}: {len(hits)} rows"
    return hits[0]


@pytest.fixture(scope="module", params=REPORTS)
def report(request, corpus_dir):
    path = corpus_dir / "real" / f"{request.param}.pdf"
    if not path.exists():
        pytest.skip(f"{path} not in the corpus")
    gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
    return request.param, extract(path.read_bytes(), path.name), gold


def test_table3_rows_hold_the_gold_numbers(report):
    name, doc, gold = report
    assert doc.warnings == []
    for key, label in ROWS.items():
        assert _numbers(_row(doc.tables, label)) == gold["applications"][key], (name, key)


def test_table3_is_one_grid_with_the_vertical_label_and_split_cell_whole(report):
    name, doc, gold = report
    grids = [g for g in doc.tables if any(c.text.startswith("一、本年新收") for row in g for c in row)]
    assert len(grids) == 1, "table 3 crossing pages is joined into one grid"
    labels = {c.text for row in grids[0] for c in row}
    assert "三、本年度办理结果" in labels
    assert "（四）无法提供" in labels
    assert "（四）无" not in labels and "法提供" not in labels
    assert {"商业企业", "科研机构"} <= labels                # header words wrapped mid-word, rejoined
    # every outcome row sits under the vertical label (spanned copies), down to （七）总计
    total = _row(grids, "（七）总计")
    assert total[0].text == "三、本年度办理结果" and total[0].spanned


def test_table4_numbers(report):
    name, doc, gold = report
    rows = [row for g in doc.tables if len(g[0]) == 15 for row in g if len(_numbers(row)) == 15]
    assert [_numbers(r) for r in rows] == [gold["review_litigation"]]


def test_metadata_and_no_page_footers(report):
    name, doc, gold = report
    assert doc.meta["pages"] >= 5 and doc.meta["creator"].startswith("WPS")
    assert "年度报告" in doc.meta["title"]
    assert not any(line.strip() in {"- 1 -", "- 2 -", "- 3 -"} for line in doc.text.splitlines())
