"""Input formats: sniff what the bytes are, hand them to the reader for that format.

Magic bytes decide first (a `.pdf` URL that served an HTML error page is HTML; a
download without an extension is still a PDF); the file name and media type are
only hints for what bytes cannot tell apart (HTML-ish text vs plain text). Every
reader returns an ExtractedDocument; nothing raises for bad input — what could not
be read becomes a warning.
"""

from __future__ import annotations

import gzip
import io
import re
import zipfile
from pathlib import PurePosixPath

from reportparser.document import ExtractedDocument

MAX_INPUT_BYTES = 60_000_000      # bigger binaries are refused (a report is < 20 MB)
MAX_GZIP_BYTES = 60_000_000       # a gzip body is inflated at most this far
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# name / media-type hints: used only when the bytes themselves are ambiguous
_HTML_EXT = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
_TEXT_EXT = {".txt", ".text", ".csv"}
_STRONG_HTML = re.compile(rb"^(?:<!--|<!doctype\s+html|<html|<head|<body|<meta|<title|<\?xml[^>]*>\s*(?:<!doctype\s+html|<html))",
                          re.I)
_MHT = re.compile(rb"^\s*(?:[\w-]+:[^\r\n]*\r?\n)*MIME-Version:\s*1\.0", re.I)   # Word/IE "web archive" (.mht, often saved as .doc)
_WEAK_HTML = re.compile(rb"<(?:body|table|div|p|br|span)\b", re.I)


def extract(data: bytes, filename: str | None = None, media_type: str | None = None,
            url: str | None = None) -> ExtractedDocument:
    """Any report file as text + tables. Never raises for bad input."""
    kind = sniff(data, filename, media_type, url)
    if kind == "empty":
        return _empty("empty file: nothing to read", "application/octet-stream")
    if kind not in ("html", "text") and len(data) > MAX_INPUT_BYTES:
        return _empty(f"{kind} file of {len(data)} bytes exceeds the {MAX_INPUT_BYTES / 1e6:g} MB limit; not read",
                      _MEDIA.get(kind, "application/octet-stream"))
    try:
        return _READERS[kind](data, url)
    except MemoryError:
        return _empty(f"{kind} file too large to read in memory", _MEDIA.get(kind, "application/octet-stream"))
    except Exception as exc:  # a reader bug must not lose the document: say what failed
        return _empty(f"{kind} reader failed ({type(exc).__name__}: {exc})", _MEDIA.get(kind, "application/octet-stream"))


def sniff(data: bytes, filename: str | None = None, media_type: str | None = None, url: str | None = None) -> str:
    """One of: pdf docx xlsx odf ole2 rtf gzip mht zip image html text binary empty."""
    if not data or not data.strip():
        return "empty"
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(OLE2_MAGIC):
        return "ole2"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"\x1f\x8b"):
        return "gzip"
    if _MHT.match(head):
        return "mht"
    if _image_kind(data):
        return "image"
    ext = _extension(filename) or _extension(url)
    mt = (media_type or "").lower()
    text_head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _STRONG_HTML.match(text_head):
        return "html"
    if _looks_binary(data):
        return "binary"
    hinted_text = ext in _TEXT_EXT or mt.startswith("text/plain")
    if ext in _HTML_EXT or "html" in mt:
        return "html"
    if not hinted_text and _WEAK_HTML.search(data[:4096]):
        return "html"
    return "text"


def join_lines(text: str) -> str:
    """A cell's or paragraph's wrapped lines as one string: no space where either side
    of a break (or a stray space) is Chinese, one space between Latin words/numbers."""
    parts = [p.strip() for p in text.replace("\r", "\n").split("\n")]
    out = ""
    for p in parts:
        if not p:
            continue
        if out and not (is_wide(out[-1]) or is_wide(p[0])):
            out += " "
        out += p
    return _CJK_SPACE.sub("", " ".join(out.split()))


_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u201c\u201d"
_CJK_SPACE = re.compile(rf"(?<=[{_WIDE}]) (?=[{_WIDE}])")


