"""Table columns read by their printed header labels.

The template declares each table's columns in order (`templates.APPLICANT_COLUMNS`,
each table-2 item's `columns`) with their other spellings (`templates.COLUMN_ALIASES`).
A report may print them in another order, leave one out, or wrap a header over
several rows ('法人或其他组织' over '商业企' over '业', '总 计'). The header is read
column by column: the texts down a column's header rows are joined (a repeated
span copy counted once) and the column is the template column whose spelling that
text ENDS with (the longest wins), so group headers above a column do not matter.

Two places use it:
- grids (`align_grid`): data rows are rewritten into the declared order, a column
  the header lacks becomes an empty cell (read as null), before the grid is
  flattened to text for the row reader;
- text tables whose rows keep their cells (tab- or pipe-separated lines,
  `text_header`): the row reader reads the printed number of cells and
  `ColumnMap.expand` puts them in the declared order.

No header found: the declared order, silently. A header found that does not fit the
rows (its rows carry more numbers than it names columns): the declared order, with a
warning. A header in another order or lacking columns: mapped, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reportparser import templates
from reportparser.document import Cell, Grid
from reportparser.normalize import label_key, parse_number


@dataclass(frozen=True)
class ColumnMap:
    """Printed data columns -> template columns."""

    table: str                     # 'table 3', 'table 2 第二十条第（一）项' (for warnings)
    columns: tuple[str, ...]       # the template's columns, declared order
    printed: tuple[int, ...]       # per printed data column: template column index, -1 unknown
    first: int = 0                 # grid/text column of the first printed data column

    @property
    def identity(self) -> bool:
        return self.printed == tuple(range(len(self.columns)))

    @property
    def missing(self) -> list[str]:
        return [c for i, c in enumerate(self.columns) if i not in self.printed]

    def expand(self, cells: list) -> list:
        """Cells in printed order -> declared order; a column not printed is None."""
        out = [None] * len(self.columns)
        for k, v in zip(self.printed, cells):
            if k >= 0:
                out[k] = v
        return out

    def note(self) -> str:
        printed = ", ".join(self.columns[k] if k >= 0 else "(unknown)" for k in self.printed)
        text = f"{self.table} columns mapped by their header labels (printed: {printed})"
        if self.missing:
            text += f"; not printed: {', '.join(self.missing)} (null)"
        return text


_key = lru_cache(maxsize=8192)(label_key)   # header cells repeat across reports


@lru_cache(maxsize=None)
def _spellings(columns: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """(normalized spelling, column index), longest first."""
    out = [(label_key(sp), i) for i, c in enumerate(columns) for sp in templates.column_spellings(c)]
    return tuple(sorted(set(out), key=lambda p: -len(p[0])))


def column_keys(rows: list[list[str]]) -> list[str]:
    """Each column's header text read down the header rows, normalized; a text
    repeated by a span in consecutive rows counted once."""
    width = max((len(r) for r in rows), default=0)
    keys = []
    for c in range(width):
        parts: list[str] = []
        for r in rows:
            t = _key(r[c]) if c < len(r) else ""
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        keys.append("".join(parts))
    return keys


def match(keys: list[str], columns: tuple[str, ...]) -> dict[int, int]:
    """template column index -> header column index, by the end of each column's text."""
    where: dict[int, int] = {}
    for c, key in enumerate(keys):
        i = _label_of(key, columns) if key else None
        if i is not None and i not in where:
            where[i] = c
    return where


@lru_cache(maxsize=8192)
def _label_of(key: str, columns: tuple[str, ...]) -> int | None:
    """The column whose longest spelling the header text ends with."""
    for sp, i in _spellings(columns):
        if key.endswith(sp):
            return i
    return None


