"""Links and URLs on page snippets shaped like gov_sites.md §1.2 and §6 (no network); the list
shapes of each CMS family are tested beside their readers (test_lists_*.py)."""

from __future__ import annotations

from crawler import discovery as d
from builder.titles import is_report_title, split_title

BASE = "http://127.0.0.1:8101/zwgk/zfxxgkndbg/index.html"


def test_anchors_join_relative_links_and_ignore_oldsrc():
    html = ('<a href="./202401/t20240119_1.html" title="某市司法局2023年政府信息公开工作年度报告">某市司法局…</a>'
            '<a href="../../bmxxgk/tjj/202401/t2.html">某市统计局2023年度政府信息公开工作报告</a>'
            '<a appendix="true" href="./P020240119583961234567.pdf" OLDSRC="/protect/P0202401/x.pdf">附件.pdf</a>'
            '<a href="javascript:void(0)" onclick="jft()">繁體版</a>')
    links = d.anchors(BASE, html)
    assert [l.url for l in links] == ["http://127.0.0.1:8101/zwgk/zfxxgkndbg/202401/t20240119_1.html",
                                      "http://127.0.0.1:8101/bmxxgk/tjj/202401/t2.html",
                                      "http://127.0.0.1:8101/zwgk/zfxxgkndbg/P020240119583961234567.pdf"]
    assert links[0].text == "某市司法局2023年政府信息公开工作年度报告"  # the title attribute beats truncated text
    assert links[2].is_attachment and not links[0].is_attachment


def test_canonical_and_primary_urls():
    assert d.canonical_url("http://h/a/list.jsp;jsessionid=ABC?page=2&jsessionid=1#x") == "http://h/a/list.jsp?page=2"
    assert d.primary_url("http://h/a/t20240119_1_wap.html") == ("http://h/a/t20240119_1.html", "wap")
    assert d.primary_url("http://m:8106/gate/big5/127.0.0.1:8101/zwgk/t1.html") == ("http://127.0.0.1:8101/zwgk/t1.html", "mirror")
    assert d.primary_url("http://h/a/t1.html") == ("http://h/a/t1.html", None)


def test_report_titles_and_lookalikes():
    for title in ["洛阳市司法局2023年政府信息公开工作年度报告", "某市统计局2023年度政府信息公开工作报告",
                  "洛陽市司法局2023年政府信息公開工作年度報告", "宿州市人民政府2019年政府信息公开工作年度报告（图片版）"]:
        assert is_report_title(title), title
    for title in ["洛阳市人民政府2023年政府网站工作年度报表", "洛阳市2023年政务公开工作要点", "洛阳市财政局2023年部门预算",
                  "关于印发政府信息公开工作年度报告格式的通知（国办公开办函〔2021〕30号）", "政府信息公开年报", "市司法局"]:
        assert not is_report_title(title), title
    assert split_title("洛陽市司法局2023年政府信息公開工作年度報告") == ("洛阳市司法局", 2023)
