"""HTML: the report found by content, spans joined, grids with rowspan/colspan, metadata."""

import lxml.html

from reportparser import parse_bytes
from reportparser.formats.html import build_grid, extract_html

NAV = "<div class='nav'>" + "".join(f"<a href='/{i}'>栏目{i} 主动公开</a>" for i in range(30)) + "</div>"


def _page(body: str, head: str = "") -> bytes:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{NAV}{body}<div class='footer'>版权所有 联系我们</div></body></html>".encode()


def test_report_container_found_by_content():
    body = ("<div class='sidebar'>热点新闻 政务公开 收到和处理</div>"
            "<div id='zoom'><p>一、总体情况</p><p>本年度工作。</p><p>二、主动公开政府信息情况</p>"
            "<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>"
            "<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p></div>")
    doc = extract_html(_page(body))
    assert doc.text.startswith("一、总体情况")
    assert "栏目3" not in doc.text and "版权所有" not in doc.text


def test_one_character_spans_join():
    body = "<div class='TRS_Editor'>" + "".join(f"<span>{c}</span>" for c in "一、总体情况") + "<p>正文</p></div>"
    assert "一、总体情况" in extract_html(_page(body)).text


def test_grid_rowspan_colspan_marks_spanned_copies():
    table = lxml.html.fromstring(
        "<table><tr><td rowspan='2'>三、本年度办理结果</td><td>（一）予以公开</td><td>5</td></tr>"
        "<tr><td>（二）部分<br>公开</td><td colspan='2'>7</td></tr></table>")
    grid = build_grid(table)
    assert [c.text for c in grid[0]] == ["三、本年度办理结果", "（一）予以公开", "5", ""]
    assert grid[1][0].spanned and grid[1][0].text == "三、本年度办理结果"
    assert grid[1][1].text == "（二）部分公开"
    assert grid[1][2].text == "7" and not grid[1][2].spanned and grid[1][3].spanned


def test_nested_table_read_once():
    inner = "<table><tr><td>规章</td><td>1</td><td>0</td><td>3</td></tr></table>"
    page = _page(f"<div id='zoom'><table><tr><td>{inner}</td></tr></table></div>")
    doc = extract_html(page)
    assert len(doc.tables) == 1 and [c.text for c in doc.tables[0][0]] == ["规章", "1", "0", "3"]


def test_meta_tags_and_metadata_table():
    head = ("<meta name='ArticleTitle' content='某市司法局2021年政府信息公开工作年度报告'>"
            "<meta name='PubDate' content='2022-01-25 09:00'><meta name='ContentSource' content='某市司法局'>")
    body = "<table><tr><td>发布机构：</td><td>某市司法局</td><td>成文日期：2022-01-20</td></tr></table><div id='zoom'><p>正文</p></div>"
    doc = extract_html(_page(body, head))
    assert doc.meta["title"] == "某市司法局2021年政府信息公开工作年度报告"
    assert doc.meta["published"].startswith("2022-01-25")
    assert doc.meta["publisher"] == "某市司法局"
    assert doc.meta["written"] == "2022-01-20"


def test_html_table_blank_cells_are_null_and_numbers_once():
    rows = "".join(
        f"<tr><td>{label}</td>" + "".join(f"<td>{v}</td>" for v in vals) + "</tr>"
        for label, vals in [("一、本年新收政府信息公开申请数量", [3, "&nbsp;", 0, 0, 0, 0, 3]),
                            ("二、上年结转政府信息公开申请数量", [0] * 7)])
    body = ("<div id='zoom'><p>某市司法局2021年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>"
            f"<table>{rows}</table><p>四、政府信息公开行政复议、行政诉讼情况</p></div>")
    rec = parse_bytes(_page(body), filename="a.html")
    assert rec["tables"]["applications"]["new"] == [3, None, 0, 0, 0, 0, 3]
    assert rec["tables"]["applications"]["carried_over"] == [0] * 7


def test_table3_columns_mapped_by_header_labels_not_position():
    head = ("<tr><td rowspan='2'>申请人情况</td><td rowspan='2'>总计</td><td rowspan='2'>自然人</td>"
            "<td colspan='5'>法人或其他组织</td></tr>"
            "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>")
    row = "<tr><td>一、本年新收政府信息公开申请数量</td><td>9</td><td>5</td><td>1</td><td>0</td><td>0</td><td>2</td><td>1</td></tr>"
    body = ("<div id='zoom'><p>某市司法局2021年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>"
            f"<table>{head}{row}</table><p>四、政府信息公开行政复议、行政诉讼情况</p></div>")
    rec = parse_bytes(_page(body), filename="a.html")
    assert rec["tables"]["applications"]["new"] == [5, 1, 0, 0, 2, 1, 9]
    assert any("header labels" in w for w in rec["warnings"])
