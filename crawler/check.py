"""`gia sites check ID`: read one registry site's 年报 column the way the crawl would — the same
list readers, the same scope and page budget — without archiving anything, and say what was found:
the list pages read, the report links (title, agency, year) with the attachments their pages
name, and what was left and why (lookalike titles, off-site links, broken JSON, a page already
read in another form).

The `sites-check` spider is the `reports` spider with its report side replaced: a report link is
recorded and its page fetched only to see its attachments (which are recorded, not fetched), and
no response is recorded in an archive (the crawl state a spider needs lives in a temporary folder,
removed afterwards)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import scrapy

from builder.titles import split_title
from crawler.items import ReportPart
from crawler.spiders.reports import ReportsSpider

# left out of a check: what archives responses or builds records from them
NOT_IN_A_CHECK = {"DOWNLOADER_MIDDLEWARES": ("crawler.middlewares.warcrecorder.WarcRecorderMiddleware",
                                            "crawler.middlewares.conditional.ConditionalFetchMiddleware"),
                  "ITEM_PIPELINES": ("crawler.pipelines.ReportPartsPipeline",),
                  "EXTENSIONS": ("crawler.extensions.finish.FinishCrawl", "crawler.extensions.jobstate.JobState")}


@dataclass
class FoundReport:
    url: str
    title: str
    agency: str | None
    year: int | None
    attachments: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    site: str
    list_pages: list[str] = field(default_factory=list)
    reports: dict[str, FoundReport] = field(default_factory=dict)   # report key -> what was found
    counters: dict = field(default_factory=dict)
    examples: dict = field(default_factory=dict)
    status: str | None = None
    reason: str | None = None


class SitesCheckSpider(ReportsSpider):
    name = "sites-check"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        scratch = tempfile.TemporaryDirectory(prefix="gia-sites-check-")
        kwargs["archive"] = scratch.name
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.scratch = scratch
        spider.result = CheckResult(",".join(spider.session.sites))
        return spider

    def parse_list(self, response):
        self.result.list_pages.append(response.url)
        yield from super().parse_list(response)

    def report_links(self, sid, link, referer):
        for out in super().report_links(sid, link, referer):
            if isinstance(out, scrapy.Request):
                key = out.meta["report_key"]
                agency, year = split_title(link.text)
                self.result.reports.setdefault(key, FoundReport(key, link.text, agency, year))
                if out.meta["role"] == "page":
                    yield out  # its page: to see the attachments it names
                else:
                    self.result.reports[key].attachments.append(out.url)

    def parse_detail(self, response):
        for out in super().parse_detail(response):
            if isinstance(out, ReportPart):
                continue
            if out.meta["role"] == "file":
                found = self.result.reports.get(out.meta["report_key"])
                if found is not None and out.url not in found.attachments:
                    found.attachments.append(out.url)
            else:
                yield out  # a continuation page of the report

    def closed(self, reason):
        for state in self.session.states.values():
            self.result.counters, self.result.examples = dict(state.counters), state.examples
            self.result.status, self.result.reason = state.final_status(), state.final_reason()
        self.session.close()
        self.scratch.cleanup()


def check_settings(settings) -> None:
    """Switch a crawl's settings to a check's (nothing archived, no records built)."""
    for name, components in NOT_IN_A_CHECK.items():
        enabled = dict(settings.getdict(name))
        for component in components:
            enabled[component] = None
        settings.set(name, enabled, priority="cmdline")
    settings.set("GIA_PROGRESS_INTERVAL", 0, priority="cmdline")


def run_check(sites_file: str | Path | None, site_id: str, log_level: str = "ERROR") -> CheckResult:
    """Check one registry site in this process (Scrapy's reactor: once per process)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.run import scrapy_settings

    with tempfile.TemporaryDirectory(prefix="gia-sites-check-") as nowhere:
        settings = scrapy_settings(sites_file, nowhere, log_level=log_level)
        check_settings(settings)
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(SitesCheckSpider)
        process.crawl(crawler, only=site_id)
        process.start()
        return crawler.spider.result


SKIP_WHY = {"not_reports": "titled like a report's lookalike (报表, 要点, 通知 …)", "offsite": "on another host",
            "same_page": "the other form of a page already read", "bad_json": "a JSON list that does not parse",
            "disallowed_by_robots": "disallowed by robots.txt", "page_budget_hit": "over the site's page budget (max_pages)"}


def format_check(result: CheckResult) -> str:
    lines = [f"site {result.site}: {result.status or 'not read'}" + (f" ({result.reason})" if result.reason else ""),
             f"list pages read: {len(result.list_pages)}"]
    lines += [f"  {url}" for url in result.list_pages]
    lines.append(f"report links: {len(result.reports)}")
    for found in sorted(result.reports.values(), key=lambda f: (-(f.year or 0), f.title)):
        lines.append(f"  {found.year or '????'}  {found.title}  {found.url}")
        lines += [f"        attachment: {url}" for url in found.attachments]
    skipped = {k: v for k, v in result.counters.items() if k in SKIP_WHY or k.startswith("http_")}
    lines.append("skipped: " + ("none" if not skipped else ""))
    for key, n in sorted(skipped.items()):
        why = SKIP_WHY.get(key) or f"answered HTTP {key.removeprefix('http_')}"
        lines.append(f"  {n} {why}")
        lines += [f"      e.g. {url}" for url in (result.examples.get(key) or [])[:3]]
    return "\n".join(lines)
