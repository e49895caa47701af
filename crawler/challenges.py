"""Which anti-bot vendor answered instead of the site: the signatures, declared once, as data.

A challenge page comes back with 200 as often as with its own status (412 瑞数, 521 加速乐), so it
is told by its content: a marker of the vendor's page in the markup, on a page that shows a reader
almost nothing and links nowhere (`vendor_of`). A report or list page that merely quotes a marker,
or carries a vendor's script once the challenge is passed (瑞数 leaves r='m' scripts in real
pages), shows far more than a challenge does, or links its menu, list and attachments: left alone.

Each vendor: what its page asks of a browser (said in the site's reason) and the markers (regular
expressions on the raw bytes); any one marker names the vendor. The comment beside a marker says
why only that vendor's page carries it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scrapy.http import TextResponse


class Vendor(NamedTuple):
    asks: str                      # "JS challenge", "slider CAPTCHA": what a browser would have to do
    markers: tuple[bytes, ...]     # regexes on the body; any one identifies the vendor


VENDORS: dict[str, Vendor] = {
    "瑞数": Vendor("JS challenge", (
        rb"\$_ts\s*=\s*window\[",      # its shell's bootstrap: `$_ts=window['$_ts']`, the state its VM script reads
        rb"\$_ts\.nsd\s*=",            # the shell's seed for that VM (only 瑞数 names it so)
        rb"<(?:meta|script)\b[^>]*\br='m'",  # its dynamic meta/script tags carry the attribute r='m'
    )),
    "加速乐": Vendor("JS challenge", (
        rb"__jsl_clearance",           # the clearance cookie its script sets (crawler/jiasule.py)
        rb"\bgo\(\{\s*\"bts\"",        # its proof of work: go({"bts":[…],"chars":…})
    )),
    "阿里云 acw_sc__v2": Vendor("JS challenge", (
        rb"acw_sc__v2",                # the cookie Aliyun's WAF script computes from `arg1` before reloading the page
    )),
    "阿里云滑动验证": Vendor("slider CAPTCHA", (
        rb"\bnc_\d+_(?:wrapper|n1z|scale)\b",  # the noCaptcha slider's element ids (nc_1_wrapper, nc_1_n1z …)
        rb"g\.alicdn\.com/(?:AWSC|sd/ncpc|sd/nch5)/",  # Aliyun's captcha scripts (awsc.js, nc.js) load from there
        "滑动验证".encode(),           # the widget's heading; on a page that shows nothing else, it is the slider
    )),
    "腾讯云 EdgeOne": Vendor("JS challenge", (
        rb"eo-bot-js-token",           # EdgeOne's bot-check script and cookie
    )),
    "Cloudflare": Vendor("JS challenge", (
        rb"cf-browser-verification",   # the interstitial's container class (older pages)
        rb"/cdn-cgi/challenge-platform/",  # its challenge script, served from the zone's own /cdn-cgi/
        rb"_cf_chl_",                   # its challenge options and form fields: window._cf_chl_opt, __cf_chl_f_tk
        rb"<title>\s*Just a moment\.\.\.\s*</title>",  # the interstitial's title (a page merely saying it is not this)
    )),
}
# acw_tc (Aliyun's load-balancer cookie) is set on every answer behind Aliyun, ordinary pages
# included: it names the front, not a challenge, so it is no marker.

STATUS_VENDORS = {412: "瑞数", 521: "加速乐"}  # statuses that only these vendors' challenges use
MAX_CHALLENGE_BYTES = 128 * 1024   # challenge pages are a shell and a script; a larger answer is content
MAX_CHALLENGE_TEXT = 400           # characters a challenge shows (a line or two); a report shows thousands
MAX_CHALLENGE_LINKS = 2            # a challenge links at most its vendor (Cloudflare's footer); a site's page links its menu

_MARKERS = [(name, re.compile(m)) for name, v in VENDORS.items() for m in v.markers]
_SHOWN = "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
_LINKS = "//a[@href and not(starts-with(normalize-space(@href), 'javascript:')) and not(starts-with(@href, '#'))]"


def vendor_of(response) -> str | None:
    """The vendor whose challenge this answer is, or None for an ordinary answer."""
    if response.status in STATUS_VENDORS:
        return _marked(response.body) or STATUS_VENDORS[response.status]
    if response.status not in (200, 202) or len(response.body) > MAX_CHALLENGE_BYTES:
        return None
    vendor = _marked(response.body)
    if vendor is None or _shows_content(response):
        return None
    return vendor


def reason(vendor: str) -> str:
    """The site's reason when the challenge was not passed: what it asks, and whose it is."""
    return f"{VENDORS[vendor].asks} ({vendor})" if vendor in VENDORS else f"JS challenge ({vendor})"


def _marked(body: bytes) -> str | None:
    for name, marker in _MARKERS:
        if marker.search(body):
            return name
    return None


def _shows_content(response) -> bool:
    """More text than a challenge shows (scripts and styles are not seen), or links into a site."""
    if not isinstance(response, TextResponse):
        return False
    try:
        shown = len("".join("".join(response.xpath(_SHOWN).getall()).split()))
        links = len(response.xpath(_LINKS))
    except ValueError:  # not parseable as HTML: nothing a reader would see or follow either
        return False
    return shown > MAX_CHALLENGE_TEXT or links > MAX_CHALLENGE_LINKS
