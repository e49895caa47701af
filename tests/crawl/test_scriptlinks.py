"""Links outside `<a href>` (crawler/scriptlinks.py), on generated pages: every spelling of each
rule, and the look-alikes each must leave."""

from __future__ import annotations

import itertools

import pytest

from crawler.scriptlinks import FrameSources, HandlerLinks, LinkedScripts, ScriptLiterals, is_url_literal

BASE = "http://gov.example/zwgk/nb/index.html"
QUOTES = ('"', "'")
PATHS = {  # literal -> where it resolves against BASE
    "/api/list?page=1": "http://gov.example/api/list?page=1",
    "/api/list?channelId=12&page=": "http://gov.example/api/list?channelId=12&page=",
    "./list.do": "http://gov.example/zwgk/nb/list.do",
    "../data/nb.json": "http://gov.example/zwgk/data/nb.json",
    "col/index_2.shtml": "http://gov.example/zwgk/nb/col/index_2.shtml",
    "data.json": "http://gov.example/zwgk/nb/data.json",
    "/module/jpage/dataproxy.jsp?col=1": "http://gov.example/module/jpage/dataproxy.jsp?col=1",
    "http://gov.example/interface/getList.aspx": "http://gov.example/interface/getList.aspx",
    "/xxgk/nb/2023.htm": "http://gov.example/xxgk/nb/2023.htm",
}
SCRIPT_SHAPES = ("var url = {q}{v}{q};", "$.getJSON({q}{v}{q}, function(res){{ render(res.data); }});",
                 "fetch({q}{v}{q}).then(function(r){{ return r.json(); }})", "$.ajax({{url: {q}{v}{q}, type: 'get'}});")
NOT_URLS = ("abc", "page", "html", "#list", "javascript:void(0)", "/static/js/jquery.min.js", "style.css", "a b.html",
            ".html", "/img/logo.png", "?", "<li><a href=", "utf-8", "application/json", "index")


@pytest.mark.parametrize("literal,quote,shape", list(itertools.product(PATHS, QUOTES, SCRIPT_SHAPES)))
def test_a_url_literal_in_an_inline_script_is_a_link(literal, quote, shape):
    code = shape.format(q=quote, v=literal)
    for attrs in ("", ' type="text/javascript"', " language='JavaScript'"):
        page = f"<html><body><ul id='list'></ul><script{attrs}>{code}</script></body></html>"
        assert [link.url for link in ScriptLiterals.links(BASE, page)] == [PATHS[literal]], page


@pytest.mark.parametrize("value", NOT_URLS)
def test_words_selectors_code_files_and_images_are_not_url_literals(value):
    assert not is_url_literal(value)
    page = f"<script>var x = '{value}'; $(\"{value}\").show();</script>"
    assert ScriptLiterals.links(BASE, page) == []


@pytest.mark.parametrize("literal", PATHS)
def test_literals_in_comments_and_data_scripts_are_not_links(literal):
    pages = [f"<!-- <script>var u = '{literal}';</script> -->", f"<script>// var u = '{literal}';\n</script>",
             f"<script>/* load('{literal}') */</script>", f"<script type=\"text/xml\"><a href='{literal}'></a></script>",
             f"<script type='text/template'>'{literal}'</script>"]
    for page in pages:
        assert ScriptLiterals.links(BASE, page) == [], page


def test_a_literal_named_twice_is_one_link():
    page = "<script>var a = '/api/list?page=1';</script><script>load(\"/api/list?page=1\")</script>"
    assert len(ScriptLiterals.links(BASE, page)) == 1


FILES = {"/files/2023nb.pdf": "http://gov.example/files/2023nb.pdf", "./P020240115.doc": "http://gov.example/zwgk/nb/P020240115.doc",
         "../upload/nb.docx": "http://gov.example/zwgk/upload/nb.docx", "http://gov.example/att/nb.xls": "http://gov.example/att/nb.xls"}
HANDLERS = ("downloadFile({q}{v}{q})", "window.open({q}{v}{q})", "window.open({q}{v}{q}, {q}_blank{q})",
            "location.href={q}{v}{q}", "window.location.href = {q}{v}{q}; return false;", "openFile(1, {q}{v}{q})",
            "javascript:downloadFile({q}{v}{q})")


