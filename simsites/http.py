"""The HTTP side shared by every simulated site: a threaded server on 127.0.0.1, a tiny
Response type, conditional GET (ETag → 304), a per-site request log, and (a switch the farm
turns on for the hostile profiles) a WAF that answers suspicious query strings with a 200 block page.

A flavour is a `Site` subclass whose `route(req)` returns a Response; everything generic
(ETags, keep-alive, counting what was served, a server that dies after N requests) lives here once.
"""

from __future__ import annotations

import hashlib
import re
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlsplit

WAF_PAGE = "<html><head><title>网站防火墙</title></head><body><h1>网站防火墙</h1><p>您的请求带有不合法参数，已被网站管理员设置拦截！</p></body></html>"
# what a cloud WAF in front of a government site refuses in a query string (gov_sites.md §6.7 "WAF with 200")
WAF_QUERY = re.compile(r"'|select|<script|\.\./", re.I)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    raw_path: str

    def cookie(self, name: str) -> str | None:
        for part in self.headers.get("cookie", "").split(";"):
            k, _, v = part.strip().partition("=")
            if k == name:
                return v
        return None


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html"
    headers: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0          # seconds before the first byte (slow pages)
    cacheable: bool = True      # send an ETag and honour If-None-Match
    reset_after: int | None = None  # announce the whole body, send this many bytes, then reset the connection


def html(text: str, status: int = 200, encoding: str = "utf-8", content_type: str | None = None, **kw) -> Response:
    return Response(status, text.encode(encoding, errors="xmlcharrefreplace"),
                    content_type or f"text/html; charset={encoding}", **kw)


def not_found_page() -> Response:
    """gov.cn style: a 404 whose body would send a browser to the home page after 3 s."""
    body = ("<html><head><title>页面不存在</title></head><body><p>页面不存在 … 3秒后返回首页</p>"
            "<script>setTimeout(function(){location.href='/'},3000)</script></body></html>")
    return html(body, status=404, cacheable=False)


class Site:
    """One simulated site on its own port. Subclasses implement `route`."""

    flavour = "?"

    def __init__(self, farm, name: str):
        self.farm = farm
        self.name = name
        self.waf_on_queries = False  # the farm turns it on for the hostile profiles
        self.waf_pages = 0          # WAF pages served because of a query (a crawler should cause none)
        self.base_url = ""          # set when the server is bound
        self.served = Counter()     # status -> count
        self.bodies_served = 0      # 200 responses with a body (what "fetched" means for recrawl tests)
        self.asked_at: dict[str, list[float]] = {}  # path -> monotonic times it was asked for (retry spacing)
        self.requests = 0           # every request received, answered or not
        self.dies_after: int | None = None  # the server "dies" after answering this many: later connections are reset
        self._lock = threading.Lock()

    @property
    def world(self):
        return self.farm.world

    @property
    def netloc(self) -> str:
        return urlsplit(self.base_url).netloc

    def route(self, req: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def reports(self) -> list:
        """The reports this site lists (its own, or copies of another site's); none by default."""
        return []

    def registry_hints(self) -> dict:
        """Registry keys the site needs to be read (list hints: crawler/lists/hinted.py); none by default."""
        return {}

    def served_bodies(self, report) -> tuple[str, ...]:
        """Which rendered bodies (simsites.content.render kinds) serving `report` here needs: the
        farm renders them all before it binds a port. Most sites show the report's HTML body."""
        return ("html",)

    def count(self, status: int) -> None:
        with self._lock:
            self.served[status] += 1
            if status == 200:
                self.bodies_served += 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TRS-WCM/7.0"
    site: Site = None  # set per server class

    def log_message(self, *args):  # quiet: tests and the demo read summaries, not access logs
        pass

    def _serve(self, method: str) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if method == "POST" and body:
            query.update({k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        req = Request(method, parts.path, query, {k.lower(): v for k, v in self.headers.items()}, body, self.path)
        with self.site._lock:
            self.site.asked_at.setdefault(parts.path, []).append(time.monotonic())
            self.site.requests += 1
            dead = self.site.dies_after is not None and self.site.requests > self.site.dies_after
        if dead:  # a server dying mid-crawl: the connection is torn down with no answer at all
            self._reset(b"")
            return
        try:
            if self.site.waf_on_queries and WAF_QUERY.search(unquote_plus(parts.query)):
                with self.site._lock:
                    self.site.waf_pages += 1
                resp = html(WAF_PAGE, cacheable=False)
            else:
                resp = self.site.route(req)
        except Exception as exc:  # noqa: BLE001 - a bug in a simulated page must not kill the server
            resp = html(f"<h1>500</h1><pre>{exc!r}</pre>", status=500, cacheable=False)
        if resp.delay:
            time.sleep(resp.delay)
        status, headers = resp.status, list(resp.headers)
        if status == 200 and resp.cacheable:
            etag = '"' + hashlib.sha1(resp.body).hexdigest()[:20] + '"'
            headers.append(("ETag", etag))
            if etag in (self.headers.get("If-None-Match") or ""):
                status = 304
        self.site.count(status)
        body = b"" if status == 304 or method == "HEAD" else resp.body
        try:
            self.send_response(status)
            if status != 304:
                self.send_header("Content-Type", resp.content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            if resp.reset_after is not None and body:
                self._reset(body[: resp.reset_after])
                return
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _reset(self, head: bytes) -> None:
        """A connection torn down mid-body (a proxy or server dying): RST, not a clean close."""
        self.wfile.write(head)
        self.wfile.flush()
        self.close_connection = True
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def do_GET(self):  # noqa: N802 - http.server naming
        self._serve("GET")

    def do_POST(self):  # noqa: N802
        self._serve("POST")

    def do_HEAD(self):  # noqa: N802
        self._serve("HEAD")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def start_server(site: Site, port: int = 0) -> _Server:
    """Bind `site` on 127.0.0.1:port (0 = any free port) and serve it from a daemon thread."""
    handler = type(f"Handler_{site.name}", (_Handler,), {"site": site})
    server = _Server(("127.0.0.1", port), handler)
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"simsite-{site.name}", daemon=True).start()
    return server
