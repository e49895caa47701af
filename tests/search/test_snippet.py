"""Snippets read as one line: tab-separated table cells and line breaks become single spaces,
and the marks still cover exactly the matched characters."""

from search_cli.snippet import html_snippet, render

TABLE_TEXT = ("四、行政复议、行政诉讼情况\n行政复议\t\t\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
              "3\t0\t1\t\t0\t4\n五、存在的主要问题\u3000及改进情况")


def test_tabs_and_newlines_collapse_to_single_spaces():
    out = render(TABLE_TEXT, {"复议"}, "«", "»")
    assert "\t" not in out and "\n" not in out and "  " not in out
    assert "行政«复议» 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 3 0 1 0 4" in out
    assert "问题 及改进" in out  # an ideographic space too


def test_marks_stay_on_the_matched_characters():
    out = render(TABLE_TEXT, {"行政复议", "总计"}, "[", "]")
    assert out.count("[行政复议]") == 2 and "[总计] 3" in out
    # every marked span is exactly a query word
    import re
    assert set(re.findall(r"\[([^\]]*)\]", out)) == {"行政复议", "总计"}


def test_terminal_colour_and_html_styles():
    colour = render("甲\t\t乙\n行政复议\t丙", {"行政复议"}, "\033[1;31m", "\033[0m")
    assert colour == "甲 乙 \033[1;31m行政复议\033[0m 丙"
    assert html_snippet("a<b>\t\t行政复议\n&", {"行政复议"}) == "a&lt;b&gt; <mark>行政复议</mark> &amp;"
