"""Report bodies for the simulated sites, all from the report generator (reportgen).

Each agency publishes a consistent series: a year's report carries last year's figures forward
(`reportgen.history_from`), the template follows the year (legacy ≤2018, 2019 for 2019–2020, 2021
after), and a correction (`Report.revision`) is a new draw of the same agency and year.
`truth(report)` is the record the parser should produce for what the sites serve.

`body_html(report)` is the Word-pasted HTML fragment put into a detail page, `body_lines_html`
the Hanweb one-cell-per-line shape, `attachment(report, kind)` returns (bytes, media_type,
filename). Results are cached: pages are requested many times during a crawl and rendering PDFs
is the slow part of serving.
"""

from __future__ import annotations

import functools
import html
import io
import threading
import zlib

import reportgen
from reportgen.templates import template_for_year

from simsites.world import Report

# Flaws real reports show, on some reports (one in N, by seed): sums that do not add up, cells left blank.
FLAWS = {"break_identities": 7, "blank_cells": 5}
Key = tuple  # (agency, year, revision): what a report's content depends on


def _key(report: Report) -> Key:
    return report.agency, report.year, report.revision


def report_seed(agency: str, year: int, revision: int = 0) -> int:
    return zlib.crc32(f"simsites:{agency}:{year}:{revision}".encode())


@functools.lru_cache(maxsize=8192)
def _options(key: Key) -> tuple[int, str, dict]:
    """(seed, template, generator options) of one agency's report of one year. History comes from
    last year's first edition: a correction this year does not rewrite last year's report."""
    agency, year, revision = key
    template = template_for_year(year)
    prev = _truth((agency, year - 1, 0)) if year - 1 >= _first_year() else None
    history = reportgen.history_from(prev, template)
    seed = report_seed(agency, year, revision)
    flaws = {name: True for name, every in FLAWS.items() if seed % every == 0}
    return seed, template, {"agency": agency, "year": year, "history": history, **flaws}


@functools.lru_cache(maxsize=8192)
def _truth(key: Key) -> dict:
    seed, template, options = _options(key)
    return reportgen.make_truth(seed, template, **options)


def _first_year() -> int:
    from simsites.world import YEARS

    return YEARS[0]


def truth(report: Report) -> dict:
    """The generator's record of what the sites serve for this report now."""
    return _truth(_key(report))


@functools.lru_cache(maxsize=4096)
def _body_html_cached(key: Key) -> str:
    seed, template, options = _options(key)
    return reportgen.render_html_body(seed, template, **options)[1]


def body_html(report: Report) -> str:
    """Word-pasted HTML body (tables with spans, blanks, `<br>` headers) of a report, without its title."""
    return _body_html_cached(_key(report))


@functools.lru_cache(maxsize=4096)
def _body_lines_cached(key: Key) -> str:
    seed, template, options = _options(key)
    text = reportgen.generate(seed, template, "txt-lines", **options).data.decode("utf-8")
    lines = text.split("\n", 1)[1].lstrip("\n").split("\n")  # the title is the page's own heading
    return "\n".join(f"<p>{html.escape(line)}</p>" if line else "<p>&nbsp;</p>" for line in lines).rstrip()


def body_lines_html(report: Report) -> str:
    """One `<p>` per cell, no `<table>` (the Hanweb one-cell-per-line shape)."""
    return _body_lines_cached(_key(report))


def _generated(report: Report, shape: str) -> tuple[bytes, str, str]:
    seed, template, options = _options(_key(report))
    made = reportgen.generate(seed, template, shape, **options)
    return made.data, made.media_type, f"{report.title}.{made.filename.rsplit('.', 1)[-1]}"


def _encrypted(data: bytes) -> bytes:
    """The PDF with an owner password (opens without one, as such files do)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="", owner_password=f"owner-{zlib.crc32(data)}", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _pdf_html(report: Report) -> tuple[bytes, str, str]:
    page = "<html><head><title>错误</title></head><body><h1>文件不存在或已被删除</h1></body></html>"
    return page.encode("utf-8"), "text/html; charset=utf-8", f"{report.title}.pdf"


def _truncated_pdf(report: Report) -> tuple[bytes, str, str]:
    data, media, name = _generated(report, "pdf")
    return data[: len(data) // 2], media, name


def _encrypted_pdf(report: Report) -> tuple[bytes, str, str]:
    data, media, name = _generated(report, "pdf")
    return _encrypted(data), media, name


def _doc(report: Report) -> tuple[bytes, str, str]:
    try:
        return _generated(report, "doc")
    except RuntimeError:  # no LibreOffice to write the binary .doc: serve the DOCX bytes (sites do mislabel)
        return _generated(report, "docx")


def _scan_pdf(report: Report) -> tuple[bytes, str, str]:
    data, media, _name = _generated(report, "scan-pdf")
    return data, media, f"{report.title}（图片版）.pdf"


# attachment kind -> how it is made from the generator's shapes (declared once; served by every flavour)
ATTACHMENTS = {
    "pdf": lambda r: _generated(r, "pdf"),
    "docx": lambda r: _generated(r, "docx"),
    "doc": _doc,
    "scan-pdf": _scan_pdf,
    "pdf-encrypted": _encrypted_pdf,
    "pdf-truncated": _truncated_pdf,
    "pdf-html": _pdf_html,
}


@functools.lru_cache(maxsize=2048)
def _attachment_cached(key: Key, kind: str, report: Report) -> tuple[bytes, str, str]:
    if kind not in ATTACHMENTS:
        raise ValueError(f"unknown attachment kind {kind!r}")
    return ATTACHMENTS[kind](report)


_RENDER_LOCK = threading.Lock()  # the office/PDF writers are not known to be thread-safe; servers are threaded


_CACHED = ("_options", "_truth", "_body_html_cached", "_body_lines_cached", "_attachment_cached")


def size_caches(reports: int) -> None:
    """Let every cache hold a whole world of `reports` (a farm calls this when it is built). With
    fixed sizes a large --scale evicted bodies the crawl then asked for, and each re-render walked
    the agency's history back year by year: the benchmark measured the generator, not the crawler."""
    for name in _CACHED:
        cached = globals()[name]
        want = max(cached.cache_info().maxsize, 2 * reports)
        if want != cached.cache_info().maxsize:
            globals()[name] = functools.lru_cache(maxsize=want)(cached.__wrapped__)


def attachment(report: Report, kind: str) -> tuple[bytes, str, str]:
    with _RENDER_LOCK:
        return _attachment_cached(_key(report), kind, report)
