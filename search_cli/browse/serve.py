"""`gia serve`: a local web page over the archive (stdlib http.server, no JavaScript at all).

    /                    search box, facet counts (links that add a filter), results, and an inline
                         SVG chart of the headline figures by year for the current selection
    /report/<id>         metadata, the three tables (failed identities highlighted), the agency's
                         cross-year checks, warnings, provenance, link to the archived original
    /raw/<id>            the archived original response, read from its WARC record, served under
                         `Content-Security-Policy: sandbox` so nothing in a crawled page can run

Every scraped string goes through html.escape; pages carry a CSP that forbids scripts.
Search uses the full-text index (search_cli.search) when `gia index` has built one, else a
substring match over title, agency and text; facets are counted over the selection either way.
"""

from __future__ import annotations

import html
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from gia.archive import Archive, read_response
from gia.config import add_archive_argument, archive_dir
from gia.errors import UsageError
from search_cli.browse import compare, labels
from search_cli.browse.flatten import flatten
from search_cli.browse.records import FILTERS, failed_checks, matcher, sort_key

FACETS = ("year", "province", "level", "template", "kind")
CHART_SERIES = (("app_new_total", "本年新收申请", "#1f77b4"), ("app_total_handled_total", "办理总计", "#ff7f0e"),
                ("reports", "报告数", "#2ca02c"))
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'"
MAX_HITS = 100

e = html.escape


def configure(parser) -> None:
    add_archive_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")


class Site:
    """The archive as the web view sees it: records in memory, reloaded when a record file changes."""

    def __init__(self, root):
        self.archive = Archive(root)
        self._lock = threading.Lock()
        self._stamp = None
        self.records: list[dict] = []
        self.paths: dict[str, Path] = {}

    def _current_stamp(self):
        paths = list(self.archive.record_paths())
        return len(paths), max((p.stat().st_mtime_ns for p in paths), default=0)

    def refresh(self) -> None:
        with self._lock:
            stamp = self._current_stamp()
            if stamp == self._stamp:
                return
            pairs = sorted(self.archive.iter_records(with_paths=True), key=lambda pr: sort_key(pr[1]))
            self.records = [r for _p, r in pairs]
            self.paths = {str(r.get("id")): p for p, r in pairs}
            self._stamp = stamp

    def by_id(self, rid: str) -> dict | None:
        return next((r for r in self.records if str(r.get("id")) == rid), None)

    def select(self, query: str, filters: dict) -> tuple[list[dict], str]:
        """(matching records, how they were found)."""
        keep = matcher(filters, self.records)  # place names resolve against this archive's own values
        chosen = [r for r in self.records if keep(r)]
        if not query:
            return chosen, "filters"
        if (self.archive.root / "index").is_dir():
            try:
                from search_cli import search

                found = search(self.archive.root, query, limit=100000, snippets=False, facets=(), **filters)
                ids = {str(h.get("id")) for h in found["hits"]}
                return [r for r in chosen if str(r.get("id")) in ids], "index"
            except Exception as exc:  # noqa: BLE001 - the page must still answer; say why below
                print(f"gia serve: index search failed ({exc}); using substring match", file=sys.stderr)
        q = query.strip()
        return [r for r in chosen if any(q in str(r.get(k) or "") for k in ("title", "agency", "text"))], "substring"


# --- page pieces -----------------------------------------------------------------------------

