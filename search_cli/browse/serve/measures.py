"""The index's numeric fields (indexer/names.py NUMERIC_FIELDS) as the pages name them: a short
Chinese name in the report's own words and a unit, for column headers and chart axes. A field
not listed here is shown by its field name."""

from __future__ import annotations

from indexer.names import NUMERIC_FIELDS

MEASURES: dict[str, tuple[str, str]] = {
    "new_requests": ("本年新收申请", "件"),
    "carried_over": ("上年结转申请", "件"),
    "disclosed": ("予以公开", "件"),
    "partially_disclosed": ("部分公开", "件"),
    "withheld": ("不予公开", "件"),
    "unavailable": ("无法提供", "件"),
    "not_processed": ("不予处理", "件"),
    "total_handled": ("办理结果总计", "件"),
    "carried_forward": ("结转下年度", "件"),
    "review_total": ("行政复议", "件"),
    "litigation_direct_total": ("未经复议直接起诉", "件"),
    "litigation_after_review_total": ("复议后起诉", "件"),
    "litigation_total": ("行政诉讼", "件"),
    "checks_failed": ("未成立的核验", "项"),
    "text_chars": ("正文长度", "字"),
}
# The figures every result row shows (more columns appear when the list is sorted by another).
KEY_COLUMNS = ("new_requests", "total_handled", "review_total")
DEFAULT_CHART = "new_requests"


def name(field: str) -> str:
    return MEASURES.get(field, (field, ""))[0]


def axis_title(field: str) -> str:
    label, unit = MEASURES.get(field, (field, ""))
    return f"{label}（{unit}）" if unit else label


def description(field: str) -> str:
    """What the field counts, as the index declares it (English)."""
    return NUMERIC_FIELDS[field][0] if field in NUMERIC_FIELDS else field
