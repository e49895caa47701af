"""Word shapes: DOCX with python-docx (real merged cells, East-Asian font set like Word does);
DOC, the same DOCX converted by LibreOffice headless (own profile dir, timeout; a clear error when
LibreOffice is not installed); and `pdf-office`, a PDF exported from the DOCX the way offices make
them (LibreOffice's writer_pdf_Export, as Word's or WPS's "save as PDF"): an A4 公文 page, tables
whose rows break across pages (a label cell cut by the break), header rows repeated on the next
page or not, and — with `narrow_columns` — number columns so narrow that a number wraps inside its
cell ('2' over '6' for 26) and the first label column stands one character a line.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import tempfile
import zipfile

from reportgen.document import Block, Table, grid, title_of

EAST_ASIA_FONTS = ["仿宋_GB2312", "宋体", "方正仿宋_GBK"]
# python-docx writes the current time into docProps/core.xml; pin it so the same seed gives the same bytes.
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _set_font(run, name: str, size_pt: float) -> None:
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Pt  # noqa: PLC0415

    run.font.size = Pt(size_pt)
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _table(document, t: Table, font: str, layout: dict | None = None) -> None:
    from docx.table import _Cell  # noqa: PLC0415

    g = grid(t)
    table = document.add_table(rows=len(g), cols=t.width)
    table.style = "Table Grid"
    size = 9
    if layout:
        size = layout["font_size"]
        _fix_widths(table, layout["widths"].get(t.name) or [layout["width"] / t.width] * t.width)
        if layout["repeat_header"]:
            _repeat_header_rows(table, t)
    # table.cell() rescans the whole table on every call; take the cells once (spans never overlap,
    # so each merge only touches its own cells).
    cells = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    for r, line in enumerate(g):
        for c, cell in enumerate(line):
            if cell is None:
                continue
            target = cells[r][c]
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(cells[r + cell.rowspan - 1][c + cell.colspan - 1])
            para = target.paragraphs[0]
            run = para.add_run(cell.text)
            _set_font(run, font, size)
            run.bold = cell.header


def _fix_widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths (Word's 'fixed column width'), written where Word and LibreOffice read
    them: the table grid, each cell's w:tcW and a fixed table layout."""
    from docx.oxml.ns import qn  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tbl_pr.append(layout)
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)
    for tr in table.rows:
        for cell, w in zip(tr.cells, widths_cm):
            cell.width = Cm(w)


def _repeat_header_rows(table, t: Table) -> None:
    """Mark the header rows 'repeat as header row at the top of each page' (w:tblHeader)."""
    from docx.oxml.ns import qn  # noqa: PLC0415

    for tr in table._tbl.tr_lst[:t.header_rows]:
        tr_pr = tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))


# A4 公文 page: 2.8 cm left, 2.6 cm right margins -> 15.6 cm of line
OFFICE_WIDTH_CM = 15.6


def office_layout(rng: random.Random, narrow: bool | None = None) -> dict:
    """Page and table geometry of an office-made PDF, drawn per report. Narrow: the number columns
    are 0.5-0.9 cm (the 总计 column wraps a two-digit number, the others a two- or three-digit one),
    the first label column 0.55-0.7 cm (one character a line)."""
    narrow = rng.random() < 0.5 if narrow is None else narrow
    font = rng.choice([9, 10, 10.5])
    if narrow:
        numbers = [round(rng.uniform(0.6, 0.9), 2) for _ in range(6)] + [round(rng.uniform(0.5, 0.62), 2)]
        first = round(rng.uniform(0.55, 0.7), 2)
    else:
        numbers = [1.25] * 7
        first = 1.1
    rest = OFFICE_WIDTH_CM - sum(numbers) - first
    apps = [first, rest * 0.35, rest * 0.65] + numbers
    review = [OFFICE_WIDTH_CM / 15] * 15
    if narrow:
        review = [round(rng.uniform(0.55, 0.9), 2) for _ in range(15)]
    active_first = rng.uniform(4.5, 7.0)
    active = [active_first] + [(OFFICE_WIDTH_CM - active_first) / 3] * 3
    return {"widths": {"applications": apps, "review_litigation": review, "active": active},
            "width": OFFICE_WIDTH_CM, "font_size": font, "repeat_header": rng.random() < 0.5,
            # a page break, then empty lines, before table 3 (and sometimes table 2): the table starts
            # low on a fresh page and breaks across pages, rows cut by the break
            "spacers": {"applications": rng.randint(10, 30), "active": rng.choice([0, 0, 14, 24])}}


