"""`gia archive ls|show|stats|validate` over a realistic generated archive."""

import json
from collections import Counter


def test_ls_lists_every_report_and_filters_like_gia_search(browse_archive, gia):
    root, records = browse_archive
    code, out, _ = gia("archive", "ls", "--archive", root)
    assert code == 0
    assert len(out.splitlines()) == len(records)
    code, out, _ = gia("archive", "ls", "--archive", root, "--year", "2020-2021", "--template", "2021", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    expected = {r["id"] for r in records if r["year"] in (2020, 2021) and r["template"] == "2021"}
    assert {r["id"] for r in rows} == expected and expected


def test_show_lays_out_tables_with_labels_and_provenance(browse_archive, gia):
    root, records = browse_archive
    rec = next(r for r in records if r["template"] == "2021" and r["id"] != "evil0001")
    code, out, _ = gia("archive", "show", rec["id"][:8], "--archive", root)
    assert code == 0
    assert rec["title"] in out
    for label in ("行政规范性文件", "一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "行政复议", "结果维持"):
        assert label in out
    new = rec["tables"]["applications"]["new"]
    line = next(l for l in out.splitlines() if l.startswith("一、本年新收"))
    assert line.split()[1:] == [str(v) for v in new]
    assert rec["source"]["sha256"] in out and "crawl-0001.warc.gz" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes


def test_show_marks_broken_identity(browse_archive, gia):
    root, _ = browse_archive
    code, out, _ = gia("archive", "show", "evil0001", "--archive", root)
    assert code == 0
    assert "✗ applications.balance [自然人] 1 + 0 ≠ 2" in out
    assert "0/1 hold" in out
    row = next(l for l in out.splitlines() if l.startswith("（七）总计"))
    assert "2!" in row  # the 自然人 cell named by the failed check


def test_show_unknown_id_is_one_line_error(browse_archive, gia):
    root, _ = browse_archive
    code, out, err = gia("archive", "show", "nosuchid", "--archive", root)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "no report with id" in err


def test_stats_counts_and_parse_quality(browse_archive, gia):
    root, records = browse_archive
    code, out, _ = gia("archive", "stats", "--archive", root, "--json")
    s = json.loads(out)
    assert s["reports"] == len(records)
    assert sum(s["by_year"].values()) == len(records)
    assert s["by_template"] == dict(Counter(r["template"] for r in records))
    broken = sum(any(not c["ok"] for c in r["checks"]) for r in records if r["checks"])
    assert s["all_identities_hold"] == sum(1 for r in records if r["checks"]) - broken
    assert s["failed_checks_by_rule"]["applications.balance"] >= 1
    assert s["warnings_by_kind"] == {"table N <missing>": 1}  # "table 2 <missing>: not found", folded


def test_validate_lists_only_problem_reports(browse_archive, gia):
    root, records = browse_archive
    code, out, _ = gia("archive", "validate", "--archive", root, "--json")
    found = json.loads(out)
    expected = {r["id"] for r in records if r["warnings"] or any(not c["ok"] for c in r["checks"])}
    assert {p["id"] for p in found} == expected and "evil0001" in expected
    code, _out, _ = gia("archive", "validate", "--archive", root, "--strict")
    assert code == 1
    code, out, _ = gia("archive", "validate", "--archive", root, "--year", "2019", "--strict")
    assert code == (1 if any(r["year"] == 2019 and r["id"] in expected for r in records) else 0)


def test_missing_archive_is_a_clear_error(tmp_path, gia):
    code, _out, err = gia("archive", "ls", "--archive", tmp_path / "nope")
    assert code == 1 and "no archive at" in err


def test_colour_only_when_asked(browse_archive):
    from search_cli.browse.show import render

    _root, records = browse_archive
    evil = next(r for r in records if r["id"] == "evil0001")
    coloured = render(evil, colour=True)
    assert "\x1b[31m" in coloured and "✗ applications.balance" in coloured
    assert "\x1b[" not in render(evil, colour=False)


def test_legacy_report_without_tables_shows_cleanly(tmp_path, gia):
    from reportgen import make_truth

    from gia.archive import Archive

    record = make_truth(3, template="legacy")
    record.update(id="legacy01", checks=record.pop("expected_checks", []), warnings=[])
    Archive(tmp_path).write_record(record)
    code, out, err = gia("archive", "show", "legacy01", "--archive", tmp_path)
    assert code == 0 and err == ""
    assert record["title"] in out and "(no tables)" in out and "(no provenance recorded)" in out


def test_blank_cells_stay_blank(tmp_path, gia):
    from gia.archive import Archive

    record = {"id": "blank01", "title": "某局2020年报告", "agency": "某局", "year": 2020, "template": "2021",
              "tables": {"review_litigation": {"review": [1, None, 0, 0, 1]}}, "checks": [], "warnings": []}
    Archive(tmp_path).write_record(record)
    code, out, _ = gia("archive", "show", "blank01", "--archive", tmp_path)
    line = next(l for l in out.splitlines() if l.startswith("行政复议"))
    assert code == 0 and line.split() == ["行政复议", "1", "0", "0", "1"]  # the blank printed as nothing
    code, out, _ = gia("archive", "export", "--archive", tmp_path, "--format", "jsonl")
    import json as _json

    row = _json.loads(out)
    assert row["rev_review_corrected"] is None and row["rev_review_total"] == 1


def test_ambiguous_prefix_and_bad_year_are_clear_errors(browse_archive, gia):
    root, _ = browse_archive
    code, _o, err = gia("archive", "show", "", "--archive", root)
    assert code == 1 and "ambiguous" in err
    code, _o, err = gia("archive", "ls", "--archive", root, "--year", "twenty")
    assert code == 1 and "--year twenty" in err


def test_export_to_missing_folder_fails_cleanly(browse_archive, gia, tmp_path):
    root, _ = browse_archive
    code, _o, err = gia("archive", "export", "--archive", root, "--out", tmp_path / "no" / "x.csv")
    assert code == 1 and "does not exist" in err and err.count("\n") == 1
