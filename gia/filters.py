"""The filter syntax of every gia command: one parser for `--year` and for value lists.

    --year 2020            one year
    --year 2019-2021       a span, both ends included (also 2019–2021, 2019..2021, 2019 TO 2021)
    --year 2019,2021       a list; items may be spans too: 2016,2019-2021
    --province 河南,江苏    any other filter: a comma list of values (ASCII or full-width comma)

`gia-search` (search_cli/query.py), `gia archive` and `gia serve` read their flags through
these functions, so `--year 2019-2021,2023` means the same thing everywhere and a malformed
value is the same one-line usage error (exit 2) everywhere. Only the syntax lives here:
folding traditional characters or resolving short place names is the caller's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gia.errors import UsageError

YEAR_HELP = "a year (2020), a span (2019-2021) or a list (2019,2021 or 2016,2019-2021)"
# Four digits: the reports begin in 2008 (the first year of the disclosure regulations), and a
# bound is meant as a year, never as an arbitrary number.
_YEAR = r"(\d{4})"
_SPAN = re.compile(_YEAR + r"\s*(?:-|–|—|\.\.|~|\s+TO\s+)\s*" + _YEAR)
_ONE = re.compile(_YEAR)
_COMMAS = re.compile(r"[,，]")  # ASCII or full-width (a Chinese input method types the latter)


class Years:
    """A parsed year filter: inclusive (first, last) spans. `2020 in years`, `"2020" in years`."""

    __slots__ = ("spans", "text")

    def __init__(self, spans: Iterable[tuple[int, int]], text: str = ""):
        self.spans = tuple(spans)
        self.text = text

    def __contains__(self, year) -> bool:
        if isinstance(year, bool):
            return False
        if isinstance(year, str):
            if not _ONE.fullmatch(year.strip()):
                return False
            year = int(year)
        if not isinstance(year, int):
            return False
        return any(lo <= year <= hi for lo, hi in self.spans)

    def select(self, values: Iterable) -> list:
        """The values (years as text or numbers) the filter keeps, in their order."""
        return [v for v in values if v in self]

    def __eq__(self, other):
        return isinstance(other, Years) and other.spans == self.spans

    def __repr__(self):
        return f"Years({self.text!r})"


def parse_years(value, flag: str = "--year") -> Years:
    """`2020`, `2019-2021`, `2019,2021`, `2016,2019-2021` -> Years; anything else is a
    UsageError naming the flag and what it accepts."""
    text = str(value if value is not None else "").strip()
    spans = []
    items = [item.strip() for item in _COMMAS.split(text)]
    if not text or not all(items):
        raise UsageError(f"{flag} wants {YEAR_HELP}, not {text!r}")
    for item in items:
        m = _SPAN.fullmatch(item)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo > hi:
                raise UsageError(f"{flag} {text}: the span {item} ends before it starts")
            spans.append((lo, hi))
        elif _ONE.fullmatch(item):
            spans.append((int(item), int(item)))
        else:
            raise UsageError(f"{flag} wants {YEAR_HELP}, not {text!r}")
    return Years(spans, text)


def parse_year(value, what: str = "year") -> int:
    """One year (four digits), or a UsageError naming `what` (a range bound, a flag)."""
    text = str(value if value is not None else "").strip()
    if not _ONE.fullmatch(text):
        raise UsageError(f"{what}: {text!r} is not a year (four digits, e.g. 2020)")
    return int(text)


def parse_values(value) -> list[str]:
    """A filter's comma list (`河南,江苏`, `河南，江苏`) -> its stripped, non-empty values."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out = []
        for v in value:
            out.extend(parse_values(v))
        return out
    return [v.strip() for v in _COMMAS.split(str(value)) if v.strip()]


def given(value) -> bool:
    """Whether a filter flag was given at all (None, "" and [] mean "no filter")."""
    return value not in (None, "", [], ())


__all__ = ["YEAR_HELP", "Years", "given", "parse_year", "parse_years", "parse_values"]
