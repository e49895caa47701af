"""Columns mapped by their printed header labels: reordered, missing, wrapped, spaced headers."""

import pytest

from reportparser import columns, parse_bytes
from reportparser.templates import APPLICANT_COLUMNS, TEMPLATES

TPL = TEMPLATES["2021"]
APP_ROWS = [r for r in TPL.applications if not r.optional]
ITEM1 = TPL.active[0]            # 第二十条第（一）项: 本年制发件数, 本年废止件数, 现行有效件数


def _row_values(r: int) -> list[int]:
    """Distinct numbers per row and column, so a misplaced column shows."""
    six = [(r + 1) * 10 + j for j in range(6)]
    return six + [sum(six)]


def _active_values(r: int) -> list[int]:
    return [100 + r * 10 + j for j in range(3)]


def _html(app_order, app_labels=None, item_order=(0, 1, 2), item_labels=None) -> bytes:
    """A small 2021 report page: table 2 item (一) and table 3 printed in the given column
    orders (indices into the declared columns); labels may be overridden per printed column
    as (top, bottom) pairs to wrap a header over two rows."""
    app_labels = app_labels or [(APPLICANT_COLUMNS[k], "") for k in app_order]
    item_labels = item_labels or [ITEM1.columns[k] for k in item_order]
    t2 = ["<table border=1>", f"<tr><td colspan={1 + len(item_order)}>第二十条第（一）项</td></tr>",
          "<tr><td>信息内容</td>" + "".join(f"<td>{x}</td>" for x in item_labels) + "</tr>"]
    for r, row in enumerate(ITEM1.rows):
        vals = _active_values(r)
        t2.append(f"<tr><td>{row.label}</td>" + "".join(f"<td>{vals[k]}</td>" for k in item_order) + "</tr>")
    t2.append("</table>")
    n = len(app_order)
    t3 = ["<table border=1>",
          f"<tr><td colspan=3 rowspan=3>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
          f"<td colspan={n}>申请人情况</td></tr>",
          "<tr>" + "".join(f"<td>{top}</td>" for top, _ in app_labels) + "</tr>",
          "<tr>" + "".join(f"<td>{bottom}</td>" for _, bottom in app_labels) + "</tr>"]
    for r, row in enumerate(APP_ROWS):
        vals = _row_values(r)
        t3.append(f"<tr><td colspan=3>{row.label}</td>" + "".join(f"<td>{vals[k]}</td>" for k in app_order) + "</tr>")
    t3.append("</table>")
    body = "\n".join([
        "<h1>南京市鼓楼区司法局2021年政府信息公开工作年度报告</h1>",
        "<p>一、总体情况</p><p>本机关依法做好政府信息公开工作。</p>",
        "<p>二、主动公开政府信息情况</p>", *t2,
        "<p>三、收到和处理政府信息公开申请情况</p>", *t3,
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>",
        "<table border=1><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>",
        "<tr>" + "<td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td>" * 3 + "</tr>",
        "<tr>" + "<td>0</td>" * 15 + "</tr></table>",
        "<p>五、存在的主要问题及改进情况</p><p>无。</p>",
    ])
    return f"<html><head><meta charset='utf-8'></head><body><div class='TRS_Editor'>{body}</div></body></html>".encode()


def _expected_app(order) -> dict:
    out = {}
    for r, row in enumerate(APP_ROWS):
        vals = _row_values(r)
        out[row.key] = [vals[k] if k in order else None for k in range(7)]
    return out


def _expected_active(order) -> dict:
    return {row.key: [_active_values(r)[k] if k in order else None for k in range(3)]
            for r, row in enumerate(ITEM1.rows)}


def _parse(data: bytes, name="r.html"):
    return parse_bytes(data, filename=name)


def test_declared_order_reads_without_column_warnings():
    rec = _parse(_html(list(range(7))))
    assert rec["tables"]["applications"] == _expected_app(range(7))
    assert not [w for w in rec["warnings"] if "header" in w]


def test_grid_reordered_applicant_columns():
    order = [6, 0, 2, 1, 3, 5, 4]        # 总计 first, two pairs swapped
    rec = _parse(_html(order))
    assert rec["tables"]["applications"] == _expected_app(order)
    assert any("table 3 columns mapped by their header labels" in w for w in rec["warnings"])


def test_grid_missing_applicant_columns_are_null_and_named():
    order = [0, 1, 4, 5, 6]               # no 科研机构, no 社会公益组织
    rec = _parse(_html(order))
    assert rec["tables"]["applications"] == _expected_app(order)
    note = next(w for w in rec["warnings"] if "table 3 columns mapped" in w)
    assert "not printed: 科研机构, 社会公益组织" in note


def test_grid_wrapped_and_spaced_headers():
    order = [6, 0, 1, 2, 3, 4, 5]
    labels = [("总 计", ""), ("自然人", ""), ("商业企", "业"), ("科研", "机构"), ("社会公益组织", ""),
              ("法律服务机构", ""), ("其 他", "")]
    rec = _parse(_html(order, app_labels=labels))
    assert rec["tables"]["applications"] == _expected_app(order)


