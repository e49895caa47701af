"""A progress line per site every few seconds (pages, reports found, errors), on stderr."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.session import CrawlSession


class ProgressExtension:
    def __init__(self, session: CrawlSession, interval: float):
        self.session, self.interval, self.loop = session, interval, None

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("GIA_PROGRESS_INTERVAL", 5.0)
        if interval <= 0:
            raise NotConfigured("no progress lines")
        ext = cls(CrawlSession.of(crawler), interval)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self):
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def closed(self):
        if self.loop and self.loop.running:
            self.loop.stop()

    def line(self) -> str:
        return "gia crawl: " + " | ".join(st.progress() for st in self.session.states.values())

    def report(self) -> None:
        print(self.line(), file=sys.stderr, flush=True)
