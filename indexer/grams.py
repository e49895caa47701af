"""The matching field: every Han character and character bigram of the folded text (issue 18).

A word-segmented index misses reports whose text contains the query when jieba cuts the
text differently in context (行政规范性文件, 三类内部事务信息). Matching here does not depend
on segmentation, as Lucene's CJK bigram analyzer and Elasticsearch's `cjk` analyzer do:

* The text is folded (`match_form`: OpenCC t2s and full-width ASCII -> ASCII, as the words
  field; then ASCII upper case -> lower case). Lengths are kept, so offsets stay valid.
* It is cut into **units**: each Han character (`HAN`, with 〇); each Latin word or number
  (`2020`, `12.5%`, `gov`); each other visible character (punctuation, symbols, other
  scripts). Whitespace is not a unit. Units take consecutive positions.
* Indexed: every unit at its position, and every pair of Han characters that stand directly
  together in the text (no whitespace between) as a bigram, at the first one's position.

A query is cut the same way (`query_terms`) and matched as a phrase of consecutive
positions: a Han run of the query (characters typed together) by its bigrams, and, when
another unit follows it, its last character; a lone Han character and any other unit by
itself. So a run of Chinese characters matches exactly where the text contains it (the
bigrams of consecutive positions spell it out), a Latin word or number matches whole words
(`2020` does not match inside `12020`), and whitespace counts for nothing except that
characters typed together must stand together. A one-character query is one term; a
two-character one is one bigram term; longer ones are a Whoosh `Phrase`.

`pieces()` reads a phrase's terms back into what was typed (tests check the round trip), for
the words field's shortcut and ranking (search_cli) and for marking snippets.
"""

from __future__ import annotations

import re
import string
import sys
from array import array
from itertools import groupby

from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Positions

# Han characters: CJK unified ideographs, extension A, compatibility ideographs, the
# supplementary planes' extensions, and 〇 (the zero of 二〇二〇年).
HAN = "\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003134F"
_UNITS = re.compile(rf"([{HAN}]+)|([a-z0-9]+(?:\.[0-9]+)*%?)|(\S)")
_HAN_ONLY = re.compile(rf"[{HAN}]+")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_BIG_ENDIAN = sys.byteorder == "big"


def match_form(text: str) -> str:
    """The folded text units are read from (same length as `text`). Folded line by line,
    as the words field folds it, so both fields see the same characters (OpenCC's phrase
    conversion would otherwise depend on what else the text holds)."""
    from indexer.segment import fold

    if "\n" in text:
        return "\n".join(fold(line) for line in text.split("\n")).translate(_ASCII_LOWER)
    return fold(text).translate(_ASCII_LOWER)


def is_han(term: str) -> bool:
    return bool(_HAN_ONLY.fullmatch(term))


def gram_postings(text: str, marks: list[int] | None = None):
    """Index form of a text: term -> ascending positions (units and Han bigrams).

    With `marks` (sorted character offsets), returns (postings, positions), positions[i]
    being the position of the first unit that starts at or after marks[i] (a mark inside a
    Han run falls on that run's character)."""
    units: list[str] = []      # every unit in order: its index is its position
    pairs: list[str] = []      # the bigrams, in order,
    pair_pos: list[int] = []   # and their positions
    pending = list(marks or ())
    mark_pos: list[int] = []
    for m in _UNITS.finditer(match_form(text)):
        pos = len(units)
        if pending and pending[0] < m.end():
            start = m.start()
            while pending and pending[0] < m.end():
                at = pending.pop(0)
                mark_pos.append(pos if at <= start else pos + at - start if m.lastindex == 1 else pos + 1)
        run = m.group(1)
        if run is None:
            units.append(m.group())
        else:
            units.extend(run)
            if len(run) > 1:
                pairs.extend(map(str.__add__, run, run[1:]))
                pair_pos.extend(range(pos, pos + len(run) - 1))
    # Group positions by term in C: a stable sort of the indexes by term keeps each term's
    # positions ascending (units and bigrams never share a term: a bigram is two Han
    # characters, a unit one character or an ASCII word).
    terms = units + pairs
    where = list(range(len(units))) + pair_pos
    order = sorted(range(len(terms)), key=terms.__getitem__)
    out = {term: list(map(where.__getitem__, group)) for term, group in groupby(order, terms.__getitem__)}
    if marks is None:
        return out
    mark_pos.extend(len(units) for _ in pending)
    return out, mark_pos


def query_terms(text: str) -> list[str]:
    """The terms of a query text, in phrase order (consecutive positions; see the module doc)."""
    return [t for t, _s, _e in query_spans(text)]


