"""The generator's real places (reportgen/data/divisions.tsv, with townships) are all in the one
division table the product reads (gia/data/divisions.tsv), under the same province and city."""

from __future__ import annotations

from reportgen.places import DATA
from reportparser import regions


def test_every_generated_place_is_an_official_division():
    # names as the parser knows them: the table's, plus renamed counties (孟津县 → 孟津区 in 2021)
    code_of = regions._load()[1]
    missing = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        province, city, county = line.split("\t")[:3]
        provinces = [c for c in code_of.get(province, []) if c.endswith("0000")]
        ok = bool(provinces)
        if ok and city != province:   # municipalities list themselves as their city
            ok = any(c.startswith(p[:2]) and c.endswith("00") for c in code_of.get(city, []) for p in provinces)
        if ok and county:
            ok = any(c.startswith(p[:2]) for c in code_of.get(county, []) for p in provinces)
        if not ok:
            missing.append(line)
    assert missing == []
