"""Query-string parameters -> the arguments of `search_cli.search`, as gia-search's flags give them.

    q            the query (gia-search's positional words)
    year … checks  the filters, named as gia-search's flags (--year, --province, --kind …); a
                 parameter given twice means either value, like a comma list
    limit, page, sort, facets, sum, by   as --limit, --page, --sort, --facets, --sum, --by
    snippets     0 = --no-snippets

A bad value is a ParamError (HTTP 400 with its one line); what `search()` itself rejects (a
malformed query, `year=abc`, an unknown sort or facet, an ambiguous place name) is a UsageError
raised there, answered the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from gia.errors import UsageError
from indexer.names import DEFAULT_FACETS, FACETS, NUMERIC_FIELDS
from search_cli.query import FILTER_FLAGS

MAX_LIMIT = 1000  # hits in one answer; a CSV download pages through any number
FLAG_OF_FACET = {facet: flag for flag, facet in FILTER_FLAGS.items()}
SEARCH_PARAMS = ("q", *FILTER_FLAGS, "limit", "page", "sort", "facets", "sum", "by", "snippets")


class ParamError(UsageError):
    """A query-string parameter the server cannot take."""


def parse_query_string(query: str) -> dict[str, str]:
    """{name: value}: a filter given twice becomes a comma list (either value); for any other
    parameter the last one counts, as with a repeated flag."""
    out: dict[str, str] = {}
    for name, values in parse_qs(query, keep_blank_values=True).items():
        if name in FILTER_FLAGS:
            out[name] = ",".join(v for v in values if v.strip())
        else:
            out[name] = values[-1]
    return out


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    limit: int = 10
    page: int = 1
    sort: str = "relevance"
    facets: tuple[str, ...] = DEFAULT_FACETS
    sum_field: str | None = None
    by: str | None = None
    snippets: bool = True

    def kwargs(self, **change) -> dict:
        """Keyword arguments of search_cli.search (after the query)."""
        out = dict(limit=self.limit, page=self.page, sort=self.sort, facets=list(self.facets),
                   sum_field=self.sum_field, by=self.by, snippets=self.snippets, **self.filters)
        out.update(change)
        return out


def _int(params: dict, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParamError(f"{name}={raw!r}: not a whole number") from None
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ParamError(f"{name}={value}: must be {span}")
    return value


def _bool(params: dict, name: str, default: bool) -> bool:
    raw = params.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ParamError(f"{name}={raw!r}: use 1 or 0")


def check_known(params: dict, allowed) -> None:
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ParamError(f"unknown parameter {unknown[0]!r} (parameters: {', '.join(allowed)})")


def search_request(params: dict, *, default_limit: int = 10, default_facets=DEFAULT_FACETS,
                   extra: tuple[str, ...] = ()) -> SearchRequest:
    """The search a query string asks for (ParamError when a parameter is wrong)."""
    check_known(params, SEARCH_PARAMS + extra)
    facets = default_facets
    if "facets" in params:
        facets = tuple(f.strip() for f in params["facets"].split(",") if f.strip())
    sum_field = params.get("sum", "").strip() or None
    by = params.get("by", "").strip() or None
    if by and not sum_field:
        raise ParamError("by needs sum=FIELD (the numeric field to total)")
    return SearchRequest(query=params.get("q", ""),  # as typed: the result echoes it, as gia-search does
                         filters={f: params[f].strip() for f in FILTER_FLAGS if params.get(f, "").strip()},
                         limit=_int(params, "limit", default_limit, 0, MAX_LIMIT),
                         page=_int(params, "page", 1, 1),
                         sort=params.get("sort", "").strip() or "relevance",
                         facets=facets, sum_field=sum_field, by=by,
                         snippets=_bool(params, "snippets", True))


def choice(params: dict, name: str, allowed, default: str | None = None) -> str | None:
    """A parameter that must be one of `allowed` (a facet name, a numeric field …)."""
    value = params.get(name, "").strip()
    if not value:
        return default
    if value not in allowed:
        raise ParamError(f"{name}={value!r}: choose one of {', '.join(allowed)}")
    return value


def link(base: str, params: dict, **change) -> str:
    """`base?…` with the parameters changed (None or '' drops one)."""
    merged = {k: v for k, v in {**params, **change}.items() if v not in (None, "")}
    return base + ("?" + urlencode(merged) if merged else "")


__all__ = ["FACETS", "FLAG_OF_FACET", "MAX_LIMIT", "NUMERIC_FIELDS", "ParamError", "SEARCH_PARAMS",
           "SearchRequest", "check_known", "choice", "link", "parse_query_string", "search_request"]