def header_map(rows: list[list[str]], table: str, columns: tuple[str, ...], minimum: int,
               keys: list[str] | None = None) -> ColumnMap | None:
    """The map a header (rows of cell texts; or their `column_keys`) gives, or None when it
    names fewer than `minimum` of the columns (then it is not this table's header)."""
    keys = column_keys(rows) if keys is None else keys
    where = match(keys, columns)
    if len(where) < minimum:
        return None
    by_col = {c: i for i, c in where.items()}
    lo, hi = min(by_col), max(by_col)
    printed = tuple(by_col.get(c, -1) for c in range(lo, hi + 1))
    return ColumnMap(table, columns, printed, lo)


def column_sets(tpl: templates.Template | None):
    """(table name, columns, minimum labels for a header) the template's tables have."""
    out = [("table 3", templates.APPLICANT_COLUMNS, 3), ("table 4", templates.REVIEW_COLUMNS, 3)]
    if tpl is not None:
        seen = set()
        for item in tpl.active:
            if item.columns not in seen:
                seen.add(item.columns)
                out.append((f"table 2 {item.item}", item.columns, 1 if len(item.columns) == 1 else 2))
    return out


def best_map(rows: list[list[str]], tpl) -> ColumnMap | None:
    """The header's map for whichever table's columns it names best (most labels named,
    then fewest template columns left out)."""
    best, best_key = None, None
    keys = column_keys(rows)
    if not any(keys):
        return None
    for table, columns, minimum in column_sets(tpl):
        m = header_map(rows, table, columns, minimum, keys)
        if m is None:
            continue
        named = sum(1 for k in m.printed if k >= 0)
        key = (named, -len(m.missing))
        if best_key is None or key > best_key:
            best, best_key = m, key
    return best


# ------------------------------------------------------------ grids

@lru_cache(maxsize=4096)
def _is_number(text: str) -> bool:
    if not text.strip():
        return False
    try:
        return parse_number(text) is not None
    except ValueError:
        return False


def _has_number(row: list[Cell]) -> bool:
    return any(_is_number(cell.text) for cell in row if not cell.spanned)


def _numbers_outside(row: list[Cell], m: ColumnMap) -> bool:
    """A number in a column the header does not name, right of the label cells."""
    for c, cell in enumerate(row):
        if c < m.first or (c - m.first < len(m.printed) and m.printed[c - m.first] >= 0) or cell.spanned:
            continue
        if _is_number(cell.text):
            return True
    return False


def align_grid(grid: Grid, tpl, warnings: list[str] | None = None, carry: dict | None = None) -> Grid:
    """Data rows in the template's column order, read from the header rows above them.
    `carry` (one dict for a document's grids) hands the map on to the next grid, so a table
    continued on the next page without its header is read like its first part."""
    out: Grid = []
    run: list[list[Cell]] = []     # rows with no number since the last data row: a header?
    current: ColumnMap | None = (carry or {}).get("map")
    for row in grid:
        if not _has_number(row):
            run.append(row)
            out.append(row)
            continue
        if run:
            found = best_map([[c.text for c in r] for r in run], tpl)
            run = []
            if found is not None:
                current = None if found.identity or found.table == "table 4" else found
                if current is not None and _numbers_outside(row, current):
                    if warnings is not None:
                        warnings.append(f"{found.table} header does not fit its rows (numbers under columns it "
                                        f"does not name); read in the template's column order")
                    current = None
                elif current is not None and warnings is not None:
                    warnings.append(current.note())
        if current is None:
            out.append(row)
            continue
        data = [row[current.first + j] if current.first + j < len(row) else Cell("")
                for j in range(len(current.printed))]
        placed = current.expand(data)
        out.append(row[:current.first] + [c if c is not None else Cell("") for c in placed])
    if carry is not None:
        carry["map"] = current
    return out


# ------------------------------------------------------------ text tables

_SEPARATED = re.compile(r"[\t|]")


def split_fields(line: str) -> list[str]:
    if "\t" in line:
        return line.split("\t")
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [f.strip() for f in s.split("|")]


