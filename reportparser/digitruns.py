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
import math
import re
from functools import lru_cache

BLANK_MARK = "∅"   # what the grid reader writes for an empty cell in a row of numbers
_TOKEN = re.compile(r"[+-]?\d[\d.,]*|(?<!\S)[-/—–∅](?!\S)|∅")
_PIECE = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# digit groups of three after commas, the first group of any length: a thousands-separated number
# with digits run into it from the cell before ('5475,100' for 5 | 475,100)
_GROUPED = re.compile(r"^[+-]?\d+(?:,\d{3})+(?:\.\d+)?$")
MAX_CANDIDATES = 5000
MAX_SPLITS = 60000   # ways to cut one digit run we are willing to enumerate


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
        if "," in tok and not _GROUPED.match(tok):
            out.extend(p for p in tok.split(",") if p)
        elif tok:
            out.append(tok)
    return out


def to_number(piece: str):
    piece = piece.replace(",", "")
    return float(piece) if "." in piece else int(piece)


def splits(token: str, k: int) -> list[list[str]]:
    """Every way to cut `token` into k printed numbers (no leading zeros, one decimal point at
    most per number, a sign only at the very start, thousands commas only in their places; a cut
    falls between two digits)."""
    if k == 1:
        return [[token]] if (_PIECE.match(token) or _THOUSANDS.match(token)) else []
    sign = "-" if token.startswith("-") else ""
    body = token[len(sign):]
    places = [i for i in range(1, len(body)) if body[i - 1].isdigit() and body[i].isdigit()]
    if k - 1 > len(places) or math.comb(len(places), k - 1) > MAX_SPLITS:
        return []   # a run far too long for the row: not read (bounded time), the caller warns
    out = []
    for cuts in itertools.combinations(places, k - 1):
        parts, prev = [], 0
        for c in cuts + (len(body),):
            parts.append(body[prev:c])
            prev = c
        parts[0] = sign + parts[0]
        if all(_PIECE.match(p) or _THOUSANDS.match(p) for p in parts):
            out.append(parts)
            if len(out) > MAX_CANDIDATES:
                break
    return out


def max_cells(token: str | None) -> int:
    if token is None:
        return 1
    return sum(ch.isdigit() for ch in token)


MAX_GAPS = 2   # blank cells a row may have lost without a trace that are still placed (C(7,2) = 21 ways)


def row_candidates(tokens: list[str | None], n: int, layout: str = "spaced") -> tuple[list[list[str | None]], str]:
    """All ways to read n cells from the tokens, and a note:
    '' exact; 'split' digit runs were split; 'gaps' fewer numbers than cells, each number one
    cell: every placement of the missing (blank) cells; 'split+gaps' both readings offered;
    'long' more tokens than cells (the first n kept); 'unplaced' nothing fits: no candidate.

    layout (see `layout_of`): 'glued' — the digits run into the label, no separator: cells run
    together, never a lost blank; 'apart' — the numbers stand on their own line(s), apart from
    the label: a space is a cell boundary, so fewer numbers than cells are blanks printed as
    nothing (at most MAX_GAPS placed); 'spaced' — on the label's line after a space: both."""
    if len(tokens) == n:
        if all(t is None or _PIECE.match(t) or _THOUSANDS.match(t) for t in tokens):
            return [list(tokens)], ""
    if len(tokens) > n:
        return [list(tokens[:n])], "long"
    if not any(t is not None for t in tokens):
        return [[None] * n], "blank"   # a row printed with no number at all: every cell blank
    out: list[list[str | None]] = []
    missing = n - len(tokens)
    whole = all(t is None or _PIECE.match(t) or _THOUSANDS.match(t) for t in tokens)
    placed = gap_placements(tokens, n) if layout != "glued" and whole and 0 < missing <= MAX_GAPS else []
    if layout == "apart" and placed:
        return placed, "gaps"
    caps = [max_cells(t) for t in tokens]
    if sum(caps) >= n:
        for counts in _compositions(n, caps):
            per_token = []
            for tok, c in zip(tokens, counts):
                per_token.append([[None]] if tok is None else splits(tok, c))
            for combo in itertools.product(*per_token):
                out.append([p for part in combo for p in part])
                if len(out) > MAX_CANDIDATES:
                    return out, "split"
    if placed:
        return out + placed, ("split+gaps" if out else "gaps")
    return out, ("split" if out else "unplaced")


def layout_of(segment: str) -> str:
    """How a row's numbers stand to its label: 'glued' (the first digit right after the label),
    'apart' (on a line of their own), or 'spaced' (after a space on the label's line)."""
    m = re.search(r"[-+]?\d", segment)
    if m is None or m.start() == 0:
        return "glued"
    return "apart" if "\n" in segment[:m.start()] else "spaced"


def gap_placements(tokens: list[str | None], n: int) -> list[list[str | None]]:
    """Every way to put the tokens, in order, into n cells, the others blank."""
    out = []
    for where in itertools.combinations(range(n), len(tokens)):
        cells: list[str | None] = [None] * n
        for i, tok in zip(where, tokens):
            cells[i] = tok
        out.append(cells)
    return out


