"""The Whoosh analyzer for Chinese text: folded, segmented, positions that are word ordinals.

Index mode, for each coarse (default-mode) word W:
  * W is split into its fine parts (`Segmenter.parts`: 行政复议 -> 行政, 复议), and each part
    takes the next word ordinal as its position; a word with no sub-words is one part;
  * W itself, when longer than its first part, is indexed too, at its first part's position,
    so the whole term is one fast Term query;
  * every other search-mode sub-word (e.g. 华人 in 中华人民共和国) is indexed at the position
    of the part it starts in, for recall (农业 finds 农业发展).
So positions count fine words, not characters: the phrase "行政 复议" matches 行政复议, and
"依申请公开的" (依 申请 公开 的) matches the text 依申请公开的.

Query mode: a query text that is one coarse word (or a term already in the index, see
`known_term`) is one token -> a Term query; several words become their fine parts in order
-> a Phrase over the fine positions above.

Nothing is dropped: single characters (的, 件), single digits and letters are tokens.
Known defects of jieba's bundled ChineseAnalyzer that do not carry over (tests/index/
test_analyzer.py shows each): character offsets used as positions (phrases never match),
single non-CJK characters dropped, stop words (的, 和, 了) removed.
"""

from __future__ import annotations

from whoosh.analysis import Token, Tokenizer

from indexer.segment import default_segmenter


class ChineseWordTokenizer(Tokenizer):
    """See the module docstring. Picklable: the segmenter is process-wide, not stored."""

    def __init__(self):
        self.known_term = None  # set at search time: callable(term) -> bool (index lexicon)

    def __getstate__(self):
        return {}

    def __setstate__(self, state):
        self.known_term = None

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if not tokenize:
            t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        if mode == "query":
            yield from self._query_tokens(value, positions, chars, removestops, start_pos, start_char, kwargs)
        else:
            yield from self._index_tokens(value, positions, chars, removestops, start_pos, start_char, kwargs)

    def _index_tokens(self, value, positions, chars, removestops, start_pos, start_char, kwargs):
        seg = default_segmenter()
        t = Token(positions, chars, removestops=removestops, mode="index", **kwargs)
        pos = start_pos
        for word in seg.words(value):
            parts = seg.parts(word.text) if len(word.text) > 2 else ((word.text, 0),)
            if len(parts) > 1:
                base = pos
                yield _fill(t, word.text, base, word.start, word.end, start_char)
                part_pos = {}
                for i, (part, off) in enumerate(parts):
                    for k in range(off, off + len(part)):
                        part_pos[k] = base + i
                    yield _fill(t, part, base + i, word.start + off, word.start + off + len(part), start_char)
                for gram, off in seg.subwords(word.text):
                    if (gram, off) not in parts:
                        yield _fill(t, gram, part_pos[off], word.start + off, word.start + off + len(gram), start_char)
                pos += len(parts)
            else:
                yield _fill(t, word.text, pos, word.start, word.end, start_char)
                pos += 1

    def _query_tokens(self, value, positions, chars, removestops, start_pos, start_char, kwargs):
        from indexer.segment import Word, fold

        t = Token(positions, chars, removestops=removestops, mode="query", **kwargs)
        folded = fold(value).strip().lower()
        # Fast path: the whole query is a term of the index -> no segmenter load (0.2 s).
        if folded and self.known_term is not None and not any(c.isspace() for c in folded) \
                and self.known_term(folded):
            words = [Word(folded, 0, len(folded))]
        else:
            words = list(default_segmenter().words(value))
        if len(words) == 1:
            w = words[0]
            yield _fill(t, w.text, start_pos, w.start, w.end, start_char)
            return
        seg = default_segmenter()
        pos = start_pos
        for w in words:
            parts = seg.parts(w.text) if len(w.text) > 2 else ((w.text, 0),)
            for part, off in parts:
                yield _fill(t, part, pos, w.start + off, w.start + off + len(part), start_char)
                pos += 1


def _fill(t: Token, text: str, pos: int, start: int, end: int, start_char: int) -> Token:
    t.original = t.text = text
    t.boost = 1.0
    t.stopped = False
    if t.positions:
        t.pos = pos
    if t.chars:
        t.startchar = start_char + start
        t.endchar = start_char + end
    return t