def query_spans(text: str) -> list[tuple[str, int, int]]:
    """`query_terms` with each term's character span in `text`."""
    found = list(_UNITS.finditer(match_form(text)))
    out: list[tuple[str, int, int]] = []
    for i, m in enumerate(found):
        run = m.group(1)
        if run is None or len(run) == 1:
            out.append((m.group(), m.start(), m.end()))
            continue
        start = m.start()
        out.extend((run[j:j + 2], start + j, start + j + 2) for j in range(len(run) - 1))
        if i + 1 < len(found):
            out.append((run[-1], m.end() - 1, m.end()))  # the run ends here: the next unit follows
    return out


def pieces(words) -> list[str]:
    """The phrase of `query_terms` read back: Han runs (characters typed together) and the
    other units, in order. `pieces(query_terms(q))` is q's units with its Han runs whole."""
    out: list[str] = []
    run = ""
    prev_pair = False
    for w in words:
        w = w.decode("utf-8") if isinstance(w, bytes) else w
        if len(w) == 2 and is_han(w):
            if run and prev_pair and run[-1] == w[0]:
                run += w[1]
            else:
                if run:
                    out.append(run)
                run = w
            prev_pair = True
            continue
        if run and prev_pair and w == run[-1]:
            out.append(run)  # the end-of-run character
            run, prev_pair = "", False
            continue
        if run:
            out.append(run)
            run = ""
        prev_pair = False
        out.append(w)
    if run:
        out.append(run)
    return out


def surface(words) -> str | None:
    """The Han text a phrase spells when it is one run of characters typed together, else None."""
    p = pieces(words)
    return p[0] if len(p) == 1 and is_han(p[0]) else None


def piece_pattern(piece: str) -> str:
    """A regular expression (over `match_form` text) for one piece, as the index matches it:
    a Han run literally, a Latin word or number as a whole word."""
    if piece == "%":  # after a letter or digit it belongs to that word (12%)
        return r"(?<![a-z0-9])%"
    if piece == ".":  # between a letter or digit and a digit it belongs to the number (12.5)
        return r"(?:(?<![a-z0-9])\.|\.(?![0-9]))"
    if is_han(piece) or not re.fullmatch(r"[a-z0-9]", piece[:1]):
        return re.escape(piece)
    before = r"(?<![a-z0-9])" + (r"(?<![a-z0-9]\.)" if piece[0].isdigit() else "")
    after = "" if piece.endswith("%") else r"(?![a-z0-9%])(?!\.[0-9])"
    return before + re.escape(piece) + after


def pattern(words) -> str:
    """A regular expression for a whole phrase (its pieces with any whitespace between)."""
    return r"\s*".join(piece_pattern(p) for p in pieces(words))


class GramTokenizer(Tokenizer):
    """Whoosh analyzer of the character fields: index mode gives units and bigrams at unit
    positions (`gram_postings`), query mode `query_terms` at consecutive positions."""

    def __eq__(self, other):
        return type(other) is type(self)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost, t.stopped = 1.0, False
        if not tokenize:
            items = [(value, start_pos, 0, len(value))]
        elif mode == "query":
            items = [(w, start_pos + i, s, e) for i, (w, s, e) in enumerate(query_spans(value))]
        else:  # (character offsets are not kept in the index: no highlighter reads them)
            items = sorted(((w, p, 0, 0) for w, ps in gram_postings(value).items() for p in ps),
                           key=lambda x: x[1])
        for text, pos, start, end in items:
            t.original = t.text = text
            if positions:
                t.pos = pos
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


# --- the positions' encoding --------------------------------------------------------------
# Whoosh's Positions format stores a posting's positions as a 4-byte count and a pickled list
# of deltas (~13 bytes for the usual single position), decoded by a Python loop. Here: the
# positions themselves as 16-bit little-endian integers (32-bit, after a marker byte, in a
# text of more than 65,535 units), through the same Format interface (a public extension
# point: Whoosh's phrase and span matchers read positions only through decode_positions).
# Fixed-width values let indexer/fast.py decode the positions of a whole posting block at
# once (`array.frombytes`), which checking a phrase in every report needs.

_WIDE = b"\x00"  # a 32-bit value: odd length (16-bit values have even lengths)


class ArrayPositions(Positions):
    """Positions as an array of unsigned 16-bit (or, marked, 32-bit) little-endian integers."""

    def encode(self, poslist) -> bytes:
        if poslist[-1] < 0x10000:
            arr = array("H", poslist)
            marker = b""
        else:
            arr = array("I", poslist)
            marker = _WIDE
        if _BIG_ENDIAN:
            arr.byteswap()
        return marker + arr.tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        if len(valuestring) & 1:
            arr = array("I")
            arr.frombytes(valuestring[1:])
        else:
            arr = array("H")
            arr.frombytes(valuestring)
        if _BIG_ENDIAN:
            arr.byteswap()
        return arr.tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) >> 2 if len(valuestring) & 1 else len(valuestring) >> 1

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost
