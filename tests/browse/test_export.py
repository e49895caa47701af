"""`gia archive export`: one flat row per report, every cell a named column; csv, jsonl, sqlite."""

import csv
import io
import json
import sqlite3

from search_cli.browse.flatten import COLUMN_NAMES, flatten


def test_flatten_names_every_cell(browse_archive):
    _root, records = browse_archive
    rec = next(r for r in records if r["template"] == "2021" and r["id"] != "evil0001")
    row = flatten(rec)
    apps = rec["tables"]["applications"]
    assert row["app_new_natural_person"] == apps["new"][0]
    assert row["app_new_total"] == apps["new"][6]
    assert row["app_withheld_state_secret_total"] == apps["withheld.state_secret"][6]
    assert row["rev_review_upheld"] == rec["tables"]["review_litigation"]["review"][0]
    assert row["act_normative_documents_in_force"] == rec["tables"]["active"]["rows"]["normative_documents"][2]
    cells = sum(len(v) for v in apps.values()) + sum(len(v) for v in rec["tables"]["review_litigation"].values()) \
        + sum(len(v) for v in rec["tables"]["active"]["rows"].values())
    assert len([k for k in row if k.startswith(("app_", "rev_", "act_"))]) == cells
    assert set(row) <= set(COLUMN_NAMES)


def test_unknown_detail_row_still_gets_a_column():
    row = flatten({"id": "x", "tables": {"applications": {"withheld.new_kind": [1, 2, 3, 4, 5, 6, 21]}}})
    assert row["app_withheld_new_kind_total"] == 21


def test_csv_export_round_trips(browse_archive, gia, tmp_path):
    root, records = browse_archive
    out = tmp_path / "reports.csv"
    code, _o, err = gia("archive", "export", "--archive", root, "--format", "csv", "--out", out)
    assert code == 0 and "wrote" in err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(records)
    by_id = {r["id"]: r for r in rows}
    for rec in records:
        assert int(by_id[rec["id"]]["app_new_total"]) == rec["tables"]["applications"]["new"][6]
        assert by_id[rec["id"]]["title"] == rec["title"]


def test_jsonl_to_stdout_with_filter(browse_archive, gia):
    root, records = browse_archive
    code, out, err = gia("archive", "export", "--archive", root, "--format", "jsonl", "--year", "2022")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and {r["id"] for r in rows} == {r["id"] for r in records if r["year"] == 2022}
    assert "export: " in err  # progress as plain lines when stderr is not a terminal


def test_sqlite_export_with_datasette_facets(browse_archive, gia, tmp_path):
    root, records = browse_archive
    out = tmp_path / "reports.db"
    code, _o, _e = gia("archive", "export", "--archive", root, "--format", "sqlite", "--out", out)
    assert code == 0
    db = sqlite3.connect(out)
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == len(records)
    total = db.execute("SELECT sum(app_new_total) FROM reports").fetchone()[0]
    assert total == sum(r["tables"]["applications"]["new"][6] for r in records)
    assert db.execute("SELECT count(*) FROM checks WHERE ok = 0").fetchone()[0] == \
        sum(not c["ok"] for r in records for c in r["checks"])
    assert db.execute("SELECT warning FROM warnings").fetchall() == [("table 2 <missing>: not found",)]
    meta = json.loads((tmp_path / "reports.metadata.json").read_text(encoding="utf-8"))
    facets = meta["databases"]["reports"]["tables"]["reports"]["facets"]
    assert {"year", "province", "template"} <= set(facets)
    cols = {row[1] for row in db.execute("PRAGMA table_info(reports)")}
    assert set(facets) <= cols


def test_sqlite_needs_out(browse_archive, gia):
    root, _ = browse_archive
    code, _o, err = gia("archive", "export", "--archive", root, "--format", "sqlite")
    assert code == 1 and "--out" in err
