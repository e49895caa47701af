"""How tables are printed beyond the template: classes of real reports the parser must read.

Each style rewrites the laid-out tables (`document.Table`) after `build_document`, so every shape
carries it; none changes a number (the truth stays what is printed). Declared here once:

- placeholder headers: OCR tools, markdown converters and spreadsheet exports name columns they
  could not label `数据1 … 数据N`, `Unnamed: 3`, `Column1`, `列1`, `Field3`; the header above the
  numbers is then only those names (`replace`), or those names over the table's own header rows;
- an index column (pandas `to_markdown`/`to_excel`): a first column numbering the rows 0, 1, 2 …;
- label digits: the numbering printed with Arabic digits — （1）予以公开, 1、属于国家秘密,
  第二十条第（1）项, 第1项加第2项之和 in the balance note: digits that are labels, never cells;
- label typos: a row label printed with one to three characters dropped (其他法律行政止公开
  for 其他法律行政法规禁止公开), as reports retyped by hand print them;
- short labels and header variants: row labels and column headers printed in the other
  spellings the parser declares, with their reasons (reportparser.templates ROW_ALIAS_REASONS,
  COLUMN_ALIAS_REASONS: short forms, synonyms such as 合计 for 总计, units in the header).
"""

from __future__ import annotations

import random
import re

from reportgen.document import Block, Cell, Table
from reportgen.templates import ACTIVE, APPLICATION_ROWS

# style -> (the name of column i, counted from 0; where such names come from)
PLACEHOLDERS: dict[str, tuple] = {
    "数据": (lambda i: f"数据{i + 1}", "OCR table recognition (image → table) names unlabelled columns 数据1 … 数据N"),
    "unnamed": (lambda i: f"Unnamed: {i}", "pandas read_excel/read_csv: a header cell emptied by a merged cell"),
    "column": (lambda i: f"Column{i + 1}", "Excel Power Query / WPS 'table from range' default headers"),
    "列": (lambda i: f"列{i + 1}", "Chinese Excel/WPS default headers 列1 … 列N"),
    "field": (lambda i: f"Field{i + 1}", "Access and database exports"),
    "字段": (lambda i: f"字段{i + 1}", "Chinese database / low-code platform exports 字段1 … 字段N"),
}

# numbering forms printed with Arabic digits: (pattern of the template's form, replacement choices)
_GROUP = re.compile(r"^（([一二三四五六七])）")
_DETAIL = re.compile(r"^(\d)\.")
_ITEM = re.compile(r"^第二十条第（([一二三四五六七八九])）项$")
_CN = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨"
GROUP_FORMS = ("（{n}）", "({n})")
DETAIL_FORMS = ("{n}、", "{n}．", "（{n}）", "({n})", "{c}")
ITEM_FORMS = ("第二十条第（{n}）项", "第二十条第{n}项", "第二十条第({n})项")
BALANCE_NOTE_DIGITS = "（本列数据的勾稽关系为：第1项加第2项之和，等于第3项加第4项之和）"


def apply(blocks: list[Block], options: dict, rng: random.Random) -> list[Block]:
    """The print options of `options` applied to every table of the document."""
    tables = [b.table for b in blocks if b.table is not None and b.table.name != "legacy"]
    if options.get("label_digits"):
        forms = (rng.choice(GROUP_FORMS), rng.choice(DETAIL_FORMS), rng.choice(ITEM_FORMS))
        for t in tables:
            label_digits(t, *forms)
    if options.get("label_typos"):
        label_typos(tables, rng)
    if options.get("short_labels"):
        for t in tables:
            short_labels(t, rng)
    if options.get("header_variants"):
        for t in tables:
            header_variants(t, rng)
    style = options.get("placeholder_header")
    if style:
        if style is True:
            style = rng.choice(sorted(PLACEHOLDERS))
        if style not in PLACEHOLDERS:
            raise ValueError(f"placeholder_header must be one of {', '.join(PLACEHOLDERS)}, not {style!r}")
        replace = rng.random() < 0.6 if options.get("placeholder_replace") is None else bool(options["placeholder_replace"])
        for t in tables:
            placeholder_header(t, style, replace)
    if options.get("index_column"):
        for t in tables:
            index_column(t)
    return blocks


def _label_cells(t: Table):
    for row in t.rows:
        for cell in row:
            if not cell.number and cell.text:
                yield cell


