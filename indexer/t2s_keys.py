"""Which texts OpenCC's `t2s` conversion would leave unchanged, answered without loading OpenCC.

Loading OpenCC (its C module and the four `t2s` dictionaries) costs ~4.5 ms of a ~80 ms
`gia-search` process, to fold a query such as 行政复议 that t2s returns as it is. OpenCC
converts by longest match against its dictionaries' keys, replacing each match by its first
value: text in which no key with a *different* value occurs comes back unchanged (a key that
maps to itself, like 慰藉, only ever keeps text as it is). `t2s_keys.txt` lists those keys —
5,470 of them with opencc 1.4.2: 5,119 single characters (長) and 351 phrases (憑藉) — read from the
dictionaries named by opencc's own `t2s.json` with opencc's own `opencc_dict` tool
(`python -m indexer.t2s_keys` regenerates it; tests/index/test_t2s_keys.py checks the
shipped file against the installed opencc and the answers against OpenCC itself).

The file records the size of each dictionary it was read from; when the installed opencc's
dictionaries differ (another version), `unchanged()` answers False for everything and the
caller simply converts, as before.
"""

from __future__ import annotations

import os
from bisect import bisect_left

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "t2s_keys.txt")
CONFIG = "t2s.json"
_HEADER = "# dictionaries:"

_keys = None  # (single characters, {first character: phrases}) or False (unusable)
_plain: set[str] = set()  # characters known not to be single-character keys


def _opencc_share() -> str | None:
    """opencc's data folder (…/opencc/clib/share/opencc), found without importing opencc."""
    from importlib.util import find_spec

    try:
        spec = find_spec("opencc")
    except (ImportError, ValueError):
        return None
    for base in (spec.submodule_search_locations or []) if spec else []:
        share = os.path.join(base, "clib", "share", "opencc")
        if os.path.isfile(os.path.join(share, CONFIG)):
            return share
    return None


def _dict_files(share: str) -> list[str]:
    """The .ocd2 files t2s.json uses (normalization and conversion chain, groups included)."""
    import json

    with open(os.path.join(share, CONFIG), encoding="utf-8") as f:
        config = json.load(f)
    out: list[str] = []

    def walk(d):
        if d.get("type") == "group":
            for sub in d.get("dicts", []):
                walk(sub)
        else:
            out.append(d["file"])

    for step in config.get("normalization", []) + config.get("conversion_chain", []):
        walk(step["dict"])
    return out


def _fingerprint(share: str, files: list[str]) -> str:
    return " ".join(f"{name}={os.path.getsize(os.path.join(share, name))}" for name in files)


def generate() -> str:
    """The text of t2s_keys.txt for the installed opencc (runs opencc's `opencc_dict`)."""
    import subprocess
    import tempfile

    share = _opencc_share()
    if share is None:
        raise RuntimeError("opencc's data folder (opencc/clib/share/opencc/t2s.json) not found")
    clib = os.path.dirname(os.path.dirname(share))
    tool = os.path.join(clib, "bin", "opencc_dict")
    files = _dict_files(share)
    keys: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for name in files:
            out = os.path.join(tmp, name + ".txt")
            subprocess.run([tool, "-i", os.path.join(share, name), "-o", out, "-f", "ocd2", "-t", "text"],
                           check=True, capture_output=True)
            with open(out, encoding="utf-8") as f:
                for line in f:
                    key, _, values = line.rstrip("\n").partition("\t")
                    if key and values.split(" ")[0] != key:  # OpenCC takes the first value
                        keys.add(key)
    singles = "".join(sorted(k for k in keys if len(k) == 1))
    phrases = sorted(k for k in keys if len(k) > 1)
    # Line 2: every single-character key in one line (one frozenset() call to load).
    return f"{_HEADER} {_fingerprint(share, files)}\n{singles}\n" + "\n".join(phrases) + "\n"


def _load():
    global _keys
    _keys = False
    try:
        with open(DATA, encoding="utf-8") as f:
            header = f.readline()
            singles = f.readline().rstrip("\n")  # sorted: searched by bisection (a frozenset
            # of its 5,000 characters would cost ~0.6 ms to build, more than most queries take)
            body = f.read().split()
        share = _opencc_share()
        if share is None or not header.startswith(_HEADER):
            return
        names = [item.partition("=")[0] for item in header[len(_HEADER):].split()]
        if header[len(_HEADER):].strip() != _fingerprint(share, names):
            return  # another opencc's dictionaries: these keys may be wrong
    except OSError:
        return
    phrases: dict[str, list[str]] = {}
    for k in body:
        phrases.setdefault(k[0], []).append(k)
    _keys = (singles, phrases)


def unchanged(text: str) -> bool:
    """True when OpenCC's t2s is certain to return `text` as it is (False: it may change it,
    or the key list does not match the installed opencc)."""
    if _keys is None:
        _load()
    if not _keys:
        return False
    singles, phrases = _keys
    chars = set(text)
    new = chars - _plain  # texts of one archive share most characters: each is looked up once
    if new:
        n = len(singles)
        for c in new:
            i = bisect_left(singles, c)
            if i < n and singles[i] == c:
                return False
        _plain.update(new)
    for first in chars.intersection(phrases):
        for phrase in phrases[first]:
            if phrase in text:
                return False
    return True


if __name__ == "__main__":
    with open(DATA, "w", encoding="utf-8") as f:
        f.write(generate())
    print(f"wrote {DATA}")
