"""A site's own list hints (registry `list_url`, `item_selector`, `json_path`), where discovery
cannot find the list: used for that site only, as the registry declares them (docs/registry.md).

  list_url       the list's URL with `{page}` for its page number (a JSON API the page's script
                 builds from pieces, a list no page links): pages 1, 2, … are read one at a time
                 until a page lists nothing new (none, or only items already seen: an API that
                 ignores the page number) or the site's page budget (max_pages) is spent. Without
                 `{page}` it is one page.
  item_selector  CSS: the items of the site's HTML list pages. An item's link is its first
                 `<a href>` (or handler link); its title is the item's report-titled text — the
                 link's `title`, or any text of the item (a `[查看]` link beside a `<span>` title).
  json_path      dots: where the items are in the site's JSON list pages (`data.rows`,
                 `result.list.0.docs`); read there as any JSON list's items (jsonlist.JsonItems),
                 and nothing else of the body is.

The hinted page's other links are read by the reader that would read it without hints (its pager
links, sub-columns), so a hint adds what discovery missed and takes nothing away."""

from __future__ import annotations

import hashlib
from urllib.parse import urljoin

import lxml.html
from cssselect import SelectorError
from lxml.cssselect import CSSSelector

from builder.titles import is_report_title
from crawler import discovery as d
from crawler.lists.base import NOT_JSON, ListPage, ListReader
from crawler.lists.jsonlist import JsonItem, JsonItems, JsonList, is_json_page
from crawler.scriptlinks import HandlerLinks


def list_url(site, page: int) -> str:
    """The hinted list's URL of page `page` (relative hints are on the site's start URL)."""
    return urljoin(site.start_url, site.list_url).replace("{page}", str(page))


def at_path(data, path: str):
    """The value at a dotted path (keys, or indexes of lists); None when the body has none there."""
    for step in path.split("."):
        if isinstance(data, dict):
            data = data.get(step)
        elif isinstance(data, list) and step.lstrip("-").isdigit() and -len(data) <= int(step) < len(data):
            data = data[int(step)]
        else:
            return None
    return data


def html_items(base_url: str, text: str, selector: str) -> list[d.Link]:
    """The items `selector` picks, each as (its first link, its report-titled text)."""
    try:
        doc = lxml.html.fromstring(text)
        picked = CSSSelector(selector)(doc)
    except (ValueError, lxml.etree.ParserError, SelectorError):
        return []
    out = []
    for el in picked:
        anchors = [el] if el.tag == "a" and el.get("href") else el.xpath(".//a[@href]")
        url = None
        for a in anchors:
            href = a.get("href").strip()
            if href and not href.startswith(("javascript:", "#", "mailto:")):
                url = urljoin(base_url, href)
                break
        if url is None:  # a javascript: link or a handler: what it opens
            handled = HandlerLinks.links(base_url, lxml.html.tostring(el, encoding="unicode"))
            url = handled[0].url if handled else None
        if url is None:
            continue
        texts = [a.get("title") or "" for a in anchors] + [el.get("title") or ""] + [t.strip() for t in el.itertext()]
        texts = [t.strip() for t in texts if t and t.strip()]
        titled = [t for t in texts if is_report_title(t)]
        out.append(d.Link(url, (titled or sorted(texts, key=len, reverse=True) or [""])[0]))
    return out


class HintedList(ListReader):
    def __init__(self, spider):
        super().__init__(spider)
        self.seen: dict[str, set[str]] = {}  # site -> fingerprints of the item URLs of each hinted page read

    def matches(self, page: ListPage) -> bool:
        site = self.session.sites[page.site]
        if "hint_page" in page.response.meta:
            return True
        return bool(site.json_path) if is_json_page(page) else bool(site.item_selector)

    def read(self, page: ListPage):
        sid = page.site
        site = self.session.sites[sid]
        if is_json_page(page):
            items = self.json_items(page, site)
            urls = [i.url for i in items]
            yield from self.reader(JsonList).read_items(page, items)
        else:
            links = html_items(page.url, page.text, site.item_selector) if site.item_selector else []
            urls = [link.url for link in links]
            for link in links:
                if is_report_title(link.text):
                    yield from self.spider.report_links(sid, link, page.url)
                else:
                    self.session.states[sid].note("not_reports", link.url)
            # its pager links, sub-columns…: what discovery reads there (a link read twice is asked for once)
            rest = next(r for r in self.spider.list_readers if not isinstance(r, HintedList) and r.matches(page))
            yield from rest.read(page)
        fingerprint = hashlib.sha1("\n".join(sorted(urls)).encode()).hexdigest()
        seen = self.seen.setdefault(sid, set())
        new = bool(urls) and fingerprint not in seen
        seen.add(fingerprint)
        number = page.response.meta.get("hint_page")
        if number is not None and new and "{page}" in site.list_url:
            yield from self.lists(page, [list_url(site, number + 1)], hint_page=number + 1)

    def reader(self, cls):
        return next(r for r in self.spider.list_readers if isinstance(r, cls))

    def json_items(self, page: ListPage, site) -> list[JsonItem]:
        data = self.json_of(page)
        if data is NOT_JSON:
            return []
        if site.json_path:
            data = at_path(data, site.json_path)
            if data is None:
                self.session.states[page.site].note("json_path_missing", page.url)
                return []
        return JsonItems.items(page.url, data)
