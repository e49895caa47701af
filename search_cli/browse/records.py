"""Loading, filtering and finding records, with the same filter flags as gia-search."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Iterable, Iterator

from gia.archive import Archive
from gia.config import add_archive_argument, archive_dir
from gia.errors import GiaError

# flag -> record key; the same flags (and comma lists) as gia-search.
FILTERS: dict[str, str] = {"year": "year", "province": "province", "city": "city", "county": "county",
                           "level": "level", "kind": "agency_kind", "template": "template"}


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    add_archive_argument(parser)
    for flag in FILTERS:
        hint = "YEAR[,YEAR|FROM-TO]" if flag == "year" else flag.upper() + "[,…]"
        parser.add_argument(f"--{flag}", metavar=hint, help=f"only reports with this {flag} (comma list)")


def filters_from(args) -> dict[str, str]:
    return {flag: getattr(args, flag) for flag in FILTERS if getattr(args, flag, None)}


def year_set(spec: str) -> set[int]:
    years: set[int] = set()
    for part in str(spec).split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                lo, hi = (int(x) for x in part.split("-", 1))
                years.update(range(lo, hi + 1))
            else:
                years.add(int(part))
        except ValueError:
            raise GiaError(f"--year {spec}: use YEAR, YEAR,YEAR or FROM-TO") from None
    return years


def matcher(filters: dict[str, str], records: Iterable[dict] | None = None, loose: bool = False):
    """A predicate record -> bool for the given filters (values compared as text, comma = any).
    Place names (河南, 洛阳, 廣西) resolve as in gia-search (search_cli/places.py) against the
    values of `records`, or of the official division list when not given; `loose` keeps every
    record a place name could designate (a first pass that needs no resolution)."""
    from search_cli.places import PLACE_FIELDS, could_be, division_names, resolve_places

    records = None if records is None else list(records)
    tests = []
    for flag, value in filters.items():
        if value in (None, ""):
            continue
        key = FILTERS[flag]
        if flag == "year":
            years = year_set(value)
            tests.append(lambda r, ys=years: r.get("year") in ys)
        else:
            wanted = {v.strip() for v in str(value).split(",") if v.strip()}
            if key in PLACE_FIELDS and loose:
                tests.append(lambda r, k=key, w=wanted: any(could_be(n, str(r.get(k) or "")) for n in w))
                continue
            if key in PLACE_FIELDS:
                known = division_names(key) if records is None else {str(r.get(key) or "") for r in records}
                wanted = set(resolve_places(flag, value, known))
            tests.append(lambda r, k=key, w=wanted: str(r.get(k)) in w)
    return lambda record: all(t(record) for t in tests)


def open_archive(args) -> Archive:
    archive = Archive(archive_dir(getattr(args, "archive", None)))
    archive.require()
    return archive


def load(archive: Archive, filters: dict[str, str] | None = None) -> list[tuple[Path, dict]]:
    """(path, record) for every current record matching the filters, sorted by place, agency, year."""
    loose = matcher(filters or {}, loose=True)
    found = [(p, r) for p, r in archive.iter_records(with_paths=True) if loose(r)]
    keep = matcher(filters or {}, (r for _p, r in found))
    found = [(p, r) for p, r in found if keep(r)]
    found.sort(key=lambda pr: sort_key(pr[1]))
    return found


def sort_key(record: dict) -> tuple:
    return (str(record.get("province") or ""), str(record.get("city") or ""), str(record.get("agency") or ""),
            record.get("year") or 0, str(record.get("id") or ""))


def find(archive: Archive, ident: str) -> tuple[Path, dict]:
    """One record by id (exact, else a unique id prefix), or a record path."""
    as_path = Path(ident)
    if ident.endswith(".json") and as_path.is_file():
        import json
        return as_path, json.loads(as_path.read_text(encoding="utf-8"))
    prefix = []
    for path, record in archive.iter_records(with_paths=True):
        rid = str(record.get("id") or "")
        if rid == ident:
            return path, record
        if rid.startswith(ident):
            prefix.append((path, record))
    if len(prefix) == 1:
        return prefix[0]
    if prefix:
        raise GiaError(f"id {ident!r} is ambiguous: {len(prefix)} reports start with it")
    raise GiaError(f"no report with id {ident!r} in {archive.root} (see `gia archive ls`)")


def agency_series(records: Iterable[dict], agency: str) -> list[dict]:
    """The reports of one agency (exact name), oldest first."""
    out = [r for r in records if r.get("agency") == agency]
    return sorted(out, key=lambda r: (r.get("year") or 0, str(r.get("published") or "")))


def failed_checks(record: dict) -> list[dict]:
    """Identities that are broken as printed (`ok: false`); a check a blank cell prevents
    (`ok: null`) is not a failure."""
    return [c for c in record.get("checks") or [] if c.get("ok") is False]


def iter_cells(table) -> Iterator[tuple[str, list]]:
    """(row key, values) of a table in record order, whatever its keys."""
    if isinstance(table, dict):
        for key, values in table.items():
            if isinstance(values, list):
                yield key, values
