"""Snippets: a window of the report's text around the first match, the matched characters marked.

The marks are what the query matched, found as the index matches it (`grams.pattern`: Han
characters as typed, Latin words whole, whitespace between a phrase's pieces) in the text's
match form (folded: traditional -> simplified, same length), and applied to the original
characters. So a search for 复议 marks 复议 inside 行政复议, a search for 内部事务 marks the
four characters in 三类内部事务信息 whatever jieba made of them, and a simplified query
marks the traditional characters it matched. No segmentation is needed here.
"""

from __future__ import annotations

import re

WIDTH = 120  # characters of context in a snippet
_SPACE_RUN = re.compile(r"\s+")  # tabs, newlines, ideographic spaces (U+3000)


def query_patterns(q) -> list[str]:
    """A regular expression for each character-field leaf of the query that is not negated."""
    from indexer.grams import pattern
    from indexer.ranking import text_leaves, title_leaves

    out = []
    for leaf in text_leaves(q) + title_leaves(q):
        words = [leaf.text] if hasattr(leaf, "text") else list(leaf.words)
        out.append(pattern(words))
    return list(dict.fromkeys(out))


def words_patterns(words) -> list[str]:
    """Patterns marking literal words (what a caller with plain words passes)."""
    return [re.escape(w) for w in words if w]


def spans(text: str, patterns, width: int = WIDTH) -> tuple[int, int, list[tuple[int, int]]]:
    """(window start, window end, marked spans inside it) for the first match in `text`."""
    from indexer.grams import match_form

    if not text:
        return 0, 0, []
    folded = match_form(text)
    compiled = [re.compile(p) for p in patterns if p]
    first = min((m.start() for m in (c.search(folded) for c in compiled) if m), default=-1)
    if first < 0:
        return 0, min(len(text), width), []
    start = max(0, first - width // 4)
    end = min(len(text), start + width)
    marked = []
    for c in compiled:
        for m in c.finditer(folded, start, end):
            if m.end() > m.start():
                marked.append((m.start(), m.end()))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(marked):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return start, end, merged


def render(text: str, patterns, before: str, after: str, escape=None, width: int = WIDTH) -> str:
    start, end, marks = spans(text, patterns, width)
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


def html_snippet(text: str, patterns) -> str:
    """The --json snippet: HTML-escaped text with <mark>…</mark> around the matched characters."""
    import html  # here: it loads html.entities (~0.8 ms), which text output never needs
    return render(text, patterns, "<mark>", "</mark>", escape=html.escape)
