"""Map a document's text (or its grids, flattened to text) onto the template tables.

One mechanism serves every shape: the template's row labels are found in
order (`labels`: by spelling, or approximately when retyped); the text between one
label and the next holds that row's cells (one per line, tab- or pipe-separated,
apart on lines of their own, or run together). Cells are read by `digitruns`; where
the printed text allows several readings (digit runs split, blanks printed as
nothing), the one that satisfies the template identities across the whole table
wins (`solve`), and the cells the choice decided are marked in `TableResult.inferred`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from reportparser import columns, digitruns, rowlabels, solve, templates
from reportparser.document import Grid
from reportparser.rowlabels import find_any, find_label, work_text
from reportparser.normalize import label_key, parse_number
from reportparser.templates import Row, Template


@dataclass
class TableResult:
    template: str = "unknown"
    active: dict = field(default_factory=dict)        # {"columns": {...}, "rows": {...}}
    applications: dict = field(default_factory=dict)  # key -> list
    review_litigation: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    found: set = field(default_factory=set)           # which tables were seen at all
    # cells the printed text alone does not fix (chosen by the identities or priors), per table:
    # {"applications": {row: [bool]*7}, "active": {row: [bool]}, "review_litigation": {group: [bool]*5}}
    inferred: dict = field(default_factory=dict)


# ------------------------------------------------------------ text forms

def grids_text(grids: list[Grid], warnings: list[str] | None = None, template: str | None = None) -> str:
    """Grids as lines, one row per line, tab-separated, data rows in the template's
    column order (read from their header labels, see `columns`). Numbers are read
    from non-spanned cells only; a blank cell in a row of numbers is written as the
    blank mark so the row keeps its width."""
    lines = []
    tpl = templates.TEMPLATES.get(template or "")
    carry: dict = {}
    for grid in grids:
        grid = columns.align_grid(columns.drop_index_column(grid), tpl, warnings, carry)
        for row in grid:
            kinds = [None if c.spanned else _cell_kind(c.text) for c in row]
            has_number = "number" in kinds
            # a row of numbers only (table 4's data row) keeps its leading blanks too
            numbers_only = has_number and "text" not in kinds
            cells = []
            for c, kind in zip(row, kinds):
                if kind is None:  # spanned: its text is already at the span's top-left
                    continue
                if kind == "empty":
                    if has_number and (cells or numbers_only):
                        cells.append(digitruns.BLANK_MARK)
                    continue
                cells.append(digitruns.BLANK_MARK if kind == "blank" else " ".join(c.text.split()))
            if cells:
                lines.append("\t".join(cells))
        lines.append("")
    return "\n".join(lines)


@lru_cache(maxsize=4096)
def _cell_kind(text: str) -> str:
    """'empty', 'blank' (a printed blank mark such as - or /), 'number' or 'text'."""
    if not text.strip():
        return "empty"
    try:
        return "blank" if parse_number(text) is None else "number"
    except ValueError:
        return "text"


# ------------------------------------------------------------ template

def detect_template(text: str) -> str:
    """The generation whose table-2 column headers the text prints (two of them); else the one
    whose exclusive rows it prints (templates.EXCLUSIVE_LABELS: headers replaced by placeholders
    still leave the rows); else, when table 3 is there at all, 2021 (whose rows include 2019's)."""
    key = re.sub(r"\s+", "", text)
    for name, tpl in templates.TEMPLATES.items():
        if sum(w in key for w in tpl.markers) >= 2:
            return name
    scores = {name: sum(label_key(w) in key for w in words) for name, words in templates.EXCLUSIVE_LABELS.items()}
    best = max(scores.values())
    if best and list(scores.values()).count(best) == 1:
        return max(scores, key=scores.get)
    if "本年新收" in key:
        return "2021"
    return "unknown"


# ------------------------------------------------------------ rows

@dataclass
class RowText:
    row: Row
    segment: str
    where: int
    col0: int = 0   # cell separators before the label on its line
    positional: tuple | None = None  # cached positional reading (see read_applications)


def locate_rows(text: str, rows, start: int, end: int, warnings: list[str] | None = None,
                table: str = "") -> list[RowText]:
    """Find the rows' labels in order; each row's segment runs to the next label. A row whose
    label is not printed as spelled is looked for approximately between the rows found on either
    side of it (a label retyped with characters dropped), with a warning naming it."""
    hits = []
    pos = start
    for row in rows:
        hit = find_label(text, row.spellings, pos, end)
        if hit is None:
            continue
        hit = rowlabels.widest(text, row.spellings, hit, end)
        hits.append((row, hit))
        pos = hit[1]
    if hits and len(hits) < len(rows):
        hits = _approximate_rows(text, rows, hits, start, end, warnings, table)
    out = []
    for i, (row, (s, e)) in enumerate(hits):
        seg_end = hits[i + 1][1][0] if i + 1 < len(hits) else end
        seg = text[e:seg_end]
        if seg_end == len(text):
            seg += "\n"   # the document ends the last row's last line (a cut-off report)
        if i + 1 < len(hits):
            seg = rowlabels.strip_numbering(seg, hits[i + 1][0].number)
        prefix = text[text.rfind("\n", 0, s) + 1:s]
        out.append(RowText(row, seg, s, prefix.count("\t") + prefix.count("|")))
    return out


def _approximate_rows(text: str, rows, hits: list, start: int, end: int, warnings: list[str] | None,
                      table: str) -> list:
    """Rows not found by their spellings, looked for between the found rows around them (and
    before the first and after the last, within the table). A match must be followed by the row's
    cells (a number or a blank mark), as a row label is: header words and prose are not."""
    order = {row.key: i for i, row in enumerate(rows)}
    out = []
    bounds = [(None, hits[0], hits[0][1][0])] + [(a, b, b[1][0]) for a, b in zip(hits, hits[1:])] \
        + [(hits[-1], None, end)]
    for hit_a, hit_b, stop in bounds:
        pos = hit_a[1][1] if hit_a is not None else start
        first = order[hit_a[0].key] + 1 if hit_a is not None else 0
        last = order[hit_b[0].key] if hit_b is not None else len(rows)
        for row in rows[first:last]:
            found = rowlabels.approximate(text, row.spellings, pos, stop, _CELLS_FOLLOW)
            if found is None:
                continue
            (s, e), score = found
            out.append((row, (s, e)))
            pos = e
            if warnings is not None:
                warnings.append(f"{table} {row.label}: label printed as {text[s:e]!r}; matched "
                                f"approximately ({score:.0%} of its characters)")
        if hit_b is not None:
            out.append(hit_b)
    return out


_CELLS_FOLLOW = re.compile(rf"[ \t|]*\n?[ \t|]*[-+]?(?:\d|{digitruns.BLANK_MARK}|[-/—–](?![^\s|]))")


def _narrative_numbers(text: str) -> frozenset[int]:
    return frozenset(int(m.group(1)) for m in re.finditer(r"(?<![\d.])(\d{1,7})\s*(?:件|条|起|项|个)", text))


def _close_call(cands, cost, best, label: str, warnings: list[str], columns=None) -> None:
    """Warn naming the cells when the runner-up reading is nearly as likely as the best."""
    scored = sorted((c for c in cands if c != best), key=cost)
    if scored and cost(scored[0]) - cost(best) < 2:
        diff = [i for i, (a, b) in enumerate(zip(best, scored[0])) if a != b]
        names = ", ".join(columns[i] if columns and i < len(columns) else f"cell {i + 1}" for i in diff)
        warnings.append(f"{label}: run-together digits split ambiguously ({names}); chose "
                        f"{'|'.join(str(p) for p in best)} over {'|'.join(str(p) for p in scored[0])}")


def _row_options(segment: str, n: int, hint: int | None = None, pre=False, cell_lines: bool = True):
    """(candidate cell lists, note, printed tokens) for a row: by position when the text keeps its
    cell structure, else from its tokens (splitting run-together digits, placing lost blanks).
    `pre` is an already computed positional reading (False: compute it). For a positional reading
    the printed tokens are its cells (every blank is printed: none is lost)."""
    pos = digitruns.positional_cells(segment, n, hint, cell_lines) if pre is False else pre
    if pos is not None:
        cells = pos[0]
        if all(c is None or digitruns.splits(c, 1) for c in cells):
            return [cells], ("blank-positions" if pos[2] else ""), list(cells)
    tokens = digitruns.tokens_of(segment)
    cands, note = digitruns.row_candidates(tokens, n, digitruns.layout_of(segment))
    return cands, note, tokens


def _stated_numbers(narrative_text: str, words) -> frozenset[int]:
    """Numbers the prose states next to a row's or column's words ('制发69件')."""
    pattern = _stated_pattern(tuple(words))
    if pattern is None:
        return frozenset()
    return frozenset(int(m.group(1)) for m in pattern.finditer(narrative_text))


@lru_cache(maxsize=256)
def _stated_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """One regex for all the words' stems (the word up to any bracket, and its first two
    characters): a single scan of the prose per row instead of one per stem."""
    stems = set()
    for w in words:
        w = re.sub(r"[（(].*", "", w)
        if len(w) >= 2:
            stems |= {w, w[:2]}
    if not stems:
        return None
    alternation = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(f"(?:{alternation})" + r"[^\d。;，,]{0,8}?(\d+)\s*(?:件|条|项|个)")


def header_map(text: str, start: int, first: RowText, table: str, cols: tuple[str, ...], minimum: int,
               warnings: list[str]) -> columns.ColumnMap | None:
    """The column map the tab/pipe header lines right above a table's first row give, when
    it is not the declared order (None: read in the declared order). A header naming fewer
    columns than its first row carries numbers does not fit: declared order, with a warning."""
    line_start = text.rfind("\n", start, first.where) + 1 or start
    m = columns.text_header(text[start:line_start], table, cols, minimum)
    if m is None or m.identity:
        return None
    numbers = sum(1 for t in digitruns.tokens_of(first.segment.split("\n", 1)[0]) if t is not None)
    if numbers > len(m.printed):
        warnings.append(f"{table} header names {len(m.printed)} columns but its rows carry {numbers} numbers; "
                        f"read in the template's column order")
        return None
    warnings.append(m.note())
    return m


def read_active(text: str, tpl: Template, start: int, end: int, narrative_text: str, warnings,
                text_headers: bool = True) -> tuple[dict, dict]:
    """Table 2: ({"columns", "rows"}, inferred flags of the rows with any)."""
    cols_of, rows, inferred = {}, {}, {}
    all_rows = [(item, row) for item in tpl.active for row in item.rows]
    located = locate_rows(text, [r for _, r in all_rows], start, end, warnings, "table 2")
    by_key = {rt.row.key: rt for rt in located}
    shattered = any(digitruns.several_numbers_a_line(rt.segment) for rt in located)
    maps: dict[str, columns.ColumnMap | None] = {}
    if text_headers:
        for item in tpl.active:
            first = next((rt for rt in located if rt.row in item.rows), None)
            if first is not None:
                before = [rt.where for rt in located if rt.where < first.where]
                n = len(item.columns)
                maps[item.item] = header_map(text, max(before, default=start), first, f"table 2 {item.item}",
                                             item.columns, 1 if n == 1 else 2, warnings)
    for item, row in all_rows:
        cols_of[row.key] = list(item.columns)
        rt = by_key.get(row.key)
        if rt is None:
            continue
        cmap = maps.get(item.item)
        n = len(cmap.printed) if cmap else len(item.columns)
        cands, note, tokens = _row_options(rt.segment, n, cell_lines=not shattered)
        label = f"table 2 {row.label}"
        if not _row_note(label, cands, note, n, rt.segment, warnings):
            continue
        if cmap:
            cands = [cmap.expand(c) for c in cands]
            tokens = tokens + [None] * (len(item.columns) - n)   # columns not printed: not lost blanks

        stated = _stated_numbers(narrative_text, row.spellings + item.columns)

        money = None
        if item.money_column:
            # an amount printed in 元 (not 万元) averages at least 10,000 per purchase project
            per_item = 1e4 if ("元" in rt.segment and "万元" not in rt.segment) else 1.0
            money = (*item.money_column, per_item)

        def cost(c, item=item, stated=stated, money=money):
            return digitruns.prior_cost(c, stated, item.cumulative, item.change_column, money)
        if len(cands) > 1:
            best, tied = solve.choose_alone(cands, cost, tokens)
            if not digitruns.gaps(best, tokens):
                _close_call([c for c in cands if not digitruns.gaps(c, tokens)], cost, best, label, warnings,
                            item.columns)
        else:
            best, tied = cands[0], cands
        reading = solve.settle(cands, best, tied, tokens)
        _undetermined_note(label, reading, item.columns, warnings)
        rows[row.key] = reading.values
        if any(reading.inferred):
            inferred[row.key] = reading.inferred
    return {"columns": {k: v for k, v in cols_of.items() if k in rows}, "rows": rows}, inferred


def read_applications(text: str, tpl: Template, start: int, end: int, narrative, warnings,
                      text_headers: bool = True) -> tuple[dict, dict]:
    """Table 3: (rows, inferred flags of the rows with any). The rows' readings are chosen
    together by the identities (`solve`)."""
    located = locate_rows(text, tpl.applications, start, end, warnings, "table 3")
    cmap = header_map(text, start, located[0], "table 3", templates.APPLICANT_COLUMNS, 3, warnings) \
        if text_headers and located else None
    n = len(cmap.printed) if cmap else 7
    options: dict[str, list] = {}
    printed: dict[str, list] = {}     # every reading the printed text allows, before any identity
    tokens: dict[str, list] = {}
    # where a row's cells start (counted from its label) in rows with no blank: the same
    # for rows of the same kind (numbered detail rows '1.' vs headed rows), so rows with
    # leading blank cells are aligned like their complete siblings
    def kind(rt):
        return rt.row.number[:1].isdigit()
    starts: dict[bool, list[int]] = {}
    cell_lines = not any(digitruns.several_numbers_a_line(rt.segment) for rt in located)   # as in table 2
    for rt in located:
        p = digitruns.positional_cells(rt.segment, n, cell_lines=cell_lines)
        if p and None not in p[0]:
            starts.setdefault(kind(rt), []).append(p[1])
        rt.positional = p
    hints = {k: max(set(v), key=v.count) for k, v in starts.items()}
    for rt in located:
        if rt.row.optional and not digitruns.tokens_of(rt.segment):
            continue  # a heading-only variant row: nothing printed on it
        hint = hints.get(kind(rt))
        pre = rt.positional if rt.positional is None or rt.positional[1] == hint or not rt.positional[2] else False
        cands, note, toks = _row_options(rt.segment, n, hint, pre, cell_lines)
        label = f"table 3 {rt.row.label}"
        if not _row_note(label, cands, note, n, rt.segment, warnings):
            continue
        if cmap:
            cands = [cmap.expand(c) for c in cands]
            toks = toks + [None] * (7 - n)
        key = rt.row.key
        printed[key], tokens[key] = cands, toks
        vals = [digitruns.values(c) for c in cands]
        if len(vals) > 1:
            consistent = [c for c, v in zip(cands, vals) if sum(x for x in v[:6] if x is not None) == (v[6] or 0)]
            if consistent:
                cands = consistent

            def cost(c, toks=toks):
                return digitruns.prior_cost(c, narrative) + solve.GAP_COST * digitruns.gaps(c, toks)
            cands = sorted(cands, key=cost)[:MAX_ROW_OPTIONS]
        options[key] = cands
    if not options:
        return {}, {}
    chosen = solve.solve_joint(options, tpl, tokens)
    out, inferred = {}, {}
    for key, cands in options.items():
        row = next(r for r in tpl.applications if r.key == key)
        tied = solve.ties(options, chosen, key, tpl, tokens) if len(cands) > 1 else [chosen[key]]
        reading = solve.settle(printed[key], chosen[key], tied, tokens[key])
        if len(tied) > 1 and not reading.undetermined:
            # split digits that the identities cannot tell apart: say so, naming the cells
            other = next(c for c in tied if c != chosen[key])
            diff = [templates.APPLICANT_COLUMNS[i] for i, (a, b) in enumerate(zip(chosen[key], other)) if a != b]
            warnings.append(f"table 3 {row.label}: run-together digits split ambiguously "
                            f"({', '.join(diff)}); chose {'|'.join(map(str, chosen[key]))}")
        _undetermined_note(f"table 3 {row.label}", reading, templates.APPLICANT_COLUMNS, warnings)
        out[key] = reading.values
        if any(reading.inferred):
            inferred[key] = reading.inferred
    return out, inferred


MAX_ROW_OPTIONS = 24   # a row's readings kept for the joint choice (best by the priors)


def _undetermined_note(label: str, reading: solve.Reading, columns, warnings: list[str]) -> None:
    if reading.undetermined:
        names = ", ".join(columns[i] if i < len(columns) else f"cell {i + 1}" for i in reading.undetermined)
        warnings.append(f"{label}: fewer numbers printed than cells, and which cells are blank cannot be "
                        f"told ({names}); those cells left null")


_ROW_NOTES = {
    "gaps": "fewer than {n} numbers printed; the blank cells placed by the template identities",
    "split+gaps": "fewer than {n} numbers printed; read as split digits or as blank cells, by the identities",
    "long": "more than {n} numbers; extra ignored",
    "blank-positions": "blank cells with uneven separators; their columns are a best guess",
}


def _row_note(label: str, cands, note: str, n: int, segment: str, warnings: list) -> bool:
    """Warn about how a row's cells were read (tables 2 and 3 alike); False when none could be."""
    if not cands:
        if note == "unplaced":
            warnings.append(f"{label}: {sum(1 for t in digitruns.tokens_of(segment) if t is not None)} numbers "
                            f"printed for {n} cells; which cells they are cannot be told: not read")
        else:
            warnings.append(f"{label}: could not read {n} cells from {segment.strip()[:40]!r}")
        return False
    if note in _ROW_NOTES:
        warnings.append(f"{label}: " + _ROW_NOTES[note].format(n=n))
    return True


def read_review(text: str, start: int, end: int, narrative, warnings) -> tuple[dict, dict]:
    """Table 4: (its three groups, inferred flags of the groups with any)."""
    region = text[start:end]
    # the numbers follow the header; prose may sit between heading and table
    heads = [m.end() for m in re.finditer(r"总\s*计|尚\s*未\s*审\s*结", region)]
    # a header of placeholder names (数据# …, Unnamed: # …) over the 15 columns: template order
    heads += [m.end() for m in _PLACEHOLDER_ROW.finditer(region)]
    heads.sort()
    if not heads:
        # a heading with no table header under it is prose (a partial page, or a report that
        # states its figures in words): never take a year or a count from prose as a cell
        warnings.append("table 4: heading found but no table header under it; not read")
        return {}, {}
    region = region[heads[-1]:]
    m = re.search(r"\d", region)
    if not m:
        return {}, {}
    line_start = region.rfind("\n", 0, m.start()) + 1
    line = region[line_start:].split("\n", 1)[0]
    if "|" in line:
        data_row = "|" + re.sub(r"^[ ]*\|", "", region[line_start:])
    elif "\t" in line:
        data_row = "\t" + region[line_start:]
    else:  # one cell per line: blank lines right after the header are blank cells
        data_row = region if region.startswith("\n") else "\n" + region[line_start:]
    pos = digitruns.positional_cells(data_row, 15)
    if pos is not None and all(c is None or digitruns.splits(c, 1) for c in pos[0]):
        cands, note, tokens = [pos[0]], "", list(pos[0])
    else:
        tokens = digitruns.tokens_of(region[m.start():])
        cands, note = digitruns.row_candidates(tokens, 15, digitruns.layout_of(region))
    if not _row_note("table 4", cands, note, 15, region[m.start():], warnings):
        return {}, {}

    def violations(c):
        v = [0 if x is None else x for x in digitruns.values(c)]
        return sum(1 for g in range(3) if sum(v[g * 5:g * 5 + 4]) != v[g * 5 + 4])
    names = [f"{g} {c}" for g, _ in templates.REVIEW_GROUPS for c in templates.REVIEW_COLUMNS]
    if len(cands) > 1:
        def cost(c):
            return digitruns.prior_cost(c, narrative)
        best, tied = solve.choose_alone(cands, cost, tokens, violations)
        if not digitruns.gaps(best, tokens):
            _close_call([c for c in cands if violations(c) == violations(best) and not digitruns.gaps(c, tokens)],
                        cost, best, "table 4", warnings, names)
    else:
        best, tied = cands[0], cands
    reading = solve.settle(cands, best, tied, tokens)
    _undetermined_note("table 4", reading, names, warnings)
    groups = [key for key, _ in templates.REVIEW_GROUPS]
    out = {key: reading.values[i * 5:i * 5 + 5] for i, key in enumerate(groups)}
    inferred = {key: reading.inferred[i * 5:i * 5 + 5] for i, key in enumerate(groups)
                if any(reading.inferred[i * 5:i * 5 + 5])}
    return out, inferred


def _placeholder_table4(text: str, start: int) -> int:
    """Where a header of (at least) 15 placeholder names starts after table 3: the template's only
    15-column table is table 4, printed with no heading and its header labels lost; -1 if none."""
    pos = start
    for line in text[start:].split("\n"):
        if sum(rowlabels.is_placeholder(f) for f in columns.split_fields(line)) >= len(templates.REVIEW_COLUMNS) * 3:
            return pos
        pos += len(line) + 1
    return -1


_PLACEHOLDER_ROW = re.compile(rf"(?:{rowlabels.PLACEHOLDER.pattern}[ \t|]*\n?[ \t|]*){{5,}}", re.I)


# ------------------------------------------------------------ whole document

def read_tables(text: str, narrative_text: str = "", template: str | None = None,
                text_headers: bool = True) -> TableResult:
    """The three tables read from text. `text_headers`: map columns by the tab/pipe header
    lines above a table (False for text flattened from grids, which `grids_text` already
    put in the declared order and whose header lines lost their span positions)."""
    res = TableResult()
    text = columns.drop_index_fields(rowlabels.mask_label_digits(work_text(text)))
    res.template = template if template and template != "unknown" else detect_template(text)
    tpl = templates.TEMPLATES.get(res.template)
    t2 = find_any(text, templates.TABLE2_START)
    t3 = find_any(text, templates.TABLE3_START, max(t2, 0))
    t3_head = find_any(text, templates.TABLE3_HEADING, max(t2, 0), t3 if t3 >= 0 else None)
    if t3 < 0:   # its first row misprinted: the table still starts at its heading, if later rows follow
        t3_head = find_any(text, templates.TABLE3_HEADING, max(t2, 0))
        if t3_head >= 0 and find_any(text, templates.TABLE3_LATER_ROWS, t3_head) >= 0:
            t3 = t3_head
    t4 = find_any(text, templates.TABLE4_HEADING, max(t3, 0))
    if t4 < 0 and t3 >= 0:
        t4 = find_any(text, ("结果维持",), t3)
    if t4 < 0 and t3 >= 0:
        t4 = _placeholder_table4(text, t3)
    t4_end = find_any(text, templates.TABLE4_END, t4 + 8) if t4 >= 0 else -1
    if tpl is None:
        return res
    # numbers stated in prose (outside the tables) confirm splits
    first = min([p for p in (t2, t3_head, t3, t4) if p >= 0], default=len(text))
    last = t4_end if t4_end > 0 else len(text)
    prose = work_text(narrative_text) if narrative_text else text[:first] + text[last:]
    narrative = _narrative_numbers(prose)
    if t2 >= 0:
        res.found.add("active")
        end2 = t3_head if t3_head >= 0 else (t3 if t3 >= 0 else (t4 if t4 >= 0 else len(text)))
        res.active, res.inferred["active"] = read_active(text, tpl, t2, end2, prose, res.warnings, text_headers)
    if t3 >= 0:
        res.found.add("applications")
        end3 = t4 if t4 >= 0 else len(text)
        res.applications, res.inferred["applications"] = read_applications(
            text, tpl, t3_head if 0 <= t3_head < t3 else t3, end3, narrative, res.warnings, text_headers)
    if t4 >= 0:
        res.found.add("review_litigation")
        res.review_litigation, res.inferred["review_litigation"] = read_review(
            text, t4, t4_end if t4_end > 0 else len(text), narrative, res.warnings)
    res.inferred = {k: v for k, v in res.inferred.items() if v}
    return res


def merge(primary: TableResult, fallback: TableResult) -> TableResult:
    """Tables from grids (primary) where found, the rest from the text (fallback)."""
    out = TableResult(template=primary.template if primary.template != "unknown" else fallback.template)
    for name in ("active", "applications", "review_litigation"):
        src = primary if name in primary.found else fallback
        setattr(out, name, getattr(src, name))
        if name in src.found:
            out.found.add(name)
        if src.inferred.get(name):
            out.inferred[name] = src.inferred[name]
    out.warnings = primary.warnings + [w for w in fallback.warnings
                                       if not any(w.startswith(p) for p, n in (("table 2", "active"), ("table 3", "applications"),
                                                                              ("table 4", "review_litigation")) if n in primary.found)]
    return out
