"""DOCX reports: paragraphs and tables in body order, merged cells read once.

python-docx's `row.cells` repeats a merged cell once per grid column it covers and
hides vertical merges behind proxy objects, so tables are read from the XML: each
`w:tc` advances the column by its `w:gridSpan`; a `w:vMerge` without "restart"
continues the cell above. Covered positions repeat the text as `spanned` copies.
"""

from __future__ import annotations

import zipfile

from reportparser.document import Cell, ExtractedDocument, Grid
from reportparser.formats import join_lines
from reportparser.formats.zipguard import ZipBomb, open_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_ROWS = 5_000
MAX_COLS = 200
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def extract_docx(data: bytes, media_type: str = MEDIA_TYPE) -> ExtractedDocument:
    meta: dict = {"media_type": media_type}
    try:
        body = _body(data, meta)
    except ZipBomb as exc:
        return ExtractedDocument("", warnings=[f"Word document refused: {exc}"], meta=meta)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        return ExtractedDocument("", warnings=[f"damaged Word document ({type(exc).__name__}: {exc}); not read"],
                                 meta=meta)
    except Exception as exc:  # lxml XMLSyntaxError and friends from broken parts
        return ExtractedDocument("", warnings=[f"Word document unreadable ({type(exc).__name__}: {exc})"], meta=meta)
    warnings: list[str] = []
    lines: list[str] = []
    tables: list[Grid] = []
    if body is None:
        warnings.append("Word document without a body")
    else:
        _walk(body, lines, tables, warnings)
    return ExtractedDocument("\n".join(lines), tables=tables, warnings=warnings, meta=meta)


def _body(data: bytes, meta: dict):
    """word/document.xml's w:body, read directly (python-docx refuses .docm and odd
    content types that WPS writes; the XML is what matters)."""
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    with open_zip(data) as z:   # every member proven to inflate within bounds (zipguard)
        root = etree.fromstring(z.read("word/document.xml"), parser)
        if "docProps/core.xml" in z.namelist():
            try:
                _core_properties(etree.fromstring(z.read("docProps/core.xml"), parser), meta)
            except Exception:  # broken docProps must not lose the body
                pass
    return root.find(W + "body")


def _walk(container, lines: list[str], tables: list[Grid], warnings: list[str]) -> None:
    for child in container.iterchildren():
        tag = child.tag
        if tag == W + "p":
            text = _paragraph_text(child)
            if text.strip():
                lines.append(text.strip())
        elif tag == W + "tbl" and child.find(".//" + W + "tbl") is not None:
            # a layout table wrapping the report's own tables: read its cells as body
            for tr in child.findall(W + "tr"):
                for tc in _row_cells(tr):
                    _walk(tc, lines, tables, warnings)
        elif tag == W + "tbl":
            grid = table_grid(child, warnings)
            if grid:
                tables.append(grid)
                for row in grid:
                    lines.append("\t".join("" if c.spanned else c.text for c in row).rstrip("\t"))
        elif tag in (W + "sdt", W + "customXml", W + "sdtContent", W + "ins", W + "smartTag"):
            content = child.find(W + "sdtContent") if tag == W + "sdt" else child
            if content is not None:
                _walk(content, lines, tables, warnings)


def _paragraph_text(p) -> str:
    """Runs' text with tabs and breaks; deleted text (w:delText) is not read."""
    out: list[str] = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "sym", W + "noBreakHyphen"):
        tag = el.tag
        if tag == W + "t":
            out.append(el.text or "")
        elif tag == W + "tab":
            if el.getparent() is not None and el.getparent().tag == W + "r":
                out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
    return "".join(out)


def _cell_text(tc) -> str:
    paragraphs = [_paragraph_text(p) for p in tc.iter(W + "p")]
    return join_lines("\n".join(paragraphs).replace("\t", " "))


def _int_attr(el, name: str, default: int) -> int:
    if el is None:
        return default
    try:
        return max(1, min(int(el.get(W + name, default)), MAX_COLS))
    except (TypeError, ValueError):
        return default


def table_grid(tbl, warnings: list[str] | None = None) -> Grid:
    """A `w:tbl` element as a Grid: gridSpan and vMerge honoured, each cell read once."""
    rows = tbl.findall(W + "tr")
    if len(rows) > MAX_ROWS:
        if warnings is not None:
            warnings.append(f"table of {len(rows)} rows cut to {MAX_ROWS}")
        rows = rows[:MAX_ROWS]
    grid: list[list[Cell | None]] = []
    origin: dict[tuple[int, int], tuple[int, int]] = {}   # (row, col) -> top-left of its merged cell
    for r, tr in enumerate(rows):
        row: list[Cell | None] = []
        tr_pr = tr.find(W + "trPr")
        before = _int_attr(tr_pr.find(W + "gridBefore") if tr_pr is not None else None, "val", 0)
        row.extend([Cell("")] * before)
        for tc in _row_cells(tr):
            tc_pr = tc.find(W + "tcPr")
            span = _int_attr(tc_pr.find(W + "gridSpan") if tc_pr is not None else None, "val", 1)
            vmerge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
            hmerge = tc_pr.find(W + "hMerge") if tc_pr is not None else None
            c = len(row)
            if hmerge is not None and hmerge.get(W + "val", "continue") != "restart" and row:
                top = origin.get((r, c - 1), (r, c - 1))
                for k in range(span):
                    row.append(Cell(grid[top[0]][top[1]].text if top[0] < r else row[top[1]].text, spanned=True))
                    origin[(r, c + k)] = top
                continue
            if vmerge is not None and vmerge.get(W + "val", "continue") != "restart" and r > 0:
                top = origin.get((r - 1, c))
                if top is not None:
                    text = grid[top[0]][top[1]].text
                    for k in range(span):
                        row.append(Cell(text, spanned=True))
                        origin[(r, c + k)] = origin.get((r - 1, c + k), top)
                    continue
            text = _cell_text(tc)
            for k in range(span):
                row.append(Cell(text, spanned=k > 0))
                origin[(r, c + k)] = (r, c)
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    if width == 0:
        return []
    return [[c if c is not None else Cell("") for c in row] + [Cell("") for _ in range(width - len(row))]
            for row in grid]


def _row_cells(tr):
    """`w:tc` children, including those wrapped in content controls / custom XML."""
    for el in tr.iterchildren():
        if el.tag == W + "tc":
            yield el
        elif el.tag in (W + "sdt", W + "customXml"):
            content = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            if content is not None:
                yield from (tc for tc in content.iter(W + "tc") if tc.getparent().tag != W + "tbl")


_CORE = {"{http://purl.org/dc/elements/1.1/}title": "title", "{http://purl.org/dc/elements/1.1/}creator": "author",
         "{http://purl.org/dc/terms/}created": "created", "{http://purl.org/dc/terms/}modified": "modified"}


def _core_properties(core, meta: dict) -> None:
    for el in core:
        name = _CORE.get(el.tag)
        if name and el.text and el.text.strip():
            meta[name] = el.text.strip()
