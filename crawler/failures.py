"""What a request that failed means: the per-site status and counters it feeds, and the one-line
reason a report keeps for a part it could not fetch (the `reports` spider's errback hands every
failure to `FailureHandler.handle`)."""

from __future__ import annotations

import re

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.misc import load_object
from twisted.internet.error import DNSLookupError, TCPTimedOutError
from twisted.internet.error import TimeoutError as TxTimeoutError

from crawler.exceptions import Blocked, OffSite, RateLimited, RedirectLoop
from crawler.items import ReportPart
from crawler.session import CrawlSession

try:  # Scrapy ≥ 2.14 raises its own timeout error
    from scrapy.exceptions import DownloadTimeoutError
except ImportError:  # pragma: no cover - older Scrapy
    DownloadTimeoutError = TxTimeoutError
TIMEOUTS = (TxTimeoutError, TCPTimedOutError, DownloadTimeoutError)
PART_ROLES = ("file", "page", "page_part")


class FailureHandler:
    """`transport_errors`: the exceptions Scrapy retries (its RETRY_EXCEPTIONS setting) — a request
    that still fails with one after its retries got no answer from the server at all."""

    def __init__(self, session: CrawlSession, download_timeout: float, transport_errors: tuple = (OSError,)):
        self.session, self.download_timeout, self.transport_errors = session, download_timeout, transport_errors

    @classmethod
    def from_settings(cls, session: CrawlSession, settings) -> "FailureHandler":
        errors = tuple(load_object(e) if isinstance(e, str) else e for e in settings.getlist("RETRY_EXCEPTIONS"))
        return cls(session, settings.getfloat("DOWNLOAD_TIMEOUT"), errors or (OSError,))

    def handle(self, failure):
        """Count the failure against its site (and give the site a status when its start page
        failed); yield the `failed` part of the report the URL belonged to, if any."""
        request = failure.request
        sid = request.meta.get("site")
        if sid is None:
            return
        state = self.session.states[sid]
        start = request.meta.get("start")
        reason = self.reason(failure)
        if request.meta.get("report_key") and request.meta.get("role") in PART_ROLES:
            # the report keeps this URL as provenance, and its record says what went wrong with it
            yield ReportPart(request.meta["report_key"], request.url, "failed", reason, sid, request.meta.get("role"))
        if failure.check(HttpError):
            status = failure.value.response.status
            state.note(f"http_{status}", request.url)
            state.error(f"HTTP {status}", request.url, fatal=start)
        elif failure.check(RateLimited):
            state.note("rate_limited", request.url, keep=10_000)  # every URL not fetched is listed, not lost
        elif failure.check(RedirectLoop):
            state.error(str(failure.value), request.url, fatal=start)
        elif failure.check(Blocked):
            state.count("blocked_requests")
        elif failure.check(OffSite):
            if start:  # the start URL redirected away, but not as a move of the site (crawler/moves.py)
                state.error(f"redirected off site to {request.url} (not a move of the whole site)", request.url, fatal=True)
        elif failure.check(IgnoreRequest):
            if "robots" in str(failure.value).lower():
                state.note("disallowed_by_robots", request.url)
                if start:
                    state.disallow(request.url)
            else:
                state.count("ignored")
        elif failure.check(*TIMEOUTS):
            state.note("timeouts", request.url)
            state.error("timeout", request.url, fatal=start)
        elif failure.check(DNSLookupError):
            state.note("connection_failures", f"{request.url} (DNS lookup failed)")
            state.error("DNS lookup failed", request.url, fatal=start)
        elif "max size" in failure.getErrorMessage():
            state.note("too_large", request.url)
            state.error(reason, request.url, fatal=start)
        elif failure.check(*self.transport_errors):  # refused, reset, dropped: the server did not answer
            state.note("connection_failures", f"{request.url}: {reason}")
            state.error(failure.getErrorMessage()[:200], request.url, fatal=start)
        else:
            state.note("errors", f"{request.url} ({failure.type.__name__}: {failure.getErrorMessage()[:120]})")
            state.error(failure.getErrorMessage()[:200], request.url, fatal=start)

    def reason(self, failure) -> str:
        """One line saying why a URL was not fetched (kept with the report it belongs to)."""
        if failure.check(HttpError):
            return f"HTTP {failure.value.response.status}"
        if failure.check(*TIMEOUTS):
            return f"timed out after {self.download_timeout:g} s"
        if failure.check(*self.transport_errors) and "max size" not in failure.getErrorMessage():
            return f"connection failed ({_cause(failure)})"
        message = failure.getErrorMessage()
        if "max size" in message:
            m = re.search(r"(\d+) bytes .*?max size \((\d+)\)", message)
            sizes = f" ({int(m.group(1)) / 2**20:.1f} MB > {int(m.group(2)) / 2**20:.1f} MB)" if m else ""
            return f"larger than the size cap{sizes}"
        if failure.check(IgnoreRequest):
            return message[:200] or "ignored"
        return f"{failure.type.__name__}: {message[:160]}"


def _cause(failure) -> str:
    """`Type: message` of what went wrong underneath (Scrapy wraps Twisted's failures in `reasons`)."""
    cause = (getattr(failure.value, "reasons", None) or [failure])[0]
    if hasattr(cause, "getErrorMessage"):
        return f"{cause.type.__name__}: {cause.getErrorMessage()[:120]}"
    return f"{type(cause).__name__}: {str(cause)[:120]}"
