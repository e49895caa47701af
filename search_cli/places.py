"""Place names as people type them: 河南 for 河南省, 广西 for 广西壮族自治区, 洛阳 for 洛阳市.

Records (and so the index) hold full names (`河南省`), while users type the short form, or the
traditional one (`廣西`). One function resolves a typed name against the values that exist
(the index's facet values for `gia-search`, the records' values for `gia archive`):

1. the folded name (traditional -> simplified) is itself a value -> that value;
2. else its core (the name without its 省/市/自治区/县/… suffix) starts exactly one value
   -> that value (`内蒙古` -> 内蒙古自治区, `延边` -> 延边朝鲜族自治州); when several do,
   the single one whose own core is exactly that core wins (`丰` -> 丰县, not 丰台区);
3. still several -> UsageError naming them (exit 2): the user must say which;
4. none -> the folded name unchanged (it simply matches nothing).

Both `gia-search` (search_cli/query.py) and `gia archive` filters (search_cli/browse/records.py)
call `resolve_place`, so the two agree. Imports stay light: no Whoosh here.
"""

from __future__ import annotations

from functools import lru_cache

from gia.divisions import divisions, level_of_code
from gia.errors import UsageError

# Flags / record keys that name a place (resolved); other facets stay exact.
PLACE_FIELDS = ("province", "city", "county")

# Administrative suffixes, longest first so 壮族自治区 goes before 自治区 before 区.
SUFFIXES = tuple(sorted((
    "特别行政区", "壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "自治州", "自治县", "自治旗",
    "地区", "林区", "特区", "新区", "省", "市", "县", "区", "盟", "旗", "州",
), key=len, reverse=True))



def core(name: str) -> str:
    """The name without its administrative suffix (河南省 -> 河南, 广西壮族自治区 -> 广西);
    a name that is nothing but a suffix is kept whole."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _fold(text: str) -> str:
    from indexer.segment import fold

    return fold(text)


def resolve_place(field: str, name: str, known, label: str | None = None) -> str:
    """The value among `known` that the typed `name` designates (see the module doc);
    `label` names where the name came from in the error (default `--field`)."""
    name = _fold(name.strip())
    known = set(v for v in known if v)
    if name in known or not name:
        return name
    want = core(name)
    found = sorted(v for v in known if v.startswith(want))
    same = [v for v in found if core(v) == want]  # 丰 -> 丰县 rather than 丰台区
    if len(same) == 1 or len(found) == 1:
        return (same or found)[0]
    found = same or found
    if found:
        shown = ", ".join(found[:12]) + (f" … (+{len(found) - 12})" if len(found) > 12 else "")
        raise UsageError(f"{label or '--' + field + ' '}{name} is ambiguous: {shown}; give the full name")
    return name


def could_be(name: str, value: str) -> bool:
    """Whether `resolve_place` could pick `value` for `name` (a cheap first pass over records
    that need not all be kept in memory)."""
    name, want = _prepared(name)
    return bool(value) and (value == name or value.startswith(want))


@lru_cache(maxsize=256)
def _prepared(name: str) -> tuple[str, str]:
    name = _fold(name.strip())
    return name, core(name)


def resolve_places(field: str, value, known) -> list[str]:
    """A comma list of typed names -> the values they designate."""
    known = set(known)
    return [resolve_place(field, v, known) for v in str(value).split(",") if v.strip()]


@lru_cache(maxsize=None)
def division_names(field: str) -> frozenset[str]:
    """Names of the official divisions at a level (province: adcode ..0000, city: ....00,
    county: the rest), from gia.divisions."""
    return frozenset(name for code, name in divisions() if level_of_code(code) == field)


__all__ = ["PLACE_FIELDS", "core", "could_be", "resolve_place", "resolve_places", "division_names"]