def test_grid_reordered_and_missing_table2_columns():
    rec = _parse(_html(list(range(7)), item_order=(2, 0, 1)))
    assert rec["tables"]["active"]["rows"]["regulations"] == _expected_active((2, 0, 1))["regulations"]
    assert rec["tables"]["active"]["rows"]["normative_documents"] == _expected_active((2, 0, 1))["normative_documents"]
    rec = _parse(_html(list(range(7)), item_order=(2, 0)))
    rows = rec["tables"]["active"]["rows"]
    assert rows["normative_documents"] == [_active_values(1)[0], None, _active_values(1)[2]]
    assert any("本年废止件数" in w and "not printed" in w for w in rec["warnings"])


# ------------------------------------------------------------ text tables

def _text(sep: str, app_order, item_order=(0, 1, 2), first_row_numbers=None) -> bytes:
    def line(fields):
        return "| " + " | ".join(fields) + " |" if sep == "|" else "\t".join(fields)
    out = ["南京市鼓楼区司法局2021年政府信息公开工作年度报告", "一、总体情况", "本机关依法做好政府信息公开工作。",
           "二、主动公开政府信息情况", "第二十条第（一）项",
           line(["信息内容"] + [ITEM1.columns[k] for k in item_order])]
    for r, row in enumerate(ITEM1.rows):
        out.append(line([row.label] + [str(_active_values(r)[k]) for k in item_order]))
    out += ["三、收到和处理政府信息公开申请情况",
            line(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况"]),
            line(["", "", ""] + [APPLICANT_COLUMNS[k] for k in app_order])]
    for r, row in enumerate(APP_ROWS):
        vals = _row_values(r)
        printed = [str(vals[k]) for k in (first_row_numbers if (r == 0 and first_row_numbers) else app_order)]
        out.append(line([row.label, "", ""] + printed))
    out += ["四、政府信息公开行政复议、行政诉讼情况",
            line(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3), line(["0"] * 15),
            "五、存在的主要问题及改进情况", "无。"]
    return "\n".join(out).encode()


@pytest.mark.parametrize("sep", ["\t", "|"])
def test_text_reordered_columns(sep):
    order = [6, 5, 4, 3, 2, 1, 0]
    rec = _parse(_text(sep, order, item_order=(1, 2, 0)), "r.txt")
    assert rec["tables"]["applications"] == _expected_app(order)
    assert rec["tables"]["active"]["rows"] == _expected_active((1, 2, 0))
    assert any("table 3 columns mapped" in w for w in rec["warnings"])
    assert any("table 2 第二十条第（一）项 columns mapped" in w for w in rec["warnings"])


@pytest.mark.parametrize("sep", ["\t", "|"])
def test_text_missing_columns(sep):
    order = [0, 1, 2, 3, 6]               # no 法律服务机构, no 其他
    rec = _parse(_text(sep, order), "r.txt")
    assert rec["tables"]["applications"] == _expected_app(order)


def test_text_header_that_does_not_fit_its_rows_falls_back_with_a_warning():
    order = [0, 1, 2, 3, 6]               # the header names 5 columns …
    data = _text("\t", order, first_row_numbers=list(range(7)))   # … the first row prints 7
    rec = _parse(data, "r.txt")
    assert rec["tables"]["applications"]["new"] == _row_values(0)
    assert any("header names 5 columns but its rows carry 7 numbers" in w for w in rec["warnings"])


def test_no_header_reads_in_declared_order():
    text = _text("\t", list(range(7))).decode()
    lines = [ln for ln in text.split("\n") if "申请人情况" not in ln and not ln.startswith("\t\t\t自然人")]
    rec = _parse("\n".join(lines).encode(), "r.txt")
    assert rec["tables"]["applications"] == _expected_app(range(7))
    assert not [w for w in rec["warnings"] if "header" in w]


# ------------------------------------------------------------ the matcher itself

def test_column_keys_join_down_and_count_span_copies_once():
    rows = [["申请人情况", "申请人情况"], ["法人或其他组织", "法人或其他组织"], ["商业企", "其 他"], ["业", ""]]
    assert columns.column_keys(rows) == ["申请人情况法人或其他组织商业企业", "申请人情况法人或其他组织其他"]


def test_match_by_end_longest_spelling_wins():
    keys = ["法人或其他组织商业企业", "法人或其他组织其他", "合计", "信息内容"]
    assert columns.match(keys, APPLICANT_COLUMNS) == {1: 0, 5: 1, 6: 2}


def test_header_naming_too_few_columns_is_not_a_header():
    assert columns.header_map([["总计", "其他"]], "table 3", APPLICANT_COLUMNS, 3) is None


def test_grid_continued_without_its_header_keeps_the_map():
    """A table 3 split over two grids (a page break), the second part without a header."""
    order = [6, 0, 1, 2, 3, 4, 5]
    html = _html(order).decode()
    cut = html.index(f"<tr><td colspan=3>{APP_ROWS[5].label}</td>")
    html = html[:cut] + "</table>\n<p>- 3 -</p>\n<table border=1>" + html[cut:]
    rec = _parse(html.encode())
    assert rec["tables"]["applications"] == _expected_app(order)
