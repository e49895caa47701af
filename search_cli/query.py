"""From the user's query string and flags to a Whoosh query, or a one-line error naming the problem.

Whoosh's parser never fails: it silently turns `year:[2019 TO` or `foo:bar` into word searches.
`check_syntax` catches those mistakes first, so the user learns what was wrong.
"""

from __future__ import annotations

import re

from gia.errors import UsageError
from indexer.names import FACETS, NUMERIC_FIELDS, SECTION_FIELDS, TEXT_FIELDS
from search_cli.places import PLACE_FIELDS, resolve_place, resolve_places

KNOWN_FIELDS = set(TEXT_FIELDS) | set(SECTION_FIELDS) | set(FACETS) | set(NUMERIC_FIELDS) | {"id", "path"}
# Flag name -> facet field (the flags of gia-search; declared once, read by main.py too).
FILTER_FLAGS = {"year": "year", "province": "province", "city": "city", "county": "county", "level": "level",
                "kind": "agency_kind", "template": "template", "site": "site", "checks": "checks"}

_FIELD_REF = re.compile(r"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*):")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


class QueryError(UsageError):
    """A malformed query: exit 2 with one line naming the problem."""


def _outside_quotes(query: str) -> str:
    return re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), query)


def check_syntax(query: str) -> None:
    if query.count('"') % 2:
        raise QueryError('unbalanced quote: a phrase needs a closing "')
    bare = _outside_quotes(query)
    depth = 0
    for ch in bare:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            raise QueryError("unbalanced parenthesis: ')' without '('")
    if depth:
        raise QueryError("unbalanced parenthesis: '(' without ')'")
    for m in re.finditer(r"[\[{]", bare):
        close = re.compile(r"[\]}]").search(bare, m.end())
        if not close or " TO " not in f" {bare[m.end():close.start()]} ".replace("\t", " "):
            raise QueryError("malformed range: write field:[LOW TO HIGH], e.g. year:[2019 TO 2021]")
    for m in _FIELD_REF.finditer(bare):
        name = m.group(1)
        if name not in KNOWN_FIELDS:
            raise QueryError(f"unknown field '{name}' (fields: {', '.join(sorted(KNOWN_FIELDS))})")
        rest = query[m.end():].lstrip()
        if not rest or rest[0] in ")":
            raise QueryError(f"field '{name}:' has no value")
    words = bare.split()
    if words and words[-1] in _OPERATORS:
        raise QueryError(f"the query ends with the operator {words[-1]}: what should it apply to?")
    if words and words[0] in _OPERATORS - {"NOT"}:
        raise QueryError(f"the query starts with the operator {words[0]}")
    for a, b in zip(words, words[1:]):
        if a in _OPERATORS and b in _OPERATORS - {"NOT"}:
            raise QueryError(f"two operators in a row: {a} {b}")


def _errors(q) -> list[str]:
    found = []
    err = getattr(q, "error", None)
    if err:
        found.append(str(err))
    for child in getattr(q, "children", lambda: [])():
        found.extend(_errors(child))
    return found


def make_parser(schema):
    from whoosh.qparser import GtLtPlugin, QueryParser

    from indexer.names import DEFAULT_FIELD

    parser = QueryParser(DEFAULT_FIELD, schema)
    parser.add_plugin(GtLtPlugin())
    return parser


# A query that is one bare word (no field, quote, bracket, operator or wildcard): the most
# common query. Answered without Whoosh's query parser, whose import and parse cost ~8 ms of
# a ~100 ms `gia-search` process; tests/search/test_search.py checks it gives the parser's query.
_PLAIN_WORD = re.compile(r"[^\s\"'():\[\]{}<>=*?~^+\-!\\/&|]+")


def _plain_word(schema, query: str):
    from whoosh import query as wq

    from indexer.names import DEFAULT_FIELD

    if not _PLAIN_WORD.fullmatch(query) or query in _OPERATORS:
        return None
    tokens = list(schema[DEFAULT_FIELD].process_text(query, mode="query"))
    if len(tokens) != 1:
        return None  # several words: a phrase, built by the parser
    return wq.Term(DEFAULT_FIELD, tokens[0])


def parse(schema, query: str):
    """The Whoosh query for a user query string (empty -> every report)."""
    from whoosh import query as wq

    query = query.strip()
    if not query or query == "*":
        return wq.Every()
    q = _plain_word(schema, query)
    if q is not None:
        return q
    check_syntax(query)
    q = make_parser(schema).parse(query)
    problems = _errors(q)
    if problems:
        raise QueryError(f"bad query: {problems[0]}")
    from indexer.sections import rewrite

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


def year_filter(value: str):
    """`2020`, `2019-2021`, `2019,2021` -> a query on the year facet."""
    from whoosh import query as wq

    value = str(value).strip()
    m = re.fullmatch(r"(\d{4})\s*(?:-|–|\.\.|TO)\s*(\d{4})", value)
    if m:
        return wq.TermRange("year", m.group(1), m.group(2))
    years = [y.strip() for y in value.split(",") if y.strip()]
    if not years or not all(re.fullmatch(r"\d{4}", y) for y in years):
        raise QueryError(f"--year wants a year (2020), a span (2019-2021) or a list (2019,2021), not {value!r}")
    return wq.Or([wq.Term("year", y) for y in years]) if len(years) > 1 else wq.Term("year", years[0])


def filter_values(field: str, flag: str, value, known: list[str]) -> list[str]:
    """The facet values a flag selects (years: a span or a list)."""
    from indexer.segment import fold

    if flag == "year":
        year_filter(value)  # validates
        value = str(value).strip()
        m = re.fullmatch(r"(\d{4})\s*(?:-|–|\.\.|TO)\s*(\d{4})", value)
        if m:
            return [y for y in known if m.group(1) <= y <= m.group(2)]
        return [y.strip() for y in value.split(",") if y.strip()]
    if field in PLACE_FIELDS:  # 河南 -> 河南省, 廣西 -> 广西壮族自治区 (search_cli/places.py)
        return resolve_places(flag, value, known)
    return [fold(v.strip()) for v in str(value).split(",") if v.strip()]


def filter_docs(searcher, filters: dict):
    """The documents the flags allow (None: no flag given)."""
    from search_cli.counting import facet_names, value_docs

    result = None
    for flag, field in FILTER_FLAGS.items():
        value = filters.get(flag)
        if value in (None, "", []):
            continue
        names = facet_names(searcher, field)
        ids = value_docs(searcher, field, filter_values(field, flag, value, names))
        result = set(ids) if result is None else result & ids
    return result


def filter_query(filters: dict):
    """The flags (--year --province …) as one query, or None."""
    from whoosh import query as wq

    from indexer.segment import fold

    parts = []
    for flag, field in FILTER_FLAGS.items():
        value = filters.get(flag)
        if value in (None, "", []):
            continue
        if flag == "year":
            parts.append(year_filter(value))
            continue
        values = [fold(v.strip()) for v in str(value).split(",") if v.strip()]
        terms = [wq.Term(field, v) for v in values]
        parts.append(wq.Or(terms) if len(terms) > 1 else terms[0])
    if not parts:
        return None
    return wq.And(parts) if len(parts) > 1 else parts[0]
