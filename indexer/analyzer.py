"""The words field: jieba's words of the folded text, for ranking (matching is `grams.py`'s).

Index mode, for each coarse (default-mode) word W: W itself, its fine parts
(`Segmenter.parts`: 行政复议 -> 行政, 复议) and its other search-mode sub-words (华人 in
中华人民共和国), each counted. No positions: phrases are matched by the character field,
this field only scores (BM25F) — a report where jieba cut the query's word the same way
ranks above one that contains the characters in another cut.

Query mode (`jieba_form`): the query's coarse words; one that is not a term of the index is
replaced by its parts. A query text that is itself a term of the index (`known_term`) is
that one word, without loading the segmenter's dictionary (0.2 s a process).

Nothing is dropped: single characters (的, 件), single digits and letters are words.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh.analysis import Token, Tokenizer

from indexer.segment import default_segmenter, fold


class ChineseWordTokenizer(Tokenizer):
    """Whoosh analyzer of the words field (index mode: `word_counts`' words, in order)."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost, t.stopped = 1.0, False
        if not tokenize:
            words = [value]
        elif mode == "query":
            words = jieba_form(value)
        else:
            words = [w for line in value.split("\n") for w in _line_words(line)]
        for i, w in enumerate(words, start_pos):
            t.original = t.text = w
            if positions:
                t.pos = i
            yield t


def ChineseAnalyzer():
    """The analyzer of the words field (a bare tokenizer: folding and lowercasing happen inside)."""
    return ChineseWordTokenizer()


def jieba_form(text: str, known_term: Callable[[str], bool] | None = None) -> list[str]:
    """The words a query text ranks by: itself when it is a term of the index, else its coarse
    words, each replaced by its parts when it is not a term (when `known_term` is given)."""
    folded = fold(text).strip().lower()
    if not folded:
        return []
    if known_term is not None and not any(c.isspace() for c in folded) and known_term(folded):
        return [folded]
    seg = default_segmenter()
    out: list[str] = []
    for w in seg.words(text):
        if known_term is None or known_term(w.text) or len(w.text) <= 2:
            out.append(w.text)
        else:
            out.extend(p for p, _ in seg.parts(w.text))
    return list(dict.fromkeys(out))


# --- the fast indexing path ------------------------------------------------------------
# Whoosh's generic path builds a Token object per token and regroups them; `word_counts`
# produces the same words with one dict lookup per coarse word.

_PLANS: dict[str, tuple[str, ...]] = {}


def _plan(word: str) -> tuple[str, ...]:
    """The words indexed for one coarse word: itself, its parts, its other sub-words."""
    seg = default_segmenter()
    parts = seg.parts(word) if len(word) > 2 else ((word, 0),)
    if len(parts) == 1:
        plan: tuple[str, ...] = (word,)
    else:
        plan = (word, *(p for p, _ in parts), *(g for g, off in seg.subwords(word) if (g, off) not in parts))
    if len(_PLANS) < 500_000:
        _PLANS[word] = plan
    return plan


def _line_words(line: str) -> list[str]:
    plans = _PLANS
    out: list[str] = []
    for word in default_segmenter().words(line):
        text = word[0]
        plan = plans.get(text) or _plan(text)
        if len(plan) == 1:
            out.append(text)
        else:
            out.extend(plan)
    return out


# Reports share much template text (headings, boilerplate sentences, table labels): a line
# seen before is not segmented again. Only lines seen twice are kept (most lines name an
# agency or hold numbers and never repeat: caching every line cost 1.7 GB at 100,000
# reports), and both the cache and the record of lines seen once are bounded.
_LINES: dict[str, tuple[tuple[str, int], ...]] = {}
_LINES_MAX = 50_000
_SEEN: set[int] = set()
_SEEN_MAX = 1_000_000
_LINE_CACHED_LEN = 400


def _line_counts(line: str) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for w in _line_words(line):
        counts[w] = counts.get(w, 0) + 1
    return tuple(counts.items())


def word_counts(value: str) -> dict[str, int]:
    """Index-mode words of a text with their counts (lines are segmented independently:
    Han runs and the other tokens never cross a line break)."""
    out: dict[str, int] = {}
    cache, seen = _LINES, _SEEN
    for line in value.split("\n"):
        plan = cache.get(line)
        if plan is None:
            plan = _line_counts(line)
            if len(line) <= _LINE_CACHED_LEN and len(cache) < _LINES_MAX:
                h = hash(line)
                if h in seen:
                    cache[line] = plan
                elif len(seen) < _SEEN_MAX:
                    seen.add(h)
                else:
                    seen.clear()
        for w, n in plan:
            out[w] = out.get(w, 0) + n
    return out
