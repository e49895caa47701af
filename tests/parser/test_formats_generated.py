"""Generated PDF / DOCX / DOC / XLSX reports read back to the generator's truth.

reportgen renders the same report in every shape; through these readers the
parser must return the numbers and fields exactly (the XLSX shape carries no
publication date, so `published` is not compared for it).
"""

import pytest

import reportgen
from reportparser import parse_bytes
from reportparser.formats.office import soffice

FIELDS = ("title", "agency", "agency_kind", "level", "province", "city", "county", "year", "published", "template",
          "script")
CASES = [(shape, tpl, script, seed) for shape in ("pdf", "docx", "xlsx") for tpl in ("2019", "2021")
         for script, seed in (("simplified", 0), ("traditional", 1))]


def _tables(rec):
    t = rec["tables"] or {}
    return {"active": (t.get("active") or {}).get("rows"), "applications": t.get("applications"),
            "review_litigation": t.get("review_litigation")}


def _check(shape, tpl, script, seed):
    g = reportgen.generate(seed, template=tpl, shape=shape, script=script)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    fields = [f for f in FIELDS if not (shape == "xlsx" and f == "published")]
    assert {k: rec.get(k) for k in fields} == {k: g.truth.get(k) for k in fields}
    assert _tables(rec) == _tables(g.truth)
    assert rec["warnings"] == [] or shape == "xlsx"   # a workbook has no narrative sections to find


@pytest.mark.parametrize("shape,tpl,script,seed", CASES)
def test_generated_shape_reads_back(shape, tpl, script, seed):
    _check(shape, tpl, script, seed)


@pytest.mark.slow
@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_generated_doc_reads_back():
    _check("doc", "2021", "simplified", 0)


def test_generated_scan_pdf_is_reported_not_guessed(monkeypatch):
    monkeypatch.setenv("GIA_OCR", "0")   # without OCR; with it the numbers come back (test_ocr.py)
    g = reportgen.generate(0, template="2021", shape="scan-pdf", scan={"pages": 1, "dpi": 150})
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    assert any(w.startswith("scanned PDF: no text layer") for w in rec["warnings"])
    assert _tables(rec)["applications"] is None
