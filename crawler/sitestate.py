"""Per-site crawl state: counters for the progress line and summary table, and the site status.

Status is one of ok, degraded (read, but requests failed in transport after their retries:
timeouts, refused or dropped connections — a server dying mid-crawl), partial (e.g. CAPTCHA
stopped paging), blocked (JS challenge / WAF), rate-limited (429/403 "too many requests" went on
past the pauses we allow), disallowed (robots.txt), error (the start page failed) — never an
empty "ok" for a site we could not read, nor an "ok" for one we read only in part.
"""

from __future__ import annotations

import time
from collections import Counter


READ = ("ok", "degraded", "partial")   # statuses of a site whose column was read (wholly or in part)
TRANSPORT_FAILURES = {"timeouts": "timeout(s)", "connection_failures": "connection failure(s)"}


class SiteState:
    def __init__(self, site_id: str, name: str, max_pages: int | None = None):
        self.site_id, self.name, self.max_pages = site_id, name, max_pages
        self.counters: Counter = Counter()
        self.status: str | None = None
        self.reason: str | None = None
        self.evidence: str | None = None
        self.started = False
        self.list_pages = 0
        self.challenge_hits = 0
        self.challenge_vendor: str | None = None   # whose challenge page blocked the site (crawler/challenges.py)
        self.not_before = 0.0                      # monotonic time before which no request goes out (Retry-After)
        self.longest_pause = 0.0                   # the longest such pause asked for, seconds
        self.redirects: list[dict] = []            # how the start URL led to the column: {url, to, how}
        self.moved_to: str | None = None           # the site's new host, when its old one redirects there
        self.examples: dict[str, list[str]] = {}   # kind -> a few URLs, the evidence behind a counter
        self.on_pause = None                       # called with every pause's seconds (a distributed crawl shares them)

    def note(self, kind: str, url: str, keep: int = 10) -> None:
        """Count `kind` and keep the first URLs as evidence (disallowed, not found, failed …)."""
        self.count(kind)
        urls = self.examples.setdefault(kind, [])
        if len(urls) < keep:
            urls.append(url)

    def count(self, key: str, n: int = 1) -> None:
        self.counters[key] += n

    def block(self, reason: str, url: str, partial: bool = False) -> None:
        if self.status in (None, "ok", "partial"):
            self.status = "partial" if partial and self.started else "blocked"
            self.reason, self.evidence = reason, url

    def moved(self, to: str, url: str) -> None:
        """The registered address moved to another host (crawler/moves.py): crawled there, said so."""
        self.moved_to = to
        if self.status is None:
            self.reason, self.evidence = f"moved to {to}", url

    def pause(self, seconds: float) -> None:
        self.not_before = max(self.not_before, time.monotonic() + seconds)
        self.longest_pause = max(self.longest_pause, seconds)
        self.count("rate_pauses")
        on_pause = getattr(self, "on_pause", None)   # absent in job state pickled before it existed
        if on_pause is not None:
            on_pause(seconds)

    def rate_limit(self, reason: str, url: str) -> None:
        """Give the site up: it kept saying "too many requests" after every pause we allow."""
        if self.status in (None, "ok", "partial"):
            self.status, self.reason, self.evidence = "rate-limited", reason, url

    def disallow(self, url: str) -> None:
        self.status, self.reason, self.evidence = "disallowed", "disallowed by robots.txt", url

    def error(self, reason: str, url: str, fatal: bool = False) -> None:
        if fatal and self.status is None:
            self.status, self.reason, self.evidence = "error", f"start page failed: {reason}", url

    def final_status(self) -> str:
        if self.status:
            return self.status
        if not self.started:
            return "error"
        return "degraded" if self.transport_failures() else "ok"

    def transport_failures(self) -> int:
        """Requests that failed after their retries without an HTTP answer (timeouts, connections)."""
        return sum(self.counters.get(k, 0) for k in TRANSPORT_FAILURES)

    def final_reason(self) -> str | None:
        if self.reason or self.final_status() != "degraded":
            return self.reason
        kinds = ", ".join(f"{self.counters[k]} {what}" for k, what in TRANSPORT_FAILURES.items() if self.counters.get(k))
        return f"read in part: requests failed after their retries ({kinds}); see examples"

    def errors(self) -> int:
        """HTTP errors, timeouts and other failed fetches."""
        return sum(v for k, v in self.counters.items() if k.startswith("http_") or k in ("timeouts", "errors"))

    def progress(self) -> str:
        """One site's part of the progress line: pages, reports found, errors, status once known."""
        c = self.counters
        return (f"{self.site_id}: {c.get('list_pages_ok', 0)} lists, {c.get('fetched', 0)} new/{c.get('unchanged', 0)} same, "
                f"{c.get('report_links', 0)} reports found, {self.errors()} errors" + (f", {self.final_status()}" if self.status else ""))

    def challenge(self) -> str | None:
        """What JavaScript challenges did to the site: None (met none), "passed" (answered with the
        challenge's cookie or a solved 加速乐 clearance, and the site read), or "blocked"."""
        met = self.counters.get("challenge_retried", 0) + self.counters.get("jiasule_solved", 0)
        if self.status == "blocked" and self.challenge_vendor:
            return "blocked"
        return "passed" if met and self.final_status() in READ else None

    def summary(self) -> dict:
        challenge = self.challenge()
        return {"name": self.name, "status": self.final_status(), "reason": self.final_reason(), "evidence": self.evidence,
                "list_pages": self.counters.get("list_pages_ok", 0), "fetched": self.counters.get("fetched", 0),
                "unchanged": self.counters.get("unchanged", 0), "resumed": self.counters.get("resumed", 0),
                "errors": self.errors(),
                "counters": dict(self.counters), "examples": self.examples, "redirects": self.redirects,
                **({"moved_to": self.moved_to} if self.moved_to else {}),
                **({"longest_pause": round(self.longest_pause, 3)} if self.longest_pause else {}),
                **({"page_budget": {"max_pages": self.max_pages, "refused": self.counters["page_budget_hit"]}}
                   if self.counters.get("page_budget_hit") else {}),
                **({"challenge": challenge} if challenge else {}),
                **({"challenge_vendor": self.challenge_vendor} if challenge == "blocked" else {})}
