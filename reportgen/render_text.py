"""Plain-text shapes, as reports arrive after copy-paste or text extraction:

- txt-lines: one cell per line (like seed 000); a blank cell is an empty line;
- txt-tabs: tab-separated rows (like seed 003) with irregular leading tabs, blank lines inside
  tables, trailing tabs on some rows;
- txt-pipes: `| 58 | 7 |` rows.
"""

from __future__ import annotations

import random

from reportgen.document import Block, Table, grid


def _table_lines(t: Table) -> list[str]:
    out = []
    for line in grid(t):
        out.extend(c.text for c in line if c is not None)
    return out


def _table_tabs(rng: random.Random, t: Table) -> list[str]:
    out = []
    for r, line in enumerate(grid(t)):
        cells = ["" if c is None else c.text for c in line]
        # Spans leave leading empty cells; pastes keep some of them and lose others.
        if r >= t.header_rows and cells and cells[0] == "" and rng.random() < 0.35:
            while cells and cells[0] == "":
                cells.pop(0)
            if rng.random() < 0.5:
                cells.insert(0, "")
        while len(cells) > 1 and cells[-1] == "" and line[-1] is None:
            cells.pop()
        text = "\t".join(cells)
        if rng.random() < 0.2:
            text += "\t"
        out.append(text)
        if rng.random() < 0.08:
            out.append("")
    return out


def _table_pipes(t: Table) -> list[str]:
    return ["| " + " | ".join("" if c is None else c.text for c in line) + " |" for line in grid(t)]


def render(blocks: list[Block], shape: str, rng: random.Random) -> bytes:
    lines: list[str] = []
    spaced = shape != "txt-lines"  # seed 003 separates paragraphs with blank lines
    for b in blocks:
        if b.kind == "table" and b.table is not None:
            if shape == "txt-lines":
                lines += _table_lines(b.table)
            elif shape == "txt-tabs":
                lines += _table_tabs(rng, b.table)
            else:
                lines += _table_pipes(b.table)
        else:
            lines.append(b.text)
        if spaced:
            lines.append("")
        if b.kind == "title" and not spaced:
            lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
