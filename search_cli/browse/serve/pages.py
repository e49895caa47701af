"""The HTML pages: what each shows, handed to its template in templates/ (Jinja2, autoescaped).

Nothing here writes HTML: each function gathers the values of one page and renders its
template, where every value is escaped unless marked otherwise (only the chart's numbers and
the <mark> of a snippet, rebuilt from the escaped parts, are markup).
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from search_cli.browse import compare
from search_cli.browse.records import failed_checks
from search_cli.browse.serve import chart, measures
from search_cli.browse.serve.params import (FACETS, FLAG_OF_FACET, NUMERIC_FIELDS, choice, link, search_request)
from search_cli.browse.serve.tables import report_tables

ENV = Environment(loader=PackageLoader("search_cli.browse.serve", "templates"), autoescape=True,
                  undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
ENV.filters["report_href"] = lambda rid: "/report/" + quote(str(rid), safe="")

PAGE_FACETS = ("year", "province", "city", "level", "agency_kind", "template", "checks")
FACET_NAMES = {"year": "年度", "province": "省份", "city": "城市", "county": "区县", "level": "层级",
               "agency_kind": "机关类型", "template": "模板", "site": "网站", "checks": "核验"}
FACET_SHOWN = 10          # values per facet before "more"
PAGE_LIMIT = 20           # hits per page unless limit= says otherwise
LIMIT_CHOICES = (10, 20, 50, 100, 200)
PAGE_PARAMS = ("more", "chart")  # the page's own parameters, beside gia-search's
_YEAR = re.compile(r"\d{4}")
_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def render(template: str, **context) -> str:
    return ENV.get_template(template).render(**context)


def snippet_parts(snippet: str | None) -> list[tuple[str, bool]]:
    """search()'s HTML snippet (escaped text, <mark> around matches) as (text, marked) pieces,
    so the template escapes the text itself and adds the marks."""
    if not snippet:
        return []
    parts, pos = [], 0
    for m in _MARK.finditer(snippet):
        parts.append((unescape(snippet[pos:m.start()]), False))
        parts.append((unescape(m.group(1)), True))
        pos = m.end()
    parts.append((unescape(snippet[pos:]), False))
    return [(text, marked) for text, marked in parts if text]


def sort_choices(current: str) -> list[tuple[str, str, bool]]:
    options = [("relevance", "相关度"), ("year", "年度（旧→新）"), ("-year", "年度（新→旧）")]
    for fieldname in NUMERIC_FIELDS:
        options.append((fieldname, f"{measures.name(fieldname)}（多→少）"))
        options.append((f"-{fieldname}", f"{measures.name(fieldname)}（少→多）"))
    return [(value, label, value == current) for value, label in options]


def _sort_header(params: dict, current: str, fieldname: str) -> tuple[str, str]:
    """(link, arrow) of a sortable column header: a click sorts by it, a second click flips it."""
    key = current.lstrip("+-")
    descending_first = fieldname != "year"  # numbers largest first, years oldest first (gia-search)
    if key != fieldname:
        return link("/", params, sort=fieldname, page=None), ""
    flipped = current.startswith("-")
    arrow = "↑" if descending_first == flipped else "↓"
    return link("/", params, sort=fieldname if flipped else f"-{fieldname}", page=None), arrow


def _pager(params: dict, page: int, pages: int) -> list:
    """Page links around the current page: [(number, link, current)] with None for a gap."""
    wanted = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    out, last = [], 0
    for n in wanted:
        if n - last > 1:
            out.append(None)
        out.append((n, link("/", params, page=n if n > 1 else None), n == page))
        last = n
    return out


def _facets(params: dict, counts: dict, expanded: str | None) -> list[dict]:
    out = []
    for facet, values in counts.items():
        flag = FLAG_OF_FACET.get(facet)
        items = []
        for value, n in values.items():
            href = link("/", params, **{flag: value, "page": None, "more": None}) if flag else None
            if facet == "year" and not _YEAR.fullmatch(str(value)):
                href = None  # a record whose year is not a year: counted, but no filter can select it
            items.append({"value": value, "count": n, "href": href})
        shown = items if facet == expanded else items[:FACET_SHOWN]
        out.append({"name": facet, "label": FACET_NAMES.get(facet, facet), "values": shown,
                    "hidden": len(items) - len(shown),
                    "more_href": link("/", params, more=facet) if len(items) > len(shown) else None,
                    "fewer_href": link("/", params, more=None) if facet == expanded and len(items) > FACET_SHOWN
                    else None})
    return out


def _hit_row(hit: dict, rank: int, columns: list[str]) -> dict:
    numbers = hit.get("numbers") or {}
    place = " ".join(str(hit[k]) for k in ("province", "city", "county") if hit.get(k))
    return {"rank": rank, "id": hit.get("id"), "title": hit.get("title") or "(no title)",
            "agency": hit.get("agency") or "", "year": hit.get("year"), "place": place,
            "template": hit.get("template") or "", "checks": hit.get("checks") or "",
            "numbers": [numbers.get(c) for c in columns], "snippet": snippet_parts(hit.get("snippet"))}


def search_page(site, params: dict) -> str:
    """`/`: the search form, facets, chart and one page of hits — one `search()` for the hits,
    facets and (unless the user asked for other sums) the chart's sums by year."""
    facets_wanted = PAGE_FACETS if "facets" not in params else None
    request = search_request(params, default_limit=PAGE_LIMIT, default_facets=facets_wanted or (),
                             extra=PAGE_PARAMS)
    expanded = choice(params, "more", FACETS)
    measure = choice(params, "chart", tuple(NUMERIC_FIELDS), measures.DEFAULT_CHART)
    canonical = {k: v for k, v in params.items() if v not in (None, "")}
    if not request.query.strip():
        request.snippets = False  # every report matches: the start of its text says nothing
    if request.sum_field:
        result = site.search(request.query, **request.kwargs())
        by_year = site.search(request.query, **request.kwargs(limit=0, facets=[], sum_field=measure, by="year",
                                                               snippets=False))["sums"]
    else:
        result = site.search(request.query, **request.kwargs(sum_field=measure, by="year"))
        by_year = result.pop("sums")
    key = request.sort.lstrip("+-")
    columns = list(measures.KEY_COLUMNS) + ([key] if key in NUMERIC_FIELDS and key not in measures.KEY_COLUMNS
                                            else [])
    start = (request.page - 1) * request.limit
    year_href, year_arrow = _sort_header(canonical, request.sort, "year")
    context = {
        "title": f"gia — {request.query}" if request.query.strip() else "gia — search",
        "query": request.query, "result": result, "request": request,
        "hidden": [(k, v) for k, v in canonical.items() if k not in ("q", "sort", "limit", "page")],
        "filters": [(flag, value, link("/", canonical, **{flag: None, "page": None}))
                    for flag, value in request.filters.items()],
        "sort_choices": sort_choices(request.sort),
        "limit_choices": [(n, n == request.limit) for n in sorted({*LIMIT_CHOICES, request.limit}) if n],
        "columns": [{"field": c, "label": measures.name(c), "title": measures.description(c),
                     "sort": _sort_header(canonical, request.sort, c)} for c in columns],
        "year_sort": (year_href, year_arrow),
        "hits": [_hit_row(h, start + i, columns) for i, h in enumerate(result["hits"], 1)],
        "first": start + 1, "last": start + len(result["hits"]),
        "pager": _pager(canonical, request.page, result["pages"]) if result["pages"] > 1 else [],
        "prev_href": link("/", canonical, page=request.page - 1 if request.page > 2 else None)
        if request.page > 1 else None,
        "next_href": link("/", canonical, page=request.page + 1) if request.page < result["pages"] else None,
        "facets": _facets(canonical, result.get("facets") or {}, expanded),
        "csv_href": link("/api/search.csv", {k: v for k, v in canonical.items() if k not in PAGE_PARAMS}),
        # the JSON of this very page (the API's own default is gia-search's 10 hits)
        "json_href": link("/api/search", {k: v for k, v in canonical.items() if k not in PAGE_PARAMS},
                          limit=request.limit),
        "chart": chart.bar_chart(by_year), "measure": measure,
        "measure_choices": [(f, measures.name(f), f == measure) for f in NUMERIC_FIELDS],
        "chart_hidden": [(k, v) for k, v in canonical.items() if k != "chart"],
        "sums": result.get("sums"),
        "sum_name": measures.name(request.sum_field) if request.sum_field else "",
    }
    return render("search.html", **context)


