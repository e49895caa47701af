"""A report's tables as gia serve lays them out: table 3's headings from the template declaration."""

from reportparser import templates
from search_cli.browse.serve.tables import applications_table, report_tables


def _record(template: str, keys) -> dict:
    return {"template": template, "tables": {"applications": {k: [0] * 7 for k in keys}}}


def test_the_declared_column_groups_cover_the_applicant_columns():
    assert sum(span for _name, span in templates.APPLICANT_GROUPS) == len(templates.APPLICANT_COLUMNS)
    heading, first, last = templates.OUTCOME_BLOCK
    for tpl in templates.TEMPLATES.values():
        keys = [r.key for r in tpl.applications]
        assert first in keys and last in keys and keys.index(first) < keys.index(last)
        for prefix, _label in templates.APPLICATION_ROW_GROUPS:
            assert any(k.startswith(prefix + ".") or k == prefix for k in keys)


def test_2021_rows_come_under_their_headings():
    keys = [r.key for r in templates.TEMPLATES["2021"].applications if not r.optional]
    table = applications_table(_record("2021", keys), set())
    shown = [(r.label, r.depth, r.heading) for r in table.rows]
    assert ("三、本年度办理结果", 0, True) in shown and ("（三）不予公开", 1, True) in shown
    assert ("（六）其他处理", 1, True) in shown
    assert shown[shown.index(("（三）不予公开", 1, True)) + 1] == ("1.属于国家秘密", 2, False)
    assert ("（七）总计", 1, False) in shown and ("四、结转下年度继续办理", 0, False) in shown
    assert [h.text for h in table.header[1]] == ["自然人", "法人或其他组织", "总计"]
    assert [h.text for h in table.header[2]] == list(templates.APPLICANT_COLUMNS[1:6])


def test_a_row_keyed_by_its_group_is_its_own_heading():
    keys = [r.key for r in templates.TEMPLATES["2019"].applications]
    table = applications_table(_record("2019", keys), set())
    labels = [r.label for r in table.rows]
    assert labels.count("（六）其他处理") == 1
    assert next(r for r in table.rows if r.label == "（六）其他处理").values == [0] * 7
    # the 2021 stand-in row next to its detail rows: no second heading either
    table = applications_table(_record("2021", ["new", "disclosed", "other_processing", "other_processing.other",
                                                "total_handled"]), set())
    assert [r.label for r in table.rows].count("（六）其他处理") == 1


def test_rows_without_the_block_ends_get_no_block_heading():
    table = applications_table(_record("", ["new", "carried_over", "withheld.state_secret"]), set())
    assert [r.label for r in table.rows if r.heading] == ["（三）不予公开"]


def test_a_failed_check_marks_its_column_and_row():
    record = _record("2021", ["new", "carried_over", "total_handled"])
    record["checks"] = [{"rule": "applications.balance", "ok": False, "where": "科研机构"},
                        {"rule": "applications.row_total", "ok": False, "where": "new"}]
    table = next(t for t in report_tables(record) if t.title.startswith("三"))
    assert table.marked_columns == {2}
    assert [h.text for h in table.header[2] if h.marked] == ["科研机构"]
    assert [r.label for r in table.rows if r.marked] == ["一、本年新收政府信息公开申请数量"]


def test_odd_tables_do_not_break_the_layout():
    record = {"template": "2021", "tables": {"active": {"rows": {"regulations": [1, None, 3], "x": "text"},
                                                        "columns": "none"},
                                             "applications": {"new": "3", "carried_over": [None] * 7}}}
    tables = report_tables(record)
    assert [t.caption for t in tables][:1] == ["第二十条第（一）项"]
    assert tables[0].rows[0].values == [1, "", 3]
    assert [r.label for r in tables[-1].rows] == ["二、上年结转政府信息公开申请数量"]
