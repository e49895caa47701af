"""The labelled real PDFs: table 3 and table 4 rows hold the labelled numbers.

Asserts on numbers in the right label rows (by cell geometry), so the template mapper gets
correct input; the figures come from each file's .gold.json, and the structural assertions are
the template's (every label whole, every column header read), true of any report. Skips when
../shared/corpus is absent.
"""

from __future__ import annotations

import json
import re

import pytest

from reportparser.formats import extract

from tests.conftest import corpus_files

REPORTS = [p.name[: -len(".pdf")] for p in corpus_files("*.pdf")]
# the template's group labels of table 3 (printed in a column of their own, spanning their rows)
GROUP_LABELS = ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")
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


def test_table3_is_one_grid_with_every_label_whole(report):
    """Joined across pages into one grid; no label cell left cut by a page break or a wrap."""
    from reportparser import columns
    from reportparser.templates import TEMPLATES
    name, doc, gold = report
    grids = [g for g in doc.tables if any(c.text.startswith("一、本年新收") for row in g for c in row)]
    assert len(grids) == 1, "table 3 crossing pages is joined into one grid"
    grid = grids[0]
    first = next(i for i, row in enumerate(grid) if any(c.text.startswith("一、本年新收") for c in row))
    whole = {_key(sp) for tpl in TEMPLATES.values() for r in tpl.applications for sp in r.spellings}
    whole |= {_key(g) for g in GROUP_LABELS}
    for row in grid[first:]:
        for c in row:
            if c.text and not c.text.replace(",", "").isdigit():
                assert _key(c.text) in whole or _retyped(_key(c.text), whole), c.text
    header = columns.best_map([[c.text for c in row] for row in grid[:first]], TEMPLATES["2021"])
    assert header is not None and not header.missing        # every applicant column named


def _retyped(key: str, whole: set) -> bool:
    """A label printed with characters dropped (found approximately by the parser), not a piece of
    one: no label starts or ends with it."""
    from reportparser.rowlabels import MIN_LIKENESS, likeness
    if any(w != key and (w.startswith(key) or w.endswith(key)) for w in whole):
        return False
    return any(likeness(key, w) >= MIN_LIKENESS for w in whole)


def _key(text: str) -> str:
    """A label compared without its numbering form (1. 1、 (1)) and spacing."""
    from reportparser.rowlabels import work_text
    t = re.sub(r"\s+", "", work_text(text))
    return re.sub(r"^(?:\([一二三四五六七八九十]{1,2}\)|\d{1,2}[.、]|[一二三四五六七八九十]{1,2}、)", "", t)


def test_table4_numbers(report):
    name, doc, gold = report
    rows = [row for g in doc.tables if len(g[0]) == 15 for row in g if len(_numbers(row)) == 15]
    assert [_numbers(r) for r in rows] == [gold["review_litigation"]]


def test_metadata_and_no_page_footers(report):
    name, doc, gold = report
    assert doc.meta["pages"] >= 2 and (doc.meta.get("creator") or doc.meta.get("producer"))
    assert "年度报告" in doc.meta["title"]
    assert not any(line.strip() in {"- 1 -", "- 2 -", "- 3 -"} for line in doc.text.splitlines())
