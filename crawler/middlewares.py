"""Downloader middlewares: keep to the site, fetch only what changed, see through challenges, and
archive every real response.

Order on the response path (Scrapy calls process_response from high to low priority):
cookies (700) → RedirectLoopMiddleware (650) → redirects (600) → BadEncodingMiddleware (595)
→ decompression (590) → ChallengeMiddleware (560) → RateLimitMiddleware (555) → retries (550)
→ WarcRecorderMiddleware (545) → ConditionalFetchMiddleware (60) → SiteGuardMiddleware (50).
So a challenge page is retried with its cookie or turned into a "blocked" site status before it
could be archived, a 429/403 rate limit pauses the site instead of being archived, only final
responses are archived, and a 304 is replaced by the archived copy.
"""

from __future__ import annotations

import email.utils
import re
import time
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler import jiasule

CHALLENGE_MARKERS = (b"$_ts", b"r='m'", b"__jsl_clearance", b"acw_sc__v2", b"eo-bot-js-token")
WAF_MARKERS = ("网站防火墙", "不合法参数", "访问异常", "您的请求疑似攻击行为", "访问频率过高")
RATE_MARKERS = ("访问频率过高", "访问过于频繁", "请求过于频繁", "Too Many Requests")
MAX_CHALLENGE_HITS = 3  # per host, then the site is given up as blocked
MAX_JSL_STEPS = 3       # 加速乐: cookie script, go() proof of work, then it must be the page
RATE_RETRIES = 3        # 429s one request may meet before its site is given up as rate limited
DEFAULT_RETRY_AFTER = 10.0


class Blocked(IgnoreRequest):
    """A request dropped because its site answered with a challenge or a WAF page."""


