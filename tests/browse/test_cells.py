"""The long `cells` table: one row per printed cell with the template's Chinese labels, and the
parser's per-cell `inferred` marks in either shape (or none)."""

import sqlite3

import pytest

from reportparser import templates
from search_cli.browse.cells import CELL_COLUMN_NAMES, cells, inferred_cells
from search_cli.browse.flatten import flatten


def _printed(record):
    tables = record.get("tables") or {}
    n = sum(len(v) for v in (tables.get("applications") or {}).values())
    n += sum(len(v) for v in (tables.get("review_litigation") or {}).values())
    n += sum(len(v) for v in ((tables.get("active") or {}).get("rows") or {}).values())
    return n


def test_one_row_per_printed_cell_with_template_labels(browse_archive):
    _root, records = browse_archive
    for record in records:
        rows = list(cells(record))
        assert len(rows) == _printed(record)
        wide = flatten(record)
        for row in rows:
            assert set(row) == set(CELL_COLUMN_NAMES)
            assert wide[row["wide_column"]] == row["value"]   # the same cell in the wide table
    rec = next(r for r in records if r["template"] == "2021" and r["id"] != "evil0001")
    by = {(c["table"], c["row_key"], c["column_key"]): c for c in cells(rec)}
    disclosed = by[("applications", "disclosed", "natural_person")]
    assert (disclosed["row_label"], disclosed["column_label"]) == ("（一）予以公开", "自然人")
    assert disclosed["value"] == rec["tables"]["applications"]["disclosed"][0]
    review = by[("review_litigation", "review", "upheld")]
    assert (review["row_label"], review["column_label"]) == ("行政复议", "结果维持")
    in_force = by[("active", "normative_documents", "in_force")]
    assert in_force["column_label"] == "现行有效件数"
    # the 2021 template's wording of the row, from the parser's declaration
    assert in_force["row_label"] == next(r.label for i in templates.TEMPLATES["2021"].active for r in i.rows
                                         if r.key == "normative_documents")
    rec19 = next(r for r in records if r["template"] == "2019")
    made = next(c for c in cells(rec19) if c["row_key"] == "normative_documents" and c["column_key"] == "made")
    assert (made["row_label"], made["column_label"]) == ("规范性文件", "本年新制作数量")


def test_blank_cells_are_null_rows_and_unknown_rows_keep_their_key():
    record = {"id": "x", "template": "2021",
              "tables": {"applications": {"new": [3, None, 0, 0, 0, 0, 3], "withheld.new_kind": [1]}}}
    rows = list(cells(record))
    assert len(rows) == 8
    assert rows[1]["value"] is None and rows[1]["column_label"] == "商业企业"
    assert rows[7]["row_label"] == "withheld.new_kind" and rows[7]["wide_column"] == "app_withheld_new_kind_natural_person"


@pytest.mark.parametrize("marks", [
    {"applications": {"new": [False, True, False, False, False, False, True]}, "active": {"licensing": [True]}},
    {"applications": {"new": [False, True, False, False, False, False, True]}, "active": {"rows": {"licensing": [True]}}},
    ["applications.new[1]", "applications.new[6]", "active.licensing[0]"],
])
def test_inferred_in_either_shape(marks):
    record = {"id": "x", "template": "2021", "inferred": marks,
              "tables": {"applications": {"new": [3, 0, 0, 0, 0, 0, 3]},
                         "active": {"columns": {"licensing": ["本年处理决定数量"]}, "rows": {"licensing": [7]}}}}
    assert inferred_cells(record) == {("applications", "new", 1), ("applications", "new", 6), ("active", "licensing", 0)}
    flagged = {(c["table"], c["row_key"], c["column_key"]) for c in cells(record) if c["inferred"]}
    assert flagged == {("applications", "new", "business"), ("applications", "new", "total"),
                       ("active", "licensing", "decisions")}


def test_inferred_absent_or_unreadable_is_zero():
    base = {"id": "x", "tables": {"applications": {"new": [1, 0, 0, 0, 0, 0, 1]}}}
    for marks in (None, "yes", {"applications": "all"}, ["new[1]", 3]):
        record = dict(base, inferred=marks) if marks is not None else base
        assert inferred_cells(record) == set()
        assert {c["inferred"] for c in cells(record)} == {0}


def test_sqlite_cells_table(browse_archive, gia, tmp_path):
    root, records = browse_archive
    out = tmp_path / "r.db"
    assert gia("archive", "export", "--archive", root, "--format", "sqlite", "--out", out)[0] == 0
    db = sqlite3.connect(out)
    assert db.execute("SELECT count(*) FROM cells").fetchone()[0] == sum(_printed(r) for r in records)
    cols = [row[1] for row in db.execute("PRAGMA table_info(cells)")]
    assert cols == list(CELL_COLUMN_NAMES)
    # long and wide agree: the sum of one cell over all reports
    long_sum = db.execute("SELECT sum(value) FROM cells WHERE \"table\" = 'applications' AND row_key = 'new' "
                          "AND column_key = 'total'").fetchone()[0]
    assert long_sum == db.execute("SELECT sum(app_new_total) FROM reports").fetchone()[0]
    assert db.execute("SELECT typeof(value) FROM cells WHERE value IS NOT NULL LIMIT 1").fetchone()[0] == "integer"
    row = db.execute("SELECT row_label, column_label FROM cells WHERE row_key = 'disclosed' "
                     "AND column_key = 'natural_person' LIMIT 1").fetchone()
    assert row == ("（一）予以公开", "自然人")
    assert {r[0] for r in db.execute("SELECT DISTINCT report_id FROM cells")} == {r["id"] for r in records}