def page(title: str, body: str) -> str:
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:1.5em;max-width:1100px}}table{{border-collapse:collapse;margin:.5em 0}}
td,th{{border:1px solid #ccc;padding:2px 6px}}td.n{{text-align:right}}.broken{{background:#fdd;color:#900;font-weight:bold}}
.ok{{color:#070}}.facet{{display:inline-block;vertical-align:top;margin-right:2em}}.meta td:first-child{{color:#666}}
nav a{{margin-right:1em}}</style></head><body><nav><a href="/">gia — 政府信息公开年度报告</a></nav>{body}</body></html>"""


def link(params: dict, **change) -> str:
    merged = {k: v for k, v in {**params, **change}.items() if v not in (None, "")}
    return "/?" + urlencode(merged)


def chart_svg(records: list[dict], width: int = 640, height: int = 240) -> str:
    """Headline figures summed by year over the selection, as an inline SVG line chart."""
    by_year: dict[int, dict[str, float]] = {}
    for r in records:
        if not isinstance(r.get("year"), int):
            continue
        flat = flatten(r)
        sums = by_year.setdefault(r["year"], {k: 0 for k, _l, _c in CHART_SERIES})
        sums["reports"] += 1
        for key, _label, _colour in CHART_SERIES[:-1]:
            if isinstance(flat.get(key), (int, float)):
                sums[key] += flat[key]
    if not by_year:
        return '<p id="chart">no figures to chart</p>'
    years = sorted(by_year)
    top = max(max(v.values()) for v in by_year.values()) or 1
    left, bottom, right, top_pad = 50, 30, 130, 15
    plot_w, plot_h = width - left - right, height - bottom - top_pad

    def x(i):
        return left + (plot_w * i / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    def y(v):
        return top_pad + plot_h - plot_h * v / top

    parts = [f'<svg id="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="headline figures by year">',
             f'<line x1="{left}" y1="{y(0)}" x2="{left + plot_w}" y2="{y(0)}" stroke="#999"/>',
             f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{y(0)}" stroke="#999"/>',
             f'<text x="{left - 5}" y="{top_pad + 5}" text-anchor="end" font-size="11">{e(str(round(top)))}</text>',
             f'<text x="{left - 5}" y="{y(0)}" text-anchor="end" font-size="11">0</text>']
    for i, year in enumerate(years):
        parts.append(f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle" font-size="11">{year}</text>')
    for n, (key, label, colour) in enumerate(CHART_SERIES):
        pts = " ".join(f"{x(i):.1f},{y(by_year[yr][key]):.1f}" for i, yr in enumerate(years))
        parts.append(f'<polyline class="series" data-key="{key}" fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{pts}"/>')
        for i, yr in enumerate(years):
            v = by_year[yr][key]
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{colour}"><title>{yr} {e(label)}: '
                         f'{v:g}</title></circle>')
        parts.append(f'<text x="{left + plot_w + 10}" y="{top_pad + 15 + 16 * n}" font-size="12" fill="{colour}">'
                     f'{e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def search_page(site: Site, params: dict) -> str:
    query = params.get("q", "")
    filters = {k: params[k] for k in FILTERS if params.get(k)}
    chosen, how = site.select(query, filters)
    form = (f'<form action="/" method="get"><input name="q" id="q" size="40" value="{e(query)}" '
            f'placeholder="全文搜索，如 依申请公开"> ')
    form += "".join(f'<input type="hidden" name="{k}" value="{e(v)}">' for k, v in filters.items())
    form += '<button type="submit" id="go">搜索</button></form>'
    active = " ".join(f'<a class="drop" href="{e(link(params, **{k: None}))}">{e(k)}={e(v)} ✕</a>'
                      for k, v in filters.items())
    facet_html = []
    for facet in FACETS:
        # years in time order; other facets most frequent first
        order = (lambda kv: kv[0]) if facet == "year" else (lambda kv: (-kv[1], kv[0]))
        key = FILTERS[facet]
        counts = Counter(str(r.get(key)) for r in chosen if r.get(key) not in (None, ""))
        items = "".join(f'<li><a href="{e(link(params, **{facet: v}))}">{e(v)}</a> ({n})</li>'
                        for v, n in sorted(counts.items(), key=order)[:15])
        facet_html.append(f'<div class="facet" data-facet="{facet}"><b>{facet}</b><ul>{items}</ul></div>')
    rows = "".join(
        f'<tr><td>{e(str(r.get("year")))}</td><td><a class="hit" href="/report/{quote(str(r.get("id")))}">'
        f'{e(str(r.get("title")))}</a></td><td>{e(str(r.get("agency")))}</td>'
        f'<td class="{"broken" if failed_checks(r) else "ok"}">'
        f'{len(failed_checks(r)) and "✗ " + str(len(failed_checks(r))) or "✓"}</td></tr>'
        for r in chosen[:MAX_HITS])
    more = f"<p>showing the first {MAX_HITS}</p>" if len(chosen) > MAX_HITS else ""
    body = (f"{form}<p id='total'>{len(chosen)} reports{' for ' + e(query) if query else ''} "
            f"<small>({e(how)})</small> {active}</p>{''.join(facet_html)}"
            f"<h3>headline figures by year (this selection)</h3>{chart_svg(chosen)}"
            f"<table id='hits'><tr><th>year</th><th>title</th><th>agency</th><th>checks</th></tr>{rows}</table>{more}")
    return page("gia — search", body)


def _table(header: list[str], rows: list[tuple[str, list, bool]], bad_cols: set[int] = frozenset()) -> str:
    """An HTML table; a row named by a failed check is highlighted, and so is every cell of a
    column it names (e.g. where="自然人")."""
    head = "".join(f'<th{" class=broken" if i - 1 in bad_cols else ""}>{e(h)}</th>' for i, h in enumerate(header))
    body = "".join(f'<tr{" class=broken" if bad else ""}><td>{e(lab)}</td>'
                   + "".join(f'<td class="n{" broken" if i in bad_cols else ""}">{"" if v is None else e(str(v))}</td>'
                             for i, v in enumerate(values)) + "</tr>"
                   for lab, values, bad in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def report_page(site: Site, record: dict) -> str:
    from search_cli.browse.show import _row_marked, _where_marks

    tpl = str(record.get("template") or "")
    marks = _where_marks(record)
    tables = record.get("tables") or {}
    parts = [f"<h1>{e(str(record.get('title')))}</h1>"]
    meta = [("id", record.get("id")), ("agency", record.get("agency")), ("kind", record.get("agency_kind")),
            ("level", record.get("level")),
            ("place", " ".join(str(record.get(k)) for k in ("province", "city", "county") if record.get(k))),
            ("year", record.get("year")), ("published", record.get("published")), ("template", tpl),
            ("script", record.get("script"))]
    parts.append("<table class='meta'>" + "".join(f"<tr><td>{e(k)}</td><td>{e(str(v))}</td></tr>" for k, v in meta)
                 + "</table>")
    active = tables.get("active") or {}
    if active.get("rows"):
        cols = active.get("columns") or {}
        blocks: dict[tuple, list] = {}
        for key, values in active["rows"].items():
            blocks.setdefault(tuple(cols.get(key) or []), []).append(
                (labels.label(key, tpl), values, _row_marked(key, labels.label(key, tpl), marks.get("active", set()))))
        parts.append(f"<h2>{e(labels.TABLE_TITLES['active'])}</h2>")
        parts += [_table(["信息内容", *c], rows) for c, rows in blocks.items()]
    for name, header in (("applications", labels.APPLICANT_COLUMNS), ("review_litigation", labels.REVIEW_COLUMNS)):
        table = tables.get(name) or {}
        if table:
            wanted = marks.get(name, set())
            rows = [(labels.label(k, tpl), v, _row_marked(k, labels.label(k, tpl), wanted))
                    for k, v in table.items() if isinstance(v, list)]
            bad_cols = {i for i, h in enumerate(header) if h in wanted}
            parts.append(f"<h2>{e(labels.TABLE_TITLES[name])}</h2>" + _table(["", *header], rows, bad_cols))
    checks = record.get("checks") or []
    failed = failed_checks(record)
    parts.append(f"<h2>checks: {len(checks) - len(failed)}/{len(checks)} hold</h2><ul id='checks'>" + "".join(
        f"<li class='broken'>✗ {e(str(c.get('rule')))} [{e(str(c.get('where')))}] {e(str(c.get('detail') or ''))}</li>"
        for c in failed) + "</ul>")
    series = [r for r in site.records if r.get("agency") == record.get("agency")]
    series.sort(key=lambda r: r.get("year") or 0)
    if len(series) > 1:
        cross = [c for c in compare.compare(series)["checks"]
                 if record.get("id") in c["ids"]]
        parts.append("<h2>cross-year checks</h2><ul id='cross'>" + "".join(
            f"<li class='{'ok' if c['ok'] else 'broken'}'>{'✓' if c['ok'] else '✗'} {c['years'][0]}→{c['years'][1]} "
            f"{e(c['rule'])} [{e(str(c['where']))}] {e(c['detail'])}</li>" for c in cross) + "</ul>")
        parts.append("<p>other years: " + " ".join(
            f'<a href="/report/{quote(str(r.get("id")))}">{e(str(r.get("year")))}</a>' for r in series
            if r is not record) + "</p>")
    warnings = record.get("warnings") or []
    parts.append(f"<h2>warnings ({len(warnings)})</h2><ul>" + "".join(f"<li>{e(str(w))}</li>" for w in warnings)
                 + "</ul>")
    source = record.get("source") or {}
    prov = [(k, source.get(k)) for k in ("url", "fetched_at", "sha256", "media_type") if source.get(k)]
    warc = source.get("warc") if isinstance(source.get("warc"), dict) else {}
    if warc.get("file"):
        prov.append(("raw", f"warc/{warc['file']} @ {warc.get('offset')}"))
    parts.append("<h2>provenance</h2><table class='meta'>" + "".join(
        f"<tr><td>{e(k)}</td><td>{e(str(v))}</td></tr>" for k, v in prov) + "</table>")
    links = []
    if warc.get("file"):
        links.append(f'<a id="raw" href="/raw/{quote(str(record.get("id")))}">archived original</a>')
    url = str(source.get("url") or "")
    if url.startswith(("http://", "https://")):  # never a javascript: or data: link from a crawled field
        links.append(f'<a href="{e(url)}" rel="noopener noreferrer">original URL</a>')
    parts.append("<p>" + " · ".join(links) + "</p>")
    text = record.get("text") or ""
    parts.append(f"<details><summary>full text ({len(text)} characters)</summary><pre style='white-space:pre-wrap'>"
                 f"{e(text)}</pre></details>")
    return page(str(record.get("title") or "report"), "".join(parts))


def read_raw(archive: Archive, record: dict) -> tuple[bytes, str]:
    """The archived original (body, media type) from its WARC record."""
    source = record.get("source") or {}
    warc = source.get("warc") if isinstance(source.get("warc"), dict) else {}
    if not warc.get("file"):
        raise FileNotFoundError("this record names no WARC file")
    body, headers = read_response(archive.warc_dir, str(warc["file"]), int(warc.get("offset") or 0))
    media = next((v for k, v in headers if k.lower() == "content-type"), None)
    if body[:4] == b"%PDF":  # sites often send PDFs as application/octet-stream
        media = "application/pdf"
    return body, media or source.get("media_type") or "application/octet-stream"


def make_handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        server_version = "gia-serve"

        def log_message(self, fmt, *args):  # quiet: one line per request only with --debug
            pass

        def _send(self, status: int, body: bytes, ctype: str, csp: str = PAGE_CSP) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", csp)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(body)

        def _html(self, status: int, text: str) -> None:
            self._send(status, text.encode("utf-8"), "text/html; charset=utf-8")

        def do_GET(self):  # noqa: N802 - http.server's name
            raw = self.path
            try:  # a client that sent unescaped UTF-8 (curl): http.server decoded it as Latin-1
                raw = raw.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
            parts = urlsplit(raw)
            params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            try:
                site.refresh()
                if parts.path == "/":
                    return self._html(200, search_page(site, params))
                if parts.path.startswith(("/report/", "/raw/")):
                    from urllib.parse import unquote

                    kind, rid = parts.path[1:].split("/", 1)
                    record = site.by_id(unquote(rid))
                    if record is None:
                        return self._html(404, page("not found", f"<p>no report with id {e(unquote(rid))}</p>"))
                    if kind == "report":
                        return self._html(200, report_page(site, record))
                    try:
                        body, media = read_raw(site.archive, record)
                    except (OSError, ValueError) as exc:
                        return self._html(404, page("no original", f"<p>the archived original is not available: "
                                                                   f"{e(str(exc))}</p>"))
                    # sandbox: the crawled page renders, but none of its scripts or forms can run
                    return self._send(200, body, media, csp="sandbox; default-src 'none'; img-src data:; "
                                                            "style-src 'unsafe-inline'")
                return self._html(404, page("not found", "<p>no such page</p>"))
            except UsageError as exc:  # an ambiguous place name or a malformed query: the asker's to fix
                return self._html(400, page("bad request", f"<p>{e(str(exc))}</p>"))
            except Exception as exc:  # noqa: BLE001 - one bad record must not take the server down
                print(f"gia serve: {self.path}: {exc!r}", file=sys.stderr)
                return self._html(500, page("error", f"<p>could not show this page: {e(str(exc))}</p>"))

    return Handler


def make_server(root, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    site = Site(root)
    site.refresh()
    server = ThreadingHTTPServer((host, port), make_handler(site))
    server.daemon_threads = True
    return server


def run(args) -> int:
    from gia.errors import GiaError

    root = archive_dir(args.archive)
    Archive(root).require()
    try:
        server = make_server(root, args.host, args.port)
    except OSError as exc:
        raise GiaError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    host, port = server.server_address[:2]
    print(f"gia serve: http://{host}:{port}/ (archive {root}); Ctrl-C stops",
          file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