def gaps(candidate: list[str | None], tokens: list[str | None]) -> int:
    """Blank cells the candidate has that no printed blank mark accounts for."""
    return candidate.count(None) - sum(1 for t in tokens if t is None)


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
               cumulative=None, change_column=None, money=None) -> float:
    """Lower is likelier. Balanced digit lengths; numbers the narrative states
    confirm a split; a running total column is at least the others; a
    本年增/减 column is usually short, often a lone 0, and rarely exceeds the
    previous count; a money column averages at least `money[2]` per counted
    item (money = (count column, amount column, minimum))."""
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
        ch = nums[change_column]
        cost += lengths[change_column]
        if ch == 0:
            cost -= 3.5
        if change_column > 0 and nums[0] is not None and abs(ch) > nums[0]:
            cost += 0.5
    if money:
        count_col, amount_col, minimum = money
        c, a = nums[count_col], nums[amount_col]
        if c and a is not None and a / c < minimum:
            cost += 100
    return cost


# ------------------------------------------------------------ positional rows
# Text tables that keep their cell structure (tabs, pipes, one cell per line)
# print a blank cell as an empty field; its position matters, so such rows are
# read by position before falling back to token reading.

_CELL_OK = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:万元|元|件|条|个|项)?$")
BLANK_TEXT = {"", "-", "/", "—", "–", BLANK_MARK, "－", "／"}


@lru_cache(maxsize=8192)   # the same few cell strings recur across rows and reports
def _field(text: str):
    """'' for blank, the number string, or False for text."""
    t = text.strip()
    if t in BLANK_TEXT:
        return ""
    if _CELL_OK.match(t):
        return re.sub(r"[^\d.,+-]", "", t).lstrip("+")
    return False


_SEVERAL_NUMBERS_A_LINE = re.compile(r"(?m)^[ \u3000]*[-+]?\d[\d,.]*(?:[ \u3000]+[-+]?\d[\d,.]*)+[ \u3000]*$")


def several_numbers_a_line(segment: str) -> bool:
    """A line of two or more numbers apart by spaces only (no tab, no pipe): the rows of such a
    table are printed shattered, not one cell a line, so an empty line in them is a paragraph break
    (before the next heading), never a blank cell. The evidence is the table's, not one row's: a
    row of single-number lines in it says nothing of where its blank is."""
    return bool(_SEVERAL_NUMBERS_A_LINE.search(segment))


def positional_cells(segment: str, n: int, start_hint: int | None = None, cell_lines: bool = True):
    """Cells of a structured row, blanks in place, or None when the segment is
    not structured (then `row_candidates` reads its tokens). Returns
    (cells, start_column) where start_column is the offset of the first cell
    among the fields after the label (for aligning rows with leading blanks).
    `cell_lines` False: the table is printed shattered (several_numbers_a_line), so a row of
    single-number lines is not one cell a line — only tab and pipe rows are read by position."""
    first_line, _, rest = segment.partition("\n")
    sep = "\t" if "\t" in first_line else ("|" if "|" in first_line else None)
    if sep:
        fields = first_line.split(sep)[1:]
        if sep == "|" and fields and not fields[-1].strip():
            fields = fields[:-1]
        kinds = [_field(f) for f in fields]
        if any(k is False for k in kinds):
            return None
        return _align(kinds, n, start_hint)
    lines = segment.split("\n")
    if not cell_lines or len(lines) < 3 or lines[0].strip():
        return None
    body = lines[1:-1]
    kinds = [_field(x) for x in body]
    # text lines (a group label like （三）不予公开) may close the segment; a line of several
    # numbers is not one cell a line (a shattered row): read by tokens
    while kinds and kinds[-1] is False and not any(ch.isdigit() for ch in body[len(kinds) - 1]):
        kinds.pop()
    if not kinds or any(k is False for k in kinds):
        return None
    if any(k and " " in k for k in kinds):
        return None
    return _align(kinds, n, 0, lines_mode=True)


def _align(kinds: list, n: int, start_hint: int | None, lines_mode: bool = False):
    if len(kinds) < n:
        return None   # fewer fields than cells: which are missing is not in the structure (tokens decide)
    filled = [i for i, k in enumerate(kinds) if k]
    if not filled:
        return ([None] * n, 0, False) if len(kinds) >= n else None
    if len(filled) > n:
        return None
    lo = max(0, filled[-1] - n + 1)
    hi = filled[0]
    if lo > hi:
        return None  # numbers spread wider than the row: not one cell per field
    options = list(range(lo, hi + 1))
    if lines_mode:
        k = lo
    elif start_hint is not None and start_hint in options:
        k = start_hint
    else:
        k = options[0]
    cells = [(kinds[i] if i < len(kinds) and kinds[i] else None) for i in range(k, k + n)]
    # several placements and the row has blanks: which cells are blank is a guess
    ambiguous = len(options) > 1 and not lines_mode and (start_hint is None or start_hint not in options)
    return cells, k, ambiguous
