"""Why the crawler dropped a request (raised by its middlewares, read by crawler/failures.py)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class Blocked(IgnoreRequest):
    """A request dropped because its site answered with a challenge or a WAF page."""


class RateLimited(IgnoreRequest):
    """A request dropped because its site kept answering 429/403 "too many requests"."""


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL already in the chain, or more hops than REDIRECT_MAX_TIMES."""


class OffSite(IgnoreRequest):
    """A request outside the registered site."""
