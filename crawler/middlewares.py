"""Downloader middlewares: keep to the site, fetch only what changed, see through challenges, and
archive every real response.

Order on the response path (Scrapy calls process_response from high to low priority):
cookies (700) → redirects (600) → decompression (590) → ChallengeMiddleware (560) → retries (550)
→ WarcRecorderMiddleware (545) → ConditionalFetchMiddleware (60) → SiteGuardMiddleware (50).
So a challenge page is retried with its cookie or turned into a "blocked" site status before it
could be archived, only final responses are archived, and a 304 is replaced by the archived copy.
"""

from __future__ import annotations

import re

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.responsetypes import responsetypes
from urllib.parse import urlsplit

CHALLENGE_MARKERS = (b"$_ts", b"r='m'", b"__jsl_clearance", b"acw_sc__v2", b"eo-bot-js-token")
WAF_MARKERS = ("网站防火墙", "不合法参数", "访问异常", "您的请求疑似攻击行为", "访问频率过高")
MAX_CHALLENGE_HITS = 3  # per host, then the site is given up as blocked


class Blocked(IgnoreRequest):
    """A request dropped because its site answered with a challenge or a WAF page."""


class OffSite(IgnoreRequest):
    """A request outside the registered site."""


def _site_of(spider, request):
    site_id = request.meta.get("site")
    if site_id is None:
        site_id = spider.site_by_netloc.get(urlsplit(request.url).netloc)
        if site_id is not None:
            request.meta["site"] = site_id
    return site_id


class _CrawlerAware:
    """Scrapy ≥ 2.13 passes no spider to middleware methods; reach it through the crawler."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def spider(self):
        return self.crawler.spider


class SiteGuardMiddleware(_CrawlerAware):
    """Stay on the registered site, within its page budget, and stop knocking on blocked hosts."""

    def process_request(self, request):
        spider = self.spider
        site_id = _site_of(spider, request)
        if site_id is None:
            return None
        state = spider.state[site_id]
        request.meta.setdefault("cookiejar", site_id)  # robots.txt requests too: cookies never cross sites
        netloc = urlsplit(request.url).netloc
        if netloc != spider.sites[site_id].netloc and not request.url.endswith("/robots.txt"):
            state.count("offsite")
            raise OffSite(f"off site: {request.url}")
        if state.challenge_hits >= MAX_CHALLENGE_HITS:
            raise Blocked(f"site blocked: {state.reason}")
        if request.meta.get("role") == "list":
            if state.list_pages >= spider.sites[site_id].max_pages:
                state.count("page_budget_hit")
                raise IgnoreRequest("page budget reached")
            state.list_pages += 1
        return None


class ConditionalFetchMiddleware(_CrawlerAware):
    """Incremental recrawl: ask with If-None-Match / If-Modified-Since for URLs already archived,
    and answer a 304 with the archived response so the spider still sees the page."""

    def process_request(self, request):
        spider = self.spider
        # POSTs only when the spider marks them idempotent (Hanweb dataproxy: the URL names the group)
        if (request.method != "GET" and not request.meta.get("idempotent_post")) or request.meta.get("fresh"):
            return None
        known = spider.store.fetch(request.url)
        if known and known["status"] == 200:
            if known["etag"]:
                request.headers.setdefault(b"If-None-Match", known["etag"].encode("latin-1", "replace"))
            if known["last_modified"]:
                request.headers.setdefault(b"If-Modified-Since", known["last_modified"].encode("latin-1", "replace"))
        return None

    def process_response(self, request, response):
        spider = self.spider
        if response.status != 304:
            return response
        known = spider.store.fetch(request.url)
        if not known:
            return request.replace(meta={**request.meta, "fresh": True}, dont_filter=True)
        body, headers = spider.store.read_body(known)
        hdrs = {k: v for k, v in headers}
        cls = responsetypes.from_args(headers=hdrs, url=request.url, body=body)
        site_id = _site_of(spider, request)
        if site_id is not None:
            spider.state[site_id].count("unchanged")
        return cls(url=request.url, status=200, headers=hdrs, body=body, request=request, flags=["archived"])


class ChallengeMiddleware(_CrawlerAware):
    """412/521 JavaScript challenges (瑞数, 加速乐) and WAF pages served with 200.

    A first challenge is retried once: CookiesMiddleware has already stored the challenge's
    Set-Cookie, which is all the soft variant wants. A second one, or a WAF page, marks the site
    blocked with the reason, and after MAX_CHALLENGE_HITS the host is not asked again."""

    def process_response(self, request, response):
        spider = self.spider
        kind = self.classify(response)
        if kind is None:
            return response
        site_id = _site_of(spider, request)
        if kind == "challenge" and not request.meta.get("challenge_retry") and b"set-cookie" in {k.lower() for k in response.headers}:
            return request.replace(meta={**request.meta, "challenge_retry": True}, dont_filter=True)
        if site_id is not None:
            state = spider.state[site_id]
            state.challenge_hits += 1
            reason = "JS challenge (瑞数/加速乐)" if kind == "challenge" else "WAF block page"
            state.block(reason, request.url)
        raise Blocked(f"{kind}: {request.url}")

    @staticmethod
    def classify(response) -> str | None:
        if response.status in (412, 521) or (response.status in (200, 202) and len(response.body) < 4096
                                            and any(m in response.body for m in CHALLENGE_MARKERS)):
            if response.status in (412, 521) or not re.search(rb"[\xe4-\xe9][\x80-\xbf]{2}", response.body):
                return "challenge"
        if response.status == 200 and isinstance(response, HtmlResponse) and len(response.body) < 8192:
            text = response.text
            if any(m in text for m in WAF_MARKERS):
                return "waf"
        return None


class WarcRecorderMiddleware(_CrawlerAware):
    """Every final response (not 304s, not challenge pages) goes into the WARC with its headers,
    time and SHA-256; the fetch row records where."""

    def process_response(self, request, response):
        spider = self.spider
        if response.status == 304 or "archived" in response.flags:
            return response
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]
        spider.store.record_response(response.url, response.status, headers, response.body, _site_of(spider, request))
        site_id = _site_of(spider, request)
        if site_id is not None and response.status == 200:
            spider.state[site_id].count("fetched")
        return response
