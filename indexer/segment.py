"""Chinese word segmentation for the index: OpenCC folding, then jieba-compatible cuts.

The segmenter is rjieba (a binding of jieba-rs, ~20x faster than jieba's Python code) when it
is installed, else jieba itself. Both get the same domain dictionary (`dictionary.py`), and
both are only ever fed runs of Han characters (U+4E00..U+9FD5, jieba's own `re_han` range):
on such runs their output is identical (tests/index/test_segment_parity.py proves it over the
corpus), while on mixed text the two disagree about things like "2020-01-20" (jieba-rs keeps
it whole, jieba splits it). Everything that is not a Han run is tokenized here, by one regex,
so the segmenter backend never changes what gets indexed.

Words come out as `Word(text, start, end)` with character offsets into the ORIGINAL text
(folding is length-preserving: when OpenCC's phrase conversion would change the length, the
text is folded character by character instead), so highlights mark the right characters.
"""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

from indexer.dictionary import DOMAIN_WORDS, DOMAIN_WORD_FREQ

# Han runs go to the segmenter; ASCII letters/digits (with decimals, percent) become one
# token each, lowercased; any other visible char (other scripts, rare CJK) is its own token.
# Whitespace and punctuation are dropped (they are not words). Compiled with the first
# Segmenter (~1.5 ms), not at import: a search for indexed words never segments.
_HAN_RUN = _HAN_RUN_SPLIT = _OTHER = None
_start = (lambda w: w[1])


def _compile_patterns() -> None:
    global _HAN_RUN, _HAN_RUN_SPLIT, _OTHER
    if _OTHER is None:
        _HAN_RUN = re.compile(r"[\u4E00-\u9FD5]+")
        _HAN_RUN_SPLIT = re.compile(r"[^\u4E00-\u9FD5]+")
        _OTHER = re.compile(r"[A-Za-z0-9]+(?:\.[0-9]+)*%?|(?![\u4E00-\u9FD5])[^\s\W_]")


# (text, start, end): a plain namedtuple, not typing.NamedTuple, whose `typing` import
# (~1.7 ms) a search process would otherwise pay only for this
Word = namedtuple("Word", "text start end")


class _RJiebaBackend:
    name = "rjieba"

    def __init__(self):
        import rjieba

        self._j = rjieba.Jieba()
        for word in DOMAIN_WORDS:
            self._j.add_word(word, DOMAIN_WORD_FREQ, None)
        self.cut = self._j.cut
        self.has_word = self._j.has_word


class _JiebaBackend:
    name = "jieba"

    def __init__(self):
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._t = jieba.Tokenizer()
        self._t.initialize()
        for word in DOMAIN_WORDS:
            self._t.add_word(word, DOMAIN_WORD_FREQ)
        freq = self._t.FREQ
        self.has_word = lambda w: bool(freq.get(w))  # jieba's own test in cut_for_search

    def cut(self, text: str) -> list[str]:
        return list(self._t.cut(text, HMM=True))


BACKENDS = {"rjieba": _RJiebaBackend, "jieba": _JiebaBackend}


class Segmenter:
    """Folding + segmentation. `backend=None` picks rjieba, falling back to jieba."""

    def __init__(self, backend: str | None = None):
        _compile_patterns()
        if backend is None:
            try:
                self._backend = _RJiebaBackend()
            except ImportError:
                self._backend = _JiebaBackend()
        else:
            self._backend = BACKENDS[backend]()
        self.backend_name = self._backend.name
        self._cut = self._backend.cut
        self.subwords = lru_cache(maxsize=200_000)(self._subwords)

    # --- folding -------------------------------------------------------------
    @staticmethod
    def fold(text: str) -> str:
        return fold(text)

    # --- words ---------------------------------------------------------------
    def words(self, text: str) -> list[Word]:
        """Default-mode (coarse) words of `text`, in order, offsets into `text` itself."""
        folded = fold(text)
        # One segmenter call for the whole text: the Han runs joined by "\n", a block boundary
        # for both jieba and jieba-rs, so each run is cut on its own (exactly as if fed
        # separately); offsets are mapped back run by run.
        starts = [m.start() for m in _HAN_RUN.finditer(folded)]
        out: list[Word] = []
        if starts:
            run = 0
            pos = starts[0]
            for w in self._cut(_HAN_RUN_SPLIT.sub("\n", folded).strip("\n")):
                if w[0] == "\n":
                    run += len(w)
                    pos = starts[run]
                    continue
                n = len(w)
                out.append(Word(w, pos, pos + n))
                pos += n
        others = [Word(m.group().lower(), m.start(), m.end()) for m in _OTHER.finditer(folded)]
        if others:
            out.extend(others)
            out.sort(key=_start)
        return out

    def masked(self, text: str) -> str:
        """What the segmenter backend is given for `text` (tests compare backends on it)."""
        return _HAN_RUN_SPLIT.sub("\n", fold(text)).strip("\n")

    def _subwords(self, word: str) -> tuple[tuple[str, int], ...]:
        """Search-mode parts of a word longer than two characters, as (text, offset).

        The same grams jieba's cut_for_search adds (2-grams, and 3-grams for words of 4+
        chars, that are dictionary words). Empty for words of 1-2 characters."""
        n = len(word)
        if n <= 2:
            return ()
        has = self._backend.has_word
        out = []
        for size in (2, 3):
            if n > size:
                for i in range(n - size + 1):
                    gram = word[i:i + size]
                    if has(gram):
                        out.append((gram, i))
        return tuple(out)

    def parts(self, word: str) -> tuple[tuple[str, int], ...]:
        """A non-overlapping cover of `word` by its sub-words (greedy longest from the left,
        single characters where no sub-word starts): the word's "fine" segmentation, one
        position each. `行政复议` -> 行政, 复议; `依申请公开` -> 依, 申请, 公开."""
        subs = self.subwords(word)
        if not subs:
            return ((word, 0),)
        starts: dict[int, str] = {}
        for gram, off in subs:
            if len(gram) > len(starts.get(off, "")):
                starts[off] = gram
        out, i = [], 0
        while i < len(word):
            gram = starts.get(i) or word[i]
            out.append((gram, i))
            i += len(gram)
        return tuple(out)


_OPENCC = None
# Full-width ASCII (２０２０, ＡＢ) -> ASCII: same length, so offsets hold.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def fold(text: str) -> str:
    """Traditional -> simplified, keeping the length (offsets stay valid)."""
    global _OPENCC
    if text.isascii():
        return text
    text = text.translate(_FULLWIDTH)
    if _OPENCC is None:
        import opencc

        _OPENCC = opencc.OpenCC("t2s")
    folded = _OPENCC.convert(text)
    if len(folded) == len(text):
        return folded
    # A phrase conversion changed the length: fold char by char so offsets hold.
    return "".join(c if len(f := _fold_char(c)) != 1 else f for c in text)


@lru_cache(maxsize=65536)
def _fold_char(c: str) -> str:
    return _OPENCC.convert(c)


_DEFAULT: Segmenter | None = None


def default_segmenter() -> Segmenter:
    """The process-wide segmenter (its dictionary loads once, on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Segmenter()
    return _DEFAULT
