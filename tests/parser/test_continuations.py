"""An article a CMS split over pages (t….html + t…_1.html) parses as one report."""

import reportgen
from reportparser import parse_bytes


def _split_before_last_table(html: str) -> tuple[bytes, bytes]:
    cut = html.rfind("<table")
    head = html[:cut] + "</div></body></html>"
    tail = '<html><head><meta charset="utf-8"></head><body><div class="TRS_Editor">' + html[cut:]
    return head.encode("utf-8"), tail.encode("utf-8")


def test_tables_continue_on_the_next_page():
    made = reportgen.generate(11, template="2021", shape="html", blank_cells=False, break_identities=False)
    first, second = _split_before_last_table(made.data.decode("utf-8"))
    whole = parse_bytes(made.data, filename="t.html")
    alone = parse_bytes(first, filename="t.html")
    joined = parse_bytes(first, filename="t.html", continuations=[second])
    # table 4 is on the second page: the first page alone reads none of it (no year or count
    # taken from the section's prose as a cell) and says so
    assert "review_litigation" not in alone["tables"]
    assert any("table 4" in w for w in alone["warnings"])
    assert joined["tables"] == whole["tables"] == made.truth["tables"]
    assert joined["agency"] == whole["agency"] and joined["year"] == whole["year"]