def report_page(site, record: dict) -> str:
    rid = str(record.get("id"))
    series = site.series(record)
    cross = []
    if len(series) > 1:
        cross = [c for c in compare.compare(series)["checks"] if rid in [str(i) for i in c["ids"]]]
    source = record.get("source") or {}
    warc = source.get("warc") or {}
    provenance = [(k, source.get(k)) for k in ("url", "fetched_at", "sha256", "media_type") if source.get(k)]
    if warc.get("file"):
        provenance.append(("raw", f"warc/{warc['file']} @ {warc.get('offset')}"))
    url = str(source.get("url") or "")
    checks = record.get("checks") or []
    failed = failed_checks(record)
    place = " ".join(str(record.get(k)) for k in ("province", "city", "county") if record.get(k))
    meta = [("id", rid), ("agency", record.get("agency")), ("kind", record.get("agency_kind")),
            ("level", record.get("level")), ("place", place), ("year", record.get("year")),
            ("published", record.get("published")), ("template", record.get("template")),
            ("script", record.get("script"))]
    quoted = quote(rid, safe="")
    links = []
    if warc.get("file"):
        links += [("archived", f"/archived/{quoted}", "archived original"),
                  ("download", f"/raw/{quoted}?download=1", "download the original")]
    if url.startswith(("http://", "https://")):  # never a javascript: or data: link from a crawled field
        links.append(("original-url", url, "original URL"))
    links.append(("json", f"/api/report/{quoted}", "JSON record"))
    return render("report.html", title=str(record.get("title") or "report"), record=record, meta=meta,
                  tables=report_tables(record), checks=checks, failed=failed, cross=cross,
                  others=[r for r in series if str(r.get("id")) != rid], warnings=record.get("warnings") or [],
                  provenance=provenance, links=links, text=record.get("text") or "")


# Media types a sandboxed frame shows as a page; anything else (PDF, Word, Excel) is downloaded.
FRAMED = ("text/html", "text/plain", "application/xhtml+xml")


def archived_page(record: dict, original) -> str:
    source = record.get("source") or {}
    framed = original.media_type.split(";")[0].strip().lower() in FRAMED
    rid = quote(str(record.get("id")), safe="")
    return render("archived.html", title=f"archived copy — {record.get('title') or record.get('id')}",
                  record=record, url=str(source.get("url") or ""), fetched=source.get("fetched_at"),
                  recorded_sha=source.get("sha256"), original=original, framed=framed,
                  raw_href=f"/raw/{rid}", download_href=f"/raw/{rid}?download=1",
                  report_href=f"/report/{rid}")


def message_page(title: str, message: str, hint: str = "") -> str:
    return render("message.html", title=title, message=message, hint=hint)
