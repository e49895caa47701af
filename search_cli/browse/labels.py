"""Chinese labels for the record's row keys, read from the parser's template declaration
(`reportparser.templates`), so the browse views print what the report prints."""

from __future__ import annotations

from functools import lru_cache

from reportparser import templates as _t

APPLICANT_COLUMNS = tuple(_t.APPLICANT_COLUMNS)
REVIEW_COLUMNS = tuple(_t.REVIEW_COLUMNS)
REVIEW_GROUPS = dict(_t.REVIEW_GROUPS)
# table 3's headings without numbers: 申请人情况 over its column groups, 三、本年度办理结果 and
# （三）不予公开 … over their rows (reportparser/templates.py)
APPLICANT_HEADING = _t.APPLICANT_HEADING
APPLICANT_GROUPS = tuple(_t.APPLICANT_GROUPS)
OUTCOME_BLOCK = tuple(_t.OUTCOME_BLOCK)
APPLICATION_ROW_GROUPS = dict(_t.APPLICATION_ROW_GROUPS)
# the six sections in template order: key -> the template's heading (一、总体情况 …)
SECTIONS = {key: heading for key, heading, _words in _t.SECTIONS}
TABLE_TITLES = {"active": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
                "review_litigation": "四、政府信息公开行政复议、行政诉讼情况"}


@lru_cache(maxsize=8)
def row_labels(template: str = "") -> dict[str, str]:
    """row key -> printed label; the given template's wording first, then any template's."""
    labels: dict[str, str] = {}
    ordered = sorted(_t.TEMPLATES.values(), key=lambda t: t.name != template)
    for template in ordered:
        for row in template.applications:
            labels.setdefault(row.key, row.label)
        for item in template.active:
            for row in item.rows:
                labels.setdefault(row.key, row.label)
    labels.update(REVIEW_GROUPS)
    return labels


def label(key: str, template: str = "") -> str:
    return row_labels(template or "").get(key, key)


def active_items(template: str):
    """The template's table-2 blocks, or () for an unknown template."""
    if template not in _t.TEMPLATES:
        return ()
    return _t.TEMPLATES[template].active


def application_keys(template: str) -> tuple[str, ...]:
    if template in _t.TEMPLATES:
        return tuple(r.key for r in _t.TEMPLATES[template].applications)
    seen: dict[str, None] = {}
    for tpl in _t.TEMPLATES.values():
        for r in tpl.applications:
            seen.setdefault(r.key)
    return tuple(seen)
