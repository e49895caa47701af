"""Every metadata class of the generator (reportgen/classes.py) comes back exactly: title, agency,
year and publication date, over many seeds, every template and the class's shapes — and from the
place the class puts the agency (text shapes, where no page metadata names it too)."""

from __future__ import annotations

import pytest

from reportgen import generate
from reportgen.classes import METADATA_CLASSES, cases
from reportparser import organs, parse_bytes

SEEDS = 16
CASES = [(name, *case) for name in METADATA_CLASSES for case in cases(name, SEEDS)]


@pytest.mark.parametrize("name,seed,tpl,shape,options", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[3]}" for c in CASES])
def test_class_comes_back_exactly(name, seed, tpl, shape, options):
    c = METADATA_CLASSES[name]
    g = generate(seed, tpl, shape, **options)
    rec = parse_bytes(g.data, filename=g.filename, media_type=g.media_type)
    assert {f: rec.get(f) for f in c.fields} == {f: g.truth[f] for f in c.fields}
    assert (rec["agency_kind"], rec["level"], rec["province"], rec["city"], rec["county"]) == (
        g.truth["agency_kind"], g.truth["level"], g.truth["province"], g.truth["city"], g.truth["county"])
    assert organs.is_organ(rec["agency"])
    if c.agency_source and shape.startswith("txt-"):
        assert rec["agency_source"] == c.agency_source
    assert not [w for w in rec["warnings"] if w.startswith(("agency", "year"))], rec["warnings"]


def test_every_class_is_declared_with_what_it_is():
    for name, c in METADATA_CLASSES.items():
        assert c.description and c.shapes and c.options, name
        generate(0, "2021", c.shapes[0], **c.options)   # every option is one the generator knows
