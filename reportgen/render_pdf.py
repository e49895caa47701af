"""PDF shapes with reportlab and the built-in CID font STSong-Light (no font file needed):
ruled tables with real spans, page footers '- 1 -', tables that cross pages; and `scan-pdf`,
pages that hold only an image (no text layer), like a scanned 图片版 report.

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


def _styles():
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415

    base = ParagraphStyle("base", fontName=FONT, fontSize=11, leading=17, wordWrap="CJK", firstLineIndent=22)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=24, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=12),
        "para": base,
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, spaceBefore=6),
        "signature": ParagraphStyle("signature", parent=base, alignment=TA_RIGHT),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK"),
        "head": ParagraphStyle("head", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK", alignment=TA_CENTER),
        "num": ParagraphStyle("num", fontName=FONT, fontSize=8, leading=10, alignment=TA_CENTER),
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
                    framed_paragraphs: bool = False) -> bytes:
    _register()
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer  # noqa: PLC0415

    styles = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=50, bottomMargin=50,
                            title=title_of(blocks), author="", creator="Microsoft Word", invariant=1)
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
        canvas.setFont(FONT, 10)
        canvas.drawCentredString(A4[0] / 2, 25, f"- {doc_.page} -")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


def _font(size: int):
    from PIL import ImageFont  # noqa: PLC0415

    for path in ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def render_scan_pdf(blocks: list[Block], rng: random.Random) -> bytes:
    """Pages that are only images: the text is drawn into a bitmap, nothing is extractable."""
    from PIL import Image, ImageDraw  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.utils import ImageReader  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    lines: list[str] = []
    for b in blocks:
        if b.table is not None:
            for line in grid(b.table):
                lines.append("  ".join(c.text for c in line if c is not None and c.text))
        else:
            text = b.text
            while len(text) > 38:
                lines.append(text[:38])
                text = text[38:]
            lines.append(text)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    font = _font(22)
    per_page = 48
    for start in range(0, min(len(lines), per_page * 3), per_page):  # scans of the first pages only
        img = Image.new("L", (850, 1200), 250)
        draw = ImageDraw.Draw(img)
        for i, text in enumerate(lines[start:start + per_page]):
            draw.text((40 + rng.randint(0, 3), 30 + i * 24), text, fill=rng.randint(10, 60), font=font)
        png = io.BytesIO()
        img.save(png, format="PNG", optimize=False)
        png.seek(0)
        pdf.drawImage(ImageReader(png), 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def render(blocks: list[Block], shape: str, rng: random.Random, *, truth=None, plan=None,
           table_across_pages: bool | None = None, framed_paragraphs: bool = False, **_ignored) -> bytes:
    if shape == "scan-pdf":
        return render_scan_pdf(blocks, rng)
    return render_text_pdf(blocks, rng, table_across_pages, framed_paragraphs)
