"""`gia archive compare`: one agency across years, with the cross-year checks."""

import copy
import json

from search_cli.browse.compare import compare, cross_year_checks


def _agency_years(records):
    agency = next(r["agency"] for r in records if r["id"] != "evil0001")
    return agency, sorted((r for r in records if r["agency"] == agency), key=lambda r: r["year"])


def test_compare_side_by_side_with_changes(browse_archive, gia):
    root, records = browse_archive
    agency, series = _agency_years(records)
    code, out, _ = gia("archive", "compare", agency, "--archive", root, "--json")
    result = json.loads(out)
    assert code == 0 and result["years"] == [r["year"] for r in series]
    row = next(r for r in result["rows"] if r["column"] == "app_new_total")
    values = [r["tables"]["applications"]["new"][6] for r in series]
    assert row["values"] == values
    assert row["changes"] == [None] + [b - a for a, b in zip(values, values[1:])]
    # the generator keeps a consistent series: every carry-over holds
    carry = [c for c in result["checks"] if c["rule"] == "carry.applications"]
    assert len(carry) == 7 * (len(series) - 1) and all(c["ok"] for c in carry)
    code, text, _ = gia("archive", "compare", series[-1]["id"], "--archive", root)  # by report id
    assert code == 0 and agency in text and "cross-year checks:" in text


def test_broken_carry_over_and_in_force_are_flagged(browse_archive):
    _root, records = browse_archive
    pairs = [(a, b) for a in records for b in records
             if a["agency"] == b["agency"] and b["year"] == a["year"] + 1 and a["template"] == b["template"] == "2021"]
    prev, cur = copy.deepcopy(pairs[0][0]), copy.deepcopy(pairs[0][1])
    cur["tables"]["applications"]["carried_over"][0] += 3
    cur["tables"]["active"]["rows"]["normative_documents"][2] += 1
    failed = [c for c in cross_year_checks(prev, cur) if not c["ok"]]
    rules = {(c["rule"], c["where"]) for c in failed}
    assert ("carry.applications", "自然人") in rules
    assert ("carry.in_force", "行政规范性文件") in rules
    assert all(c["years"] == [prev["year"], cur["year"]] for c in failed)


def test_near_copy_text_is_flagged():
    base = "本机关坚持以公开为常态、不公开为例外，" * 20
    prev = {"year": 2020, "id": "a", "text": "2020年" + base + "共收到申请12件。"}
    cur = {"year": 2021, "id": "b", "text": "2021年" + base + "共收到申请15件。"}
    other = {"year": 2021, "id": "c", "text": "今年我局围绕政务公开重点任务，完善制度，加强平台建设和解读回应。" * 3}
    assert [c["ok"] for c in cross_year_checks(prev, cur) if c["rule"] == "near_copy"] == [False]
    assert [c["ok"] for c in cross_year_checks(prev, other) if c["rule"] == "near_copy"] == [True]


def test_unknown_agency_is_a_clear_error(browse_archive, gia):
    root, _ = browse_archive
    code, _o, err = gia("archive", "compare", "不存在的机关", "--archive", root)
    assert code == 1 and "no report with id" in err


def test_compare_all_includes_every_filled_cell(browse_archive):
    _root, records = browse_archive
    _agency, series = _agency_years(records)
    result = compare(series, show_all=True)
    names = {r["column"] for r in result["rows"]}
    assert "app_withheld_state_secret_natural_person" in names and "rev_litigation_direct_pending" in names
