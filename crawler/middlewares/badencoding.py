"""BadEncodingMiddleware: a `Content-Encoding` header on a body that is not encoded."""

from __future__ import annotations

from scrapy.responsetypes import responsetypes

from crawler.session import CrawlSession


class BadEncodingMiddleware:
    """`Content-Encoding: gzip` (or deflate/br) on a body that is not compressed — a misconfigured
    server. Scrapy's decompression would fail the request; the body is usable as received, so the
    false header is dropped (and counted) before HttpCompressionMiddleware sees it."""

    MAGIC = {b"gzip": (b"\x1f\x8b",), b"x-gzip": (b"\x1f\x8b",)}

    def __init__(self, session: CrawlSession):
        self.session = session

    @classmethod
    def from_crawler(cls, crawler):
        return cls(CrawlSession.of(crawler))

    def process_response(self, request, response):
        encodings = [e.strip().lower() for v in response.headers.getlist(b"Content-Encoding") for e in v.split(b",")]
        if not encodings or not response.body:
            return response
        last = encodings[-1]
        if (last in self.MAGIC and not response.body.startswith(self.MAGIC[last])) or (last in (b"deflate", b"br") and _plain(response.body)):
            site_id = self.session.site_of(request)
            if site_id is not None:
                self.session.states[site_id].note("bad_content_encoding", request.url)
            response.headers.pop(b"Content-Encoding", None)
            response = response.replace(cls=responsetypes.from_args(headers=response.headers, url=response.url, body=response.body))
        return response


def _plain(body: bytes) -> bool:
    """Looks like uncompressed text or a known document, not a compressed stream."""
    head = body[:64].lstrip()
    return head[:1] in (b"<", b"{", b"[") or head[:4] in (b"%PDF", b"PK\x03\x04")
