"""ChallengeMiddleware: anti-bot challenges (瑞数, 加速乐, Cloudflare, 阿里云 …: crawler/challenges.py)
and WAF pages, by status and content."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from crawler import challenges, jiasule
from crawler.exceptions import Blocked
from crawler.session import CrawlSession

WAF_MARKERS = ("网站防火墙", "不合法参数", "访问异常", "您的请求疑似攻击行为", "访问频率过高")
MAX_CHALLENGE_HITS = 3  # per host, then the site is given up as blocked (SiteGuardMiddleware stops asking)
MAX_JSL_STEPS = 3       # 加速乐: cookie script, go() proof of work, then it must be the page


class ChallengeMiddleware:
    """Challenge pages (412/521, or 200 with a vendor's markers: crawler/challenges.py) and WAF pages
    served with 200.

    A first challenge is retried once: CookiesMiddleware has already stored the challenge's
    Set-Cookie, which is all the soft variant wants (once a host's cookie has failed, later
    challenges are not retried: at most three tries a host, robots.txt included). A 加速乐 page is
    answered with the clearance cookie its script would set (crawler/jiasule.py). A second
    challenge, or a WAF page, marks the site blocked with the reason (naming the vendor), and after MAX_CHALLENGE_HITS
    the host is not asked again."""

    def __init__(self, session: CrawlSession):
        self.session = session

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler))

    def process_response(self, request, response):
        vendor = challenges.vendor_of(response)
        kind = "challenge" if vendor else ("waf" if _is_waf_page(response) else None)
        if kind is None:
            return response
        site_id = self.session.site_of(request)
        state = self.session.states[site_id] if site_id is not None else None
        is_jsl = vendor == "加速乐"
        if kind == "challenge" and is_jsl:
            cookie = jiasule.clearance(response.body)
            steps = request.meta.get("jsl_steps", 0)
            if cookie and steps < MAX_JSL_STEPS:  # the cookie the page's JS would set; the jar keeps it for the site
                if state is not None:
                    state.count("jiasule_solved")
                return request.replace(cookies={**_cookie_dict(request), cookie[0]: cookie[1]},
                                       meta={**request.meta, "jsl_steps": steps + 1}, dont_filter=True)
        elif kind == "challenge" and not request.meta.get("challenge_retry") and b"set-cookie" in {k.lower() for k in response.headers} \
                and not (state is not None and state.challenge_hits):  # its cookie already failed once: ≤3 tries a host
            if state is not None:
                state.count("challenge_retried")
            return request.replace(meta={**request.meta, "challenge_retry": True}, dont_filter=True)
        if state is not None:
            state.challenge_hits += 1
            if kind == "challenge":
                reason = "JS challenge (加速乐, not solvable here)" if is_jsl else challenges.reason(vendor)
                if state.status in (None, "ok", "partial"):  # what block() will record: the first cause stays
                    state.challenge_vendor = vendor
            else:
                reason = "WAF block page"
            state.block(reason, request.url)
        raise Blocked(f"{kind}: {request.url}")

    @staticmethod
    def classify(response) -> str | None:
        """"challenge", "waf" or None (an ordinary page), by status and content."""
        if challenges.vendor_of(response):
            return "challenge"
        return "waf" if _is_waf_page(response) else None


def _is_waf_page(response) -> bool:
    return (response.status == 200 and isinstance(response, HtmlResponse) and len(response.body) < 8192
            and any(m in response.text for m in WAF_MARKERS))


def _cookie_dict(request) -> dict:
    cookies = request.cookies
    if isinstance(cookies, dict):
        return dict(cookies)
    return {c["name"]: c["value"] for c in cookies or []}
