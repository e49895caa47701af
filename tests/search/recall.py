"""The brute-force side of the recall tests (tests/search/test_recall.py, bench/bench_recall.py).

The matching rule of docs/search.md, applied by scanning texts, with no index:

    a query matches every report whose text contains it, in either script.

Both sides fold alike (OpenCC t2s line by line, full-width ASCII -> ASCII, ASCII lower case).
A query of Chinese characters is then a plain substring test. A query with other characters
follows the rule's two refinements, written here as a regular expression over the folded
text: Latin words and numbers match whole (`2020` not inside `12020` or `2020.5`), and
whitespace counts for nothing except that Chinese characters typed together stand together.
"""

from __future__ import annotations

import random
import re
import string

HAN = "\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003134F"
_HAN_RUN = re.compile(f"[{HAN}]+")
_PIECES = re.compile(rf"([{HAN}]+)|([a-z0-9]+(?:\.[0-9]+)*%?)|(\S)")
_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
SYNTAX = set('"\'():[]{}<>=*?~^+-!\\/&|')  # characters the query parser reads as syntax
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def folded(text: str) -> str:
    from indexer.segment import fold

    return "\n".join(fold(line) for line in text.split("\n")).translate(_LOWER)


def is_chinese(query: str) -> bool:
    return bool(_HAN_RUN.fullmatch(query))


def rule_pattern(query: str) -> re.Pattern:
    parts = []
    for m in _PIECES.finditer(folded(query)):
        if m.group(1):
            parts.append(re.escape(m.group()))
        elif m.group(3):
            # a lone character; "%" after a letter or digit, and "." between one and a
            # digit, belong to that word or number (12.5%), so they are no match there
            c = m.group()
            parts.append({"%": r"(?<![a-z0-9])%", ".": r"(?:(?<![a-z0-9])\.|\.(?![0-9]))"}.get(c, re.escape(c)))
        else:
            token = m.group()
            before = r"(?<![a-z0-9])" + (r"(?<![a-z0-9]\.)" if token[0].isdigit() else "")
            after = "" if token.endswith("%") else r"(?![a-z0-9%])(?!\.[0-9])"
            parts.append(before + re.escape(token) + after)
    return re.compile(r"\s*".join(parts))


def scan(texts: dict[str, str], query: str) -> set[str]:
    """The ids of the texts (already `folded`) that contain `query`, by the rule."""
    q = folded(query)
    if is_chinese(q):
        return {rid for rid, text in texts.items() if q in text}
    pattern = rule_pattern(query)
    return {rid for rid, text in texts.items() if pattern.search(text)}


def as_query(text: str) -> str | None:
    """`text` as gia-search query syntax that means exactly it: quoted when it holds spaces
    or syntax characters; None when it cannot be written (a double quote inside)."""
    if not text.strip() or '"' in text or "\\" in text:
        return None
    if any(c.isspace() for c in text) or SYNTAX & set(text) or text.strip().upper() in OPERATORS \
            or text.strip() == "*":
        return f'"{text}"'
    return text


def substrings(texts: list[str], n: int, seed: int, lengths=(1, 6), chinese_only: bool = False) -> list[str]:
    """`n` random substrings (fixed seed) of the texts, 1-6 characters."""
    rng = random.Random(seed)
    out = []
    texts = [t for t in texts if len(t) > lengths[1]]
    while len(out) < n and texts:
        text = rng.choice(texts)
        size = rng.randint(*lengths)
        if chinese_only:
            runs = [m.group() for m in _HAN_RUN.finditer(text) if len(m.group()) >= size]
            if not runs:
                continue
            run = rng.choice(runs)
            start = rng.randrange(len(run) - size + 1)
            out.append(run[start:start + size])
        else:
            start = rng.randrange(len(text) - size)
            piece = text[start:start + size]
            if piece.strip():
                out.append(piece)
    return out
