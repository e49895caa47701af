"""Routes and responses of `gia serve` (stdlib http.server; the pages need no JavaScript).

    /                     search page (pages.search_page)
    /report/<id>          one report (pages.report_page)
    /archived/<id>        the archived original under a banner naming URL, fetch time and sha256
    /raw/<id>             the original's bytes, sandboxed; ?download=1 as an attachment
    /api/search           JSON, as `gia-search --json`      (api.py)
    /api/search.csv       CSV download of the whole result  (api.py)
    /api/report/<id>      the JSON record

A wrong parameter is a 400 with one line (JSON under /api/), a missing or damaged index a 503
saying which command builds it, a failure of our own a 500 logged on stderr; the server stays up.
"""

from __future__ import annotations

import json
import re
import sys
from http.server import BaseHTTPRequestHandler
from urllib.parse import quote, unquote, urlsplit

from gia.errors import GiaError, UsageError
from search_cli.browse.serve import api, pages
from search_cli.browse.serve.params import check_known, parse_query_string

PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'"
ARCHIVED_CSP = PAGE_CSP + "; frame-src 'self'"
API_CSP = "default-src 'none'"
# the archived original renders, but none of its scripts, forms or plugins can run
RAW_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


class HTTPError(Exception):
    def __init__(self, status: int, message: str, hint: str = ""):
        super().__init__(message)
        self.status, self.message, self.hint = status, message, hint


def content_disposition(kind: str, filename: str) -> str:
    """`attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII stand-in for old
    clients, the real (e.g. Chinese) name percent-encoded; nothing of it can break the header."""
    stem, dot, suffix = filename.rpartition(".")
    if not dot:
        stem, suffix = filename, ""

    def ascii_part(text: str) -> str:
        text = re.sub(r"[^A-Za-z0-9_-]+", "_", text)
        return re.sub(r"[-_]{2,}", lambda m: "-" if "-" in m.group() else "_", text).strip("-_")

    fallback = (ascii_part(stem) or "download") + ("." + ascii_part(suffix) if ascii_part(suffix) else "")
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def make_handler(site):
    class Handler(BaseHTTPRequestHandler):
        server_version = "gia-serve"

        def log_message(self, fmt, *args):  # quiet: errors are reported below
            pass

        def _send(self, status: int, body: bytes, ctype: str, csp: str = PAGE_CSP, headers=()) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", csp)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _html(self, status: int, text: str, csp: str = PAGE_CSP) -> None:
            self._send(status, text.encode("utf-8"), "text/html; charset=utf-8", csp)

        def _json(self, status: int, obj) -> None:
            self._send(status, json.dumps(obj, ensure_ascii=False).encode("utf-8"),
                       "application/json; charset=utf-8", API_CSP)

        def _stream(self, ctype: str, disposition: str, chunks) -> None:
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Disposition", disposition)
            self.send_header("Content-Security-Policy", API_CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Connection", "close")  # no length known: the end of the body is the close
            self.end_headers()
            for chunk in chunks:
                self.wfile.write(chunk)

        def do_GET(self):  # noqa: N802 - http.server's name
            raw = self.path
            try:  # a client that sent unescaped UTF-8 (curl): http.server decoded it as Latin-1
                raw = raw.encode("latin-1").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                pass
            parts = urlsplit(raw)
            path = parts.path
            is_api = path.startswith("/api/")
            try:
                params = parse_query_string(parts.query)
                site.refresh()
                self._route(path, params)
            except HTTPError as exc:
                self._error(is_api, exc.status, exc.message, exc.hint)
            except UsageError as exc:  # a wrong parameter, a malformed query, an ambiguous place name
                self._error(is_api, 400, str(exc))
            except api.TooLarge as exc:
                self._error(is_api, 413, str(exc))
            except GiaError as exc:  # no index yet, a damaged one: what to run is in the message
                self._error(is_api, 503, str(exc), "The search needs the archive's index: `gia index` builds it.")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client went away
            except Exception as exc:  # noqa: BLE001 - one bad request must not take the server down
                print(f"gia serve: {self.path}: {exc!r}", file=sys.stderr)
                self._error(is_api, 500, f"could not answer this request: {exc}")

        def _error(self, is_api: bool, status: int, message: str, hint: str = "") -> None:
            message = " ".join(str(message).split())  # one line
            if is_api:
                return self._json(status, {"error": message})
            title = {400: "bad request", 404: "not found", 413: "too large", 503: "search unavailable"}.get(
                status, "error")
            return self._html(status, pages.message_page(title, message, hint))

        def _route(self, path: str, params: dict) -> None:
            if path == "/":
                return self._html(200, pages.search_page(site, params))
            if path == "/api/search":
                return self._json(200, api.search_json(site, params))
            if path == "/api/search.csv":
                name, chunks = api.search_csv(site, params)
                return self._stream("text/csv; charset=utf-8", content_disposition("attachment", name), chunks)
            kind, _, rid = path.strip("/").partition("/")
            if path.startswith("/api/report/"):
                kind, rid = "api/report", path[len("/api/report/"):]
            if kind not in ("report", "archived", "raw", "api/report") or not rid:
                raise HTTPError(404, f"no such page: {path}")
            check_known(params, ("download",) if kind == "raw" else ())
            rid = unquote(rid)
            record = site.record(rid)
            if record is None:
                why = site.skipped.get(rid)
                raise HTTPError(404, f"report {rid} is not shown: its record is damaged ({why})" if why
                                else f"no report with id {rid}")
            if kind == "api/report":
                return self._json(200, record)
            if kind == "report":
                return self._html(200, pages.report_page(site, record))
            try:
                original = site.original(record)
            except (OSError, ValueError) as exc:
                raise HTTPError(404, f"the archived original is not available: {exc}") from None
            if kind == "archived":
                return self._html(200, pages.archived_page(record, original), ARCHIVED_CSP)
            download = params.get("download", "") not in ("", "0")
            return self._send(200, original.body, original.media_type, RAW_CSP, headers=[
                ("Content-Disposition", content_disposition("attachment" if download else "inline",
                                                            original.filename))])

    return Handler
