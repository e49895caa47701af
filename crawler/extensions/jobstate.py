"""JobState: under Scrapy's JOBDIR, the crawl's own memory survives a pause.

With `-s JOBDIR=DIR`, Scrapy keeps the request queue and the seen requests on disk, and its
SpiderState extension pickles `spider.state` when the spider closes and loads it again when it
opens. The queue alone would not resume *this* crawl: the requests waiting in it were made under
scopes that list pages widened (a redirect's folder, the gkmlpt API), against sites whose start
pages were read (or that moved), with pages already asked for and trap fingerprints already seen.
So that memory — the session's sites, site states, hosts and scopes, the spider's asked pages and
its column reader's fingerprints — is put into `spider.state` (by reference: SpiderState pickles
its final values), and taken back from it when the job resumes."""

from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import NotConfigured

KEY = "gia"


class JobState:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("JOBDIR"):
            raise NotConfigured("no JOBDIR")
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)  # after SpiderState loaded spider.state
        return ext

    def spider_opened(self, spider):
        state = getattr(spider, "state", None)
        if not isinstance(state, dict) or not hasattr(spider, "memory"):
            return
        if KEY in state:
            spider.resume(state[KEY])
        state[KEY] = spider.memory()
