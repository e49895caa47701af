"""File names made from scraped text (agency, title) that can never escape the archive.

`../`, `/`, `\\`, NUL and control characters (C0 and C1), bidi overrides and isolates (U+202E
would show a name reversed), Windows-reserved names (CON, NUL, COM1…), leading dots and
over-long names all become plain, safe names.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_UNSAFE = re.compile('[\x00-\x1f\x7f-\x9f/\\\\:*?"<>|\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
MAX_NAME_BYTES = 120  # well under the 255-byte limit of common file systems, leaving room for suffixes


def safe_name(text: str | None, fallback: str = "unknown") -> str:
    """One path component, safe on Linux, macOS and Windows, that keeps Chinese text readable."""
    name = unicodedata.normalize("NFC", text or "")
    name = _UNSAFE.sub("_", name).strip().strip(".").strip()
    name = re.sub(r"\s+", " ", name)
    if not name or set(name) <= {"_", " ", "."}:
        name = fallback
    if name.split(".")[0].lower() in _RESERVED:
        name = "_" + name
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_NAME_BYTES:
        digest = hashlib.sha256(encoded).hexdigest()[:10]
        cut = encoded[: MAX_NAME_BYTES - 11].decode("utf-8", errors="ignore")
        name = f"{cut}~{digest}"
    return name
