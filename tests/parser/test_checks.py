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
    # r02/r03 style: a 2021 table that keeps the 2019 one-row （六）其他处理
    from reportparser.tables import read_tables
    from tests.parser.test_digitruns import PINGTAN_2021
    start = PINGTAN_2021.index("（六）其他处理")
    end = PINGTAN_2021.index("（七）总计")
    text = PINGTAN_2021[:start] + "（六）其他处理1000001" + PINGTAN_2021[end:]
    apps = read_tables(text).applications
    assert apps["other_processing"] == [1, 0, 0, 0, 0, 0, 1]
    assert not any(k.startswith("other_processing.") for k in apps)
    outcomes = [c for c in run_checks({"applications": apps}, "2021") if c["rule"] == "applications.outcomes"]
    assert outcomes and all(c["ok"] is True for c in outcomes)
