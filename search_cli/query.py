"""From the user's query string and flags to a Whoosh query, or a one-line error naming the problem.

Whoosh's parser never fails: it silently turns `year:[2019 TO`, `new_requests:>` or
`foo:bar` into word searches or into nothing. `check_syntax` catches those mistakes first,
so the user learns what was wrong (exit 2). The flags' syntax (`--year 2019-2021`, comma
lists) is gia/filters.py's, shared with `gia archive` and `gia serve`.
"""

from __future__ import annotations

import re

from gia.errors import UsageError
from gia.filters import given, parse_values, parse_year, parse_years
from indexer.names import FACETS, NUMERIC_FIELDS, SECTION_FIELDS, TEXT_FIELDS
from search_cli.places import PLACE_FIELDS, resolve_place, resolve_places

KNOWN_FIELDS = set(TEXT_FIELDS) | set(SECTION_FIELDS) | set(FACETS) | set(NUMERIC_FIELDS) | {"id", "path"}
CHARACTER_FIELDS = set(TEXT_FIELDS) | set(SECTION_FIELDS)
# Flag name -> facet field (the flags of gia-search; declared once, read by main.py too).
FILTER_FLAGS = {"year": "year", "province": "province", "city": "city", "county": "county", "level": "level",
                "kind": "agency_kind", "template": "template", "site": "site", "checks": "checks"}
MAX_DEPTH = 32  # nested parentheses (Whoosh's parser recurses once per level)

_FIELD_REF = re.compile(r"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*):")
_RANGE = re.compile(r"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*):\s*([\[{])([^\]}]*)([\]}])")
_COMPARE = re.compile(r"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*):\s*(>=|<=|=>|=<|>|<|=)\s*([^\s()]*)")
_TO = re.compile(r"\s+TO\s+|^TO\s+|\s+TO$|^TO$", re.IGNORECASE)
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_NUMBER = re.compile(r"[+-]?\d+")


class QueryError(UsageError):
    """A malformed query: exit 2 with one line naming the problem."""


def _outside_quotes(query: str) -> str:
    return re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), query)


def _bound(field: str, value: str, where: str) -> int | None:
    """A range bound of a year or numeric field (None: open), or a QueryError."""
    value = value.strip()
    if value in ("", "*"):
        return None
    if field == "year":
        return parse_year(value, f"{where}")
    if not _NUMBER.fullmatch(value):
        raise QueryError(f"{where}: {value!r} is not a valid number")
    return int(value)


def _check_range(field: str, lo: str | None, hi: str | None, where: str) -> None:
    if field not in NUMERIC_FIELDS and field != "year":
        raise QueryError(f"{where}: ranges and comparisons work on year and the numeric fields "
                         f"({', '.join(NUMERIC_FIELDS)}), not on {field}")
    low = _bound(field, lo, where) if lo is not None else None
    high = _bound(field, hi, where) if hi is not None else None
    if low is None and high is None:
        raise QueryError(f"{where}: the range has no bound")
    if low is not None and high is not None and low > high:
        raise QueryError(f"{where}: the range ends before it starts")


def check_syntax(query: str) -> None:
    if query.count('"') % 2:
        raise QueryError('unbalanced quote: a phrase needs a closing "')
    bare = _outside_quotes(query)
    depth = deepest = 0
    for ch in bare:
        depth += ch == "("
        depth -= ch == ")"
        deepest = max(deepest, depth)
        if depth < 0:
            raise QueryError("unbalanced parenthesis: ')' without '('")
    if depth:
        raise QueryError("unbalanced parenthesis: '(' without ')'")
    if deepest > MAX_DEPTH:
        raise QueryError(f"parentheses nested {deepest} deep: at most {MAX_DEPTH} levels")
    for m in re.finditer(r"[\[{]", bare):
        close = re.compile(r"[\]}]").search(bare, m.end())
        if not close or not _TO.search(bare[m.end():close.start()].strip()):
            raise QueryError("malformed range: write field:[LOW TO HIGH], e.g. year:[2019 TO 2021]")
    for m in _FIELD_REF.finditer(bare):
        name = m.group(1)
        if name not in KNOWN_FIELDS:
            raise QueryError(f"unknown field '{name}' (fields: {', '.join(sorted(KNOWN_FIELDS))})")
        rest = query[m.end():].lstrip()
        if not rest or rest[0] in ")":
            raise QueryError(f"field '{name}:' has no value")
    for m in _RANGE.finditer(bare):
        field, inside = m.group(1), m.group(3).strip()
        lo, hi = _split_range(inside)
        _check_range(field, lo, hi, m.group().strip())
    for m in _COMPARE.finditer(bare):
        field, op, value = m.groups()
        where = m.group().strip()
        if not value:
            raise QueryError(f"{where}: the comparison has no value (e.g. {field}:>100)")
        if op not in (">", "<", ">=", "<=", "=>", "=<"):
            raise QueryError(f"{where}: write {field}:{value} for an exact value, or >, >=, <, <=")
        _check_range(field, value if ">" in op else None, value if "<" in op else None, where)
    words = bare.split()
    if words and words[-1] in _OPERATORS:
        raise QueryError(f"the query ends with the operator {words[-1]}: what should it apply to?")
    if words and words[0] in _OPERATORS - {"NOT"}:
        raise QueryError(f"the query starts with the operator {words[0]}")
    for a, b in zip(words, words[1:]):
        if a in _OPERATORS and b in _OPERATORS - {"NOT"}:
            raise QueryError(f"two operators in a row: {a} {b}")