class RateLimited(IgnoreRequest):
    """A request dropped because its site kept answering 429/403 "too many requests"."""


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL already in the chain, or more hops than REDIRECT_MAX_TIMES."""


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
    """Stay on the registered site, within its page budget, stop knocking on blocked hosts, hold
    every request of a rate-limited site until its pause (Retry-After) is over, and space retries.

    Retries back off: Scrapy's RetryMiddleware (timeouts, 5xx) re-queues a failed request at once;
    here its n-th retry waits GIA_RETRY_BACKOFF × 2^(n-1) seconds first (at most GIA_MAX_WAIT), so
    a struggling server is not asked again while it is still failing."""

    async def process_request(self, request):
        self._check(request)
        site_id = request.meta.get("site")
        if site_id is not None:
            wait = self.spider.state[site_id].not_before - time.monotonic()
            wait = max(wait, self._retry_backoff(request, site_id))
            if wait > 0:
                from twisted.internet import reactor  # noqa: PLC0415 - importing it earlier would install the wrong reactor

                await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
                self._check(request)  # the site may have been given up meanwhile
        return None

    def _retry_backoff(self, request, site_id: str) -> float:
        retries = request.meta.get("retry_times", 0)
        if not retries or request.meta.get("backoff_done") == retries:  # once per retry (redirects copy meta)
            return 0.0
        request.meta["backoff_done"] = retries
        self.spider.state[site_id].count("retries")
        settings = self.spider.settings
        return min(settings.getfloat("GIA_RETRY_BACKOFF", 2.0) * 2 ** (retries - 1), settings.getfloat("GIA_MAX_WAIT", 60.0))

    def _check(self, request):
        spider = self.spider
        site_id = _site_of(spider, request)
        if site_id is None:
            return None
        state = spider.state[site_id]
        request.meta.setdefault("cookiejar", site_id)  # robots.txt requests too: cookies never cross sites
        cookies = spider.sites[site_id].cookies
        if cookies and not request.cookies:  # robots.txt requests too: a registry clearance cookie must come first
            request.cookies = dict(cookies)
        if not spider.on_site(site_id, request.url) and not request.url.endswith("/robots.txt") \
                and not spider.follow_move(site_id, request):  # only the start URL can move a site (crawler/moves.py)
            state.note("offsite", request.url)
            raise OffSite(f"off site: {request.url}")
        if state.challenge_hits >= MAX_CHALLENGE_HITS:
            raise Blocked(f"site blocked: {state.reason}")
        if state.status == "rate-limited" and not request.url.endswith("/robots.txt"):
            raise RateLimited(f"site rate limited: {state.reason}")
        if request.meta.get("role") == "list":
            if state.list_pages >= spider.sites[site_id].max_pages:
                state.count("page_budget_hit")
                raise IgnoreRequest("page budget reached")
            state.list_pages += 1
        return None


# Responses a resumed crawl takes from the archive without asking the site again: report pages and
# attachments do not change in the minutes between a crash and its rerun; list pages are asked again
# (conditionally), since they are how the crawl finds where it stopped.
RESUMABLE_ROLES = ("page", "page_part", "file")


class ConditionalFetchMiddleware(_CrawlerAware):
    """Incremental recrawl: ask with If-None-Match / If-Modified-Since for URLs already archived,
    and answer a 304 with the archived response so the spider still sees the page.

    Resume (our equivalent of Scrapy's JOBDIR, but crash-safe: it reads only committed rows): a
    report page or attachment that an interrupted run (killed, crashed) already archived is answered
    from the archive with no request at all — most government sites send neither ETag nor
    Last-Modified, so a conditional request would fetch it again."""

    def process_request(self, request):
        spider = self.spider
        # POSTs only when the spider marks them idempotent (Hanweb dataproxy: the URL names the group)
        if (request.method != "GET" and not request.meta.get("idempotent_post")) or request.meta.get("fresh"):
            return None
        known = spider.store.fetch(request.url)
        if known and known["status"] == 200:
            if known["run"] in spider.store.resumed_runs and request.meta.get("role") in RESUMABLE_ROLES:
                return self._archived(request, known, "resumed")
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
        return self._archived(request, known, "unchanged")

    def _archived(self, request, known: dict, counter: str):
        """The archived response of `request.url`, as the spider would have received it."""
        spider = self.spider
        body, headers = spider.store.read_body(known)
        hdrs = {k: v for k, v in headers}
        cls = responsetypes.from_args(headers=hdrs, url=request.url, body=body)
        site_id = _site_of(spider, request)
        if site_id is not None:
            spider.state[site_id].count(counter)
        return cls(url=request.url, status=200, headers=hdrs, body=body, request=request, flags=["archived"])


class ChallengeMiddleware(_CrawlerAware):
    """412/521 JavaScript challenges (瑞数, 加速乐) and WAF pages served with 200.

    A first challenge is retried once: CookiesMiddleware has already stored the challenge's
    Set-Cookie, which is all the soft variant wants (once a host's cookie has failed, later
    challenges are not retried: at most three tries a host, robots.txt included). A second one, or a WAF page, marks the site
    blocked with the reason, and after MAX_CHALLENGE_HITS the host is not asked again."""

    def process_response(self, request, response):
        spider = self.spider
        kind = self.classify(response)
        if kind is None:
            return response
        site_id = _site_of(spider, request)
        is_jsl = response.status == 521 or b"__jsl_clearance" in response.body or b"go({" in response.body
        if kind == "challenge" and is_jsl:
            cookie = jiasule.clearance(response.body)
            steps = request.meta.get("jsl_steps", 0)
            if cookie and steps < MAX_JSL_STEPS:  # the cookie the page's JS would set; the jar keeps it for the site
                if site_id is not None:
                    spider.state[site_id].count("jiasule_solved")
                return request.replace(cookies={**_cookie_dict(request), cookie[0]: cookie[1]},
                                       meta={**request.meta, "jsl_steps": steps + 1}, dont_filter=True)
        elif kind == "challenge" and not request.meta.get("challenge_retry") and b"set-cookie" in {k.lower() for k in response.headers} \
                and not (site_id is not None and spider.state[site_id].challenge_hits):  # its cookie already failed once: ≤3 tries a host
            if site_id is not None:
                spider.state[site_id].count("challenge_retried")
            return request.replace(meta={**request.meta, "challenge_retry": True}, dont_filter=True)
        if site_id is not None:
            state = spider.state[site_id]
            state.challenge_hits += 1
            if kind == "challenge":
                reason = "JS challenge (加速乐, not solvable here)" if is_jsl else "JS challenge (瑞数)"
            else:
                reason = "WAF block page"
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


def _cookie_dict(request) -> dict:
    cookies = request.cookies
    if isinstance(cookies, dict):
        return dict(cookies)
    return {c["name"]: c["value"] for c in cookies or []}


def retry_after_seconds(value: bytes | None, default: float = DEFAULT_RETRY_AFTER) -> float:
    """Retry-After as seconds: a number, or an HTTP date (RFC 9110 §10.2.3); `default` when absent or unreadable."""
    if not value:
        return default
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


class RateLimitMiddleware(_CrawlerAware):
    """429 (and 403 "访问频率过高") mean: slow down, not: try again now.

    A 429 pauses the whole site for its Retry-After (at most GIA_MAX_WAIT seconds) and retries the
    request, up to RATE_RETRIES times. A rate-limit 403 (a ban, typically 60 s) pauses the site once
    for GIA_MAX_WAIT; a second one gives the site up. A site given up is "rate-limited" with the
    reason, and every request it still had is listed, not silently dropped. Neither page is archived."""

    def process_response(self, request, response):
        spider = self.spider
        site_id = _site_of(spider, request)
        if site_id is None or response.status not in (429, 403) or request.url.endswith("/robots.txt"):
            return response
        state = spider.state[site_id]
        text = response.body[:4096].decode("utf-8", "replace")
        if response.status == 403 and not (any(m in text for m in RATE_MARKERS) or state.counters.get("rate_429")):
            return response  # an ordinary 403 Forbidden
        max_wait = float(spider.settings.getfloat("GIA_MAX_WAIT", 60.0))
        if response.status == 429:
            state.count("rate_429")
            tries = request.meta.get("rate_tries", 0)
            wait = min(retry_after_seconds(response.headers.get(b"Retry-After")), max_wait)
            if tries < RATE_RETRIES:
                state.pause(wait)
                return request.replace(meta={**request.meta, "rate_tries": tries + 1}, dont_filter=True)
            state.rate_limit(f"rate limited: HTTP 429 after {tries} waits (Retry-After honoured, ≤{max_wait:g} s)", request.url)
        else:
            state.count("rate_403")
            if not request.meta.get("ban_waited") and state.status != "rate-limited":
                state.pause(max_wait)
                return request.replace(meta={**request.meta, "ban_waited": True}, dont_filter=True)
            state.rate_limit(f"rate limited: HTTP 403 访问频率过高 still after a {max_wait:g} s pause", request.url)
        raise RateLimited(f"rate limited: {request.url}")


class BadEncodingMiddleware(_CrawlerAware):
    """`Content-Encoding: gzip` (or deflate/br) on a body that is not compressed — a misconfigured
    server. Scrapy's decompression would fail the request; the body is usable as received, so the
    false header is dropped (and counted) before HttpCompressionMiddleware sees it."""

    MAGIC = {b"gzip": (b"\x1f\x8b",), b"x-gzip": (b"\x1f\x8b",)}

    def process_response(self, request, response):
        encodings = [e.strip().lower() for v in response.headers.getlist(b"Content-Encoding") for e in v.split(b",")]
        if not encodings or not response.body:
            return response
        last = encodings[-1]
        if (last in self.MAGIC and not response.body.startswith(self.MAGIC[last])) or (last in (b"deflate", b"br") and _plain(response.body)):
            site_id = _site_of(self.spider, request)
            if site_id is not None:
                self.spider.state[site_id].note("bad_content_encoding", request.url)
            response.headers.pop(b"Content-Encoding", None)
            response = response.replace(cls=responsetypes.from_args(headers=response.headers, url=response.url, body=response.body))
        return response


def _plain(body: bytes) -> bool:
    """Looks like uncompressed text or a known document, not a compressed stream."""
    head = body[:64].lstrip()
    return head[:1] in (b"<", b"{", b"[") or head[:4] in (b"%PDF", b"PK\x03\x04")


class RedirectLoopMiddleware(_CrawlerAware):
    """A 301/302 back to a URL already in the chain would be dropped without a word by the duplicate
    filter (the URL was seen); stop it here, before RedirectMiddleware, and report the chain."""

    def process_response(self, request, response):
        if response.status not in (301, 302, 303, 307, 308) or b"Location" not in response.headers:
            return response
        target = urljoin(request.url, response.headers[b"Location"].decode("latin-1"))
        chain = list(request.meta.get("redirect_urls", [])) + [request.url]
        max_hops = self.spider.settings.getint("REDIRECT_MAX_TIMES", 5)
        if target in chain or len(chain) > max_hops:
            what = "redirect loop" if target in chain else f"more than {max_hops} redirects"
            site_id = _site_of(self.spider, request)
            if site_id is not None:
                self.spider.state[site_id].note("redirect_loop", " → ".join(chain + [target]))
            raise RedirectLoop(f"{what}: {' → '.join(chain + [target])}")
        return response
