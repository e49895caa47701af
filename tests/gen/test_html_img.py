"""reportgen's html-img shape (table 3 pasted into the page as a picture) on every kind of report:
one that prints no table 3 as an HTML table (no requests, table 3 as text) renders as a page
without the picture instead of crashing the generator."""

from __future__ import annotations

import pytest

import reportgen


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_seed_renders_and_pictures_only_an_html_table_3(template):
    pictured = 0
    for seed in range(6):
        g = reportgen.generate(seed=seed, shape="html-img", template=template)
        html = g.data.decode("utf-8")
        has_picture = "data:image/jpeg;base64," in html
        pictured += has_picture
        if has_picture:   # the picture replaced the table: its header is no longer text in a <table>
            assert "<table" not in html or "申请人情况" not in html.split("data:image/jpeg")[1].split("</table>")[0]
    assert pictured >= 1
