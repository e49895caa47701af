"""DOC / WPS (OLE2) reader: LibreOffice converts to DOCX, whose tables are then read."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from reportparser.document import Cell
from reportparser.formats import extract
from reportparser.formats import office
from reportparser.formats.office import convert, soffice

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")


def _docx_sample() -> bytes:
    spec = importlib.util.spec_from_file_location("docx_samples", Path(__file__).with_name("test_formats_docx.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.merged_table_docx()


@pytest.fixture(scope="module")
def doc_bytes() -> bytes:
    data, problem = convert(_docx_sample(), ".docx", "doc")
    assert data is not None, problem
    assert data.startswith(b"\xd0\xcf\x11\xe0")
    return data


@pytest.mark.slow
def test_doc_converted_keeps_merged_table(doc_bytes):
    doc = extract(doc_bytes, "report.doc")
    assert doc.meta["media_type"] == "application/msword" and doc.meta["converted_by"] == "libreoffice"
    h, v = "（本列数据的勾稽关系）", "三、本年度办理结果"
    assert doc.tables == [[
        [Cell(h), Cell(h, True), Cell("申请人情况"), Cell("申请人情况", True)],
        [Cell(h, True), Cell(h, True), Cell("自然人"), Cell("商业企业")],
        [Cell(v), Cell("（一）予以公开"), Cell("5"), Cell("1")],
        [Cell(v, True), Cell("（二）部分公开"), Cell("2"), Cell("0")],
        [Cell(v, True), Cell("（三）不予公开"), Cell("1"), Cell("0")],
    ]]
    assert doc.text.splitlines()[0] == "样例区2024年政府信息公开工作年度报告"


@pytest.mark.slow
def test_wps_extension_is_a_word_document(doc_bytes):
    doc = extract(doc_bytes, "report.wps")
    assert doc.tables and doc.tables[0][2][0] == Cell("三、本年度办理结果")


@pytest.mark.skipif(shutil.which("antiword") is None and shutil.which("catdoc") is None,
                    reason="neither antiword nor catdoc installed")
def test_text_fallback_without_libreoffice(doc_bytes, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    doc = extract(doc_bytes, "report.doc")
    assert "三、收到和处理政府信息公开申请情况" in doc.text
    assert "（一）予以公开" in doc.text
    assert doc.tables == []
    assert doc.warnings[0] == "LibreOffice not installed: doc tables not read"
    assert doc.warnings[1].endswith("tables not rebuilt")


def test_no_converter_at_all_warns(doc_bytes, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    doc = extract(doc_bytes, "report.doc")
    assert doc.text == ""
    assert doc.warnings == ["LibreOffice not installed: doc tables not read",
                            "no .doc converter installed (LibreOffice, antiword or catdoc); not read"]


def test_damaged_ole2_warns():
    doc = extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "report.doc")
    assert doc.text == "" and doc.tables == []
    assert doc.warnings and doc.warnings[0].startswith("damaged OLE2 container")


@pytest.mark.slow
def test_rtf_converted_and_read():
    doc = extract(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0 Annual report 2024\\par Line two\\par}", "r.doc")
    assert doc.text.splitlines() == ["Annual report 2024", "Line two"]
    assert doc.meta["media_type"] == "application/rtf" and doc.warnings == []
