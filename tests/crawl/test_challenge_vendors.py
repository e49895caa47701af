"""crawler/challenges.py: a challenge page served with 200 is told by its vendor's markers, the
vendor is named; an ordinary page that quotes any marker in its text is not a challenge."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from crawler import challenges
from crawler.exceptions import Blocked
from crawler.middlewares.challenge import ChallengeMiddleware
from simsites.challenges import ALIYUN_ACW_PAGE, ALIYUN_SLIDER_PAGE, CLOUDFLARE_PAGE
from simsites.faults import RUISHU_SHELL, SHELL_200

# one snippet per marker of crawler/challenges.py (the test below checks every marker has one)
MARKER_SNIPPETS = [
    ("瑞数", "<script>$_ts=window['$_ts'];</script>"),
    ("瑞数", "<script>$_ts.nsd=12345;</script>"),
    ("瑞数", "<meta id=\"c9Ls2\" content=\"qEtq9xL\" r='m'>"),
    ("加速乐", "<script>document.cookie='__jsl_clearance_s=17|-1|Kq%3D';</script>"),
    ("加速乐", '<script>go({"bts":["a","b"],"chars":"xy","ct":"00","ha":"sha1"})</script>'),
    ("阿里云 acw_sc__v2", "<script>setCookie('acw_sc__v2', x)</script>"),
    ("阿里云滑动验证", '<div id="nc_1_wrapper"></div>'),
    ("阿里云滑动验证", '<script src="//g.alicdn.com/sd/ncpc/nc.js"></script>'),
    ("阿里云滑动验证", "<p>滑动验证</p>"),
    ("腾讯云 EdgeOne", "<script src='/eo-bot-js-token.js'></script>"),
    ("Cloudflare", '<div id="cf-browser-verification"></div>'),
    ("Cloudflare", "<script src='/cdn-cgi/challenge-platform/h/g/orchestrate/jsch/v1'></script>"),
    ("Cloudflare", "<script>window._cf_chl_opt={cvId:'2'};</script>"),
    ("Cloudflare", "<title>Just a moment...</title>"),
]
VENDOR_PAGES = [("Cloudflare", CLOUDFLARE_PAGE), ("阿里云滑动验证", ALIYUN_SLIDER_PAGE), ("阿里云 acw_sc__v2", ALIYUN_ACW_PAGE),
                ("瑞数", SHELL_200)]
REPORT_TEXT = "".join(f"<p>{i}. 本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息{100 + i}条。</p>"
                      for i in range(40))


def _resp(status: int, body: str, request: Request | None = None, headers: dict | None = None) -> HtmlResponse:
    return HtmlResponse("http://h/x.html", status=status, body=body.encode("utf-8"), encoding="utf-8", headers=headers,
                        request=request or Request("http://h/x.html"))


def _report_page(snippet: str) -> str:
    """An ordinary report page that carries `snippet` as it is (a vendor's script left in every page
    once passed, a CMS quoting markup) and, escaped, in its text."""
    shown = snippet.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (f"<html><head><meta charset='utf-8'><title>某市司法局2023年政府信息公开工作年度报告</title></head><body>"
            f"<h1>某市司法局2023年政府信息公开工作年度报告</h1>{REPORT_TEXT}<p>群众反映页面显示：{shown}</p>{snippet}</body></html>")


def test_every_marker_has_a_case():
    covered = {(vendor, m.pattern) for vendor, m in challenges._MARKERS
               for v, snippet in MARKER_SNIPPETS if v == vendor and m.search(snippet.encode())}
    assert covered == {(vendor, m.pattern) for vendor, m in challenges._MARKERS}


@pytest.mark.parametrize("vendor,snippet", MARKER_SNIPPETS)
def test_a_short_page_with_a_marker_names_its_vendor(vendor, snippet):
    page = f"<html><head></head><body>{snippet}</body></html>"
    assert challenges.vendor_of(_resp(200, page)) == vendor
    assert ChallengeMiddleware.classify(_resp(200, page)) == "challenge"


@pytest.mark.parametrize("vendor,snippet", MARKER_SNIPPETS)
def test_a_report_page_quoting_a_marker_is_no_challenge(vendor, snippet):
    page = _report_page(snippet)
    assert challenges._marked(page.encode()) == vendor  # the marker is there: the page's text tells it apart
    assert challenges.vendor_of(_resp(200, page)) is None
    assert ChallengeMiddleware.classify(_resp(200, page)) is None


@pytest.mark.parametrize("vendor,page", VENDOR_PAGES)
def test_vendor_pages_with_200(vendor, page):
    assert challenges.vendor_of(_resp(200, page)) == vendor


@pytest.mark.parametrize("vendor,snippet", MARKER_SNIPPETS)
def test_a_short_page_of_the_site_carrying_a_marker_is_no_challenge(vendor, snippet):
    """A detail page that is only a title and its attachment, behind a vendor whose script stays in
    every page once passed: little text, but it links into the site."""
    page = (f"<html><head>{snippet}</head><body><ul><li><a href='/'>首页</a></li><li><a href='/zwgk/'>政务公开</a></li>"
            f"<li><a href='/zwgk/nb/'>年报</a></li></ul><h1>某局2023年政府信息公开工作年度报告</h1>"
            f"<p>附件：<a href='/files/2023nb.pdf'>2023年年报.pdf</a></p></body></html>")
    assert challenges._marked(page.encode()) == vendor
    assert challenges.vendor_of(_resp(200, page)) is None


def test_a_report_page_mentioning_just_a_moment_is_no_challenge():
    page = _report_page("Just a moment...")
    assert "Just a moment..." in _resp(200, page).text
    assert challenges.vendor_of(_resp(200, page)) is None


def test_statuses_name_their_vendor_without_markers():
    assert challenges.vendor_of(_resp(412, RUISHU_SHELL)) == "瑞数"
    assert challenges.vendor_of(_resp(412, "<html></html>")) == "瑞数"
    assert challenges.vendor_of(_resp(521, "<html></html>")) == "加速乐"
    assert challenges.vendor_of(_resp(404, "<html><body>Just a moment...</body></html>")) is None


@pytest.mark.parametrize("vendor,page", VENDOR_PAGES)
def test_the_site_is_blocked_with_the_vendor_named(session, vendor, page):
    mw = ChallengeMiddleware(session)
    request = Request("http://trs.example/zwgk/zfxxgkndbg/index.html", meta={"site": "trs"})
    retry = mw.process_response(request, _resp(200, page, request, headers={"Set-Cookie": "acw_tc=1"}))
    assert isinstance(retry, Request) and retry.meta["challenge_retry"]  # once, with the cookie
    with pytest.raises(Blocked):
        mw.process_response(retry, _resp(200, page, retry, headers={"Set-Cookie": "acw_tc=1"}))
    state = session.states["trs"]
    assert state.final_status() == "blocked" and vendor in state.reason
    assert state.reason == challenges.reason(vendor)
    assert state.summary()["challenge"] == "blocked" and state.summary()["challenge_vendor"] == vendor
