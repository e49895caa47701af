"""Plain terminal tables that line up Chinese text (wide characters count as two columns),
with optional ANSI colour for highlighted cells — colour only when writing to a terminal."""

from __future__ import annotations

import unicodedata

from gia.terminal import neutralize

RED, YELLOW, BOLD, RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell(value) -> str:
    """A value as table text; scraped control characters shown escaped (gia.terminal)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return neutralize(str(value))


def render(header: list[str], rows: list[list], *, marks: set[tuple[int, int]] | None = None,
           colour: bool = False, numeric_from: int = 1) -> str:
    """Rows of cells -> aligned text. `marks` are (row, col) cells to highlight (a trailing '!'
    without colour). Columns from `numeric_from` on are right-aligned."""
    marks = marks or set()
    text = [[cell(v) for v in row] for row in rows]
    for r, c in marks:
        if not colour and r < len(text) and c < len(text[r]):
            text[r][c] += "!"
    ncols = max([len(header)] + [len(r) for r in text])
    widths = [max([width(header[c]) if c < len(header) else 0] + [width(r[c]) for r in text if c < len(r)])
              for c in range(ncols)]

    def line(cells: list[str], row_index: int | None) -> str:
        out = []
        for c in range(ncols):
            s = cells[c] if c < len(cells) else ""
            pad = " " * (widths[c] - width(s))
            s = pad + s if c >= numeric_from and row_index is not None else s + pad
            if colour and row_index is not None and (row_index, c) in marks:
                s = RED + BOLD + s + RESET
            out.append(s)
        return "  ".join(out).rstrip()

    lines = [line(header, None), "  ".join("-" * w for w in widths)]
    lines += [line(r, i) for i, r in enumerate(text)]
    return "\n".join(lines)
