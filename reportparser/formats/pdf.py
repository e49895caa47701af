"""PDF reports: text in reading order, tables rebuilt from ruling lines.

Tables come from cell geometry, not from the text layer's line order: WPS/Jisupdf
PDFs put a two-line row label's numbers before the label, print '三、本年度办理结果'
one character per line, and wrap headers mid-word. Each ruled cell collects the
characters whose centres fall in it; its lines are joined (no spaces inside
Chinese words). A cell spanning several grid positions keeps its text at the
top-left and repeats it as `spanned` copies. A table cut by a page break is joined
to its continuation when the columns line up and the next page's part does not
start with a header; a cell split by the break ('（四）无' / '法提供') is rejoined.
Outside tables, a paragraph's wrapped lines are rejoined and page footers dropped.
"""

from __future__ import annotations

import bisect
import io
import re
import time

from reportparser.document import Cell, ExtractedDocument, Grid
from reportparser.formats import is_wide, join_lines
from reportparser.formats.ocr import PageRouter

MAX_PAGES = 200                  # a report is < 60 pages; beyond this is not a report
TIME_BUDGET = 90.0               # seconds per document; the rest of a pathological file is skipped
MAX_CHARS_PER_PAGE = 60_000      # pathological pages (vector text art) are read as text only
_SNAP = 2.0                      # points: cell edges closer than this are one grid line
_FOOTER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[/,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
_CID = re.compile(r"\(cid:\d+\)")
_TABLE_TITLE = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+条")
_LABEL_START = re.compile(r"^(?:[（(【\[]|\d+\s*[.、．]|[一二三四五六七八九十]+\s*、|第)")


def extract_pdf(data: bytes) -> ExtractedDocument:
    meta: dict = {"media_type": "application/pdf"}
    warnings: list[str] = []
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        return ExtractedDocument("", warnings=["pdfplumber not installed; PDF not read"], meta=meta)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:  # pdfminer raises many types for damaged files; pdfplumber wraps them
        if _caused_by(exc, PDFPasswordIncorrect):
            return ExtractedDocument("", warnings=["encrypted PDF: the empty password does not open it; not read"],
                                     meta=meta)
        return ExtractedDocument("", warnings=[_damage(exc, data)], meta=meta)
    with pdf:
        meta.update(_metadata(pdf))
        if _encrypted(pdf):
            meta["encrypted"] = True
            warnings.append("encrypted PDF opened with the empty password")
        meta["pages"] = len(pages)
        if len(pages) > MAX_PAGES:
            warnings.append(f"PDF has {len(pages)} pages; only the first {MAX_PAGES} read")
        blocks: list[list] = []        # per page: ("line", top, text) | ("table", top, grid)
        textless: list[int] = []
        cid = total = 0
        router = PageRouter()          # pages without a usable text layer go to OCR (formats/ocr.py)
        started = time.monotonic()
        for number, page in enumerate(pages[:MAX_PAGES], start=1):
            if time.monotonic() - started > TIME_BUDGET:
                warnings.append(f"PDF reading stopped after {TIME_BUDGET:.0f} s at page {number} of {len(pages)}")
                break
            try:
                page_blocks, n_chars, n_cid = _read_page(page, warnings, number)
            except Exception as exc:
                warnings.append(f"page {number} unreadable ({type(exc).__name__}: {exc})")
                page_blocks, n_chars, n_cid = [], 0, 0
            finally:
                page.close()   # frees the page's cached layout: bounded memory on long files
            if n_chars == 0 and n_cid == 0:
                textless.append(number)
            router.see(number, page_blocks, n_chars, n_cid)
            cid += n_cid
            total += n_chars
            blocks.append(page_blocks)
    cid, total, textless = router.ocr(data, blocks, warnings, meta, cid, total, textless)
    if cid:
        warnings.append(f"{cid} characters unreadable as (cid:NNN): a font without a Unicode map; dropped")
    if total == 0:
        n = len(blocks)
        if n and not cid:
            warnings.append(f"scanned PDF: no text layer ({n} pages); {router.note}")
        return ExtractedDocument("", warnings=warnings, meta=meta)
    if textless:
        warnings.append(f"pages without a text layer (scanned?): {_ranges(textless)}; {router.note}")
    tables = _join_across_pages(blocks)
    return ExtractedDocument(_render(blocks), tables=tables, warnings=warnings, meta=meta)


# ---------------------------------------------------------------- one page

def _read_page(page, warnings: list[str], number: int):
    from reportparser.formats.pdf_objects import use_fast_objects
    use_fast_objects(page)
    chars = page.chars
    n_cid = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if not chars:
        return [], 0, 0
    found = []
    if len(chars) <= MAX_CHARS_PER_PAGE:
        found = [t for t in page.find_tables() if t.cells]
    else:
        warnings.append(f"page {number}: {len(chars)} characters; tables not rebuilt")
    blocks: list[tuple] = []
    boxes = []
    for table in found:
        built = _grid(table, chars)
        if built is None:
            continue    # a one-column frame round a paragraph is not a table: its text stays text
        grid, xs, ys = built
        lead, trail = _peel_paragraph_rows(grid)
        if not grid:
            continue
        # peeled paragraph rows fall outside the table's box, so they read as ordinary lines
        box = (table.bbox[0], ys[lead], table.bbox[2], ys[len(ys) - 1 - trail])
        boxes.append(box)
        blocks.append(("table", box[1], grid, xs, list(grid)))   # [4]: this page's rows, for the text
    if boxes:
        outside = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
    else:
        outside = page
    lines = []
    for line in outside.extract_text_lines(return_chars=False):
        text = _CID.sub("", line["text"]).strip()
        if text:
            lines.append(("line", line["top"], text, line["x0"], line["x1"], line["bottom"] - line["top"], line["top"]))
    blocks += lines
    blocks.sort(key=lambda b: b[1])
    return _join_wrapped_lines(blocks, lines), len(chars) - n_cid, n_cid


def _join_wrapped_lines(blocks: list[tuple], lines: list[tuple]) -> list[tuple]:
    """Rejoin a paragraph's visual lines: a line reaching the right margin continues on
    the next line when that one is not indented (a new paragraph is). Keeps phrases like
    '政府' / '信息公开' whole for search and for narrative readers."""
    if len(lines) < 2:
        return blocks      # margins unknown: nothing joined, not even across the page break
    left = min(b[3] for b in lines)
    right = max(b[4] for b in lines)
    out: list[tuple] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (b[0] == "line" and prev is not None and prev[0] == "line" and len(prev) > 3 and len(b) > 3
                and prev[4] >= right - 1.5 * prev[5] and b[3] <= left + 0.5 * b[5]
                and b[1] - prev[6] < 3 * prev[5] and not _FOOTER.match(b[2]) and not _FOOTER.match(prev[2])):
            joined = join_lines(prev[2] + "\n" + b[2]) if is_wide(prev[2][-1]) or is_wide(b[2][0]) \
                else prev[2] + " " + b[2]
            out[-1] = ("line", prev[1], joined, prev[3], b[4], b[5], b[1])   # [6]: the last line's top
        else:
            out.append(b)
    # [7] reaches the right margin, [8] starts indented: what _render needs to join across pages
    return [b + (b[4] >= right - 1.5 * b[5], b[3] > left + 0.5 * b[5]) if b[0] == "line" and len(b) > 3 else b
            for b in out]


def _peel_paragraph_rows(grid: Grid) -> tuple[int, int]:
    """Full-width rows before a table's title row or after its last data row are
    paragraphs in a frame ruled together with the table (WPS text boxes): text, not
    table. Removes them; returns how many were taken from the top and the bottom."""
    lead = trail = 0
    while grid and _full_width(grid[0]) and not _TABLE_TITLE.match(grid[0][0].text):
        grid.pop(0)
        lead += 1
    while grid and _full_width(grid[-1]) and (len(grid[-1][0].text) >= 25 or not grid[-1][0].text):
        grid.pop()
        trail += 1
    return lead, trail


def _full_width(row: list[Cell]) -> bool:
    return not row[0].spanned and all(c.spanned and c.text == row[0].text for c in row[1:])


def _inside(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)


def _grid(table, chars) -> tuple[Grid, list[float], list[float]] | None:
    """The table's cells on a grid of all their edges (and the column and row edges);
    None for a one-column frame."""
    cells = table.cells
    xs = _snap([c[0] for c in cells] + [c[2] for c in cells])
    ys = _snap([c[1] for c in cells] + [c[3] for c in cells])
    n_cols, n_rows = len(xs) - 1, len(ys) - 1
    if n_cols < 2 or n_rows < 1:
        return None
    owner: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    spans = []
    for i, (x0, top, x1, bottom) in enumerate(cells):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        spans.append((i, r0, r1, c0, c1))
        for r in range(r0, r1):
            for c in range(c0, c1):
                if owner[r][c] is None:
                    owner[r][c] = i
    texts: dict[int, list] = {}
    x0t, topt, x1t, bottomt = table.bbox
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (x0t <= cx <= x1t and topt <= cy <= bottomt) or ch["text"].startswith("(cid:"):
            continue
        c = min(max(bisect.bisect_right(xs, cx) - 1, 0), n_cols - 1)
        r = min(max(bisect.bisect_right(ys, cy) - 1, 0), n_rows - 1)
        i = owner[r][c]
        # a position no ruled cell covers (an edge missing at a page top) still keeps its text
        texts.setdefault(i if i is not None else (r, c), []).append(ch)
    grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for i, r0, r1, c0, c1 in spans:
        if grid[r0][c0] is not None:
            continue
        text = _cell_text(texts.get(i, []), xs[c1] - xs[c0])
        for r in range(r0, r1):
            for c in range(c0, c1):
                if grid[r][c] is None:
                    grid[r][c] = Cell(text, spanned=(r, c) != (r0, c0))
    return [[cell if cell is not None else Cell(_cell_text(texts.get((r, c), [])))
             for c, cell in enumerate(row)] for r, row in enumerate(grid)], xs, ys


def _cell_text(chars: list, width: float | None = None) -> str:
    if not chars:
        return ""
    from reportparser.formats.pdf_objects import cell_text
    if width is not None and len(chars) > 1 and all(ch["text"] in _NUMBER_CHARS for ch in chars):
        wrapped = _wrapped_number(chars, width)
        if wrapped is not None:
            return wrapped
    return join_lines(cell_text(chars))


_NUMBER_CHARS = frozenset("0123456789.,+-% ")
CELL_PADDING = 14.0   # points: both side paddings of a cell (Word, WPS, LibreOffice: 0.19 cm each) and slack


def _wrapped_number(chars: list, width: float) -> str | None:
    """A number wrapped inside a narrow cell ('2' over '6' for 26) is one number: a line that
    fills the cell (the next line's first glyph would not fit beside it) continues on the next
    line with no space. Lines that do not fill the cell are separate numbers (None: read as text)."""
    lines: list[list] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if ch["text"] == " ":
            continue
        if lines and abs(ch["top"] - lines[-1][0]["top"]) < 0.5 * (ch["bottom"] - ch["top"]):
            lines[-1].append(ch)
        else:
            lines.append([ch])
    if len(lines) < 2:
        return None
    out = "".join(c["text"] for c in lines[0])
    for prev, line in zip(lines, lines[1:]):
        used = max(c["x1"] for c in prev) - min(c["x0"] for c in prev)
        following = line[0]["x1"] - line[0]["x0"]
        if used + following < width - CELL_PADDING:
            return None
        out += "".join(c["text"] for c in line)
    return out


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    i = bisect.bisect_left(edges, v - _SNAP)
    return min(i, len(edges) - 1)


# ---------------------------------------------------------------- tables across pages

def _join_across_pages(blocks: list[list]) -> list[Grid]:
    """All grids in order, a page's first table appended to the previous page's last
    when it continues it. Continuation rows stay referenced by the page blocks, so
    the rendered text shows the rejoined cells too."""
    tables: list[Grid] = []
    prev_last = None               # (grid in `tables`, column edges) ending the previous page
    for page_blocks in blocks:
        body = [b for b in page_blocks if not (b[0] == "line" and _FOOTER.match(b[2]))]
        last_target = None
        for b in page_blocks:
            if b[0] != "table":
                continue
            grid, edges = b[2], b[3]
            if b is body[0] and prev_last is not None and _continues(prev_last[0], prev_last[1], grid, edges):
                _append(prev_last[0], grid)
                last_target = prev_last
            else:
                tables.append(grid)
                last_target = (grid, edges)
        prev_last = last_target if body and body[-1][0] == "table" else None
    return tables


def _continues(prev: Grid, prev_edges: list[float], grid: Grid, edges: list[float]) -> bool:
    """Same columns (within a few points: pages shift), and the part on the new page
    starts with the repeated header, a row holding numbers, or an empty label cell."""
    if not grid or len(edges) != len(prev_edges):
        return False
    width = prev_edges[-1] - prev_edges[0]
    if max(abs(a - b) for a, b in zip(edges, prev_edges)) > max(6.0, width * 0.02):
        return False
    first = [c.text for c in grid[0]]
    return first == [c.text for c in prev[0]] or any(_is_number(t) for t in first) or not first[0]


def _append(prev: Grid, grid: Grid) -> None:
    repeated = 0
    while repeated < min(len(grid), len(prev)) and [c.text for c in grid[repeated]] == [c.text for c in prev[repeated]]:
        repeated += 1
    rows = grid[repeated:]
    if rows:
        _mend_split_cells(prev, rows)
    prev.extend(rows)
    if repeated:
        del grid[:repeated]


def _mend_split_cells(prev: Grid, rows: Grid) -> None:
    """Label cells cut by the page break: an empty top cell continues the label above
    it; a top cell starting mid-phrase ('法提供') is the rest of the one above. The rows on
    either side are one row cut by the break when they never both hold a number in one column
    (a cut row's numbers stand in one part); when both are whole rows, only a cell spanning
    rows (a group label, the vertical 三、本年度办理结果) can be cut: '规章' over '规范性文件'
    are two rows' labels."""
    last = prev[-1]
    whole_rows = any(_is_number(a.text) and _is_number(b.text) for a, b in zip(last, rows[0])
                     if not a.spanned and not b.spanned)
    for c, (above, below) in enumerate(zip(last, rows[0])):
        if not above.text or _is_number(above.text) or _is_number(below.text):
            continue
        if whole_rows and not _spans_rows(prev, rows, c):
            continue
        if below.text and _LABEL_START.match(below.text):
            continue
        if below.text and c + 1 < len(last) and last[c + 1].text == above.text and not below.spanned:
            continue   # a wider cell: handled at its own left column
        head = above.text
        joined = head + below.text if below.text else head
        if below.text:
            r = len(prev) - 1
            while r >= 0 and prev[r][c].text == head:
                prev[r][c].text = joined
                if not prev[r][c].spanned:
                    break
                r -= 1
        old = below.text
        for row in rows:
            if row[c].text != old or (row is not rows[0] and not row[c].spanned):
                break
            row[c] = Cell(joined, spanned=True)


def _spans_rows(prev: Grid, rows: Grid, c: int) -> bool:
    """The cell in column c runs over several rows on one side of the page break."""
    above_span = len(prev) > 1 and prev[-1][c].spanned and prev[-2][c].text == prev[-1][c].text
    below_span = len(rows) > 1 and rows[1][c].spanned and rows[1][c].text == rows[0][c].text
    return above_span or below_span


def _is_number(text: str) -> bool:
    t = text.replace(",", "").replace(" ", "")
    return bool(t) and bool(re.fullmatch(r"[+-]?\d+(?:\.\d+)?%?", t))


# ---------------------------------------------------------------- text

def _render(blocks: list[list]) -> str:
    """Page blocks as text lines; a paragraph running over a page break is one line."""
    out: list[str] = []
    open_paragraph = False         # the last line written reached the right margin of its page
    for page_blocks in blocks:
        page_start = True
        for block in page_blocks:
            if block[0] == "line":
                if _FOOTER.match(block[2]):
                    continue
                if page_start and open_paragraph and len(block) > 7 and not block[8]:
                    prev = out[-1]
                    out[-1] = join_lines(prev + "\n" + block[2]) if is_wide(prev[-1]) or is_wide(block[2][0]) \
                        else prev + " " + block[2]
                else:
                    out.append(block[2])
                open_paragraph = len(block) > 7 and block[7]
            else:
                for row in block[4]:
                    out.append("\t".join("" if c.spanned else c.text for c in row).rstrip("\t"))
                open_paragraph = False
            page_start = False
    return "\n".join(out)


def _metadata(pdf) -> dict:
    meta: dict = {}
    try:
        info = pdf.doc.info[0] if pdf.doc.info else {}
    except Exception:
        return meta
    for key, name in (("Title", "title"), ("Producer", "producer"), ("Creator", "creator"), ("Author", "author"),
                      ("CreationDate", "created"), ("ModDate", "modified")):
        value = _decode(info.get(key))
        if value:
            meta[name] = value
    return meta


def _decode(value) -> str:
    try:
        from pdfminer.pdftypes import resolve1
        value = resolve1(value)
    except Exception:
        pass
    if isinstance(value, bytes):
        if value.startswith(b"\xfe\xff"):
            text = value[2:].decode("utf-16-be", "replace")
        elif value.startswith(b"\xff\xfe"):           # WPS writes little-endian with a BOM
            text = value[2:].decode("utf-16-le", "replace")
        else:
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                from pdfminer.utils import decode_text
                text = decode_text(value)
    elif isinstance(value, str):
        text = value
    else:
        return ""
    return text.replace("\x00", "").strip()


def _encrypted(pdf) -> bool:
    try:
        return bool(pdf.doc.encryption)
    except Exception:
        return False


def _caused_by(exc: BaseException, kind: type) -> bool:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, kind) or any(isinstance(a, kind) for a in getattr(exc, "args", ())):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _damage(exc: Exception, data: bytes) -> str:
    inner = exc.__cause__ or exc.__context__ or exc     # pdfplumber wraps pdfminer's error
    hint = "" if b"%%EOF" in data[-1024:] else "; no %EOF marker: truncated download?"
    return f"damaged PDF ({type(inner).__name__}: {str(inner or exc)[:120]}){hint}; not read"


def _ranges(numbers: list[int]) -> str:
    out, start = [], numbers[0]
    for a, b in zip(numbers, numbers[1:] + [None]):
        if b != a + 1:
            out.append(f"{start}" if start == a else f"{start}-{a}")
            start = b
    return ", ".join(out)