def build_docx(blocks: list[Block], rng: random.Random, layout: dict | None = None) -> bytes:
    import docx  # noqa: PLC0415
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: PLC0415

    document = docx.Document()
    font = rng.choice(EAST_ASIA_FONTS)
    props = document.core_properties
    props.author = "Administrator"
    props.title = title_of(blocks)
    import datetime as _dt  # noqa: PLC0415

    props.created = props.modified = _dt.datetime(2020, 1, 1)
    props.last_modified_by = "Administrator"
    if layout:
        from docx.shared import Cm  # noqa: PLC0415

        section = document.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    for b in blocks:
        if b.kind == "table" and b.table is not None:
            spacers = (layout or {}).get("spacers", {}).get(b.table.name, 0)
            if spacers:
                from docx.enum.text import WD_BREAK  # noqa: PLC0415

                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            for _ in range(spacers):
                document.add_paragraph()
            _table(document, b.table, font, layout)
            continue
        para = document.add_paragraph()
        run = para.add_run(b.text)
        if b.kind == "title":
            _set_font(run, "方正小标宋简体", 18)
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif b.kind == "heading":
            _set_font(run, "黑体", 16)
        elif b.kind == "signature":
            _set_font(run, font, 16)
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            _set_font(run, font, 16)
    buf = io.BytesIO()
    document.save(buf)
    return _pin_zip_times(buf.getvalue())


def _pin_zip_times(data: bytes) -> bytes:
    """Rewrite the zip with fixed entry times (and fixed document dates: openpyxl stamps 'now' into
    docProps/core.xml on save) so output is byte-for-byte deterministic."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_doc(data: bytes, timeout: float = 120) -> bytes:
    return convert_docx(data, *CONVERTED["doc"], timeout)


def docx_to_pdf(data: bytes, timeout: float = 120) -> bytes:
    return convert_docx(data, *CONVERTED["pdf-office"], timeout)


def convert_docx(data: bytes, ext: str, target: str, timeout: float = 120) -> bytes:
    """The DOCX converted by LibreOffice headless to `target` (a --convert-to argument)."""
    return convert_many([data], ext, target, timeout)[0]


def convert_many(docs: list[bytes], ext: str, target: str, timeout: float = 120) -> list[bytes]:
    """Several DOCX converted by one LibreOffice run (its start-up is most of a conversion)."""
    exe = soffice()
    if not exe:
        raise RuntimeError(f"shape {ext!r} needs LibreOffice (soffice) to convert DOCX; install libreoffice-writer")
    with tempfile.TemporaryDirectory(prefix="reportgen-doc-") as tmp:
        sources = []
        for i, data in enumerate(docs):
            sources.append(os.path.join(tmp, f"report{i}.docx"))
            with open(sources[-1], "wb") as fh:
                fh.write(data)
        profile = "file://" + os.path.join(tmp, "profile")  # a private profile: parallel runs do not collide
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
               "--outdir", tmp, *sources]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout + 5 * len(docs), check=False)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"LibreOffice did not convert the DOCX within {timeout:.0f}s") from exc
        out = []
        for i in range(len(docs)):
            path = os.path.join(tmp, f"report{i}.{ext}")
            if not os.path.exists(path):
                raise RuntimeError(f"LibreOffice failed to convert the DOCX: "
                                   f"{proc.stderr.decode(errors='replace').strip()[:200]}")
            with open(path, "rb") as fh:
                out.append(fh.read())
        return out


# shape -> (file extension, LibreOffice --convert-to target) of the shapes made by converting a DOCX
CONVERTED = {"doc": ("doc", "doc:MS Word 97"), "pdf-office": ("pdf", "pdf:writer_pdf_Export")}


def render(blocks: list[Block], shape: str, rng: random.Random, *, truth=None, plan=None,
           narrow_columns: bool | None = None, convert: bool = True, **_ignored) -> bytes:
    """The shape's bytes; with convert=False, a converted shape's DOCX before conversion
    (generate_many converts many in one LibreOffice run)."""
    if shape == "pdf-office":
        data = build_docx(blocks, rng, office_layout(rng, narrow_columns))
    else:
        data = build_docx(blocks, rng)
    if shape in CONVERTED and convert:
        return convert_docx(data, *CONVERTED[shape])
    return data
