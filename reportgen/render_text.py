"""Plain-text shapes, as reports arrive after copy-paste or text extraction:

- txt-lines: one cell per line; a blank cell is an empty line;
- txt-tabs: tab-separated rows with irregular leading tabs, blank lines inside
  tables, trailing tabs on some rows;
- txt-pipes: `| 58 | 7 |` rows (a markdown `|---|` rule under a placeholder header row);
- txt-shattered: text pulled out of a borderless table: a row's label cells on one line, its
  numbers space-separated on the next line(s); a blank cell prints as nothing at all;
- txt-flat: a page flattened by a crawler (an archiver's page.txt): a metadata block, a rule, then
  the whole body on one line with the cells run together (`规章000行政规范性文件693665`).
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
    out = ["| " + " | ".join("" if c is None else c.text for c in line) + " |" for line in grid(t)]
    if t.markdown_header and out:
        out.insert(1, "|" + "|".join("---" for _ in range(t.width)) + "|")
    return out


def _table_shattered(rng: random.Random, t: Table) -> list[str]:
    """Labels on one line, the row's printed numbers on the next one or two (blanks not printed)."""
    out = []
    for line in grid(t):
        cells = [c for c in line if c is not None]
        labels = [c.text for c in cells if not c.number and c.text]
        numbers = [c.text for c in cells if c.number and c.text]
        if labels:
            out.append(" ".join(labels))
        if numbers:
            parts = rng.randint(1, 3 if len(numbers) > 7 else 2)
            cuts = sorted(rng.sample(range(1, len(numbers)), min(parts - 1, len(numbers) - 1)))
            for a, b in zip([0] + cuts, cuts + [len(numbers)]):
                out.append(" ".join(numbers[a:b]))
    return out


def _table_flat(rng: random.Random, t: Table) -> str:
    """Every cell's text run together; a header cell Word wrapped keeps a space where it broke."""
    out = []
    for line in grid(t):
        for c in line:
            if c is None or not c.text:
                continue
            text = c.text
            if c.header and len(text) >= 4 and rng.random() < 0.3:
                cut = rng.randint(2, len(text) - 2)
                text = f"{text[:cut]} {text[cut:]} "
            elif not c.number and len(text) > 20 and rng.random() < 0.3:
                text += " "
            out.append(text)
    return "".join(out)


# crawler metadata blocks: 'key: value' lines, then a rule line (the rules archivers print)
FLAT_RULES = ("==================== 正文 ====================", "========== 正文 ==========", "-" * 40,
              "=" * 40, "---------- 正文 ----------", "＝＝＝＝＝＝ 正文 ＝＝＝＝＝＝")


def _flat(blocks: list[Block], rng: random.Random, truth: dict | None) -> str:
    body = []
    for i, b in enumerate(blocks):
        if b.kind == "table" and b.table is not None:
            body.append(_table_flat(rng, b.table))
        else:
            body.append(b.text + (" " if b.kind == "title" or rng.random() < 0.15 else ""))
    head = ""
    if truth is not None:
        date = truth.get("published") or ""
        keys = [("标题", blocks[0].text), ("发布时间", f"{date} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"),
                ("文号", ""), ("发布机构", ""), ("来源", rng.choice(["", truth.get("agency") or ""])),
                ("栏目", "政府信息公开年报"),
                ("原文链接", f"https://www.example.gov.cn/zwgk/ndbg/{date[:4]}/t{date.replace('-', '')}_{rng.randint(1000, 99999)}.htm")]
        head = "\n".join(f"{k}: {v}" for k, v in keys) + "\n" + rng.choice(FLAT_RULES) + "\n"
    return head + "".join(body)


def render(blocks: list[Block], shape: str, rng: random.Random, truth: dict | None = None) -> bytes:
    if shape == "txt-flat":
        return _flat(blocks, rng, truth).encode("utf-8")
    lines: list[str] = []
    spaced = shape != "txt-lines"  # pasted text separates paragraphs with blank lines
    for b in blocks:
        if b.kind == "table" and b.table is not None:
            if shape == "txt-lines":
                lines += _table_lines(b.table)
            elif shape == "txt-tabs":
                lines += _table_tabs(rng, b.table)
            elif shape == "txt-shattered":
                lines += _table_shattered(rng, b.table)
            else:
                lines += _table_pipes(b.table)
        else:
            lines.append(b.text)
        if spaced:
            lines.append("")
        if b.kind == "title" and not spaced:
            lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
