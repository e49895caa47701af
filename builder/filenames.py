"""An attachment's file name as servers send it: the one place it is read.

`Content-Disposition: attachment; …` comes in these forms (each has generated cases in
tests/crawl/test_filenames.py):

  filename*=UTF-8''%E5%B9%B4%E5%BA%A6.pdf    RFC 5987 / RFC 6266 (any charset: GBK'' too); wins over `filename`
  filename="%C4%EA%B6%C8.pdf"                percent-encoded bytes (GBK from a Java URLEncoder "GBK", or UTF-8)
  filename="年度.pdf" as raw GBK or UTF-8     the bytes of the name, which HTTP reads as latin-1
  filename="=?UTF-8?B?5bm05bqmLnBkZg==?="     RFC 2047 encoded words (some Java mail-derived servers)
  filename=report.pdf                        plain ASCII, quoted or not

Bytes whose charset is not declared are tried as UNDECLARED_CHARSETS, in order: UTF-8 first (a GBK
name of any length is almost never valid UTF-8, the reverse is common), then GB18030 (GBK's
superset). A name that none decodes is kept as received, never guessed. The WARC keeps a raw name
as `filename*=UTF-8''` of its latin-1 characters (warcio's header encoding): read back, those
characters' bytes are the name again (`_undo_latin1`). Without a usable header the
name is the URL's last path segment, decoded the same way (`/files/%C4%EA%B6%C8.pdf`)."""

from __future__ import annotations

import email.header
import re
from urllib.parse import unquote_to_bytes, urlsplit

UNDECLARED_CHARSETS = ("utf-8", "gb18030")
CHARSET_ALIASES = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030"}  # GBK's names, read as its superset

_EXTENDED = re.compile(r"""filename\*\s*=\s*["']?([\w!#$%&+^`{}~.-]*)'[\w-]*'([^;"'\s]+)""", re.I)   # RFC 5987: charset'lang'value
_QUOTED = re.compile(r'(?<![\w*])filename\s*=\s*"((?:[^"\\]|\\.)*)"', re.I)
_TOKEN = re.compile(r"(?<![\w*])filename\s*=\s*([^;\s\"]+)", re.I)
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENCODED_WORD = re.compile(r"=\?[\w-]+\?[bBqQ]\?.*?\?=")


def attachment_name(url: str, headers: list[tuple[str, str]]) -> str:
    """The attachment's name from `headers` (name, value as the HTTP layer decoded it: latin-1), else `url`."""
    for key, value in headers:
        if key.lower() == "content-disposition":
            name = disposition_name(value)
            if name:
                return name
    return _decoded_bytes(unquote_to_bytes(urlsplit(url).path.rsplit("/", 1)[-1])) or "index.html"


def disposition_name(value: str) -> str | None:
    """The file name a Content-Disposition value gives, or None when it names none."""
    m = _EXTENDED.search(value)
    if m:
        charset = CHARSET_ALIASES.get(m.group(1).lower(), m.group(1).lower() or "utf-8")
        raw = unquote_to_bytes(m.group(2))
        try:
            name = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            return _decoded_bytes(raw)  # a charset mislabelled or unknown: the undeclared ones
        return _undo_latin1(name) if charset == "utf-8" else name
    m = _QUOTED.search(value)
    name = re.sub(r"\\(.)", r"\1", m.group(1)) if m else None
    if name is None:
        m = _TOKEN.search(value)
        name = m.group(1) if m else None
    if not name:
        return None
    name = name.strip()
    if _ENCODED_WORD.search(name):
        return _encoded_words(name)
    if _PERCENT.search(name) and _is_ascii(name):
        return _decoded_bytes(unquote_to_bytes(name))
    try:
        raw = name.encode("latin-1")   # the bytes the server sent (HTTP's header decoding undone)
    except UnicodeEncodeError:
        return name                    # already characters (a header decoded upstream as UTF-8)
    return _decoded_bytes(raw) if not _is_ascii(name) else name


def _undo_latin1(name: str) -> str:
    """A UTF-8 `filename*` whose characters are all latin-1 is how the WARC keeps raw bytes: warcio
    writes a non-ASCII header value as `filename*=UTF-8''…` of its latin-1 characters, so a raw GBK
    or UTF-8 name comes back in that form. Its bytes are the name when a charset reads them."""
    if _is_ascii(name) or any(ord(c) > 0xFF for c in name):
        return name
    raw = name.encode("latin-1")
    for charset in UNDECLARED_CHARSETS:
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            continue
    return name


def _decoded_bytes(raw: bytes) -> str:
    for charset in UNDECLARED_CHARSETS:
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # as received: no charset reads it


def _encoded_words(name: str) -> str:
    out = []
    for part, charset in email.header.decode_header(name):
        if isinstance(part, str):
            out.append(part)
            continue
        try:
            out.append(part.decode(CHARSET_ALIASES.get((charset or "").lower(), charset or "utf-8")))
        except (LookupError, UnicodeDecodeError):
            out.append(_decoded_bytes(part))
    return "".join(out)


def _is_ascii(text: str) -> bool:
    return all(ord(c) < 128 for c in text)
