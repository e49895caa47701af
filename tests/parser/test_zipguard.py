"""Decompression bombs in zip containers (DOCX, XLSX, ODF): refused with one warning, bounded memory.
Broken samples are made here beside good ones: a bomb in a side part (docProps/core.xml, an XLSX
sheet, the ODF mimetype), a header that understates the inflated size, too many members."""

from __future__ import annotations

import io
import struct
import sys
import zipfile
from pathlib import Path

import pytest

from reportparser.formats import extract
from reportparser.formats.zipguard import MAX_MEMBER_BYTES, ZipBomb, open_zip

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))   # importlib mode: the shared helper
from peak_memory import run_with_peak  # noqa: E402
BOMB_BYTES = MAX_MEMBER_BYTES + 50_000_000   # zeros compress ~1000×: a ~110 KB member


def _docx(extra: dict[str, bytes]) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("某县人民政府2020年政府信息公开工作年度报告")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            if item.filename not in extra:
                z.writestr(item, src.read(item.filename))
        for name, payload in extra.items():
            z.writestr(name, payload)
    return out.getvalue()


def _zeros() -> bytes:
    return b"\0" * BOMB_BYTES


def test_a_good_docx_passes_the_guard():
    data = _docx({})
    open_zip(data).close()
    assert "年度报告" in extract(data, "r.docx").text


def test_bomb_in_core_properties_is_refused():
    doc = extract(_docx({"docProps/core.xml": _zeros()}), "r.docx")
    assert doc.text == "" and len(doc.warnings) == 1 and "docProps/core.xml" in doc.warnings[0]


def test_bomb_in_an_xlsx_sheet_is_refused():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "一、本年新收政府信息公开申请数量"
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, src.read(item.filename))
        z.writestr("xl/media/huge.bin", _zeros())
    doc = extract(out.getvalue(), "r.xlsx")
    assert doc.text == "" and any("xl/media/huge.bin" in w for w in doc.warnings)


def test_an_understated_size_header_is_caught_while_inflating():
    data = bytearray(_docx({"docProps/app.xml": _zeros()}))
    pos = 0   # forge that member's central-directory entry: uncompressed size 1 KB
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46: pos + 46 + name_len]) == b"docProps/app.xml":
            break
        pos += 4
    struct.pack_into("<I", data, pos + 24, 1024)
    with pytest.raises((ZipBomb, zipfile.BadZipFile)):
        open_zip(bytes(data)).close()
    doc = extract(bytes(data), "r.docx")
    assert doc.text == "" and len(doc.warnings) == 1


def test_too_many_members_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", b"<w:document/>")
        for i in range(5_001):
            z.writestr(f"x/{i}", b"")
    with pytest.raises(ZipBomb):
        open_zip(out.getvalue())


def test_parsing_a_bomb_stays_within_memory(tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_docx({"docProps/core.xml": b"\0" * 900_000_000}))
    proc, peak_kib = run_with_peak("parse", "--no-text", str(bomb))
    assert proc.returncode == 0 and "refused" in proc.stdout
    assert peak_kib < 1024 * 1024   # under 1 GiB
