"""Report bodies for the simulated sites, all from the report generator (reportgen).

Each agency publishes a consistent series: a year's report carries last year's figures forward
(`reportgen.history_from`), the template follows the year (legacy ≤2018, 2019 for 2019–2020, 2021
after), and a correction (`Report.revision`) is a new draw of the same agency and year.
`truth(report)` is the record the parser should produce for what the sites serve.

`body_html(report)` is the Word-pasted HTML fragment put into a detail page, `body_lines_html`
the Hanweb one-cell-per-line shape, `attachment(report, kind)` returns (bytes, media_type,
filename); `render(report, kind)` is any of them by name.

Rendering is slow (a PDF ~0.25 s, a DOCX 0.4 s, a `.doc` through LibreOffice ~7 s), so a farm
renders everything its sites serve before it binds a port (`LocalFarm.prerender`) and serving
only looks bodies up: a page rendered on first request, under a lock, behind a queue of others,
took longer than a crawler's download timeout (the flaky crawl tests of issue 12). `freeze()`
marks the end of pre-rendering; a body rendered after it is counted in `late_renders()` (a test
keeps that at zero). Bodies are cached in memory and, when $GIA_SIM_RENDER_CACHE names a folder
(the process farm sets one per parent process), on disk, so the next farm process of the same
test session or benchmark does not render them again.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import json
import os
import threading
import zlib
from collections import Counter
from pathlib import Path

import reportgen
from reportgen.templates import template_for_year

from simsites.world import Report

# Flaws real reports show, on some reports (one in N, by seed): sums that do not add up, cells left blank.
FLAWS = {"break_identities": 7, "blank_cells": 5}
Key = tuple  # (agency, year, revision): what a report's content depends on
RENDER_CACHE_ENV = "GIA_SIM_RENDER_CACHE"
_frozen = False
_late: Counter = Counter()


def freeze() -> None:
    """Pre-rendering is over: from now on a body rendered on request is a late render."""
    global _frozen
    _frozen = True


def thaw() -> None:
    """The farm is about to pre-render again (a report changed or was published)."""
    global _frozen
    _frozen = False


def late_renders() -> dict[str, int]:
    """Bodies rendered while serving (what pre-rendering missed), by renderer."""
    return dict(_late)


def _disk_path(name: str, key: tuple) -> Path | None:
    folder = os.environ.get(RENDER_CACHE_ENV)
    if not folder:
        return None
    digest = hashlib.sha1(repr((name, key)).encode("utf-8")).hexdigest()
    return Path(folder) / name / f"{digest}.body"


def _read_body(path: Path):
    """A rendered body as `_write_body` stored it: a JSON header line, then the raw bytes."""
    with open(path, "rb") as fh:
        head = json.loads(fh.readline())
        data = fh.read()
    return data.decode("utf-8") if head.get("text") else (data, head["media"], head["filename"])


def _write_body(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(value, str):
        head, data = {"text": True}, value.encode("utf-8")
    else:
        data, media, filename = value
        head = {"media": media, "filename": filename}
    tmp = path.with_name(f".tmp-{os.getpid()}-{threading.get_ident()}-{path.name}")
    with open(tmp, "wb") as fh:
        fh.write(json.dumps(head, ensure_ascii=False).encode("utf-8") + b"\n" + data)
    os.replace(tmp, path)  # another farm process may write the same body: last one wins, both whole


def _rendered(name: str, keyed_by: int = 1):
    """A renderer of one body, which depends on its first `keyed_by` arguments only (the content
    key, the attachment kind): counted when it runs after `freeze()`, kept on disk when a render
    cache folder is set."""
    def wrap(fn):
        @functools.wraps(fn)
        def renderer(*args):
            if _frozen:
                _late[name] += 1
            path = _disk_path(name, args[:keyed_by])
            if path is not None and path.exists():
                return _read_body(path)
            value = fn(*args)
            if path is not None:
                _write_body(path, value)
            return value
        return renderer
    return wrap


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
@_rendered("html")
def _body_html_cached(key: Key) -> str:
    seed, template, options = _options(key)
    return reportgen.render_html_body(seed, template, **options)[1]


def body_html(report: Report) -> str:
    """Word-pasted HTML body (tables with spans, blanks, `<br>` headers) of a report, without its title."""
    return _body_html_cached(_key(report))


@functools.lru_cache(maxsize=4096)
@_rendered("lines")
def _body_lines_cached(key: Key) -> str:
    seed, template, options = _options(key)
    text = reportgen.generate(seed, template, "txt-lines", **options).data.decode("utf-8")
    lines = text.split("\n", 1)[1].lstrip("\n").split("\n")  # the title is the page's own heading
    return "\n".join(f"<p>{html.escape(line)}</p>" if line else "<p>&nbsp;</p>" for line in lines).rstrip()


def body_lines_html(report: Report) -> str:
    """One `<p>` per cell, no `<table>` (the Hanweb one-cell-per-line shape)."""
    return _body_lines_cached(_key(report))


def _generated(report: Report, shape: str, **framing) -> tuple[bytes, str, str]:
    seed, template, options = _options(_key(report))
    made = reportgen.generate(seed, template, shape, **options, **framing)
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
    # no title printed: the link that lists the file is all that names it (simsites/downloads.py)
    "pdf-untitled": lambda r: _generated(r, "pdf", title_form="untitled"),
    "docx-untitled": lambda r: _generated(r, "docx", title_form="untitled"),
}


@functools.lru_cache(maxsize=2048)
@_rendered("attachment", keyed_by=2)  # (key, kind); the report only supplies its title
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


def render(report: Report, kind: str):
    """One body a site serves, by name: "html", "lines", or an attachment kind (ATTACHMENTS)."""
    if kind == "html":
        return body_html(report)
    if kind == "lines":
        return body_lines_html(report)
    return attachment(report, kind)
