"""JobState (crawler/extensions/jobstate.py): under JOBDIR the crawl's memory goes into Scrapy's
`spider.state`, is pickled with it, and comes back when the job resumes (end to end:
test_scrapy_command.py::test_scrapy_crawl_with_jobdir_stops_and_resumes)."""

from __future__ import annotations

import pickle

import pytest
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings

import crawler.settings as project
from crawler.extensions.jobstate import KEY, JobState
from crawler.spiders.reports import ReportsSpider


def _spider(registry, archive):
    settings = Settings()
    settings.setmodule(project, priority="project")
    settings.set("JOBDIR", str(archive.parent / "job"), priority="cmdline")
    made = Crawler(ReportsSpider, settings)
    made.spider = ReportsSpider.from_crawler(made, sites=str(registry), archive=str(archive))
    return made


def test_a_paused_jobs_memory_comes_back(registry, tmp_path):
    first = _spider(registry, tmp_path / "archive")
    spider = first.spider
    spider.state = {}  # what SpiderState gives a new job
    JobState.from_crawler(first).spider_opened(spider)
    spider.session.scopes["trs"].add("/gkmlpt/api/")
    spider.session.states["trs"].started = True
    spider.session.states["trs"].count("fetched", 7)
    assert spider.list_request("trs", "http://trs.example/zwgk/zfxxgkndbg/index_1.html") is not None
    saved = pickle.dumps(spider.state)  # what SpiderState writes when the spider closes
    spider.session.close()

    second = _spider(registry, tmp_path / "archive")
    again = second.spider
    again.state = pickle.loads(saved)  # what SpiderState loads when the job resumes
    JobState.from_crawler(second).spider_opened(again)
    try:
        assert "/gkmlpt/api/" in again.session.scopes["trs"]
        assert again.session.states["trs"].started and again.session.states["trs"].counters["fetched"] == 7
        assert again.list_request("trs", "http://trs.example/zwgk/zfxxgkndbg/index_1.html") is None  # asked already
        assert again.state[KEY]["session"]["states"] is again.session.states  # pickled with its final values
    finally:
        again.session.close()


def test_without_jobdir_there_is_nothing_to_keep(scrapy_crawler):
    with pytest.raises(NotConfigured):
        JobState.from_crawler(scrapy_crawler)
