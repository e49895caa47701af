"""What the index holds, declared once: text fields, facets, numbers, and how a record fills them.

Everything else (schema, `record_to_doc`, the search flags, `--sum`, docs/search.md) reads
these tables.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from indexer import sections
from indexer.analyzer import ChineseAnalyzer, word_positions

SCHEMA_VERSION = 1

# Text fields (name -> boost). A bare query searches DEFAULT_FIELD, whose indexed text
# starts with the title and the agency.
TEXT_FIELDS = {"title": 3.0, "agency": 2.0, "text": 1.0}
DEFAULT_FIELD = "text"
# Sections of the record (`review_litigation:复议`): position ranges of `text`, see sections.py.
SECTION_FIELDS = sections.SECTION_FIELDS
# Keyword facets: exact values, counted in the facet output, filterable with flags.
FACETS = ("year", "province", "city", "county", "level", "agency_kind", "template", "site", "checks")
# Facets counted by default in search output (the others on request).
DEFAULT_FACETS = ("year", "province", "level", "template", "checks")

# Numeric fields: name -> (description, how to read it from a record).
# Application rows are 7-number lists whose last entry is the 总计 column; review and
# litigation lists are 5-number lists whose last entry is 总计 (contract.md).


def _app_total(key):
    return lambda r: _last(((r.get("tables") or {}).get("applications") or {}).get(key))


def _rl_total(key):
    return lambda r: _last(((r.get("tables") or {}).get("review_litigation") or {}).get(key))


def _rl_sum(*keys):
    def get(r):
        vals = [_rl_total(k)(r) for k in keys]
        vals = [v for v in vals if v is not None]
        return sum(vals) if vals else None
    return get


def _app_prefix_sum(prefix):
    def get(r):
        apps = (r.get("tables") or {}).get("applications") or {}
        vals = [_last(v) for k, v in apps.items() if k.startswith(prefix)]
        vals = [v for v in vals if v is not None]
        return sum(vals) if vals else None
    return get


NUMERIC_FIELDS = {
    "new_requests": ("new applications received this year (applications.new, 总计)", _app_total("new")),
    "carried_over": ("applications carried over from last year (applications.carried_over, 总计)",
                     _app_total("carried_over")),
    "disclosed": ("answered: disclosed in full (applications.disclosed, 总计)", _app_total("disclosed")),
    "partially_disclosed": ("answered: partly disclosed (applications.partially_disclosed, 总计)",
                            _app_total("partially_disclosed")),
    "withheld": ("answered: not disclosed, all withheld.* rows summed (总计)", _app_prefix_sum("withheld.")),
    "unavailable": ("answered: information unavailable, all unavailable.* rows summed (总计)",
                    _app_prefix_sum("unavailable.")),
    "not_processed": ("answered: not processed, all not_processed.* rows summed (总计)",
                      _app_prefix_sum("not_processed.")),
    "total_handled": ("applications answered in total (applications.total_handled, 总计)",
                      _app_total("total_handled")),
    "carried_forward": ("applications carried forward to next year (applications.carried_forward, 总计)",
                        _app_total("carried_forward")),
    "review_total": ("administrative reviews (review_litigation.review, 总计)", _rl_total("review")),
    "litigation_direct_total": ("lawsuits filed directly (review_litigation.litigation_direct, 总计)",
                                _rl_total("litigation_direct")),
    "litigation_after_review_total": ("lawsuits after review (review_litigation.litigation_after_review, 总计)",
                                      _rl_total("litigation_after_review")),
    "litigation_total": ("lawsuits in total (litigation_direct + litigation_after_review, 总计)",
                         _rl_sum("litigation_direct", "litigation_after_review")),
    "checks_failed": ("how many of the record's consistency checks fail", lambda r: sum(
        1 for c in (r.get("checks") or []) if isinstance(c, dict) and c.get("ok") is False)),
    "text_chars": ("length of the report's text in characters", lambda r: len(r.get("text") or "")),
}
NUMERIC_MISSING = -1  # stored for "not in the report"; excluded from sums and shown as blank


def _last(values):
    if isinstance(values, list) and values:
        v = values[-1]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return int(v)
    return None


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
