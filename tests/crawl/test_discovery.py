"""Discovery rules on page snippets shaped like gov_sites.md §1.2 and §6 (no network)."""

from __future__ import annotations

from crawler import discovery as d
from builder.titles import is_report_title, split_title

BASE = "http://127.0.0.1:8101/zwgk/zfxxgkndbg/index.html"


def test_trs_pagers_and_the_commented_out_trap():
    text = ('<script language="JavaScript">createPageHTML(6, 0, "index", "html");</script>'
            '<!-- <div class="page"><script>var countPage = 67//共多少页</script></div> -->')
    assert d.js_pager_urls(BASE, text) == [BASE.replace("index.html", f"index_{n}.html") for n in range(1, 6)]
    inline = "<script>var currentPage = 1;//所在页从0开始\nvar countPage = 3//共多少页</script>"
    assert d.js_pager_urls(BASE.replace("index.html", "index_1.html"), inline)[-1].endswith("index_2.html")
    six = "<script>createPageHTML('page_div', 3, 1, 'szywlist', 'shtml', 1000)</script>"
    assert d.js_pager_urls(BASE, six)[-1].endswith("/szywlist_3.shtml")
    assert d.js_pager_urls(BASE, "<!-- createPageHTML(9, 0, \"index\", \"html\"); -->") == []


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


def test_hanweb_cdata_records_and_params():
    text = ("<datastore><recordset><record><![CDATA[<li><a href='/art/2024/1/19/art_1_2.html' title='某区卫健局2023年政府信息公开工作年度报告' "
            "target='_blank'>某区卫健局…</a></li>]]></record></recordset></datastore>"
            "<script>var param_4233872={col:1,appid:1,webid:3,path:'/',columnid:1229232293,unitid:'4233872',permissiontype:0};</script>")
    (link,) = d.hanweb_records("http://h/col/col1/index.html", text)
    assert link.url == "http://h/art/2024/1/19/art_1_2.html" and link.text.startswith("某区卫健局2023年")
    assert d.hanweb_params(text)["columnid"] == "1229232293"
    assert d.hanweb_total("<datastore><totalrecord>117</totalrecord>") == 117


def test_gkmlpt_config_picks_the_annual_report_category_not_the_statistics_one():
    text = ("<script>window._CONFIG = { SID: '755041', TREE: [{\"id\":20760,\"name\":\"政府信息公开\",\"children\":["
            "{\"id\":20765,\"name\":\"政府信息公开年报\",\"post_count\":23,\"children\":[]},"
            "{\"id\":20766,\"name\":\"政府网站工作年度报表\",\"post_count\":6,\"children\":[]},"
            "{\"id\":20790,\"name\":\"部门文件\",\"jump_url\":\"http://x/\"}]}],\n SERVICE_AREA_ID: 440310 };</script>")
    sid, tree = d.gkmlpt_config(text)
    assert sid == "755041" and d.gkmlpt_report_categories(tree) == [(20765, 23)]


def test_canonical_and_primary_urls():
    assert d.canonical_url("http://h/a/list.jsp;jsessionid=ABC?page=2&jsessionid=1#x") == "http://h/a/list.jsp?page=2"
    assert d.primary_url("http://h/a/t20240119_1_wap.html") == ("http://h/a/t20240119_1.html", "wap")
    assert d.primary_url("http://m:8106/gate/big5/127.0.0.1:8101/zwgk/t1.html") == ("http://127.0.0.1:8101/zwgk/t1.html", "mirror")
    assert d.primary_url("http://h/a/t1.html") == ("http://h/a/t1.html", None)


def test_redirect_pages():
    meta = '<html><head><meta http-equiv="refresh" content="0; url=../zfxxgkndbg/index.html"></head></html>'
    assert d.redirect_target("http://h/zwgk/nb/index.html", meta) == "http://h/zwgk/zfxxgkndbg/index.html"
    js = '<script>window.location.href="./index.html";</script>'
    assert d.redirect_target("http://h/zwgk/a/", js) == "http://h/zwgk/a/index.html"
    gov404 = "<p>页面不存在 … 3秒后返回首页</p><script>setTimeout(function(){location.href='/'},3000)</script>"
    assert d.redirect_target("http://h/x.html", gov404) is None  # never follow the 404's JS to the home page


def test_report_titles_and_lookalikes():
    for title in ["洛阳市司法局2023年政府信息公开工作年度报告", "某市统计局2023年度政府信息公开工作报告",
                  "洛陽市司法局2023年政府信息公開工作年度報告", "宿州市人民政府2019年政府信息公开工作年度报告（图片版）"]:
        assert is_report_title(title), title
    for title in ["洛阳市人民政府2023年政府网站工作年度报表", "洛阳市2023年政务公开工作要点", "洛阳市财政局2023年部门预算",
                  "关于印发政府信息公开工作年度报告格式的通知（国办公开办函〔2021〕30号）", "政府信息公开年报", "市司法局"]:
        assert not is_report_title(title), title
    assert split_title("洛陽市司法局2023年政府信息公開工作年度報告") == ("洛阳市司法局", 2023)
