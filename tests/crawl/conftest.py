"""Fixtures for the crawler's unit tests (no network): a `reports` spider made the way Scrapy makes
it, on the registry of fakes.py and an archive in tmp_path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helpers importable
from fakes import REGISTRY  # noqa: E402


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(REGISTRY, encoding="utf-8")
    return path


@pytest.fixture
def scrapy_crawler(registry, tmp_path):
    """A Scrapy crawler of the project's settings whose `reports` spider is made (archive open)."""
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    import crawler.settings as project
    from crawler.spiders.reports import ReportsSpider

    settings = Settings()
    settings.setmodule(project, priority="project")
    made = Crawler(ReportsSpider, settings)
    made.spider = ReportsSpider.from_crawler(made, sites=str(registry), archive=str(tmp_path / "archive"))
    yield made
    made.spider.session.close()


@pytest.fixture
def spider(scrapy_crawler):
    return scrapy_crawler.spider


@pytest.fixture
def session(spider):
    return spider.session
