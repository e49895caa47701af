"""The registry's [settings] are the spider's to apply, so they hold under `scrapy crawl reports`
as under `gia crawl`; `-s KEY=VALUE` still wins (end to end: test_scrapy_command.py)."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.settings import Settings

import crawler.settings as project
from crawler.spiders.reports import ReportsSpider


def test_registry_settings_apply_over_the_projects_defaults(scrapy_crawler):
    assert scrapy_crawler.settings.getfloat("DOWNLOAD_DELAY") == 0.25  # project default 0.5
    assert scrapy_crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 3  # project default 2
    assert scrapy_crawler.settings.getint("RETRY_TIMES") == project.RETRY_TIMES  # not in the registry: the default


def test_command_line_settings_beat_the_registry(registry, tmp_path):
    settings = Settings()
    settings.setmodule(project, priority="project")
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")  # scrapy crawl -s DOWNLOAD_DELAY=0
    made = Crawler(ReportsSpider, settings)
    spider = ReportsSpider.from_crawler(made, sites=str(registry), archive=str(tmp_path / "archive"))
    try:
        assert made.settings.getfloat("DOWNLOAD_DELAY") == 0
        assert made.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 3
    finally:
        spider.session.close()


def test_only_restricts_the_sites(registry, tmp_path):
    settings = Settings()
    settings.setmodule(project, priority="project")
    made = Crawler(ReportsSpider, settings)
    spider = ReportsSpider.from_crawler(made, sites=str(registry), archive=str(tmp_path / "archive"), only="other")
    try:
        assert list(spider.session.sites) == ["other"]
    finally:
        spider.session.close()
