"""OCR text boxes -> the PDF reader's page blocks: text lines and grids of cells.

Ruled tables (what nearly every printed report has): the ruling lines are found on the
upright page (long thin runs of ink, by morphological opening), their rows and columns give
the grid, and a grid position joins its neighbour wherever the line between them is absent —
so a merged cell is one cell spanning positions, exactly like a ruled PDF table (the text at its
top-left, `spanned` copies elsewhere). Each box goes to the cell holding its centre; a box that
runs across a cell border (the detector joined two cells' numbers) is split at its spaces when
they match the borders, else read again cell by cell.

Unruled tables: boxes are grouped into rows by their baselines (the page was deskewed first);
a run of rows with two or more numbers is a table, its columns are the x-positions of the
header labels above it where they line up, else of the numbers themselves.

Every table cell read keeps its provenance: page, bounding box (points on the upright page),
text and the engine's confidence (`OcrPage.cells`).
"""

from __future__ import annotations

import bisect
import re

from reportparser.document import Cell, Grid
from reportparser.formats import is_wide, join_lines
from reportparser.formats.ocr import Box, OcrPage

_NUMBER = re.compile(r"^[+-]?[\d,，.．]+%?$|^[-—/／]$")
_SEP_SHARE = 0.6          # share of a border that must be inked to separate two positions


def rebuild(grey, boxes: list[Box], number: int, dpi: int) -> OcrPage:
    page = OcrPage(number)
    pt = 72.0 / dpi
    regions = ruled_tables(grey)
    taken: set[int] = set()
    for t, region in enumerate(regions):
        inside = [i for i, b in enumerate(boxes) if i not in taken and region.holds(b.cx, b.cy)]
        taken.update(inside)
        grid, cells = region.fill([boxes[i] for i in inside], grey, number, t, pt)
        if grid:
            xs = [x * pt for x in region.xs]
            page.blocks.append(("table", region.ys[0] * pt, grid, xs, list(grid)))
            page.cells += cells
    rest = [b for i, b in enumerate(boxes) if i not in taken]
    lines = baseline_rows(rest)
    page.blocks += _lines_and_unruled(lines, number, len(regions), pt, page.cells)
    page.blocks.sort(key=lambda b: b[1])
    return page


# ---------------------------------------------------------------- ruled tables

