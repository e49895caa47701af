"""Bad input never raises: empty, garbage, truncated, huge; partial documents keep what they hold."""

from reportparser import parse_bytes
from tests.parser.test_digitruns import generated_text


def test_empty_input():
    rec = parse_bytes(b"", filename="x.html")
    assert rec["template"] == "unknown" and rec["tables"] == {} and rec["warnings"]


def test_binary_garbage():
    rec = parse_bytes(bytes(range(256)) * 40, filename="x.txt")
    assert rec["schema"] == 1 and isinstance(rec["warnings"], list)


def test_truncated_html():
    rec = parse_bytes(b"<html><body><div id='zoom'><p>\xe4\xb8\x80\xe3\x80\x81\xe6\x80\xbb<table><tr><td>1", filename="x.html")
    assert rec["schema"] == 1


def test_huge_page_is_bounded():
    page = b"<html><body>" + b"<p>" + ("政府信息公开" * 20).encode() + b"</p>" * 1 + b"<div>x</div>" * 900_000 + b"</body></html>"
    rec = parse_bytes(page, filename="big.html")
    assert any("cut" in w for w in rec["warnings"])


def test_partial_document_keeps_cells_and_names_missing_rows():
    text, truth = generated_text(3, shape="txt-tabs")
    cut = text[: text.index("（四）无法提供")]
    rec = parse_bytes(cut.encode(), filename="p.txt")
    apps = rec["tables"]["applications"]
    assert apps["new"] == truth["tables"]["applications"]["new"]
    assert "total_handled" not in apps
    assert any("table 3 rows missing" in w and "（七）总计" in w for w in rec["warnings"])
    assert any("table 4" in w for w in rec["warnings"])


def test_absurd_digit_run_is_bounded_and_warned():
    import re
    text, _truth = generated_text(3)
    text = re.sub(r"(一、本年新收政府信息公开申请数量)\d+", r"\g<1>6400204701234567890123456789012345678901234567", text)
    rec = parse_bytes(text.encode(), filename="p.txt")   # bounded by the solver's own limits (no timing here)
    assert "new" not in rec["tables"]["applications"]
    assert any("本年新收" in w for w in rec["warnings"])
