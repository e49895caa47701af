"""Any HTML column (the fallback reader): report links by their titles, lookalikes counted and
left, sub-columns (department columns) a few levels down, and the column's other pages — by pager
links (pager.py) and TRS pager scripts (trs.py). Links outside `<a href>` (crawler/scriptlinks.py):
handler links count as links; the pages a frame shows are the column itself (same hops, and their
pager links to the same path are followed outside the column's folder too); a script's
URL literal is a list page one level down — on the site when it names an endpoint (a query, .json,
.do, .jsp, .aspx: APIs live outside the column folder), under the column otherwise; a page that
lists no report has its on-site linked scripts read for such literals too (read_script).

Trap protection: a list page showing exactly the report links of a page already read (an
`index_9999.html` answering the last page again, an endless `?page=N`) ends its pagination; the
site's page budget (max_pages, SiteGuardMiddleware) bounds the rest. An ASP.NET WebForms column
pages by posting its form back (webforms.py): those postbacks are the column's pages too."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from builder.titles import REPORT_WORDS, is_report_title
from crawler import discovery as d
from crawler.lists.base import ListPage, ListReader, same_list
from crawler.lists.pager import is_pager_link
from crawler.lists.trs import js_pager_urls
from crawler.lists.webforms import postbacks
from crawler.scriptlinks import FrameSources, HandlerLinks, LinkedScripts, ScriptLiterals

MAX_HOPS = 3  # sub-column levels below the start page (pagination does not count)
_COLUMN_PATH = re.compile(r"(/|index\.s?html?|list\.s?html?)$")
_YEAR = re.compile(r"20\d\d")
_ENDPOINT_EXT = (".json", ".do", ".jsp", ".aspx")


class HtmlColumn(ListReader):
    def __init__(self, spider):
        super().__init__(spider)
        self.seen: dict[str, set[str]] = {}  # site -> fingerprints of the report links of each page read
        self.postbacks: dict[str, set[str]] = {}  # site -> the WebForms postbacks sent (webforms.py says how they are keyed)

    def matches(self, page: ListPage) -> bool:
        return True

    def read(self, page: ListPage):
        sid, session = page.site, self.session
        state = session.states[sid]
        links = d.anchors(page.url, page.text) + HandlerLinks.links(page.url, page.text)
        report_urls = sorted(link.url for link in links if is_report_title(link.text))
        fingerprint = hashlib.sha1("\n".join(report_urls).encode()).hexdigest()
        seen = self.seen.setdefault(sid, set())
        repeated = bool(report_urls) and fingerprint in seen
        seen.add(fingerprint)
        hops = page.hops
        for link in links:
            if is_report_title(link.text):
                yield from self.spider.report_links(sid, link, page.url)
            elif REPORT_WORDS.search(link.text or "") and _YEAR.search(link.text or ""):
                state.note("not_reports", link.url)  # lookalikes: 报表, 要点, 通知 …
            elif repeated or not (session.in_scope(sid, link.url) or same_list(page.url, link.url)):
                continue
            elif is_pager_link(link, page.url):
                yield from self.lists(page, [link.url])
            elif hops < MAX_HOPS and _COLUMN_PATH.search(urlsplit(link.url).path):
                yield from self.lists(page, [link.url], hops=hops + 1)
        if not repeated:
            yield from self.lists(page, [url for url in js_pager_urls(page.url, page.text) if session.in_scope(sid, url)])
            yield from self.lists(page, [f.url for f in FrameSources.links(page.url, page.text) if session.on_site(sid, f.url)])
            yield from self.postback_pages(page, fingerprint)
            if hops < MAX_HOPS:
                yield from self.lists(page, [s.url for s in ScriptLiterals.links(page.url, page.text) if self.script_list(sid, s.url)],
                                      hops=hops + 1)
                if not report_urls:  # a column that lists nothing in its HTML: what do its own scripts ask for?
                    for script in LinkedScripts.links(page.url, page.text):
                        if session.on_site(sid, script.url):
                            yield from _one(self.spider.script_request(sid, script.url, page.url, hops))

    def postback_pages(self, page: ListPage, fingerprint: str):
        """The POSTs of the page's pager postbacks: one per page number a list names, one per relative
        step (下一页, Page$Next) and page content — the URL stays the same, so it cannot tell pages apart."""
        sent = self.postbacks.setdefault(page.site, set())
        for postback in postbacks(page.text):
            if not postback.pages_list:
                continue
            request = self.spider.postback_request(page.site, page.response, postback, hops=page.hops)
            if request is None or not self.session.on_site(page.site, request.url):
                continue
            key = "\n".join((d.page_key(request.url), postback.target, postback.argument, "" if postback.names_a_page else fingerprint))
            if key in sent:
                self.session.states[page.site].count("same_postback")
                continue
            sent.add(key)
            yield request

    def read_script(self, sid: str, page_url: str, code: str, hops: int):
        """A linked script of a list page: its URL literals, as if inline on that page."""
        found = [s.url for s in ScriptLiterals.in_code(page_url, code) if self.script_list(sid, s.url)]
        for url in found:
            yield from _one(self.spider.list_request(sid, url, referer=page_url, hops=hops + 1))

    def script_list(self, sid: str, url: str) -> bool:
        """A script's URL literal worth reading as a list page: an endpoint anywhere on the site, a page under the column."""
        if not self.session.on_site(sid, url):
            return False
        parts = urlsplit(url)
        return bool(parts.query) or parts.path.lower().endswith(_ENDPOINT_EXT) or self.session.in_scope(sid, url)


def _one(request):
    if request is not None:
        yield request