def header_lines(text: str) -> list[list[str]]:
    """The tab/pipe-separated lines that end `text` (blank lines skipped), as fields."""
    rows: list[list[str]] = []
    for line in reversed(text.split("\n")):
        if not line.strip():
            continue
        if not _SEPARATED.search(line):
            break
        rows.append(split_fields(line))
    rows.reverse()
    return rows


def text_header(text: str, table: str, columns: tuple[str, ...], minimum: int) -> ColumnMap | None:
    """The map the header lines ending `text` give for these columns, or None (no header,
    or one that names too few of them). Lines with numbers are not header lines."""
    rows = header_lines(text)
    while rows and any(_is_number_field(f) for f in rows[0]):
        rows.pop(0)
    if not rows or any(any(_is_number_field(f) for f in r) for r in rows):
        return None
    return header_map(rows, table, columns, minimum)


def _is_number_field(f: str) -> bool:
    return _is_number(f.strip())


# ------------------------------------------------------------ index columns

def _index_header(fields: list[str]) -> bool:
    """pandas' header line: an empty first field over the index, placeholder names after it."""
    from reportparser.rowlabels import is_placeholder
    named = [f for f in fields[1:] if f.strip()]
    return bool(fields) and not fields[0].strip() and len(named) >= 2 and all(is_placeholder(f) for f in named)


def _is_index(values: list[str | None], header: bool) -> bool:
    """Integers counting up by one from 0 or 1 (every row numbered), or any integers under an
    index header."""
    nums = [int(v) for v in values if v is not None and v.strip().isdigit()]
    if not nums or len(nums) != len([v for v in values if v is not None and v.strip()]):
        return False
    if header:
        return True
    return len(nums) >= 3 and nums[0] in (0, 1) and all(b == a + 1 for a, b in zip(nums, nums[1:]))


def drop_index_fields(text: str) -> str:
    """A first field numbering the rows of a pipe/tab table (pandas' index 0, 1, 2 …) is not a
    cell: emptied, the separators kept so the row keeps its columns."""
    if "|" not in text and "\t" not in text:
        return text
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if not _SEPARATED.search(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and (_SEPARATED.search(lines[j]) or
                                  (not lines[j].strip() and j + 1 < len(lines) and _SEPARATED.search(lines[j + 1]))):
            j += 1
        block = [k for k in range(i, j) if lines[k].strip() and not _RULE.match(lines[k])]
        header = bool(block) and _index_header(split_fields(lines[block[0]]))
        body = block[1:] if header else block
        firsts = [split_fields(lines[k])[0] if len(split_fields(lines[k])) > 1 else None for k in body]
        # only the rows that start with a number count: header rows above the index may be text
        numbered = [k for k, f in zip(body, firsts) if f is not None and f.strip().isdigit()]
        if numbered and _is_index([split_fields(lines[k])[0] for k in body[body.index(numbered[0]):]], header):
            for k in numbered:
                lines[k] = _empty_first_field(lines[k])
        i = j
    return "\n".join(lines)


_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")   # markdown's |---|---|


def _empty_first_field(line: str) -> str:
    if "\t" in line:
        return "\t" + line.split("\t", 1)[1]
    return re.sub(r"^(\s*\|?)\s*\d+\s*\|", r"\1 |", line, count=1)


def drop_index_column(grid: Grid) -> Grid:
    """The grid form of `drop_index_fields`: a first column numbering the rows, emptied."""
    if not grid or len(grid[0]) < 2:
        return grid
    header = _index_header([c.text for c in grid[0]])
    rows = grid[1:] if header else grid
    first = [None if r[0].spanned else r[0].text for r in rows]
    start = next((k for k, v in enumerate(first) if v and v.strip().isdigit()), None)
    if start is None or not _is_index(first[start:], header):
        return grid
    return grid[:len(grid) - len(rows) + start] + [[Cell("")] + r[1:] for r in rows[start:]]
