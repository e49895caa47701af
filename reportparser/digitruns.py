"""Reading a row's cells from text, including cells run together with no separator.

Crawler-flattened pages print `行政规范性文件693665` for the cells 69|3|665. A
row's text is cut into tokens (whitespace, tabs and pipes separate cells; a
lone `-` `/` `—` or the grid reader's `∅` is a blank cell). When there are fewer
tokens than the template has cells, every way of splitting the digit runs into
the right number of cells is enumerated (`row_candidates`), each split a list of
printed numbers. Which split is right is decided by the caller from the
template identities (`tables.py`), then by the priors in `prior_cost`.
"""

from __future__ import annotations

import itertools
import re

BLANK_MARK = "∅"   # what the grid reader writes for an empty cell in a row of numbers
_TOKEN = re.compile(r"[+-]?\d[\d.,]*|(?<!\S)[-/—–∅](?!\S)|∅")
_PIECE = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
MAX_CANDIDATES = 20000


def tokens_of(segment: str) -> list[str | None]:
    """Number-ish tokens of a row's text, in order; None for a blank cell."""
    out: list[str | None] = []
    # a sign glued after digits starts a new number: '2648-18538' -> '2648', '-18538'
    segment = re.sub(r"(?<=\d)-(?=\d)", " -", segment.replace("|", " "))
    for m in _TOKEN.finditer(segment):
        tok = m.group(0)
        if tok in ("-", "/", "—", "–", BLANK_MARK):
            out.append(None)
            continue
        tok = tok.rstrip(".,")
        if tok.startswith("+"):
            tok = tok[1:]
        if "," in tok and not _THOUSANDS.match(tok):
            out.extend(p for p in tok.split(",") if p)
        elif tok:
            out.append(tok)
    return out


def to_number(piece: str):
    piece = piece.replace(",", "")
    return float(piece) if "." in piece else int(piece)


def splits(token: str, k: int) -> list[list[str]]:
    """Every way to cut `token` into k printed numbers (no leading zeros, one
    decimal point at most per number, a sign only at the very start)."""
    if k == 1:
        return [[token]] if (_PIECE.match(token) or _THOUSANDS.match(token)) else []
    if _THOUSANDS.match(token):
        return []
    sign = "-" if token.startswith("-") else ""
    body = token[len(sign):]
    out = []
    for cuts in itertools.combinations(range(1, len(body)), k - 1):
        parts, prev = [], 0
        for c in cuts + (len(body),):
            parts.append(body[prev:c])
            prev = c
        parts[0] = sign + parts[0]
        if all(_PIECE.match(p) for p in parts):
            out.append(parts)
            if len(out) > MAX_CANDIDATES:
                break
    return out


def max_cells(token: str | None) -> int:
    if token is None or _THOUSANDS.match(token):
        return 1
    return sum(ch.isdigit() for ch in token)


def row_candidates(tokens: list[str | None], n: int) -> tuple[list[list[str | None]], str]:
    """All ways to read n cells from the tokens, and a note:
    '' exact, 'split' digit runs were split, 'short' fewer cells than the
    template (padded with None at the end), 'long' more tokens than cells."""
    if len(tokens) == n:
        if all(t is None or _PIECE.match(t) or _THOUSANDS.match(t) for t in tokens):
            return [list(tokens)], ""
    if len(tokens) > n:
        return [list(tokens[:n])], "long"
    caps = [max_cells(t) for t in tokens]
    if sum(caps) < n:
        flat = [p for t in tokens for p in ([t] if t is None else _split_all(t))]
        return [flat + [None] * (n - len(flat))], "short"
    out: list[list[str | None]] = []
    for counts in _compositions(n, caps):
        per_token = []
        for tok, c in zip(tokens, counts):
            per_token.append([[None]] if tok is None else splits(tok, c))
        for combo in itertools.product(*per_token):
            out.append([p for part in combo for p in part])
            if len(out) > MAX_CANDIDATES:
                return out, "split"
    return out, "split"


def _split_all(token: str) -> list[str]:
    found = splits(token, 1)
    return found[0] if found else [token]


def _compositions(n: int, caps: list[int]):
    """Ways to give each token 1..cap cells, n cells in all."""
    if not caps:
        if n == 0:
            yield ()
        return
    rest_min = len(caps) - 1
    rest_max = sum(caps[1:])
    for c in range(1, min(caps[0], n - rest_min) + 1):
        if n - c > rest_max:
            continue
        for tail in _compositions(n - c, caps[1:]):
            yield (c,) + tail


def values(candidate: list[str | None]) -> list:
    return [None if p is None else to_number(p) for p in candidate]


def prior_cost(candidate: list[str | None], narrative: frozenset[int] = frozenset(),
               cumulative=None, change_column=None) -> float:
    """Lower is likelier. Balanced digit lengths; numbers the narrative states
    confirm a split; a running total column is at least the others; a
    本年增/减 column is usually short."""
    lengths = [len(p.lstrip("-")) if p else 1 for p in candidate]
    cost = float(sum(l * l for l in lengths))
    nums = values(candidate)
    for v in nums:
        if isinstance(v, int) and v >= 10 and v in narrative:
            cost -= 3
    if cumulative:
        total_col, parts = cumulative
        tv = nums[total_col] if total_col < len(nums) else None
        if tv is not None:
            for p in parts:
                if nums[p] is not None and nums[p] > tv:
                    cost += 10
        if len(nums) > 1 and nums[0] is not None and nums[1] is not None and nums[0] < nums[1]:
            cost += 0.5
    if change_column is not None and change_column < len(lengths) and candidate[change_column]:
        cost += 3 * lengths[change_column]
        if nums[change_column] == 0:
            cost -= 2
    return cost
