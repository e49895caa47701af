"""Word shapes: DOCX with python-docx (real merged cells, East-Asian font set like Word does) and
DOC, the same DOCX converted by LibreOffice headless (own profile dir, timeout; a clear error when
LibreOffice is not installed).
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


def _table(document, t: Table, font: str) -> None:
    from docx.table import _Cell  # noqa: PLC0415

    g = grid(t)
    table = document.add_table(rows=len(g), cols=t.width)
    table.style = "Table Grid"
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
            _set_font(run, font, 9)
            run.bold = cell.header


def build_docx(blocks: list[Block], rng: random.Random) -> bytes:
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
    for b in blocks:
        if b.kind == "table" and b.table is not None:
            _table(document, b.table, font)
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
    exe = soffice()
    if not exe:
        raise RuntimeError("shape 'doc' needs LibreOffice (soffice) to convert DOCX to DOC; install libreoffice-writer")
    with tempfile.TemporaryDirectory(prefix="reportgen-doc-") as tmp:
        src = os.path.join(tmp, "report.docx")
        with open(src, "wb") as fh:
            fh.write(data)
        profile = "file://" + os.path.join(tmp, "profile")  # a private profile: parallel runs do not collide
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "doc:MS Word 97",
               "--outdir", tmp, src]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"LibreOffice did not convert the DOCX within {timeout:.0f}s") from exc
        out = os.path.join(tmp, "report.doc")
        if not os.path.exists(out):
            raise RuntimeError(f"LibreOffice failed to convert the DOCX: {proc.stderr.decode(errors='replace').strip()[:200]}")
        with open(out, "rb") as fh:
            return fh.read()


def render(blocks: list[Block], shape: str, rng: random.Random, *, truth=None, plan=None, **_ignored) -> bytes:
    data = build_docx(blocks, rng)
    if shape == "doc":
        return docx_to_doc(data)
    return data
