"""A progress line per site every few seconds (pages, reports found, errors), on stderr."""

from __future__ import annotations

import sys

from scrapy import signals
from twisted.internet import task


class ProgressExtension:
    def __init__(self, crawler, interval: float):
        self.crawler, self.interval, self.loop = crawler, interval, None

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler, crawler.settings.getfloat("GIA_PROGRESS_INTERVAL", 5.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        if self.interval > 0 and hasattr(spider, "state"):
            self.loop = task.LoopingCall(self.report, spider)
            self.loop.start(self.interval, now=False)

    def closed(self, spider, reason):
        if self.loop and self.loop.running:
            self.loop.stop()

    def report(self, spider):
        print("gia crawl: " + " | ".join(st.progress() for st in spider.state.values()), file=sys.stderr, flush=True)
