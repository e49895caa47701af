"""Section search (`review_litigation:复议`) as position ranges of the full-text field.

A record's sections are passages of its text. Indexing each section as its own field would
index every character twice. Instead each section is stored as the range of unit positions
(`grams.py`) it covers in `text` (one 64-bit column value per section: start << 32 | end),
and a query on a section field runs on `text`, keeping only matches that lie wholly inside
the range (a match ending in a bigram covers one position past its span's end).
A section that is not a passage of the text (a parser may normalise it) is appended to the
indexed text, so it stays searchable.
"""

from __future__ import annotations

from whoosh.query.spans import SpanWrappingMatcher, WrappingSpan

from indexer.grams import is_han
from indexer.names import SECTION_FIELDS  # noqa: F401 - re-exported


def span_column(section: str) -> str:
    return f"span_{section}"


def pack(start: int, end: int) -> int:
    return (start << 32) | end


def unpack(value) -> tuple[int, int]:
    value = int(value or 0)
    return value >> 32, value & 0xFFFFFFFF


def locate(text: str, sections: dict) -> tuple[str, dict[str, tuple[int, int]]]:
    """(text to index, {section: (start char, end char)}); sections not found in the text
    are appended to it."""
    spans = {}
    extra = []
    cursor = 0
    for name in SECTION_FIELDS:
        value = sections.get(name) if isinstance(sections, dict) else None
        if not isinstance(value, str) or not value.strip():
            continue
        value = value.strip()
        at = text.find(value, cursor)
        if at < 0:
            at = text.find(value)
        if at < 0:
            start = len(text) + sum(len(e) for e in extra) + 1
            extra.append("\n" + value)
            spans[name] = (start, start + len(value))
            continue
        spans[name] = (at, at + len(value))
        cursor = at + len(value)
    return text + "".join(extra), spans


class SectionQuery(WrappingSpan):
    """Matches of `q` (a query on the text field) that lie inside one section."""

    def __init__(self, section: str, q):
        self.section = section
        self.q = q
        # positions the match covers past its span's end: one when it ends with a bigram
        words = [q.text] if hasattr(q, "text") else list(getattr(q, "words", ()))
        last = words[-1] if words else ""
        last = last.decode("utf-8") if isinstance(last, bytes) else last
        self.extent = 1 if len(last) == 2 and is_han(last) else 0

    def __eq__(self, other):
        return other and self.__class__ is other.__class__ and self.section == other.section and self.q == other.q

    def __hash__(self):
        return hash(self.q) ^ hash(self.section)

    def __repr__(self):
        return f"SectionQuery({self.section!r}, {self.q!r})"

    def is_leaf(self):
        return False

    def children(self):
        return iter([self.q])

    def apply(self, fn):
        return self.__class__(self.section, fn(self.q))

    def estimate_size(self, ixreader):
        return self.q.estimate_size(ixreader)

    def estimate_min_size(self, ixreader):
        return 0

    def matcher(self, searcher, context=None):
        m = self._subm(searcher, context)
        reader = searcher.reader()
        column = span_column(self.section)
        spans = reader.column_reader(column) if reader.has_column(column) else None
        return SectionQuery.Matcher(m, spans, self.extent)

    class Matcher(SpanWrappingMatcher):
        def __init__(self, child, spans, extent):
            self.section_spans = spans
            self.extent = extent
            super().__init__(child)

        def copy(self):
            return self.__class__(self.child.copy(), self.section_spans, self.extent)

        def _replacement(self, newchild):
            return self.__class__(newchild, self.section_spans, self.extent)

        def _get_spans(self):
            if self.section_spans is None:
                return []
            lo, hi = unpack(self.section_spans[self.child.id()])
            if hi <= lo:
                return []
            return [s for s in self.child.spans() if lo <= s.start and s.end + self.extent < hi]


def rewrite(q):
    """Turn every query on a section field into a SectionQuery over `text`, and a phrase of
    one term into that term (a quoted "复议" is the query 复议)."""
    from whoosh import query as wq

    from gia.errors import UsageError

    if isinstance(q, wq.Phrase) and len(q.words) == 1:
        q = wq.Term(q.fieldname, q.words[0], boost=q.boost)
    fieldname = getattr(q, "fieldname", None)
    if fieldname in SECTION_FIELDS:
        if isinstance(q, wq.Term):
            return SectionQuery(fieldname, wq.Term("text", q.text, boost=q.boost))
        if isinstance(q, wq.Phrase):
            return SectionQuery(fieldname, wq.Phrase("text", q.words, slop=q.slop, boost=q.boost))
        raise UsageError(f"{fieldname}: section fields take words and phrases, not {type(q).__name__.lower()} queries")
    if isinstance(q, wq.CompoundQuery):
        return q.__class__([rewrite(sub) for sub in q.subqueries], boost=q.boost)
    if isinstance(q, wq.BinaryQuery):
        return q.__class__(rewrite(q.a), rewrite(q.b))
    if isinstance(q, wq.Not):
        return wq.Not(rewrite(q.query), boost=q.boost)
    return q
