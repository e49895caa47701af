"""Row labels in a table's text: found by their spellings, approximately when retyped, and the
digits that belong to labels (never to cells).

Digits in labels: a report numbers its rows and items with Arabic digits as often as with the
template's Chinese ones (（1）予以公开, 1、属于国家秘密, 第二十条第（1）项), a note refers to
第1项加第2项之和, and tables exported by OCR tools, markdown converters or spreadsheets carry
placeholder column names (数据1, Unnamed: 3, Column1, 列1, Field3). `mask_label_digits` rewrites
these before any cell is read: ordinal digits become the template's Chinese numerals (so （1）予以公开
reads as the template's （一）予以公开) and a placeholder's digits become `#` (数据#). Both lists are
declared in `templates` (LABEL_ORDINALS, PLACEHOLDER_HEADERS) with why each entry exists.

A row label retyped with characters dropped or changed (其他法律行政止公开 for
其他法律行政法规禁止公开) is found by `approximate`: between the rows found exactly, the run of
label text most like the row's label (longest common subsequence), if like enough.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportparser import templates
from reportparser.normalize import clean_text, to_ascii_punctuation

CN_NUMERALS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
               "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def work_text(text: str) -> str:
    """Same length-ish text with ASCII brackets/quotes so labels compare simply."""
    return to_ascii_punctuation(clean_text(text))


# ------------------------------------------------------------ digits that are labels

PLACEHOLDER = re.compile("(?:" + "|".join(p for p, _why in templates.PLACEHOLDER_HEADERS) + r")\s*(?:\d+|#+)", re.I)
_ORDINAL = re.compile("|".join(f"(?:{p})" for p, _why in templates.LABEL_ORDINALS))
_CN_OF = {str(i): n for i, n in enumerate(CN_NUMERALS) if i}


def mask_label_digits(text: str) -> str:
    """Placeholder names' digits to '#', ordinal digits of labels to Chinese numerals, circled
    numbers (①) to their numeral; nothing else changes."""
    if any(ch in text for ch in CIRCLED):
        text = re.sub(f"[{CIRCLED}]", lambda m: f"({CN_NUMERALS[CIRCLED.index(m.group()) + 1]})", text)
    text = PLACEHOLDER.sub(lambda m: re.sub(r"\d", "#", m.group()), text)
    return _ORDINAL.sub(lambda m: _CN_OF.get(m.group(), m.group()), text)


def is_placeholder(field: str) -> bool:
    """A header field that is a placeholder name (数据#, Unnamed: #, Column#…)."""
    return bool(PLACEHOLDER.fullmatch(field.strip()))


# ------------------------------------------------------------ exact spellings

@lru_cache(maxsize=None)
def pattern(spelling: str) -> re.Pattern:
    key = mask_label_digits(work_text(spelling)).replace(" ", "")
    return re.compile(r"\s*".join(re.escape(ch) for ch in key))


def find_label(text: str, spellings, start: int, end: int):
    """Earliest match of any spelling in text[start:end] -> (start, end) or None."""
    best = None
    for sp in spellings:
        m = pattern(sp).search(text, start, end)
        if m and (best is None or m.start() < best[0] or (m.start() == best[0] and m.end() > best[1])):
            best = (m.start(), m.end())
    return best


def widest(text: str, spellings, hit: tuple[int, int], end: int) -> tuple[int, int]:
    """A label found by its short form ('(二)部分公开') extended over a longer spelling that
    overlaps it ('部分公开(区分处理的,只计这一情形,不计其他情形)'), so the words in the long
    form are not taken for the next rows' labels (其他)."""
    s, e = hit
    limit = min(end, e + 2 * max(len(sp) for sp in spellings) + 8)
    for sp in spellings:
        m = pattern(sp).search(text, s, limit)
        if m and m.start() <= e and m.end() > e:
            e = m.end()
    return s, e


def find_any(text: str, words, start: int = 0, end: int | None = None) -> int:
    end = len(text) if end is None else end
    hit = find_label(text, words, start, end)
    return hit[0] if hit else -1


# ------------------------------------------------------------ numbering

@lru_cache(maxsize=64)
def _numbering_tail(number: str) -> re.Pattern | None:
    """A row's numbering in every printed form, at a segment's end: '6.' '6、' '(6)' and, for a
    Chinese ordinal '(七)', also '(7)' — so the next row's number is not read as a cell."""
    m = re.fullmatch(r"(\d+)\.", number)
    if m:
        n = m.group(1)
        return re.compile(rf"(?:{n}[ \t]*[.、,]|\([ \t]*(?:{n}|{CN_NUMERALS[int(n)]})[ \t]*\))[ \t]*$")
    m = re.fullmatch(r"\((\S+)\)", number)
    if m:
        return re.compile(rf"\([ \t]*{m.group(1)}[ \t]*\)[ \t]*$")
    return None


def strip_numbering(segment: str, number: str) -> str:
    """Drop the next row's numbering ('6.' in '…32' + '6.属于…') from a segment's end."""
    tail = _numbering_tail(number)
    return tail.sub("", segment) if tail is not None else segment


# ------------------------------------------------------------ approximate

_LABEL_RUN = re.compile(r"[^\d\s|∅#]{3,}")   # label text: anything but digits, separators, blank marks
MIN_LIKENESS = 0.6      # of the label's characters, in order, found in the printed run
MIN_COMMON = 4          # characters in common at least


def _words(spelling: str) -> str:
    return re.sub(r"^(?:\([^)]{1,3}\)|\d+[.、]|[一二三四五六七八九十]+、)", "", work_text(spelling).replace(" ", ""))


def _common(a: str, b: str) -> int:
    """Length of the longest common subsequence."""
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b):
            cur.append(prev[j] + 1 if ch == other else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def likeness(run: str, spelling: str) -> float:
    words = _words(spelling)
    if len(words) < MIN_COMMON + 1:
        return 0.0
    run = _words(run)
    common = _common(run, words)
    if common < MIN_COMMON:
        return 0.0
    # what the run holds beyond the label counts against it (a longer label of another row)
    return common / max(len(words), len(run))


def approximate(text: str, spellings, start: int, end: int, followed: re.Pattern | None = None
                ) -> tuple[tuple[int, int], float] | None:
    """The run of label text in text[start:end] most like one of the spellings, if like enough
    (and, given `followed`, where that pattern matches right after the run): ((start, end), likeness)."""
    best = None
    for m in _LABEL_RUN.finditer(text, start, end):
        if followed is not None and not followed.match(text, m.end()):
            continue
        score = max(likeness(m.group(), sp) for sp in spellings)
        if score >= MIN_LIKENESS and (best is None or score > best[1]):
            best = ((m.start(), m.end()), score)
    return best