def ChineseAnalyzer():
    """The analyzer of every Chinese text field (a bare tokenizer: no filter is needed,
    folding and lowercasing happen inside)."""
    return ChineseWordTokenizer()


# --- the fast indexing path ------------------------------------------------------------
# Whoosh's generic path builds a Token object per token and regroups them; indexing spends
# most of its time there. `word_positions` produces the same postings (word -> positions,
# exactly what `_index_tokens` yields, a test checks it) with one dict lookup per word.

_PLANS: dict[str, tuple[tuple[tuple[str, int], ...], int]] = {}


def _plan(word: str) -> tuple[tuple[tuple[str, int], ...], int]:
    """(tokens as (text, relative position), width in positions) for one coarse word."""
    seg = default_segmenter()
    parts = seg.parts(word) if len(word) > 2 else ((word, 0),)
    if len(parts) == 1:
        plan = (((word, 0),), 1)
    else:
        toks = [(word, 0)]
        part_pos = {}
        for i, (part, off) in enumerate(parts):
            for k in range(off, off + len(part)):
                part_pos[k] = i
            toks.append((part, i))
        for gram, off in seg.subwords(word):
            if (gram, off) not in parts:
                toks.append((gram, part_pos[off]))
        plan = (tuple(toks), len(parts))
    if len(_PLANS) < 500_000:
        _PLANS[word] = plan
    return plan


def _line_plan(line: str):
    """(tokens as (text, relative position), width, word starts, their positions) of one line.

    Lines are independent: Han runs and the other tokens never cross a line break, so the
    words of a text are those of its lines, shifted."""
    tokens: list[tuple[str, int]] = []
    starts: list[int] = []
    poss: list[int] = []
    plans = _PLANS
    pos = 0
    for word in default_segmenter().words(line):
        starts.append(word[1])
        poss.append(pos)
        text = word[0]
        toks, width = plans.get(text) or _plan(text)
        if width == 1 and len(toks) == 1:
            tokens.append((text, pos))
        else:
            tokens.extend((t, pos + rel) for t, rel in toks)
        pos += width
    return tuple(tokens), pos, starts, poss


# Reports share much template text (headings, boilerplate sentences, table labels): a line
# seen before is not segmented again. Only lines seen twice are kept (most lines name an
# agency or hold numbers and never repeat: caching every line cost 1.7 GB at 100,000
# reports), and both the cache and the record of lines seen once are bounded.
_LINES: dict[str, tuple] = {}
_LINES_MAX = 50_000
_SEEN: set[int] = set()
_SEEN_MAX = 1_000_000
_LINE_CACHED_LEN = 400


def word_positions(value: str, marks: list[int] | None = None):
    """Index-mode postings of a text: word -> sorted positions.

    With `marks` (sorted character offsets), returns (postings, positions) where positions[i]
    is the word position at marks[i] (that of the first word starting at or after it)."""
    from bisect import bisect_left

    out: dict[str, list[int]] = {}
    cache, seen = _LINES, _SEEN
    base = 0
    char = 0
    mark_pos: list[int] = []
    pending = list(marks or ())
    for line in value.split("\n"):
        plan = cache.get(line)
        if plan is None:
            plan = _line_plan(line)
            if len(line) <= _LINE_CACHED_LEN and len(cache) < _LINES_MAX:
                h = hash(line)
                if h in seen:
                    cache[line] = plan
                elif len(seen) < _SEEN_MAX:
                    seen.add(h)
                else:
                    seen.clear()
        tokens, width, starts, poss = plan
        end = char + len(line)
        while pending and pending[0] <= end:  # a mark in this line (or at its end)
            i = bisect_left(starts, pending.pop(0) - char)
            mark_pos.append(base + poss[i] if i < len(starts) else base + width)
        if base:
            for t, rel in tokens:
                lst = out.get(t)
                if lst is None:
                    out[t] = [base + rel]
                else:
                    lst.append(base + rel)
        else:
            for t, rel in tokens:
                lst = out.get(t)
                if lst is None:
                    out[t] = [rel]
                else:
                    lst.append(rel)
        base += width
        char = end + 1
    for lst in out.values():  # a sub-word may repeat out of order within one coarse word
        if len(lst) > 1:
            lst.sort()
    if marks is None:
        return out
    mark_pos.extend(base for _ in pending)
    return out, mark_pos
