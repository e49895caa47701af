"""Chrome at the two ends of a flattened text page (formats/text.py) is what reportparser.chrome
declares: furniture lines and tool words go; the body, a table's header row near the end and a
report's own contact line stay. Cases are generated from the declared examples."""

from __future__ import annotations

import random

import pytest

from reportparser import chrome, parse_bytes
from reportparser.formats.text import strip_chrome
from reportparser.normalize import to_simplified
from tests.parser.test_digitruns import generated_text

FURNITURE = [(why, e) for _p, why, ex in chrome.CHROME_LINES if why not in chrome.MAY_BE_CONTENT for e in ex]
TOOL_WORDS = [e for _p, _why, ex in chrome.CHROME_TOKENS for e in ex]


@pytest.mark.parametrize("seed", range(4))
def test_furniture_lines_after_the_body_go_and_the_report_reads_the_same(seed):
    text, truth = generated_text(seed, shape="txt-lines")
    rng = random.Random(seed)
    tail = [e for _why, e in rng.sample(FURNITURE, 6)]
    flattened = text.rstrip() + " " + rng.choice(["附件下载", "文件下载"]) + "\n\n" + "\n\n".join(tail) + "\n"
    rec = parse_bytes(flattened.encode(), filename="page.txt")
    plain = parse_bytes(text.encode(), filename="page.txt")
    assert rec["text"] == plain["text"], tail
    assert rec["tables"] == plain["tables"] and rec["agency"] == plain["agency"] == truth["agency"]


def test_traditional_furniture_is_matched_on_its_simplified_form():
    body = "六、其他需要報告的事項\n(無)"
    tail = "\n\n相關詞條\n\n熱門詞條\n\n聯絡我們\n"
    assert strip_chrome(body + tail).strip() == body
    assert all(chrome.is_furniture_line(to_simplified(w)[0]) for w in ("相關詞條", "熱門詞條", "聯絡我們"))


def test_tool_words_at_the_head_go_and_the_first_sentence_stays():
    rng = random.Random(7)
    for _ in range(50):
        words = " ".join(rng.sample(TOOL_WORDS, 3))
        first = "根据《中华人民共和国政府信息公开条例》，编制本报告。"
        assert strip_chrome(f"{words}\n{first}\n正文第二段。").splitlines()[0].strip() in ("", first)
        assert first in strip_chrome(f"{words}\n{first}")


def test_what_may_be_the_reports_own_words_stays():
    """A contact line (footer credits may be a report's own words), a table header row near the
    end (it has the shape of a navigation bar) and a sentence that begins with a furniture word."""
    kept = ["联系电话：0371-12345678", "行政复议 结果维持 结果纠正 其他结果 尚未审结 总计",
            "相关链接中的文件均已公开。"]
    text = "本报告由某县人民政府办公室编制。\n" + "\n".join(kept) + "\n"
    assert strip_chrome(text).split("\n")[1:4] == kept
