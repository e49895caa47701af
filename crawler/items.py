"""What the `reports` spider scrapes: not records (those are built after the crawl, builder/), but
which archived responses make up which report — a `ReportPart` per page, continuation page,
attachment, other URL of the same report (alias) or part that could not be fetched (failed).
crawler/pipelines.py hands them to the archive's crawl state."""

from __future__ import annotations

from dataclasses import dataclass

# role -> what the URL is to its report
ROLES = {
    "page": "the report's page",
    "page_part": "a continuation page (t…_123_1.html)",
    "file": "an attachment, or a report linked as a file",
    "alias": "another URL of the same report (mobile page, mirror, post_url, a redirect hop)",
    "failed": "a part that could not be fetched (title: the reason, via: the role it would have had)",
}


@dataclass
class ReportPart:
    report_key: str      # the URL the report was found by
    url: str
    role: str            # one of ROLES
    title: str | None    # the link text (for "failed": the reason)
    site: str | None     # registry site id
    via: str | None = None  # why this URL is a copy (wap, mirror, post_url, redirect), when it is

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown report part role {self.role!r}")
