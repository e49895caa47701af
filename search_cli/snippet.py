"""Snippets: a window of the report's text around the first match, matched words marked.

Marks are found in the FOLDED text (traditional -> simplified, same length) and applied to
the original characters, so they cover exactly the characters of the matched words: a
search for 复议 marks 复议 inside 行政复议, a search for 行政复议 marks all four, and a
simplified query marks the traditional characters it matched. The query's words are the
index terms it searched, so no segmentation is needed here: a whole `gia-search` process
never loads the segmenter's dictionary (0.2 s) for a query made of indexed words.
"""

from __future__ import annotations

import re

from indexer.names import SECTION_FIELDS, TEXT_FIELDS

WIDTH = 120  # characters of context in a snippet
_SPACE_RUN = re.compile(r"\s+")  # tabs, newlines, ideographic spaces (U+3000)


def query_words(q) -> set[str]:
    """The text-field terms of a query (the words to mark)."""
    text_fields = set(TEXT_FIELDS) | set(SECTION_FIELDS)
    words = set()
    try:
        terms = q.iter_all_terms(phrases=True)
    except TypeError:
        terms = q.iter_all_terms()
    for field, text in terms:
        if field in text_fields:
            words.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return words


def spans(text: str, words: set[str], width: int = WIDTH) -> tuple[int, int, list[tuple[int, int]]]:
    """(window start, window end, marked spans inside it) for the first match in `text`."""
    from indexer.segment import fold

    if not text:
        return 0, 0, []
    folded = fold(text).lower()
    first = min((i for i in (folded.find(w) for w in words if w) if i >= 0), default=-1)
    if first < 0:
        return 0, min(len(text), width), []
    start = max(0, first - width // 4)
    end = min(len(text), start + width)
    window = folded[start:end]
    marked = []
    for w in words:
        if not w:
            continue
        i = window.find(w)
        while i >= 0:
            marked.append((start + i, start + i + len(w)))
            i = window.find(w, i + 1)
    merged: list[tuple[int, int]] = []
    for s, e in sorted(marked):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return start, end, merged


def render(text: str, words: set[str], before: str, after: str, escape=None, width: int = WIDTH) -> str:
    start, end, marks = spans(text, words, width)
    # Table rows arrive as tab-separated cells on their own lines: one space for any run of
    # whitespace makes the snippet one readable line. Done piece by piece, before the marks
    # are added, so the marks still cover exactly the matched characters.
    plain = escape or (lambda s: s)
    esc = lambda s: plain(_SPACE_RUN.sub(" ", s))  # noqa: E731
    out, pos = [], start
    for s, e in marks:
        out.append(esc(text[pos:s]))
        out.append(before + esc(text[s:e]) + after)
        pos = e
    out.append(esc(text[pos:end]))
    body = "".join(out).strip()
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def html_snippet(text: str, words: set[str]) -> str:
    """The --json snippet: HTML-escaped text with <mark>…</mark> around matched words."""
    import html  # here: it loads html.entities (~0.8 ms), which text output never needs
    return render(text, words, "<mark>", "</mark>", escape=html.escape)
