"""The build stage's checks on what a response holds: junk text, image-only pages, attachment
names in GBK — pure functions, no network."""

from __future__ import annotations

from builder.build import _garbled, _image_only


def test_garbled_text_is_detected():
    assert _garbled("某市司法局2023年政府信息公开工作年度报告。一、总体情况" * 5) is None
    junk = "".join("\ufffd\x07%ab" for _ in range(40))
    assert "replacement" in _garbled(junk)
    assert _garbled("\ufffd" * 10) is None  # too short to judge


def test_image_only_pages():
    page = ("<html><body><h1>某局2023年政府信息公开工作年度报告</h1><p><img src='/__local/p1.jpg'></p>"
            "<p><img src='/__local/p2.jpg'></p></body></html>").encode()
    assert _image_only(page)
    text = "<html><body><p>" + "一、总体情况主动公开政府信息" * 10 + "<img src='/logo.png'></p></body></html>"
    assert not _image_only(text.encode())
    assert not _image_only(b"%PDF-1.4 <img")