class RuledTable:
    def __init__(self, xs: list[int], ys: list[int], vmask, hmask):
        self.xs, self.ys = xs, ys
        self.vmask, self.hmask = vmask, hmask

    def holds(self, x: float, y: float) -> bool:
        return self.xs[0] - 2 <= x <= self.xs[-1] + 2 and self.ys[0] - 2 <= y <= self.ys[-1] + 2

    def _vsep(self, r: int, c: int) -> bool:
        """Is there a vertical line left of column c (c >= 1) in row r?"""
        x, y0, y1 = self.xs[c], self.ys[r], self.ys[r + 1]
        m = max(2, (y1 - y0) // 6)
        band = self.vmask[y0 + m:max(y0 + m + 1, y1 - m), max(0, x - 4):x + 5]
        return band.size > 0 and band.any(axis=1).mean() >= _SEP_SHARE

    def _hsep(self, r: int, c: int) -> bool:
        """Is there a horizontal line above row r (r >= 1) in column c?"""
        y, x0, x1 = self.ys[r], self.xs[c], self.xs[c + 1]
        m = max(2, (x1 - x0) // 6)
        band = self.hmask[max(0, y - 4):y + 5, x0 + m:max(x0 + m + 1, x1 - m)]
        return band.size > 0 and band.any(axis=0).mean() >= _SEP_SHARE

    def spans(self) -> list[tuple[int, int, int, int]]:
        """Merged cells as (r0, r1, c0, c1), exclusive ends, in reading order."""
        n_r, n_c = len(self.ys) - 1, len(self.xs) - 1
        parent = list(range(n_r * n_c))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i
        for r in range(n_r):
            for c in range(n_c):
                if c + 1 < n_c and not self._vsep(r, c + 1):
                    parent[find(r * n_c + c + 1)] = find(r * n_c + c)
                if r + 1 < n_r and not self._hsep(r + 1, c):
                    parent[find((r + 1) * n_c + c)] = find(r * n_c + c)
        groups: dict[int, list[tuple[int, int]]] = {}
        for r in range(n_r):
            for c in range(n_c):
                groups.setdefault(find(r * n_c + c), []).append((r, c))
        out = []
        for members in groups.values():
            rs = [m[0] for m in members]
            cs = [m[1] for m in members]
            out.append((min(rs), max(rs) + 1, min(cs), max(cs) + 1))
        return sorted(out)

    def fill(self, boxes: list[Box], grey, page: int, table: int, pt: float):
        n_r, n_c = len(self.ys) - 1, len(self.xs) - 1
        spans = self.spans()
        owner = {}
        for i, (r0, r1, c0, c1) in enumerate(spans):
            for r in range(r0, r1):
                for c in range(c0, c1):
                    owner.setdefault((r, c), i)
        texts: dict[int, list[Box]] = {}
        for b in boxes:
            for piece in self._split(b, grey):
                c = min(max(bisect.bisect_right(self.xs, piece.cx) - 1, 0), n_c - 1)
                r = min(max(bisect.bisect_right(self.ys, piece.cy) - 1, 0), n_r - 1)
                texts.setdefault(owner[(r, c)], []).append(piece)
        for i, span in enumerate(spans):
            if i not in texts:
                reread = self._reread_if_inked(span, grey)
                if reread:
                    texts[i] = reread
        grid: list[list[Cell | None]] = [[None] * n_c for _ in range(n_r)]
        cells = []
        for i, (r0, r1, c0, c1) in enumerate(spans):
            got = texts.get(i, [])
            text = _cell_text(got)
            for r in range(r0, r1):
                for c in range(c0, c1):
                    if grid[r][c] is None:
                        grid[r][c] = Cell(text, spanned=(r, c) != (r0, c0))
            if text:
                raw = _raw_text(got)
                cells.append({"page": page, "table": table, "row": r0, "col": c0, "text": text,
                              **({"read": raw} if raw != text else {}),
                              "confidence": round(min(b.confidence for b in got), 3),
                              "bbox": [round(self.xs[c0] * pt, 1), round(self.ys[r0] * pt, 1),
                                       round(self.xs[c1] * pt, 1), round(self.ys[r1] * pt, 1)]})
        rows = [[c if c is not None else Cell("") for c in row] for row in grid]
        labels = [_row_label(row) for row in rows]
        for cell in cells:
            cell["label"] = labels[cell["row"]]
        return rows, cells

    def _reread_if_inked(self, span, grey) -> list[Box]:
        """A cell the page-wide detector found nothing in, but that holds ink (a faint '0' on a
        noisy scan): read again on its own, padded with white."""
        r0, r1, c0, c1 = span
        x0, x1, y0, y1 = self.xs[c0] + 5, self.xs[c1] - 4, self.ys[r0] + 5, self.ys[r1] - 4
        crop = grey[y0:y1, x0:x1]
        if crop.size == 0:
            return []
        ink = crop < 150
        rows, cols = ink.any(axis=1).nonzero()[0], ink.any(axis=0).nonzero()[0]
        if ink.sum() < 12 or rows.size == 0 or rows[-1] - rows[0] < 8:
            return []
        from reportparser.formats.ocr import engine  # noqa: PLC0415
        out = []
        for piece in engine().read(_padded(crop)):
            if piece.text.strip():
                out.append(Box(piece.text, piece.confidence, [[x0 + p[0] - 16, y0 + p[1] - 16] for p in piece.quad]))
        return out

    def _split(self, b: Box, grey) -> list[Box]:
        """A box across column borders -> one box per cell it covers."""
        # the detector pads its boxes by ~a third of the text height: a box crosses a border
        # only when it reaches well past it on both sides
        reach = 0.45 * (b.bottom - b.top)
        inner = [k for k in range(1, len(self.xs) - 1) if b.x0 + reach < self.xs[k] < b.x1 - reach]
        if not inner:
            return [b]
        r = min(max(bisect.bisect_right(self.ys, b.cy) - 1, 0), len(self.ys) - 2)
        borders = [k for k in inner if self._vsep(r, k)]
        if not borders:
            return [b]
        edges = [b.x0] + [self.xs[k] for k in borders] + [b.x1]
        parts = b.text.split()
        if len(parts) == len(edges) - 1:
            return [Box(p, b.confidence, [[x0, b.top], [x1, b.top], [x1, b.bottom], [x0, b.bottom]])
                    for p, x0, x1 in zip(parts, edges, edges[1:])]
        from reportparser.formats.ocr import engine  # noqa: PLC0415
        out = []
        for x0, x1 in zip(edges, edges[1:]):
            crop = grey[int(b.top):int(b.bottom) + 1, int(x0) + 3:int(x1) - 2]
            if crop.size == 0 or (crop < 128).sum() < 8:
                continue
            for piece in engine().read(_padded(crop)):
                out.append(Box(piece.text, piece.confidence,
                               [[x0 + 3 + p[0] - 16, b.top + p[1] - 16] for p in piece.quad]))
        return out


def _padded(crop):
    import numpy as np  # noqa: PLC0415

    pad = np.pad(crop, 16, constant_values=255)
    return np.stack([pad] * 3, axis=-1)


def ruled_tables(grey) -> list[RuledTable]:
    """Tables drawn with ruling lines on an upright page."""
    import cv2  # noqa: PLC0415
    import numpy as np  # noqa: PLC0415

    h, w = grey.shape
    ink = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    unit = max(8, w // 60)
    hmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (unit * 2, 1)))
    vmask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, unit)))
    # lines thicker than a hair are kept whole: close small gaps left by noise and JPEG
    hmask = cv2.dilate(hmask, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 3)))
    vmask = cv2.dilate(vmask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    frame = cv2.dilate(hmask | vmask, np.ones((5, 5), np.uint8))
    n, _labels, stats, _c = cv2.connectedComponentsWithStats(frame, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, bw, bh, _area = stats[i]
        if bw < w * 0.3 or bh < unit * 2:
            continue
        ys = _line_positions(hmask[y:y + bh, x:x + bw], axis=0, minimum=bw * 0.08)
        xs = _line_positions(vmask[y:y + bh, x:x + bw], axis=1, minimum=bh * 0.15)
        if len(ys) < 2 or len(xs) < 3:
            continue
        out.append(RuledTable([x + v for v in xs], [y + v for v in ys], vmask, hmask))
    return sorted(out, key=lambda t: t.ys[0])


def _line_positions(mask, axis: int, minimum: float) -> list[int]:
    """Centres of the runs of rows (axis 0) or columns (axis 1) holding a line of at least
    `minimum` pixels."""
    import numpy as np  # noqa: PLC0415

    counts = (mask > 0).sum(axis=1 - axis)
    on = np.flatnonzero(counts >= minimum)
    out: list[int] = []
    if on.size == 0:
        return out
    start = prev = int(on[0])
    for v in list(on[1:]) + [None]:
        if v is not None and v - prev <= 3:
            prev = int(v)
            continue
        out.append((start + prev) // 2)
        if v is not None:
            start = prev = int(v)
    return out


def _cell_text(boxes: list[Box]) -> str:
    if not boxes:
        return ""
    return digit_lookalikes(_raw_text(boxes))


def _raw_text(boxes: list[Box]) -> str:
    return join_lines("\n".join(_line_text(line) for line in baseline_rows(boxes))) if boxes else ""


_LOOKALIKE = re.compile(r"^(?=.*[OoDQIl|òóôõöøοОо])[\dOoDQIl|òóôõöøοОо,，.．]+$")


def digit_lookalikes(text: str) -> str:
    """A cell made only of digits and their look-alike letters ('O', 'l', 'I', '|') is a number
    the recogniser read letter-wise: O/o/D/Q are 0, l/I/| are 1. The cell's provenance keeps the
    text as recognised, and its confidence is what the engine said."""
    core = text.strip("·•'`:;,.，。 ")
    if core != text and core and re.fullmatch(r"[\d,，.．]+", core):
        return core            # a scanner speck beside a number ('·0')
    if not _LOOKALIKE.match(text):
        return text
    return text.translate(str.maketrans("OoDQIl|òóôõöøοОо", "0000111000000000"))


def _row_label(row: list[Cell]) -> str:
    seen, out = set(), []
    for c in row:
        if c.text and not _NUMBER.match(c.text.replace(" ", "")) and c.text not in seen:
            seen.add(c.text)
            out.append(c.text)
    return " ".join(out)


# ---------------------------------------------------------------- rows of boxes

def baseline_rows(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into rows: a box joins the row whose baseline is within half a text height
    of its own (the page is upright, so a row's baseline is level). Rows top to bottom, boxes
    left to right."""
    rows: list[list[Box]] = []
    for b in sorted(boxes, key=lambda b: b.bottom):
        h = max(b.bottom - b.top, 1.0)
        if rows:
            last = rows[-1]
            base = sum(x.bottom for x in last) / len(last)
            if abs(b.bottom - base) <= 0.5 * h and not any(_overlap_x(b, x) for x in last):
                last.append(b)
                continue
        rows.append([b])
    return [sorted(r, key=lambda b: b.x0) for r in rows]


def _overlap_x(a: Box, b: Box) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def _line_text(row: list[Box]) -> str:
    out = ""
    for b in row:
        t = b.text.strip()
        if not t:
            continue
        if out and not (is_wide(out[-1]) or is_wide(t[0])):
            out += " "
        out += t
    return out


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(" ", "")))


def _lines_and_unruled(rows: list[list[Box]], page: int, table_base: int, pt: float, cells: list) -> list[tuple]:
    """Text lines, except runs of rows with two or more numbers: those become grids whose
    columns are the header labels' (or the numbers') x-positions."""
    blocks: list[tuple] = []
    i = 0
    t = table_base
    while i < len(rows):
        j = i
        while j < len(rows) and sum(_is_number(b.text) for b in rows[j]) >= 2:
            j += 1
        if j - i >= 2:
            head = i
            while head > 0 and i - head < 3 and not any(_is_number(b.text) for b in rows[head - 1]) and len(rows[head - 1]) >= 3:
                head -= 1
            for _ in range(i - head):
                blocks.pop()
            grid, edges, got = _unruled_grid(rows[head:i], rows[i:j], page, t, pt)
            blocks.append(("table", min(b.top for b in rows[head]) * pt, grid, edges, list(grid)))
            cells += got
            t += 1
            i = j
            continue
        row = rows[i]
        text = _line_text(row)
        if text:
            x0, x1 = min(b.x0 for b in row) * pt, max(b.x1 for b in row) * pt
            top = min(b.top for b in row) * pt
            blocks.append(("line", top, text, x0, x1, (max(b.bottom for b in row) - min(b.top for b in row)) * pt, top))
        i += 1
    return _join_paragraphs(blocks)


def _unruled_grid(header: list[list[Box]], body: list[list[Box]], page: int, table: int, pt: float):
    """Columns: one per x-cluster of the numbers; header boxes go to the column under them,
    label boxes (left of the first number column) to column 0."""
    centres = sorted(b.cx for row in body for b in row if _is_number(b.text))
    width = max(1.0, sum(b.x1 - b.x0 for row in body for b in row if _is_number(b.text)) /
                max(1, sum(1 for row in body for b in row if _is_number(b.text))))
    cols: list[list[float]] = []
    for x in centres:
        if cols and x - cols[-1][-1] <= max(1.5 * width, 12):
            cols[-1].append(x)
        else:
            cols.append([x])
    xs = [sum(c) / len(c) for c in cols]
    first = min(xs) - 2 * width

    def column(b: Box) -> int:
        if b.cx < first:
            return 0
        return 1 + min(range(len(xs)), key=lambda k: abs(xs[k] - b.cx))
    grid: Grid = []
    got = []
    for r, row in enumerate(header + body):
        line = [[] for _ in range(len(xs) + 1)]
        for b in row:
            line[column(b)].append(b)
        grid.append([Cell(_line_text(bs)) for bs in line])
        for c, bs in enumerate(line):
            if bs:
                got.append({"page": page, "table": table, "row": r, "col": c, "text": grid[-1][c].text,
                            "confidence": round(min(b.confidence for b in bs), 3),
                            "bbox": [round(min(b.x0 for b in bs) * pt, 1), round(min(b.top for b in bs) * pt, 1),
                                     round(max(b.x1 for b in bs) * pt, 1), round(max(b.bottom for b in bs) * pt, 1)]})
    for cell in got:
        cell["label"] = _row_label(grid[cell["row"]])
    edges = [first * pt] + [x * pt for x in xs]
    return grid, edges, got


def _join_paragraphs(blocks: list[tuple]) -> list[tuple]:
    """A line reaching the right margin continues on the next, unindented line (as pdf.py does
    for text layers); blocks get the two flags its renderer reads across pages."""
    lines = [b for b in blocks if b[0] == "line"]
    if len(lines) < 2:
        return [b + (False, False) if b[0] == "line" else b for b in blocks]
    left = min(b[3] for b in lines)
    right = max(b[4] for b in lines)
    out: list[tuple] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (b[0] == "line" and prev is not None and prev[0] == "line" and prev[4] >= right - 1.5 * prev[5]
                and b[3] <= left + 0.8 * b[5] and b[1] - prev[6] < 3 * prev[5]):
            out[-1] = ("line", prev[1], join_lines(prev[2] + "\n" + b[2]), prev[3], b[4], b[5], b[1])
        else:
            out.append(b)
    return [b + (b[4] >= right - 1.5 * b[5], b[3] > left + 0.8 * b[5]) if b[0] == "line" else b for b in out]