@pytest.mark.parametrize("path,quote,handler", list(itertools.product(FILES, ("'", "&quot;"), HANDLERS)))
def test_an_onclick_handler_naming_a_url_is_a_link_with_the_elements_text(path, quote, handler):
    code = handler.format(q=quote, v=path)
    outer = '"' if quote == "'" else "'"
    title = "某局2023年政府信息公开工作年度报告.pdf"
    pages = [f'<a href="javascript:void(0);" onclick={outer}{code}{outer}>{title}</a>',
             f"<span class=\"fj\" onclick={outer}{code}{outer}>附件：{title}</span>",
             f"<button onclick={outer}{code}{outer} title=\"{title}\">下载</button>"]
    if "javascript:" not in code:
        pages.append(f"<a href={outer}javascript:{code}{outer}>{title}</a>")
    for page in pages:
        (link,) = HandlerLinks.links(BASE, page)
        assert link.url == FILES[path], page
        assert link.text == title and link.is_attachment, page


@pytest.mark.parametrize("attr", HandlerLinks.DATA_ATTRS)
def test_a_data_url_attribute_is_a_link(attr):
    (link,) = HandlerLinks.links(BASE, f'<li {attr}="detail/123.html" title="某局2023年政府信息公开工作年度报告">…</li>')
    assert link.url == "http://gov.example/zwgk/nb/detail/123.html" and link.text == "某局2023年政府信息公开工作年度报告"


@pytest.mark.parametrize("code", ["history.back()", "jft()", "toggle('menu')", "window.print();return false;", "void(0)",
                                  "setTab(2, 'tab')", "alert('暂无附件')"])
def test_handlers_that_name_no_url_are_not_links(code):
    assert HandlerLinks.links(BASE, f'<a href="javascript:void(0)" onclick="{code}">繁體版</a>') == []


@pytest.mark.parametrize("tag,src,expected", [
    ("iframe", "list.jsp?col=1", "http://gov.example/zwgk/nb/list.jsp?col=1"),
    ("iframe", "/zwgk/nb/list_1.html", "http://gov.example/zwgk/nb/list_1.html"),
    ("frame", "../main.htm", "http://gov.example/zwgk/main.htm"),
    ("FRAME", "http://gov.example/col/col12/index.html", "http://gov.example/col/col12/index.html"),
])
def test_frame_and_iframe_sources_are_links(tag, src, expected):
    pages = [f'<html><frameset cols="20%,80%"><{tag} name="main" src="{src}"></frameset></html>',
             f"<html><body><div><{tag} title='列表' src='{src}' width='100%'></{tag}></div></body></html>"]
    for page in pages:
        (link,) = FrameSources.links(BASE, page)
        assert link.url == expected and link.text in ("main", "列表")


@pytest.mark.parametrize("src", ["about:blank", "javascript:''", "", "#"])
def test_empty_frames_are_not_links(src):
    assert FrameSources.links(BASE, f'<iframe src="{src}"></iframe>') == []


@pytest.mark.parametrize("literal,quote,shape", list(itertools.product(PATHS, QUOTES, SCRIPT_SHAPES)))
def test_a_linked_scripts_code_names_urls_against_the_page(literal, quote, shape):
    code = "/* list */\n" + shape.format(q=quote, v=literal) + "\n// var old = '/old/index.html';"
    assert [link.url for link in ScriptLiterals.in_code(BASE, code)] == [PATHS[literal]]


@pytest.mark.parametrize("src,expected", [
    ("/static/js/nblist.js", "http://gov.example/static/js/nblist.js"), ("js/list.js?v=3", "http://gov.example/zwgk/nb/js/list.js?v=3"),
    ("../common/page.js", "http://gov.example/zwgk/common/page.js"), ("http://cdn.example/jquery.min.js", "http://cdn.example/jquery.min.js"),
])
def test_linked_scripts_are_the_pages_script_src(src, expected):
    for tag in (f'<script src="{src}"></script>', f"<SCRIPT type='text/javascript' src='{src}'></SCRIPT>",
                f'<script language="javascript" src={src} charset="utf-8"></script>'):
        assert [link.url for link in LinkedScripts.links(BASE, f"<html><head>{tag}</head><body></body></html>")] == [expected], tag


def test_inline_and_commented_scripts_link_no_file():
    page = "<script>var a = 1;</script><!-- <script src='/old.js'></script> --><script src=\"data:text/javascript,1\"></script>"
    assert LinkedScripts.links(BASE, page) == []
