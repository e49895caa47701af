"""The baseline for bench_crawl.py: plain Scrapy following every same-host link from the registry's
start URLs, storing nothing (no WARC, no state, no discovery logic) — what the framework alone does
on this machine, so the crawler's own cost shows as a ratio.

    scrapy runspider bench/crawl_baseline.py -a sites=FILE -s CONCURRENT_REQUESTS=64 …
"""

from __future__ import annotations

import json
import time
import tomllib
from urllib.parse import urlsplit

import scrapy


class BaselineSpider(scrapy.Spider):
    name = "baseline"
    custom_settings = {"LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": True,
                       "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_TIMES": 1}

    def __init__(self, sites: str, **kw):
        super().__init__(**kw)
        self.t0 = time.monotonic()  # as gia's spider counts: from set-up to close
        data = tomllib.loads(open(sites, encoding="utf-8").read())
        self.start_urls = [s["start_url"] for s in data["site"]]
        self.hosts = {urlsplit(u).netloc for u in self.start_urls}

    def parse(self, response):
        if not isinstance(response, scrapy.http.TextResponse):
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).netloc in self.hosts and url.startswith("http"):
                yield scrapy.Request(url, callback=self.parse)

    def closed(self, reason):
        out = self.settings.get("GIA_BASELINE_STATS")
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                json.dump({"responses": self.crawler.stats.get_value("downloader/response_count", 0),
                           "seconds": time.monotonic() - self.t0}, fh)
