"""A record's three tables laid out as the report prints them, for templates/report.html.

Labels and headings come from the template declaration (reportparser/templates.py through
search_cli/browse/labels.py): table 2 by its 第二十条 items, table 3 under 申请人情况 with its
column groups (自然人 / 法人或其他组织 … / 总计) and its row headings (三、本年度办理结果,
（三）不予公开 …), table 4 by review and litigation. A row, or an applicant column, that a
failed identity check names is marked, as `gia archive show` marks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search_cli.browse import labels
from search_cli.browse.show import _row_marked, _where_marks


@dataclass
class Row:
    label: str
    values: list = field(default_factory=list)  # [] for a heading row
    depth: int = 0                              # indentation under row headings
    marked: bool = False
    heading: bool = False


@dataclass(frozen=True)
class Head:
    text: str
    colspan: int = 1
    rowspan: int = 1
    marked: bool = False                        # a column a failed check names


@dataclass
class Table:
    title: str
    header: list[list[Head]]                    # header rows
    rows: list[Row]
    columns: int                                # value columns
    marked_columns: set[int] = field(default_factory=set)
    caption: str = ""


def _values(values) -> list:
    return ["" if v is None else v for v in values] if isinstance(values, list) else []


def active_tables(record: dict, marks: set) -> list[Table]:
    """Table 2: one table per block of rows sharing their printed columns, titled by its item."""
    tpl = str(record.get("template") or "")
    active = (record.get("tables") or {}).get("active") or {}
    rows = active.get("rows") if isinstance(active.get("rows"), dict) else {}
    headers = active.get("columns") if isinstance(active.get("columns"), dict) else {}
    item_of = {row.key: item.item for item in labels.active_items(tpl) for row in item.rows}
    blocks: dict[tuple, list[tuple[str, list]]] = {}
    for key, values in rows.items():
        if not isinstance(values, list):
            continue
        cols = headers.get(key) if isinstance(headers.get(key), list) else []
        cols = [str(c) for c in cols] or [f"列{i + 1}" for i in range(len(values))]
        blocks.setdefault((item_of.get(key, ""), tuple(cols)), []).append((key, values))
    out = []
    for (item, cols), members in blocks.items():
        body = [Row(labels.label(k, tpl), _values(v), marked=_row_marked(k, labels.label(k, tpl), marks))
                for k, v in members]
        out.append(Table(labels.TABLE_TITLES["active"], [[Head("信息内容")] + [Head(c) for c in cols]],
                         body, len(cols), caption=item))
    return out


def applications_table(record: dict, marks: set) -> Table | None:
    """Table 3 with its printed headings: 申请人情况 over the applicant columns and the row groups."""
    tpl = str(record.get("template") or "")
    apps = (record.get("tables") or {}).get("applications") or {}
    items = [(k, v) for k, v in apps.items() if isinstance(v, list)]
    if not items:
        return None
    heading, first, last = labels.OUTCOME_BLOCK
    keys = [k for k, _v in items]
    in_block = set(keys[keys.index(first): keys.index(last) + 1]) if first in keys and last in keys else set()
    rows: list[Row] = []
    open_group = None  # the row group the previous row belonged to
    for key, values in items:
        depth = 1 if key in in_block else 0
        if key == first and in_block:
            rows.append(Row(heading, heading=True))
        prefix = key.split(".", 1)[0] if "." in key else None
        group = prefix if prefix in labels.APPLICATION_ROW_GROUPS else None
        if group and group != open_group and group not in apps:
            # a row keyed by the group itself (the 2019 one-row （六）其他处理) is its own heading
            rows.append(Row(labels.APPLICATION_ROW_GROUPS[group], depth=depth, heading=True))
        open_group = group or (key if key in labels.APPLICATION_ROW_GROUPS else None)
        text = labels.label(key, tpl)
        rows.append(Row(text, _values(values), depth + (1 if group else 0), _row_marked(key, text, marks)))
    columns = list(labels.APPLICANT_COLUMNS)
    groups, start, lower = [], 0, []
    for name, span in labels.APPLICANT_GROUPS:
        if span == 1:  # 自然人 and 总计: one column, both lower header rows
            groups.append(Head(name, 1, 2, columns[start] in marks))
        else:
            groups.append(Head(name, span, 1))
            lower += [Head(c, marked=c in marks) for c in columns[start:start + span]]
        start += span
    header = [[Head("", 1, 3), Head(labels.APPLICANT_HEADING, len(columns))], groups, lower]
    marked_columns = {i for i, name in enumerate(columns) if name in marks}
    return Table(labels.TABLE_TITLES["applications"], header, rows, len(columns), marked_columns)


def review_table(record: dict, marks: set) -> Table | None:
    tpl = str(record.get("template") or "")
    rev = (record.get("tables") or {}).get("review_litigation") or {}
    rows = [Row(labels.label(k, tpl), _values(v), marked=_row_marked(k, labels.label(k, tpl), marks))
            for k, v in rev.items() if isinstance(v, list)]
    if not rows:
        return None
    columns = list(labels.REVIEW_COLUMNS)
    header = [[Head("")] + [Head(c, marked=c in marks) for c in columns]]
    return Table(labels.TABLE_TITLES["review_litigation"], header, rows, len(columns),
                 {i for i, name in enumerate(columns) if name in marks})


def report_tables(record: dict) -> list[Table]:
    """Every table the record has, in the report's order."""
    marks = _where_marks(record)
    out = active_tables(record, marks.get("active", set()))
    for table in (applications_table(record, marks.get("applications", set())),
                  review_table(record, marks.get("review_litigation", set()))):
        if table is not None:
            out.append(table)
    return out
