"""Breadcrumbs ("当前位置：首页 > … > …"), declared once in reportparser.chrome: generated trails
(every label, separator and a spread of items) are chrome when a head is read, and taken out of a
plain-text report without any of the body after them, whatever the body opens with."""

from __future__ import annotations

import random

import pytest

from reportparser import chrome
from reportparser.formats.text import extract_text, strip_chrome

LABELS = ["当前位置", "您现在的位置", "您的位置", "您所在的位置", "您所在位置", "所在位置", "您现在位置"]
COLONS = ["：", ":", "： ", " ：", "：\u3000"]
SEPARATORS = [" > ", ">", " » ", "»", "＞", " › ", " / ", "&gt;", " &gt; ", " -> ", "｜"]
ITEMS = ["首页", "政务公开", "政府信息公开", "政府信息公开年报", "年度报告", "信息公开", "法定主动公开内容", "zwgk",
         "2023年", "市司法局", "公开年报"]  # no brackets in an item: （一） may open the body
# what a flattened page runs on into after its breadcrumb: sentences, headings, titles
BODIES = ["根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，编制本报告。",
          "本报告由总体情况、主动公开政府信息情况等部分组成。", "一、总体情况", "（一）主动公开",
          "某县人民政府2022年政府信息公开工作年度报告", "2022年，本机关认真贯彻落实《条例》。"]
JOINS = ["\n", " ", "\u3000", "  "]


def _crumbs(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        items = rng.sample(ITEMS, rng.randint(1, 4))
        out.append(rng.choice(LABELS) + rng.choice(COLONS) + rng.choice(SEPARATORS).join(items))
    return out


CRUMBS = _crumbs(120)


@pytest.mark.parametrize("crumb", CRUMBS[:40] + [e for p, why, ex in chrome.CHROME_LINES if why == "breadcrumb" for e in ex])
def test_a_breadcrumb_line_is_chrome(crumb):
    assert chrome.is_chrome(crumb)
    assert strip_chrome(crumb).strip() == ""


def test_the_body_after_a_breadcrumb_is_kept_whole():
    rng = random.Random(11)
    for crumb in CRUMBS:
        body = rng.choice(BODIES)
        join = rng.choice(JOINS)
        assert strip_chrome(crumb + join + body).strip() == body, (crumb, join, body)
        # run on with no space at all: the trail cannot say where it ends, so it gives back the
        # last item rather than take any of the body
        assert body in strip_chrome(crumb + body), (crumb, body)


def test_a_breadcrumb_in_a_text_report_leaves_the_report():
    body = "根据《中华人民共和国政府信息公开条例》规定，编制本报告。\n一、总体情况\n本机关全年主动公开信息120条。"
    for crumb in CRUMBS[:20]:
        doc = extract_text(f"{crumb} {body}".encode("utf-8"))
        assert doc.text == body, (crumb, doc.text)


def test_a_flattened_article_header_closed_by_its_tool_bar_goes_with_the_breadcrumb():
    for crumb in CRUMBS[:20]:
        line = f"{crumb} 来源：某县人民政府 时间：2022-01-20 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： --> 根据条例，编制本报告。"
        assert strip_chrome(line).strip() == "根据条例，编制本报告。", line


def test_text_that_only_mentions_a_position_is_not_a_breadcrumb():
    for text in ["本机关当前位置于城区中心。", "当前位置信息服务已上线，群众可查询办事进度。"]:
        assert strip_chrome(text) == text
