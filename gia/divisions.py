"""China's administrative divisions: the one copy of the table every floor reads.

`data/divisions.tsv` (adcode<TAB>name) comes from the MIT-licensed PyPI package cpca 0.5.5
(`cpca/resources/adcodes.csv`): 6-digit adcodes and names, rebuilt with
`awk -F, 'NR>1{print substr($1,1,6)"\\t"$2}' adcodes.csv | sort -u`. `data/division_pinyin.tsv`
holds each division's pinyin and initials (built by reportparser/data/build_pinyin.py), to read a
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