def _split_range(inside: str) -> tuple[str, str]:
    parts = _TO.split(inside, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (inside, "")


def _errors(q) -> list[str]:
    found = []
    err = getattr(q, "error", None)
    if err:
        found.append(str(err))
    for child in getattr(q, "children", lambda: [])():
        found.extend(_errors(child))
    return found


def _check_tree(q) -> None:
    """Queries the character fields do not take: wildcards, prefixes, fuzzy terms, ranges
    (a query already matches every text that contains it)."""
    from whoosh import query as wq

    if isinstance(q, (wq.Wildcard, wq.Prefix, wq.FuzzyTerm, wq.TermRange, wq.Regex)) \
            and getattr(q, "fieldname", None) in CHARACTER_FIELDS:
        raise QueryError(f"{q.fieldname}: wildcards and ranges are not needed in text: a query matches "
                         f"every report whose text contains it")
    for child in getattr(q, "children", lambda: [])():
        _check_tree(child)


def make_parser(schema):
    from whoosh.qparser import GtLtPlugin, QueryParser

    from indexer.names import DEFAULT_FIELD

    parser = QueryParser(DEFAULT_FIELD, schema)
    parser.add_plugin(GtLtPlugin())
    return parser


# A query that is one bare word (no field, quote, bracket, operator or wildcard): the most
# common query. Built without Whoosh's query parser, whose import and parse cost ~8 ms of a
# `gia-search` process; tests/search/test_search.py checks it gives the parser's query.
_PLAIN_WORD = re.compile(r"[^\s\"'():\[\]{}<>=*?~^+\-!\\/&|]+")


def _plain_word(query: str):
    from whoosh import query as wq

    from indexer.grams import query_terms
    from indexer.names import DEFAULT_FIELD

    if not _PLAIN_WORD.fullmatch(query) or query in _OPERATORS:
        return None
    terms = query_terms(query)
    if not terms:
        return None
    return wq.Term(DEFAULT_FIELD, terms[0]) if len(terms) == 1 else wq.Phrase(DEFAULT_FIELD, terms)


def parse(schema, query: str):
    """The Whoosh query for a user query string (empty -> every report)."""
    from whoosh import query as wq

    from indexer.sections import rewrite

    # Any run of whitespace is one space: whitespace separates words and, inside a phrase,
    # stands for any whitespace (a newline in an argument is no line of Whoosh's syntax).
    query = " ".join(query.split())
    if not query or query == "*":
        return wq.Every()
    q = _plain_word(query)
    if q is not None:
        return q
    check_syntax(query)
    try:
        q = make_parser(schema).parse(query)
    except RecursionError:  # guarded by MAX_DEPTH; kept as a one-line error all the same
        raise QueryError("the query is nested too deeply") from None
    problems = _errors(q)
    if problems:
        raise QueryError(f"bad query: {problems[0]}")
    _check_tree(q)
    return rewrite(q)


def resolve_place_terms(q, searcher):
    """`province:河南` in a query -> `province:河南省`: place terms resolved against the index's
    values like the --province/--city/--county flags (an ambiguous name: UsageError)."""
    from whoosh import query as wq

    from search_cli.counting import facet_names

    def fix(node):
        if isinstance(node, wq.Term) and node.fieldname in PLACE_FIELDS:
            text = node.text.decode("utf-8") if isinstance(node.text, bytes) else node.text
            names = facet_names(searcher, node.fieldname)
            value = resolve_place(node.fieldname, text, names, label=f"{node.fieldname}:")
            if value != text:
                node = node.copy()
                node.text = value
        return node

    return q.accept(fix)


def filter_values(field: str, flag: str, value, known: list[str]) -> list[str]:
    """The facet values a flag selects (years through gia.filters: a year, span or list)."""
    from indexer.segment import fold

    if flag == "year":
        return parse_years(value, "--year").select(known)
    if field in PLACE_FIELDS:  # 河南 -> 河南省, 廣西 -> 广西壮族自治区 (search_cli/places.py)
        return resolve_places(flag, value, known)
    return [fold(v) for v in parse_values(value)]


def check_filters(filters: dict) -> None:
    """Flag values that are malformed whatever the index holds (a year that is no year)."""
    if given(filters.get("year")):
        parse_years(filters["year"], "--year")


def filter_docs(searcher, filters: dict):
    """The documents the flags allow (None: no flag given)."""
    from search_cli.counting import facet_names, value_docs

    check_filters(filters)
    result = None
    for flag, field in FILTER_FLAGS.items():
        value = filters.get(flag)
        if not given(value):
            continue
        names = facet_names(searcher, field)
        ids = value_docs(searcher, field, filter_values(field, flag, value, names))
        result = set(ids) if result is None else result & ids
    return result
