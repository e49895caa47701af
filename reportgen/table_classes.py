"""The table classes of real reports the generator makes (how the statistics tables are printed;
the metadata classes are in reportgen/classes.py), declared once: name -> generator options + what
the class is. Tests and bench/bench_accuracy.py read this list, so a class is covered by generated
cases (never by one real file).

An entry's options are `generate()` keyword arguments; `shape` may be a tuple, rotated by seed, and
`template` defaults to 2019/2021 alternating by seed. `for_seed(name, seed)` gives the arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GenClass:
    about: str
    options: dict = field(default_factory=dict)


# ------------------------------------------------------------------ table classes
# (how the tables are printed; reportparser/tables.py, columns.py, digitruns.py, formats/*)
_TEXT_AND_GRID = ("txt-pipes", "txt-tabs", "txt-lines", "html", "docx", "xlsx")

TABLE_CLASSES: dict[str, GenClass] = {
    "placeholder-header-markdown": GenClass(
        "markdown export of an OCR'd table: a header row of placeholders (数据1…, Unnamed: 3, Column1, 列1, "
        "Field3, 字段2) and a |---| rule, over or instead of the table's own header",
        {"shape": "txt-pipes", "placeholder_header": True}),
    "placeholder-header-grid": GenClass(
        "the same placeholder header in a spreadsheet, an HTML table or tab-separated text",
        {"shape": ("xlsx", "html", "txt-tabs", "docx"), "placeholder_header": True}),
    "index-column": GenClass(
        "pandas to_markdown: Unnamed: N headers and a first column numbering the rows 0, 1, 2 …",
        {"shape": ("txt-pipes", "txt-tabs"), "placeholder_header": "unnamed", "index_column": True}),
    "label-digits": GenClass(
        "numbering printed with Arabic digits: （1）予以公开, 1、属于国家秘密, ①, 第二十条第（1）项, "
        "第1项加第2项之和 in the balance note — digits that are labels, never cells",
        {"shape": _TEXT_AND_GRID + ("txt-shattered",), "label_digits": True}),
    "label-typos": GenClass(
        "a row label retyped with one to three characters dropped (其他法律行政止公开)",
        {"shape": _TEXT_AND_GRID, "label_typos": True}),
    "short-labels": GenClass(
        "row labels in their short forms (一、本年新收, （二）部分公开, 危及三安全一稳定 without quotes)",
        {"shape": _TEXT_AND_GRID, "short_labels": True}),
    "header-variants": GenClass(
        "column headers in other spellings: 合计 for 总计, 其它, 个人, 企业, 决定数量, 采购总金额(万元)",
        {"shape": ("html", "docx", "xlsx", "txt-tabs", "txt-pipes"), "header_variants": True}),
    "office-pdf": GenClass(
        "PDF exported from Word/WPS (LibreOffice from the DOCX): a cell a line, tables across pages, "
        "rows cut by the page break, repeated header rows or not",
        {"shape": "pdf-office", "narrow_columns": False}),
    "office-pdf-narrow": GenClass(
        "office PDF with narrow number columns: numbers wrap inside their cells (26 printed 2 over 6)",
        {"shape": "pdf-office", "narrow_columns": True}),
    "framed-paragraphs": GenClass(
        "PDF where a text box is ruled together with table 2 (WPS): paragraphs as full-width rows above it, "
        "a note under it — text, not table",
        {"shape": "pdf", "framed_paragraphs": True}),
    "shattered-rows": GenClass(
        "text of a borderless table: a row's labels on one line, its numbers on the next line(s)",
        {"shape": "txt-shattered"}),
    "shattered-rows-lone-blank": GenClass(
        "shattered rows where one zero cell of a row is printed blank, so the row shows one number fewer",
        {"shape": "txt-shattered", "lone_blanks": True}),
    "run-together": GenClass(
        "a page flattened by a crawler: metadata lines, a rule, the body on one line, cells run together",
        {"shape": "txt-flat"}),
    "single-other-processing": GenClass(
        "a 2021 table that keeps the 2019 single （六）其他处理 row instead of its three sub-rows",
        {"shape": _TEXT_AND_GRID, "template": "2021", "single_other_processing": True}),
    "legacy-figures": GenClass(
        "2008-2018 reports: headline figures in varied prose (新增/累计/各类, 受理依申请公开, 未发生…行政复议) "
        "and the older 附件 统计表 (受理依申请公开信息总数, 对申请的答复数)",
        {"shape": ("html", "txt-tabs", "txt-flat", "docx", "pdf"), "template": "legacy", "legacy_phrasings": True}),
    "flawed-numbers": GenClass(
        "blank cells, wrong sums, a missing row 四, thousands separators, 元 units and decimals",
        {"shape": ("html", "txt-tabs", "txt-pipes", "txt-lines", "docx"), "blank_cells": True,
         "break_identities": True, "omit_carried_forward": True, "thousands": True, "units": True,
         "decimals": True}),
}
# ------------------------------------------------------------------ end of table classes

CLASSES: dict[str, GenClass] = {**TABLE_CLASSES}


def for_seed(name: str, seed: int) -> dict:
    """generate() keyword arguments of class `name` for this seed: shapes rotate with the seed, and
    each shape meets both templates (2019, 2021) in turn unless the class fixes one."""
    opts = dict(CLASSES[name].options)
    shapes = opts.pop("shape", "html")
    shapes = shapes if isinstance(shapes, tuple) else (shapes,)
    template = opts.pop("template", ("2019", "2021")[(seed // len(shapes)) % 2])
    return {"seed": seed, "shape": shapes[seed % len(shapes)], "template": template, **opts}
