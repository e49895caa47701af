"""The parser returns the generator's numbers and fields exactly (reportgen), for every shape it reads."""

import pytest

import reportgen
from reportparser import parse_bytes
from reportparser.templates import TEMPLATES

FIELDS = ("title", "agency", "agency_kind", "level", "province", "city", "county", "year", "published", "template", "script")
SHAPES = ("html", "html-gbk", "txt-lines", "txt-pipes", "txt-tabs")

# What a shape or option cannot carry, declared once: (shape or None, option or None) ->
# {field: why}. Every other field is compared exactly; a field named here must be null
# or right, never wrong.
NOT_CARRIED = {
    ("xlsx", None): {"published": "a workbook holds the tables and the title, not a publication date"},
    (None, "truncate"): {"published": "the signature date follows the tables, in the part cut off "
                                      "(an HTML page still carries it in its metadata)"},
}


def _not_carried(shape: str, options: dict) -> dict:
    out = {}
    for (sh, opt), fields in NOT_CARRIED.items():
        if (sh is None or sh == shape) and (opt is None or options.get(opt)):
            out.update(fields)
    return out


def _assert_fields(rec, g, shape: str, options: dict) -> None:
    skip = _not_carried(shape, options)
    assert {k: rec.get(k) for k in FIELDS if k not in skip} == {k: g.truth.get(k) for k in FIELDS if k not in skip}
    for k in skip:
        assert rec.get(k) in (None, g.truth.get(k)), f"{k} is {rec.get(k)!r}: wrong, not just missing"
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




@pytest.mark.slow
@pytest.mark.parametrize("shape,tpl,seed", [(sh, t, s) for sh in ("pdf", "docx") for t in ("2019", "2021") for s in range(2)])
def test_roundtrip_binary_formats(shape, tpl, seed):
    g = reportgen.generate(seed, template=tpl, shape=shape)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    assert {k: rec.get(k) for k in FIELDS} == {k: g.truth.get(k) for k in FIELDS}
    assert _tables(rec) == _tables(g.truth)


# docx and xlsx: fast enough to run always
@pytest.mark.parametrize("shape,tpl,seed", [(sh, t, s) for sh in ("docx", "xlsx") for t in ("2019", "2021") for s in range(3)])
def test_roundtrip_office_shapes(shape, tpl, seed):
    g = reportgen.generate(seed, template=tpl, shape=shape)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    _assert_fields(rec, g, shape, {})
    assert _tables(rec) == _tables(g.truth)


# traditional script as machine-converted mirrors print it: 規範性檔案, 法務部, pinyin glosses, site chrome
@pytest.mark.parametrize("shape,tpl,seed", [(sh, t, s) for sh in SHAPES for t in ("2019", "2021") for s in range(3)])
def test_roundtrip_traditional_mirror(shape, tpl, seed):
    g = reportgen.generate(seed, template=tpl, shape=shape, script="traditional", mirror_artifacts=True)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    _assert_fields(rec, g, shape, {"mirror_artifacts": True})
    assert rec["script"] == "traditional"
    assert _tables(rec) == _tables(g.truth)


# partial documents: table 3 cut after some rows, the rest of the report gone
@pytest.mark.parametrize("shape,tpl,seed", [(sh, t, s) for sh in SHAPES + ("docx",) for t in ("2019", "2021")
                                             for s in range(3)])
def test_roundtrip_truncated(shape, tpl, seed):
    g = reportgen.generate(seed, template=tpl, shape=shape, truncate=True)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    _assert_fields(rec, g, shape, {"truncate": True})
    assert _tables(rec) == _tables(g.truth)          # every printed cell kept
    kept = set(g.truth["truncated"]["rows_kept"])
    warnings = "\n".join(rec["warnings"])
    assert "table 4 (行政复议、行政诉讼) not found in the document" in warnings
    missing_line = next(w for w in rec["warnings"] if w.startswith("table 3 rows missing: "))
    named = set(missing_line[len("table 3 rows missing: "):].split("; "))
    template = TEMPLATES[tpl]
    expected = {r.label for r in template.applications
                if r.key not in kept and r.key in set(template.expected_outcomes(kept)) | {"total_handled", "carried_forward"}}
    assert expected <= named, f"not named as missing: {expected - named}"
    assert not named & {r.label for r in template.applications if r.key in kept}
