"""Clearing a 加速乐 (jiasule, 知道创宇) 521 challenge without a browser (gov_sites.md §3).

A jiasule front answers 521 twice before it serves the page:

1. `Set-Cookie: __jsluid_s=…` and `<script>document.cookie=('_')+('_')+('jsl_clear')+…;location.href=…`:
   the cookie is the concatenation of the string pieces (real pages also mix in small JS number
   tricks; pages this module cannot read come back as None, and the site is reported blocked).
2. `go({"bts":[a,b],"chars":C,"ct":H,"ha":"sha1|md5|sha256","tn":NAME,…})`: the clearance cookie
   NAME is `a + x + y + b` for the characters x, y of C whose `ha` hash is H — at most len(C)²
   hashes (~2,700), a millisecond in Python.

`clearance(body)` returns the (name, value) cookie the page asks for, or None.
"""

from __future__ import annotations

import hashlib
import json
import re

_GO = re.compile(r"go\((\{.*?\})\)", re.S)
_COOKIE_JS = re.compile(r"document\.cookie\s*=\s*((?:\(\s*'[^']*'\s*\)\s*\+?\s*)+)")
_PIECE = re.compile(r"\(\s*'([^']*)'\s*\)")
HASHES = {"sha1", "md5", "sha256"}


def solve(params: dict) -> str | None:
    """The clearance value for go() parameters, or None when no pair of characters fits."""
    try:
        bts, chars, target, algo = params["bts"], params["chars"], params["ct"], params.get("ha", "sha1")
        head, tail = bts[0], bts[-1]
    except (KeyError, IndexError, TypeError):
        return None
    if algo not in HASHES or not isinstance(chars, str) or len(chars) > 200:
        return None
    for x in chars:
        for y in chars:
            candidate = head + x + y + tail
            if hashlib.new(algo, candidate.encode()).hexdigest() == target:
                return candidate
    return None


def clearance(body: bytes | str) -> tuple[str, str] | None:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    m = _GO.search(text)
    if m:
        try:
            params = json.loads(m.group(1))
        except ValueError:
            return None
        value = solve(params)
        return (params.get("tn") or "__jsl_clearance_s", value) if value else None
    m = _COOKIE_JS.search(text)
    if m:
        cookie = "".join(_PIECE.findall(m.group(1))).split(";", 1)[0]
        name, eq, value = cookie.partition("=")
        if eq and name.startswith("__jsl"):
            return name, value
    return None
