"""Identity checks: per cell, naming the cells, blank means 'cannot check'."""

from reportparser.checks import check_applications, check_review, run_checks


def _apps(**over):
    rows = {"new": [1, 0, 0, 0, 0, 0, 1], "carried_over": [0] * 7, "disclosed": [1, 0, 0, 0, 0, 0, 1],
            "total_handled": [1, 0, 0, 0, 0, 0, 1], "carried_forward": [0] * 7}
    rows.update(over)
    return rows


def test_balance_broken_names_the_column_and_cells():
    checks = check_applications(_apps(total_handled=[1, 0, 0, 0, 0, 0, 2]), "2019")
    bad = [c for c in checks if c["ok"] is False]
    rules = {(c["rule"], c["where"]) for c in bad}
    assert ("applications.balance", "总计") in rules
    assert ("applications.row_total", "total_handled") in rules
    balance = next(c for c in bad if c["rule"] == "applications.balance")
    assert balance["detail"] == "1 + 0 ≠ 2 + 0"
    assert {"row": "total_handled", "column": "总计", "value": 2} in balance["cells"]


def test_blank_cell_means_unchecked_not_zero():
    checks = check_applications(_apps(new=[1, None, 0, 0, 0, 0, 1]), "2019")
    c = next(c for c in checks if c["rule"] == "applications.balance" and c["where"] == "商业企业")
    assert c["ok"] is None and "blank" in c["detail"]


def test_outcome_rows_missing_make_the_check_impossible():
    checks = check_applications(_apps(), "2019")
    c = next(c for c in checks if c["rule"] == "applications.outcomes")
    assert c["ok"] is None


def test_review_total_broken_as_printed():
    checks = check_review({"review": [10, 1, 0, 0, 0], "litigation_direct": [0] * 5,
                           "litigation_after_review": [5, 0, 0, 0, 0]})
    bad = [c["where"] for c in checks if c["ok"] is False]
    assert bad == ["行政复议", "行政诉讼 复议后起诉"]


def test_run_checks_without_tables():
    assert run_checks({}, "legacy") == []


def test_2021_report_printing_the_single_other_processing_row():
    # a 2021 table that keeps the 2019 one-row （六）其他处理 (reportgen class single-other-processing)
    from reportparser.tables import read_tables
    from tests.parser.test_digitruns import generated_text
    for seed in range(4):
        text, truth = generated_text(seed, shape="txt-tabs", single_other_processing=True)
        apps = read_tables(text).applications
        assert apps["other_processing"] == truth["tables"]["applications"]["other_processing"]
        assert not any(k.startswith("other_processing.") for k in apps)
        outcomes = [c for c in run_checks({"applications": apps}, "2021") if c["rule"] == "applications.outcomes"]
        assert outcomes and all(c["ok"] is True for c in outcomes)


def test_a_check_over_an_inferred_cell_does_not_hold_as_printed():
    apps = _apps()
    inferred = {"applications": {"new": [True, False, False, False, False, False, False]}}
    checks = run_checks({"applications": apps}, "2019", inferred)
    touched = [c for c in checks if any(x["row"] == "new" and x["column"] == "自然人" for x in c.get("cells", []))]
    assert touched and all(c["as_printed"] is False and c["inferred_cells"] for c in touched)
    assert all("inferred" in c["detail"] for c in touched)
    assert all(c["as_printed"] for c in checks if c not in touched)


def test_only_checks_a_reader_must_look_at_list_their_cells():
    """Compact records: a check that holds as printed names its cells by rule and `where` only."""
    apps = _apps(total_handled=[1, 0, 0, 0, 0, 0, 2], new=[1, None, 0, 0, 0, 0, 1])
    checks = run_checks({"applications": apps}, "2019")
    assert {c["ok"] for c in checks} >= {True, False, None}
    for c in checks:
        assert ("cells" in c) is not (c["ok"] is True and c["as_printed"]), c
