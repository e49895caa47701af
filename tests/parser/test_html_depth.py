"""Pages nested deeper than libxml2's default limit (256) keep their text: read with huge_tree, and
past what the reader walks (600 levels) with the layout-only tags removed — with a warning, never
silently empty."""

from __future__ import annotations

import pytest

from reportparser.formats import extract

TITLE = "某县人民政府2020年政府信息公开工作年度报告"


def _nested(depth: int, tag: str) -> bytes:
    return (f"<html><body>{f'<{tag}>' * depth}<p>{TITLE} 一、总体情况 正文内容。</p>{f'</{tag}>' * depth}"
            "</body></html>").encode("utf-8")


@pytest.mark.parametrize("depth, tag", [(300, "div"), (500, "font")])
def test_deep_pages_within_the_limit_read_without_warning(depth, tag):
    doc = extract(_nested(depth, tag), "r.html")
    assert TITLE in doc.text and doc.warnings == []


@pytest.mark.parametrize("depth, tag", [(1500, "div"), (1500, "font"), (3000, "div"), (20000, "span")])
def test_deeper_pages_are_read_without_layout_tags_and_say_so(depth, tag):
    doc = extract(_nested(depth, tag), "r.html")
    assert TITLE in doc.text
    assert any("nested deeper" in w for w in doc.warnings)


def test_deep_nesting_of_structural_tags_still_gives_the_text():
    depth = 3000
    html = ("<html><body>" + "<table><tr><td>" * depth + f"<p>{TITLE}</p>" + "</td></tr></table>" * depth
            + "</body></html>").encode("utf-8")
    doc = extract(html, "r.html")
    assert TITLE in doc.text and doc.warnings


def test_the_depth_guard_agrees_with_a_walk_of_the_tree():
    """The XPath guard says a page is too deep exactly when a walk of every element finds a level
    beyond MAX_WALK_DEPTH — around the limit, on uneven trees and on generated report pages."""
    from lxml import etree

    from reportgen import generate
    from reportparser.formats import html

    def walked(root) -> int:
        depth = deepest = 0
        for event, _el in etree.iterwalk(root, events=("start", "end")):
            depth += 1 if event == "start" else -1
            deepest = max(deepest, depth)
        return deepest

    pages = [generate(s, "2021", "html").data for s in range(3)]
    for n in (3, 50, html.MAX_WALK_DEPTH - 1, html.MAX_WALK_DEPTH, html.MAX_WALK_DEPTH + 1, 2 * html.MAX_WALK_DEPTH):
        deep = "<div>" * (n - 3) + "x" + "</div>" * (n - 3)
        pages.append(f"<html><body><p>a</p><table><tr><td>{deep}</td></tr></table><p>b</p></body></html>".encode())
        pages.append(f"<html><body>{'<span>' * 5}y{'</span>' * 5}<section>{deep}</section></body></html>".encode())
    for page in pages:
        root = etree.fromstring(page, etree.HTMLParser(huge_tree=True))
        assert html._deeper_than_walk(root) == (walked(root) > html.MAX_WALK_DEPTH)
