"""The Whoosh schema and how a record fills it, from the tables of `names.py`.

The names (text fields, sections, facets, numbers) are declared in `indexer/names.py`, which
imports no Whoosh, and re-exported here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from indexer import sections
from indexer.analyzer import ChineseAnalyzer, word_positions
from indexer.names import (  # noqa: F401 - re-exported: declared in names.py
    DEFAULT_FACETS,
    DEFAULT_FIELD,
    FACETS,
    NUMERIC_FIELDS,
    NUMERIC_MISSING,
    SCHEMA_VERSION,
    SECTION_FIELDS,
    TEXT_FIELDS,
)


class Analyzed(str):
    """A text with its postings already computed (record_to_doc needs the positions of the
    section boundaries, so it analyzes the text once and hands the result over)."""

    postings: dict


class ChineseText(fields.TEXT):
    """TEXT whose indexing goes through `word_positions` (same postings, ~3x faster);
    queries and highlighting use the analyzer as usual."""

    def index(self, value, **kwargs):
        fmt = self.format
        fb = fmt.field_boost
        with_positions = isinstance(fmt, formats.Positions)
        postings = getattr(value, "postings", None) or word_positions(value)
        for word, poslist in postings.items():
            n = len(poslist)
            yield word.encode("utf-8"), n, n * fb, fmt.encode(poslist) if with_positions else pack_uint(n)


def build_schema() -> fields.Schema:
    an = ChineseAnalyzer()
    spec = {
        "id": fields.ID(stored=True, unique=True),
        "path": fields.ID(stored=True, unique=True),  # relative to the archive root
        "sig": fields.STORED(),                      # "mtime_ns:size" of the record file
        "title": ChineseText(analyzer=an, phrase=True, stored=True, field_boost=TEXT_FIELDS["title"],
                             multitoken_query="phrase"),
        "agency": ChineseText(analyzer=an, phrase=True, stored=True, field_boost=TEXT_FIELDS["agency"],
                              multitoken_query="phrase"),
        "text": ChineseText(analyzer=an, phrase=True, multitoken_query="phrase"),
    }
    for name in SECTION_FIELDS:
        # Never filled: the query parser analyzes `overview:…` with it, then sections.rewrite
        # turns the query into a position-range query on `text`.
        spec[name] = ChineseText(analyzer=an, phrase=True, multitoken_query="phrase")
        spec[sections.span_column(name)] = fields.COLUMN(columns.NumericColumn("Q", default=0))
    for name in FACETS:
        spec[name] = fields.ID(stored=True, sortable=True)
    for name in NUMERIC_FIELDS:
        # 32 bits, shift_step 8: 4 index terms per value instead of 16 (range queries stay exact).
        spec[name] = fields.NUMERIC(int, bits=32, signed=True, stored=True, sortable=True, shift_step=8,
                                    default=NUMERIC_MISSING)
    return fields.Schema(**spec)


def check_status(record: dict) -> str:
    """'ok' (every check holds), 'broken' (one fails) or 'unchecked' (no checks ran)."""
    checks = [c for c in (record.get("checks") or []) if isinstance(c, dict)]
    if not checks:
        return "unchecked"
    return "broken" if any(c.get("ok") is False for c in checks) else "ok"


def site_of(record: dict) -> str:
    source = record.get("source") or {}
    if source.get("site"):
        return str(source["site"])
    url = source.get("url") or ""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def record_to_doc(record: dict, relpath: str, sig: str) -> dict:
    """The Whoosh document for one record. Missing values are left out, never invented."""
    doc = {"id": str(record.get("id") or relpath), "path": relpath, "sig": sig}
    for name in ("title", "agency"):
        value = record.get(name)
        if isinstance(value, str) and value:
            doc[name] = value
    text = record.get("text") if isinstance(record.get("text"), str) else ""
    text, spans = sections.locate(text, record.get("sections") or {})
    # Title and agency lead the indexed text, so a bare query is one Term on one field (a
    # union over three fields costs a pass over every document); `title:` still exists.
    head = "\n".join(v for v in (record.get("title"), record.get("agency")) if isinstance(v, str) and v)
    if head:
        shift = len(head) + 1
        text = head + "\n" + text
        spans = {k: (a + shift, b + shift) for k, (a, b) in spans.items()}
    if text:
        marks = sorted({c for span in spans.values() for c in span})
        postings, positions = word_positions(text, marks)
        at = dict(zip(marks, positions))
        doc["text"] = Analyzed(text)
        doc["text"].postings = postings
        for name, (start, end) in spans.items():
            doc[sections.span_column(name)] = sections.pack(at[start], at[end])
    for name in FACETS:
        if name == "site":
            value = site_of(record)
        elif name == "checks":
            value = check_status(record)
        else:
            value = record.get(name)
        if value not in (None, ""):
            doc[name] = str(value)
    for name, (_, get) in NUMERIC_FIELDS.items():
        try:
            value = get(record)
        except (TypeError, AttributeError, ValueError):
            value = None
        if value is not None:
            doc[name] = value
    return doc
