"""The parser returns the generator's numbers and fields exactly (reportgen), for every shape it reads."""

import pytest

reportgen = pytest.importorskip("reportgen")
if not hasattr(reportgen, "generate"):  # pragma: no cover
    pytest.skip("reportgen.generate not importable", allow_module_level=True)

import importlib.util  # noqa: E402

from reportparser import parse_bytes  # noqa: E402

FIELDS = ("title", "agency", "agency_kind", "level", "province", "city", "county", "year", "published", "template", "script")
SHAPES = ("html", "html-gbk", "txt-lines", "txt-pipes", "txt-tabs")
CASES = [(shape, tpl, script, seed) for shape in SHAPES for tpl in ("2019", "2021")
         for script in ("simplified", "traditional") for seed in range(3)]


def _tables(rec):
    t = rec["tables"]
    return {"active": (t.get("active") or {}).get("rows"), "applications": t.get("applications"),
            "review_litigation": t.get("review_litigation")}


@pytest.mark.parametrize("shape,tpl,script,seed", CASES)
def test_roundtrip_clean(shape, tpl, script, seed):
    g = reportgen.generate(seed, template=tpl, shape=shape, script=script)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    assert {k: rec.get(k) for k in FIELDS} == {k: g.truth.get(k) for k in FIELDS}
    assert _tables(rec) == _tables(g.truth)


FLAWED = [(shape, tpl, seed) for shape in ("html", "html-gbk", "txt-lines", "txt-pipes", "txt-tabs") for tpl in ("2019", "2021") for seed in range(4)]


@pytest.mark.parametrize("shape,tpl,seed", FLAWED)
def test_roundtrip_with_blank_cells_and_broken_sums(shape, tpl, seed):
    g = reportgen.generate(seed, template=tpl, shape=shape, blank_cells=True, break_identities=True,
                           omit_carried_forward=True, thousands=True, units=True, decimals=True)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    assert _tables(rec) == _tables(g.truth)


# shapes read by the formats helper's readers: run when the reader is there
READER_OF = {"pdf": "reportparser.formats.pdf", "docx": "reportparser.formats.docx", "xlsx": "reportparser.formats.xls"}


@pytest.mark.slow
@pytest.mark.parametrize("shape,tpl,seed", [(sh, t, s) for sh in ("pdf", "docx") for t in ("2019", "2021") for s in range(2)])
def test_roundtrip_binary_formats(shape, tpl, seed):
    if importlib.util.find_spec(READER_OF[shape]) is None:
        pytest.skip(f"the formats helper's {shape} reader is not there yet")
    g = reportgen.generate(seed, template=tpl, shape=shape)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    assert {k: rec.get(k) for k in FIELDS} == {k: g.truth.get(k) for k in FIELDS}
    assert _tables(rec) == _tables(g.truth)
