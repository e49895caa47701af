"""When a registered site has moved to another host (域名变更).

Registries keep a site's old address long after it moved: the old host then answers every path
with a permanent redirect to the same path on the new one. The crawler follows such a move of the
start URL and treats the new host as the site's (crawler/spiders/reports.py `follow_move`); every
other redirect off the site stays refused — a single page moving to another domain, a temporary
302, or a redirect to some other page (a home page, a portal) say nothing about where the column is.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.discovery import page_key

PERMANENT = ("301", "308")


def is_site_move(chain: list[str], reasons: list, target: str) -> bool:
    """Did the redirects from `chain[0]` (the registered start URL) to `target` move the site?

    `chain` and `reasons` are Scrapy's `redirect_urls` and `redirect_reasons`. Yes when exactly one
    hop changes host, and that hop is permanent (301/308) and keeps the path and query (the index
    form of a page counts as the page: `…/` and `…/index.html`); hops on either host may be anything."""
    if not chain:
        return False
    hops = list(zip(chain, [*chain[1:], target], reasons))
    crossing = [(a, b, why) for a, b, why in hops if urlsplit(a).netloc != urlsplit(b).netloc]
    if len(crossing) != 1:
        return False
    a, b, why = crossing[0]
    return str(why) in PERMANENT and _path(a) == _path(b)


def _path(url: str) -> str:
    """The page a URL names on whatever host: path and query, the index form folded."""
    parts = urlsplit(page_key(url))
    return parts.path + ("?" + parts.query if parts.query else "")
