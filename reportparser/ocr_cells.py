"""The record's `ocr` field: which pages were OCR'd, and where each table number came from.

The template mapper reads OCR'd grids like any other (by their labels), and knows nothing of
OCR. This module runs after it: each record cell of the three tables is tied back to the OCR'd
grid cell it was read from — the grid row whose label holds the template row's spelling (rows in
template order, as the mapper finds them), the column by position — and only when the cell's
printed text parses to the record's value. Then a check that does not hold names every
low-confidence cell it involves: the number is kept as printed (never "repaired" to satisfy the
identity), and the warning says which cell to look at.
"""

from __future__ import annotations

from reportparser import templates
from reportparser.normalize import parse_number
from reportparser.tables import find_label, work_text

LOW_CONFIDENCE = 0.90     # below this an OCR'd cell is named when a check it takes part in fails
_TABLE_NAMES = {"active": "table 2", "applications": "table 3", "review_litigation": "table 4"}


def annotate(record: dict, ocr_meta: dict) -> None:
    """Add record["ocr"] (pages, engine, per-cell provenance) and the low-confidence warnings."""
    cells = ocr_meta.get("cells") or []
    tied = tie_cells(record.get("tables") or {}, record.get("template") or "", cells)
    record["ocr"] = {
        "engine": ocr_meta.get("engine"),
        "pages": ocr_meta.get("pages", []),
        "pages_ocr": len(ocr_meta.get("pages", [])),
        "failed_pages": ocr_meta.get("failed_pages", []),
        "dpi": ocr_meta.get("dpi", []),
        "seconds": ocr_meta.get("seconds"),
        "angles": ocr_meta.get("angles", {}),
        "mean_confidence": ocr_meta.get("mean_confidence"),
        "cells": tied,
    }
    warnings = record.setdefault("warnings", [])
    if record["ocr"]["pages"]:
        # numbers read from an image are less certain than printed text: every such record says so
        conf = record["ocr"]["mean_confidence"]
        warnings.append(f"read by OCR: page(s) {_page_list(record['ocr']['pages'])}"
                        + (f", mean confidence {conf:.2f}" if isinstance(conf, (int, float)) else "")
                        + "; per-cell provenance in record.ocr.cells")
    warnings.extend(low_confidence_warnings(record.get("checks") or [], tied))


def _page_list(pages: list[int]) -> str:
    return ", ".join(str(n) for n in sorted(pages))


def tie_cells(tables: dict, template: str, cells: list[dict]) -> list[dict]:
    tpl = templates.TEMPLATES.get(template)
    if tpl is None or not cells:
        return []
    rows = _grid_rows(cells)
    out: list[dict] = []
    app = tables.get("applications") or {}
    if app:
        out += _tie_rows("applications", [(r, templates.APPLICANT_COLUMNS) for r in tpl.applications], app, rows)
    active = (tables.get("active") or {}).get("rows") or {}
    if active:
        specs = [(r, item.columns) for item in tpl.active for r in item.rows]
        out += _tie_rows("active", specs, active, rows)
    review = tables.get("review_litigation") or {}
    if review:
        out += _tie_review(review, rows)
    return out


def _grid_rows(cells: list[dict]) -> list[dict]:
    """OCR'd grid rows in page order: {label, numbers: [cell, …] left to right}."""
    by_row: dict[tuple, dict] = {}
    for c in cells:
        key = (c["page"], c["table"], c["row"])
        row = by_row.setdefault(key, {"label": c.get("label") or "", "numbers": []})
        if _number(c["text"]) is not _NOT_A_NUMBER:
            row["numbers"].append(c)
    for row in by_row.values():
        row["numbers"].sort(key=lambda c: c["col"])
    return [by_row[k] for k in sorted(by_row)]


_NOT_A_NUMBER = object()


def _number(text: str):
    try:
        return parse_number(text)
    except ValueError:
        return _NOT_A_NUMBER


def _tie_rows(table: str, specs, values: dict, rows: list[dict]) -> list[dict]:
    out = []
    pos = 0
    labelled = [(i, work_text(r["label"])) for i, r in enumerate(rows) if r["label"]]
    for row, columns in specs:
        if row.key not in values:
            continue
        hit = None
        for k in range(pos, len(labelled)):
            i, label = labelled[k]
            if find_label(label, row.spellings, 0, len(label)) and rows[i]["numbers"]:
                hit = k
                break
        if hit is None:
            continue
        pos = hit + 1
        got = rows[labelled[hit][0]]["numbers"]
        vals = values[row.key]
        if len(got) != len(vals):
            continue
        for col, (value, cell) in enumerate(zip(vals, got)):
            if _number(cell["text"]) != value:
                continue
            out.append(_entry(table, row.key, columns[col] if col < len(columns) else str(col), value, cell))
    return out


def _tie_review(review: dict, rows: list[dict]) -> list[dict]:
    out = []
    for r in rows:
        nums = r["numbers"]
        if len(nums) != 15:
            continue
        for g, (key, _label) in enumerate(templates.REVIEW_GROUPS):
            vals = review.get(key) or []
            for col, (value, cell) in enumerate(zip(vals, nums[g * 5:g * 5 + 5])):
                if _number(cell["text"]) == value:
                    out.append(_entry("review_litigation", key, templates.REVIEW_COLUMNS[col], value, cell))
        break
    return out


def _entry(table: str, key: str, column: str, value, cell: dict) -> dict:
    out = {"table": table, "row": key, "column": column, "value": value, "text": cell["text"],
           "confidence": cell["confidence"], "page": cell["page"], "bbox": cell["bbox"]}
    if "read" in cell:
        out["read"] = cell["read"]      # the recogniser's letters ('O'), read as digits ('0')
    return out


def low_confidence_warnings(checks: list[dict], tied: list[dict]) -> list[str]:
    where = {(c["row"], c["column"]): c for c in tied}
    named: dict[tuple, list[str]] = {}
    for check in checks:
        if check.get("ok") is not False:
            continue
        for cell in check.get("cells") or []:
            got = where.get((cell.get("row"), cell.get("column")))
            if got and got["confidence"] < LOW_CONFIDENCE:
                named.setdefault((got["row"], got["column"]), [got]).append(check["rule"])
    out = []
    for (_row, _col), (got, *rules) in named.items():
        out.append(f"OCR: {_TABLE_NAMES[got['table']]} {got['row']} / {got['column']} read as {got['text']!r} "
                   f"with confidence {got['confidence']:.2f} (page {got['page']}) and {', '.join(sorted(set(rules)))} "
                   f"does not hold: check this cell against the original; kept as read")
    return out
