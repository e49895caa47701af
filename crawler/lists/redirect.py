"""A page that only sends the browser on: `<meta http-equiv="refresh" content="0;url=…">` or a
bare `location.href = "…"` script (a redirect without an HTTP status, common in front of TRS and
Hanweb columns). The target's folder joins the site's scope, and the redirect is site evidence."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from crawler.discovery import strip_comments
from crawler.lists.base import ListPage, ListReader

_META_REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh[\"']?[^>]+content=[\"']?\s*\d+\s*;\s*url=([^\"'>\s]+)", re.I)
_JS_REDIRECT = re.compile(r"(?:window\.)?location(?:\.href)?\s*=\s*[\"']([^\"']+)[\"']")
_TAG = re.compile(r"<[^>]+>")


def redirect_target(base_url: str, text: str) -> str | None:
    """A meta-refresh or a bare `location.href=` page (a redirect without HTTP status)."""
    m = _META_REFRESH.search(text[:4096])
    if m:
        return urljoin(base_url, m.group(1))
    live = strip_comments(text)
    if len(_TAG.sub("", live).strip()) < 200 and "setTimeout" not in live:
        m = _JS_REDIRECT.search(live)
        if m and not m.group(1).startswith(("javascript", "#")):
            return urljoin(base_url, m.group(1))
    return None


class RedirectPage(ListReader):
    def matches(self, page: ListPage) -> bool:
        return redirect_target(page.url, page.text) is not None

    def read(self, page: ListPage):
        sid, text = page.site, page.text
        target = redirect_target(page.url, text)
        self.session.scopes[sid].add(urlsplit(target).path.rsplit("/", 1)[0] + "/")
        how = "meta refresh" if "http-equiv" in text.lower() and "refresh" in text.lower() else "javascript"
        self.session.states[sid].redirects.append({"url": page.url, "to": self.session.normalize(sid, target), "how": how})
        yield from self.lists(page, [target])
