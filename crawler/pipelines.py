"""Item pipeline: hand the spider's `ReportPart` items to the archive's crawl state
(CrawlStore.parts), from which the build (builder/) makes the records after the crawl.

A part ends here (dropped quietly, at DEBUG): the items Scrapy's feed exports see are the records
the build hands out (crawler/extensions/finish.py), one per report."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from crawler.items import ReportPart
from crawler.session import CrawlSession


class ReportPartsPipeline:
    def __init__(self, session):
        self.store = session.store

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler))

    def process_item(self, item):
        if not isinstance(item, ReportPart):
            return item
        if item.role == "failed":
            known = self.store.fetch(item.url)
            if known and known["status"] == 200:  # a copy archived by an earlier run stays the part
                raise DropItem("part kept by an earlier run", log_level="DEBUG")
        self.store.add_part(item.report_key, item.url, item.role, item.title, item.site, item.via)
        raise DropItem("part stored in the crawl state", log_level="DEBUG")
