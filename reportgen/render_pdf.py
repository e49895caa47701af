"""PDF shapes with reportlab and the built-in CID font STSong-Light (no font file needed):
ruled tables with real spans, page footers '- 1 -', tables that cross pages. Scans and PDFs with a
broken text layer are made from this PDF by render_scan.
`framed_paragraphs=True` prints what WPS prints when a text box sits on a table: the paragraphs
right before table 2 and a note after it ruled into the table as full-width rows.
"""

from __future__ import annotations

import io
import random

from reportgen.document import Block, Table, grid, title_of

FONT = "STSong-Light"


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: PLC0415

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _col_widths(t: Table, total: float) -> list[float]:
    if t.name == "applications":
        label = [48, 62, 125]
        rest = (total - sum(label)) / 7
        return label + [rest] * 7
    if t.name == "active":
        return [total * 0.31] + [total * 0.23] * 3
    if t.name == "legacy":
        return [total * 0.6, total * 0.15, total * 0.25]
    return [total / t.width] * t.width


def _flow_table(t: Table, styles, width: float):
    from reportlab.lib import colors  # noqa: PLC0415
    from reportlab.platypus import Paragraph, Table as RLTable, TableStyle  # noqa: PLC0415

    g = grid(t)
    data, spans = [], []
    for r, line in enumerate(g):
        row = []
        for c, cell in enumerate(line):
            if cell is None:
                row.append("")
                continue
            style = styles["num"] if cell.number else (styles["head"] if cell.header else styles["cell"])
            row.append(Paragraph(cell.text.replace("&", "&amp;").replace("<", "&lt;"), style) if cell.text else "")
            if cell.rowspan > 1 or cell.colspan > 1:
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        data.append(row)
    table = RLTable(data, colWidths=_col_widths(t, width), repeatRows=0)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)] + spans))
    return table


def _styles(font: str = FONT):
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415

    base = ParagraphStyle("base", fontName=font, fontSize=11, leading=17, wordWrap="CJK", firstLineIndent=22)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=24, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=12),
        "para": base,
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, spaceBefore=6),
        "signature": ParagraphStyle("signature", parent=base, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK"),
        "head": ParagraphStyle("head", fontName=font, fontSize=8, leading=10, wordWrap="CJK", alignment=TA_CENTER),
        "num": ParagraphStyle("num", fontName=font, fontSize=8, leading=10, alignment=TA_CENTER),
    }


FRAME_NOTE = "注：本表数据统计期限与本报告一致，部分事项按当年实际办理情况统计，不含跨年度办理事项。"


def framed(blocks: list[Block]) -> list[Block]:
    """The paragraphs right before table 2 (back to its heading) moved into the table as full-width
    rows on top, and a note as a full-width row under it: a text box ruled together with the table."""
    from reportgen.document import Cell  # noqa: PLC0415

    out: list[Block] = []
    for b in blocks:
        if b.kind == "table" and b.table is not None and b.table.name == "active":
            paras = []
            while out and out[-1].kind == "para":
                paras.insert(0, out.pop())
            t = b.table
            top = [[Cell(p.text, colspan=t.width)] for p in paras]
            b = Block("table", table=type(t)(t.name, t.width, top + t.rows + [[Cell(FRAME_NOTE, colspan=t.width)]],
                                              t.header_rows, t.truncated, t.markdown_header))
        out.append(b)
    return out


def render_text_pdf(blocks: list[Block], rng: random.Random, table_across_pages: bool | None = None,
                    framed_paragraphs: bool = False, font: str | None = None, compress: bool = True) -> bytes:
    """font: a registered font name to use instead of the built-in CID font; compress=False leaves
    streams (font CMaps too) uncompressed. render_scan uses both to break a ToUnicode map."""
    _register()
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    styles = _styles(font or FONT)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=50, bottomMargin=50,
                            title=title_of(blocks), author="", creator="Microsoft Word", invariant=1,
                            pageCompression=None if compress else 0)
    across = rng.random() < 0.5 if table_across_pages is None else table_across_pages
    if framed_paragraphs:
        blocks = framed(blocks)
    story = []
    for b in blocks:
        if b.kind == "table" and b.table is not None:
            if across and b.table.name == "applications":
                # Push table 3 down the page so it has to break across pages, as in real PDFs.
                story.append(Spacer(1, 480))
            story.append(_flow_table(b.table, styles, A4[0] - 80))
            story.append(Spacer(1, 8))
        else:
            story.append(Paragraph(b.text.replace("&", "&amp;").replace("<", "&lt;"), styles.get(b.kind, styles["para"])))

    def footer(canvas, doc_):
        canvas.saveState()
        canvas.setFont(font or FONT, 10)
        canvas.drawCentredString(A4[0] / 2, 25, f"- {doc_.page} -")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


def render(blocks: list[Block], shape: str, rng: random.Random, *, truth=None, plan=None,
           table_across_pages: bool | None = None, framed_paragraphs: bool = False, **_ignored) -> bytes:
    return render_text_pdf(blocks, rng, table_across_pages, framed_paragraphs)