def label_digits(t: Table, group: str, detail: str, item: str) -> None:
    for cell in _label_cells(t):
        text = cell.text
        if m := _GROUP.match(text):
            n = _CN[m.group(1)]
            cell.text = group.format(n=n) + text[m.end():]
        elif m := _DETAIL.match(text):
            n = int(m.group(1))
            cell.text = detail.format(n=n, c=_CIRCLED[n - 1]) + text[m.end():]
        elif m := _ITEM.match(text):
            cell.text = item.format(n=_CN[m.group(1)])
        elif text.startswith("（本列数据的勾稽关系为"):
            cell.text = BALANCE_NOTE_DIGITS


_NUMBERING = re.compile(r"^(?:[（(][^）)]{1,3}[）)]|\d+[.、．]|[一二三四五六七八九十]+、|[①-⑨])")


def label_typos(tables: list[Table], rng: random.Random) -> None:
    """One or two row labels with one to three interior characters dropped (never the numbering,
    the first two characters of the words or the last one; at most a third of a short label)."""
    labels = [c for t in tables if t.name in ("active", "applications") for row in t.rows
              for c in row if not c.number and not c.header and len(_words(c.text)) >= 6]
    for cell in rng.sample(labels, min(len(labels), rng.randint(1, 2))):
        head = _NUMBERING.match(cell.text)
        start = head.end() if head else 0
        words = cell.text[start:]
        dropped = min(rng.choice([1, 1, 2, 3]), max(1, (len(words) - 5) // 2))
        cut = rng.randint(2, len(words) - 1 - dropped)
        cell.text = cell.text[:start] + words[:cut] + words[cut + dropped:]


def _words(text: str) -> str:
    head = _NUMBERING.match(text)
    return text[head.end():] if head else text


def placeholder_header(t: Table, style: str, replace: bool) -> None:
    name = PLACEHOLDERS[style][0]
    row = [Cell(name(i), header=True) for i in range(t.width)]
    if replace:
        if t.name == "active":
            # each item's column-header row ('信息内容 | 本年制发件数 …'), not its heading row
            for r, line in enumerate(t.rows):
                if line and line[0].header and line[0].text == "信息内容":
                    t.rows[r] = [Cell(name(i), header=True) for i in range(t.width)]
        else:
            del t.rows[:t.header_rows]
            t.header_rows = 0
    t.rows.insert(0, row)
    t.header_rows += 1
    t.markdown_header = True


def index_column(t: Table) -> None:
    """A first column numbering the rows under the (markdown) header row, as pandas prints them."""
    t.width += 1
    first = t.header_rows if getattr(t, "markdown_header", False) else 0
    for r, row in enumerate(t.rows):
        if r < first:
            row.insert(0, Cell("", header=True))
        else:
            row.insert(0, Cell(str(r - first)))


def _label_keys() -> dict[str, str]:
    """Printed label -> row key, over both templates."""
    out = {label: key for rows in APPLICATION_ROWS.values() for key, _g, label, _k in rows}
    out.update({label: key for items in ACTIVE.values() for _h, _c, rows in items for key, label in rows})
    return out


def short_labels(t: Table, rng: random.Random) -> None:
    """Row labels printed in a declared short form (their numbering kept), about half of them."""
    from reportparser.templates import NO_QUOTES, ROW_ALIAS_REASONS, SHORT  # noqa: PLC0415 - the declared spellings

    keys = _label_keys()
    for cell in _label_cells(t):
        key = keys.get(cell.text)
        forms = [sp for sp, why in ROW_ALIAS_REASONS.get(key, ()) if why in (SHORT, NO_QUOTES)]
        if forms and rng.random() < 0.6:
            head = _NUMBERING.match(cell.text)
            cell.text = (head.group() if head else "") + rng.choice(forms)


def header_variants(t: Table, rng: random.Random) -> None:
    """Column headers printed in a declared other spelling (a synonym, a short form, the unit)."""
    from reportparser.templates import COLUMN_ALIAS_REASONS  # noqa: PLC0415 - the declared spellings

    for row in t.rows:
        for cell in row:
            forms = [sp for sp, _why in COLUMN_ALIAS_REASONS.get(cell.text, ())] if cell.header else []
            if forms and rng.random() < 0.6:
                cell.text = rng.choice(forms)
