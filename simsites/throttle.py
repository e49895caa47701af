"""Sites that push back on a crawler: 加速乐 (jiasule) 521 challenges and rate limits (gov_sites.md §3, §6.7).

* `jiasule` – a 知道创宇 加速乐 front (`127.0.0.1:8108`). Without cookies: **521** with
  `Set-Cookie: __jsluid_s=…` and a script that builds a first `__jsl_clearance_s` cookie from
  string pieces (`('_')+('_')+…`). With that cookie: a second **521** whose script calls
  `go({"bts":[a,b],"chars":"…","ct":"<sha1>","ha":"sha1","tn":"__jsl_clearance_s","vt":"3600","wt":"1500"})`:
  the clearance is `a + c1 + c2 + b` for the two characters of `chars` whose hash equals `ct` (the
  proof of work real clients brute-force in JS). With the solved cookie: **200** and the column.
  `solvable=False` hashes with an algorithm the page does not name (the client cannot solve it).
* `ratelimit` – more than `limit` (5) requests in one second → **429** with `Retry-After: 10`; the
  refused requests count too, so a client that does not wait stays refused.
* `ban` – more than `limit` requests in one second → **403** "访问频率过高" for every request during
  `ban_seconds` (60, as on real sites). The limit is 3, not the 20 of §6.7, so that a column of five
  reports trips it every time.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time

from simsites.faults import COL, _detail_html, detail_path
from simsites.http import Request, Response, Site, html, not_found_page
from simsites.world import Report

JSL_CHARS = "sdLKjbNxuqOEHGZfRCezVcBgAiMmhrJwYQvUFaToWpDXltyIkPnS"  # real pages ship a shuffled alphabet
CLEARANCE = "__jsl_clearance_s"
JSLUID = "__jsluid_s"
BAN_PAGE = "<html><head><title>访问受限</title></head><body><p>访问频率过高，请稍后再试。</p></body></html>"


def column_page(reports: list[Report]) -> Response:
    items = "".join(f'<li><a href="{detail_path(r)}">{r.title}</a></li>' for r in reports)
    return html(f'<html><head><meta charset="utf-8"><title>年报</title></head><body><ul>{items}</ul></body></html>')


def serve_column(site: Site, reports: list[Report], req: Request) -> Response:
    if req.path == COL:
        return column_page(reports)
    for r in reports:
        if req.path == detail_path(r):
            return _detail_html(r)
    return not_found_page()


class JiasuleSite(Site):
    flavour = "J"

    def __init__(self, farm, name="jiasule", solvable: bool = True):
        super().__init__(farm, name)
        self.solvable = solvable
        self._visitors = 0

    def reports(self) -> list[Report]:
        return self.world.on("J") if self.solvable else []

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    # --- the challenge, derived from the visitor's __jsluid_s so it is stable per visitor ----------
    @staticmethod
    def first_clearance(jsluid: str) -> str:
        return f"{1705300000 + int(jsluid[:4], 16)}.{int(jsluid[4:7], 16) % 1000:03d}|-1|"

    def puzzle(self, jsluid: str) -> tuple[dict, str]:
        """(go() parameters, the clearance they encode)."""
        rng = random.Random(jsluid)
        bts = [f"{1705300000 + rng.randint(0, 99999)}.{rng.randint(0, 999):03d}|0|{rng.randint(10**5, 10**6)}",
               "".join(rng.choice(JSL_CHARS) for _ in range(20)) + "%3D"]
        c1, c2 = rng.choice(JSL_CHARS), rng.choice(JSL_CHARS)
        clearance = bts[0] + c1 + c2 + bts[1]
        algo = "sha1" if self.solvable else "blake2b"  # unsolvable: the page says sha1, the server checks another hash
        ct = hashlib.new(algo, clearance.encode()).hexdigest()
        return {"bts": bts, "chars": JSL_CHARS, "ct": ct, "ha": "sha1", "tn": CLEARANCE, "vt": "3600", "wt": "1500"}, clearance

    def route(self, req: Request) -> Response:
        jsluid, clearance = req.cookie(JSLUID), req.cookie(CLEARANCE)
        if not jsluid:
            with self._lock:
                self._visitors += 1
                jsluid = hashlib.md5(f"{self.name}:{self._visitors}".encode()).hexdigest()
            return self._first(jsluid, set_cookie=True)
        params, solved = self.puzzle(jsluid)
        if clearance == solved:
            if req.path == "/robots.txt":
                return not_found_page()
            return serve_column(self, self.reports(), req)
        if clearance is None:
            return self._first(jsluid, set_cookie=False)
        script = ("<script>var _0x3c1a=['\\x63\\x68\\x61\\x72\\x73'];function go(_0x4e2f){var _0x5b=_0x4e2f['chars'].length;"
                  "/* … obfuscated brute force over chars, hash by ha, compare with ct … */}"
                  f"go({json.dumps(params, separators=(',', ':'))})</script>")
        return Response(521, script.encode(), "text/html", cacheable=False)

    def _first(self, jsluid: str, set_cookie: bool) -> Response:
        value = self.first_clearance(jsluid) + "Kq2%3D"
        pieces = ["_", "_", "jsl_clear", "ance_s="] + [value[i:i + 3] for i in range(0, len(value), 3)] + [";max-age=3600;path=/"]
        js = "+".join(f"('{p}')" for p in pieces)
        body = f"<script>document.cookie={js};location.href=location.pathname+location.search</script>"
        headers = [("Set-Cookie", f"{JSLUID}={jsluid}; max-age=31536000; path=/; HttpOnly")] if set_cookie else []
        return Response(521, body.encode(), "text/html", headers=headers, cacheable=False)


class _Limiter:
    """Requests in the last second, counting refused ones too (as real limiters do)."""

    def __init__(self):
        self._times: list[float] = []
        self._lock = threading.Lock()

    def hit(self) -> int:
        now = time.monotonic()
        with self._lock:
            self._times = [t for t in self._times if now - t < 1.0] + [now]
            return len(self._times)


class RateLimitSite(Site):
    """More than `limit` requests a second → 429 with Retry-After."""

    flavour = "L"

    def __init__(self, farm, name="ratelimit", limit: int = 5, retry_after: int = 10):
        super().__init__(farm, name)
        self.limit, self.retry_after = limit, retry_after
        self.limiter = _Limiter()

    def reports(self) -> list[Report]:
        return self.world.on("L")

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return not_found_page()
        if self.limiter.hit() > self.limit:
            return Response(429, b"<h1>429 Too Many Requests</h1>", "text/html", cacheable=False,
                            headers=[("Retry-After", str(self.retry_after))])
        return serve_column(self, self.reports(), req)


class BanSite(Site):
    """More than `limit` requests a second → 403 "访问频率过高" for `ban_seconds`."""

    flavour = "Z"

    def __init__(self, farm, name="ban", limit: int = 3, ban_seconds: float = 60.0):
        super().__init__(farm, name)
        self.limit, self.ban_seconds = limit, ban_seconds
        self.limiter = _Limiter()
        self.banned_until = 0.0

    def reports(self) -> list[Report]:
        return self.world.on("Z")

    def report_urls(self, r: Report) -> list[str]:
        return [self.base_url + detail_path(r)]

    def expect(self, r: Report) -> str:
        return "rate-limited"  # which reports get through before the ban depends on timing: archived or listed

    def route(self, req: Request) -> Response:
        if req.path == "/robots.txt":
            return not_found_page()
        now = time.monotonic()
        if self.limiter.hit() > self.limit:
            self.banned_until = max(self.banned_until, now + self.ban_seconds)
        if now < self.banned_until:
            return html(BAN_PAGE, status=403, cacheable=False)
        return serve_column(self, self.reports(), req)
