"""The Whoosh schema and how a record fills it, from the tables of `names.py`.

Two fields hold the indexed text (title, agency, text, in that order):
* `text` — the character field (`grams.py`): what a query matches. Positions (phrases of
  bigrams need them), no frequencies (every weight 1: the field never scores).
* `words` — jieba's words (`analyzer.py`): what ranks the matches (BM25F). Frequencies, no
  positions.
`title` and `agency` are character fields of their own (stored, scored) for `title:…`.

The names (text fields, sections, facets, numbers) are declared in `indexer/names.py`, which
imports no Whoosh, and re-exported here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

from indexer import sections
from indexer.analyzer import ChineseAnalyzer, word_counts
from indexer.grams import ArrayPositions, GramTokenizer, gram_postings
from indexer.names import (  # noqa: F401 - re-exported: declared in names.py
    DEFAULT_FACETS,
    DEFAULT_FIELD,
    FACETS,
    NUMERIC_FIELDS,
    NUMERIC_MISSING,
    RANK_FIELD,
    SCHEMA_VERSION,
    SECTION_FIELDS,
    TEXT_FIELDS,
)


class Analyzed(str):
    """A text with its postings already computed (record_to_doc needs the positions of the
    section boundaries, so it analyzes the text once and hands the result over)."""

    postings: dict


class GramText(fields.TEXT):
    """A character field: units and bigrams at unit positions (`ArrayPositions`), from
    `gram_postings` (no Token objects). `weighted=False`: every posting weighs 1 (the blocks
    then store no weights)."""

    def __init__(self, stored: bool = False, weighted: bool = True):
        super().__init__(analyzer=GramTokenizer(), phrase=True, stored=stored, multitoken_query="phrase")
        self.format = ArrayPositions()
        self.weighted = weighted
        self.scorable = weighted  # no field lengths for a field that never scores

    def index(self, value, **kwargs):
        encode = self.format.encode
        postings = getattr(value, "postings", None) or gram_postings(value)
        if self.weighted:
            return [(w.encode("utf-8"), len(p), float(len(p)), encode(p)) for w, p in postings.items()]
        return [(w.encode("utf-8"), len(p), 1.0, encode(p)) for w, p in postings.items()]


class WordText(fields.TEXT):
    """The words field: jieba's words with their counts (`word_counts`), no positions."""

    def __init__(self):
        super().__init__(analyzer=ChineseAnalyzer(), phrase=False)

    def index(self, value, **kwargs):
        counts = getattr(value, "postings", None) or word_counts(value)
        return [(w.encode("utf-8"), n, float(n), pack_uint(n)) for w, n in counts.items()]


def build_schema() -> fields.Schema:
    spec = {
        "id": fields.ID(stored=True, unique=True),
        "path": fields.ID(stored=True, unique=True),  # relative to the archive root
        "sig": fields.STORED(),                      # "mtime_ns:size" of the record file
        "title": GramText(stored=True),
        "agency": GramText(stored=True),
        "text": GramText(weighted=False),
        RANK_FIELD: WordText(),
    }
    for name in SECTION_FIELDS:
        # Never filled: the query parser analyzes `overview:…` with it, then sections.rewrite
        # turns the query into a position-range query on `text`.
        spec[name] = GramText(weighted=False)
        spec[sections.span_column(name)] = fields.COLUMN(columns.NumericColumn("Q", default=0))
    for name in FACETS:
        spec[name] = fields.ID(stored=True, sortable=True)
    for name in NUMERIC_FIELDS:
        # 32 bits, shift_step 8: 4 index terms per value instead of 16 (range queries stay exact).
        spec[name] = fields.NUMERIC(int, bits=32, signed=True, stored=True, sortable=True, shift_step=8,
                                    default=NUMERIC_MISSING)
    schema = fields.Schema(**spec)
    assert isinstance(schema["text"].format, formats.Positions)
    return schema


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


def indexed_text(record: dict) -> tuple[str, dict[str, tuple[int, int]]]:
    """The text both text fields index — title, agency and text, one a line, then any
    section the text does not contain — and each section's character span in it."""
    text = record.get("text") if isinstance(record.get("text"), str) else ""
    text, spans = sections.locate(text, record.get("sections") or {})
    # Title and agency lead the indexed text, so a bare query is one query on one field (a
    # union over three fields costs a pass over every document); `title:` still exists.
    head = "\n".join(v for v in (record.get("title"), record.get("agency")) if isinstance(v, str) and v)
    if head:
        shift = len(head) + 1
        text = head + "\n" + text if text else head
        spans = {k: (a + shift, b + shift) for k, (a, b) in spans.items()}
    return text, spans


def record_to_doc(record: dict, relpath: str, sig: str) -> dict:
    """The Whoosh document for one record. Missing values are left out, never invented."""
    doc = {"id": str(record.get("id") or relpath), "path": relpath, "sig": sig}
    for name in ("title", "agency"):
        value = record.get(name)
        if isinstance(value, str) and value:
            doc[name] = value
    text, spans = indexed_text(record)
    if text:
        marks = sorted({c for span in spans.values() for c in span})
        postings, positions = gram_postings(text, marks)
        at = dict(zip(marks, positions))
        doc["text"] = Analyzed(text)
        doc["text"].postings = postings
        doc[RANK_FIELD] = Analyzed(text)
        doc[RANK_FIELD].postings = word_counts(text)
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