def is_wide(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or ch in "“”"


def _extension(name: str | None) -> str:
    if not name:
        return ""
    path = name.split("?", 1)[0].split("#", 1)[0]
    return PurePosixPath(path).suffix.lower()


def _zip_kind(data: bytes) -> str:
    from reportparser.formats.zipguard import read_member

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:   # names only: the members are inflated later, through zipguard
            names = set(z.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and read_member(z, "mimetype", 200).startswith(b"application/vnd.oasis.opendocument"):
                return "odf"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError):
        return "zip"
    return "zip"


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):   # UTF-16 text has NULs by design
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b != 27)
    return controls > len(sample) * 0.05


def _empty(warning: str, media_type: str) -> ExtractedDocument:
    return ExtractedDocument(text="", warnings=[warning], meta={"media_type": media_type})


# ---------------------------------------------------------------- readers by kind (imported lazily)

def _read_pdf(data: bytes, url):
    from reportparser.formats.pdf import extract_pdf
    return extract_pdf(data)


def _read_docx(data: bytes, url):
    from reportparser.formats.docx import extract_docx
    return extract_docx(data)


def _read_xlsx(data: bytes, url):
    from reportparser.formats.xls import extract_xlsx
    return extract_xlsx(data)


def _read_ole2(data: bytes, url):
    from reportparser.formats.office import extract_ole2
    return extract_ole2(data)


def _read_converted(kind: str):
    def read(data: bytes, url):
        from reportparser.formats.office import extract_by_conversion
        return extract_by_conversion(data, kind)
    return read


def _read_html(data: bytes, url):
    from reportparser.formats.html import extract_html
    return extract_html(data, url=url)


def _read_text(data: bytes, url):
    from reportparser.formats.text import extract_text
    return extract_text(data)


def _read_gzip(data: bytes, url):
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as g:
            inner = g.read(MAX_GZIP_BYTES + 1)
    except (OSError, EOFError, ValueError) as exc:
        return _empty(f"gzip data could not be inflated ({exc})", "application/gzip")
    if len(inner) > MAX_GZIP_BYTES:
        return _empty(f"gzip data inflates beyond {MAX_GZIP_BYTES / 1e6:g} MB; not read", "application/gzip")
    if inner.startswith(b"\x1f\x8b"):
        return _empty("gzip inside gzip; not read", "application/gzip")
    doc = extract(inner, None, None, url)
    doc.warnings.insert(0, "body was gzip-compressed; inflated")
    return doc


def _read_mht(data: bytes, url):
    """MIME HTML: the first text/html part, decoded, read as HTML."""
    import email
    import email.policy
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                html = part.get_payload(decode=True) or b""
                charset = part.get_content_charset()
                if charset and not re.search(rb"<meta[^>]+charset", html[:4096], re.I):
                    try:
                        html = html.decode(charset).encode("utf-8")
                    except (LookupError, UnicodeDecodeError):
                        pass
                doc = _read_html(html, url)
                doc.meta["media_type"] = "multipart/related"
                return doc
    except Exception as exc:  # the email parser is lenient; this is for the truly broken
        return _empty(f"MIME HTML archive unreadable ({type(exc).__name__}: {exc})", "multipart/related")
    return _empty("MIME HTML archive without an HTML part; not read", "multipart/related")


def _read_zip(data: bytes, url):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = z.namelist()
        what = f"zip archive that is not a Word or Excel document ({len(names)} entries: {', '.join(names[:5])})"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        what = "damaged zip archive (a truncated DOCX/XLSX?); not read"
    return _empty(what, "application/zip")


def _image_kind(data: bytes) -> bool:
    from reportparser.formats.ocr import image_media_type
    return image_media_type(data) is not None


def _read_image(data: bytes, url):
    from reportparser.formats.ocr import extract_image
    return extract_image(data)


def _read_binary(data: bytes, url):
    return _empty(f"unrecognised binary data ({len(data)} bytes, starts {data[:8].hex()}); not read",
                  "application/octet-stream")


_READERS = {"pdf": _read_pdf, "docx": _read_docx, "xlsx": _read_xlsx, "ole2": _read_ole2,
            "odf": _read_converted("odf"), "rtf": _read_converted("rtf"), "gzip": _read_gzip, "zip": _read_zip, "mht": _read_mht,
            "html": _read_html, "text": _read_text, "binary": _read_binary, "image": _read_image}
_MEDIA = {"pdf": "application/pdf",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "ole2": "application/x-ole-storage", "odf": "application/vnd.oasis.opendocument.text",
          "rtf": "application/rtf", "gzip": "application/gzip", "zip": "application/zip"}
