"""The generator spells the template's labels itself (an independent oracle) but shares the record's
vocabulary with the parser: row keys in order, column order, review groups."""

from __future__ import annotations

import pytest

from reportgen import templates as gen
from reportparser import templates as parser


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_application_row_keys_are_the_parsers_in_order(template):
    declared = parser.TEMPLATES[template]
    # the parser also knows rows some reports print instead of the template's (stand-ins); the generator prints the template
    printed = [r.key for r in declared.applications if r.key not in declared.stand_ins]
    assert [key for key, *_ in gen.APPLICATION_ROWS[template]] == printed


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_active_items_rows_and_column_counts_match(template):
    generated = [([key for key, _ in rows], len(columns)) for _heading, columns, rows in gen.ACTIVE[template]]
    declared = [([r.key for r in item.rows], len(item.columns)) for item in parser.TEMPLATES[template].active]
    assert generated == declared


def test_column_orders_and_review_groups_match():
    assert tuple(gen.APPLICANT_COLUMNS) == parser.APPLICANT_COLUMNS
    assert tuple(gen.REVIEW_RESULTS) == parser.REVIEW_COLUMNS
    assert [key for key, *_ in gen.REVIEW_GROUPS] == [g[0] for g in parser.REVIEW_GROUPS]
