"""Page chrome: what a CMS prints around a report, declared once, and the lines a report's
title, agency and dates are read from (its head and tail) with that chrome taken out.

Chrome reaches the text when a page is flattened (copied, crawled to page.txt, printed to PDF) or
when a CMS puts its article tools inside the content container. Two mechanisms, both general:

- CHROME_TOKENS: the common article tools of government CMSs (TRS, Hanweb, 开普云, 博达, gkmlpt),
  each with the reason it is there; removed wherever they stand in a line;
- CHROME_LINES: whole lines that are page furniture (breadcrumbs, previous/next links, site
  footers, rules); and lines that are navigation by their shape (several short words and no
  sentence: 首页 政务公开 政务服务 互动交流).

A line with nothing left once its chrome is removed is chrome. Markdown and list marks (`# `,
`## `, `**…**`, `> `) are stripped too: `# 某某县人民政府` is the line `某某县人民政府`.
"""

from __future__ import annotations

import re

from reportparser import labels

# A breadcrumb: its label, then its trail, short items between separators (首页 > 政务公开 > 年报).
# In a flattened page the trail runs on into the body on one line; it ends where an item does not
# (at a space or a separator), so a sentence or a title after it stays whole; an item has no
# brackets, as a body may open with （一）. Run on with no space, the last item cannot be told from
# the body and stays in the text (never the body taken with it). Reading a head, a
# line that opens with a breadcrumb is furniture (CHROME_LINES); taking chrome out of a text,
# only the breadcrumb goes (formats/text.py).
BREADCRUMB_LABEL = r"(?:当前位置|您(?:现在)?(?:的|所在的?)?位置|所在位置)\s*[:：]"
_CRUMB_SEP = r"\s*(?:[>»＞›/|｜]|&gt;|-{1,2}>)\s*"
_CRUMB_ITEM = rf"[\u4e00-\u9fffA-Za-z0-9·]{{1,16}}(?=$|\s|{_CRUMB_SEP})"
BREADCRUMB = rf"{BREADCRUMB_LABEL}[ \t\u3000]*(?:{_CRUMB_ITEM}(?:{_CRUMB_SEP}{_CRUMB_ITEM})*)?"

# chrome inside a line: (pattern, why it is there, examples printed by real CMSs; the tests
# generate lines from the examples)
CHROME_TOKENS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (r"[【\[]?\s*(?:字体|字号|文字)\s*[:：]?\s*(?:[【\[]?\s*[大中小]\s*[】\]]?\s*[|｜/]?\s*){2,3}[】\]]?",
     "font-size switcher of article tools",
     ("【字体：大 中 小】", "【字体:大 中 小】", "字号：大|中|小", "字体：【大】【中】【小】", "[字号：大 中 小]")),
    (r"[【\[]\s*(?:打印(?:本页|此页|文章)?|关闭(?:本页|窗口|此页)?|收藏(?:本页)?|返回顶部|返回|保存(?:本页)?|"
     r"我要纠错|纠错|分享|下载|复制链接|视力保护色|护眼模式)\s*[】\]]",
     "bracketed article buttons", ("【打印】", "【关闭】", "【关闭窗口】", "【打印本页】", "【收藏】", "【返回顶部】", "[打印]")),
    (r"(?<![\u4e00-\u9fff])(?:打印本页|打印此页|关闭窗口|关闭本页|返回顶部|收藏本页|我要纠错|视力保护色)(?![\u4e00-\u9fff])",
     "unbracketed article buttons standing alone", ("打印本页", "关闭窗口", "返回顶部", "我要纠错")),
    (r"(?:^|(?<=\s))(?:打印|关闭|收藏|返回|分享|纠错)(?=\s|$)", "one-word buttons separated by spaces",
     ("打印", "关闭", "收藏", "返回")),
    (r"分享到\s*[:：]?(?:\s*(?:微信|微博|新浪微博|腾讯微博|QQ空间|QQ好友|QQ|人人网|豆瓣|朋友圈))*", "share bar",
     ("分享到：微信 微博 QQ空间", "分享到：", "分享到 新浪微博 腾讯微博")),
    (r"(?:^|(?<=\s))(?:微信|微博|QQ空间|朋友圈)(?=\s|$)", "share buttons without their 分享到", ("微信", "微博", "QQ空间")),
    (r"(?:浏览|阅读|访问|点击)(?:次数|量|数)\s*[:：]\s*\d*(?:\s*次)?", "view counters",
     ("浏览次数：123", "阅读量：45", "访问量：", "点击数：9 次")),
    (r"扫一扫在手机(?:上)?(?:打开|查看|浏览)(?:当前页|本页)?", "QR-code prompt", ("扫一扫在手机打开当前页", "扫一扫在手机上查看")),
    (r"(?:全真版|文字版|无障碍(?:浏览)?|适老化(?:模式)?|长者模式|繁體版?|简体版?|手机版)(?=\s|$)", "view switchers",
     ("全真版", "文字版", "无障碍", "繁體", "手机版")),
    (r"(?:^|(?<=\s))(?:附件下载|文件下载|相关附件|下载附件)(?=\s|$)", "attachment bar words standing alone (a flattened page "
     "keeps them after the last paragraph or in the article tools)", ("附件下载", "文件下载", "相关附件")),
)
# whole lines of page furniture: (pattern, why, examples)
CHROME_LINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (rf"{BREADCRUMB_LABEL}.*", "breadcrumb",
     ("当前位置：首页 > 政务公开 > 政府信息公开年报", "您现在的位置：首页 > 信息公开", "您所在的位置：首页")),
    (r"首页\s*(?:[>»＞›/]|&gt;).*", "breadcrumb without its label", ("首页 > 政府信息公开 > 年报", "首页»政务公开")),
    (r"(?:上一篇|下一篇|上一条|下一条|相关(?:链接|文章|阅读|新闻|词条|标签|推荐)|热门(?:词条|标签|文章|新闻|推荐))\s*[:：]?.*",
     "previous/next, related and popular links (portals and the mirrors that copy them)",
     ("上一篇：某某局2019年政府信息公开工作年度报告", "下一篇：无", "相关链接：", "相关词条", "热门词条", "热门推荐")),
    (r"(?:主办单位|承办单位|协办单位|主办|承办|技术支持|网站标识码|版权所有|copyright|ICP备|备案号|公网安备|联系电话)\b.*",
     "site footer credits", ("主办单位：某某市人民政府办公室", "网站标识码：4103000001", "版权所有：某某市人民政府")),
    (r"(?:网站地图|联系我们|联络我们|关于我们|网站声明|隐私声明)\b.*", "site footer links", ("网站地图 | 联系我们", "联络我们")),
    (r"[=\-—_*#~·.]{3,}(?:\s*正文\s*[=\-—_*#~·.]{3,})?", "rules, and the crawler's ==== 正文 ==== rule",
     ("==================== 正文 ====================", "----------", "———")),
    (r"正文|文章正文|内容|附件下载|相关附件|附件[:：]?", "the body's own heading words, attachment bars",
     ("正文", "附件下载", "附件：")),
)

_TOKENS = [re.compile(p, re.I) for p, _why, _examples in CHROME_TOKENS]
_LINES = re.compile("|".join(f"(?:{p})" for p, _why, _examples in CHROME_LINES), re.I)
# lines of these kinds can be a report's own words too (its contact line: 联系电话：…): they are
# skipped when reading a head, but never taken out of a report's text
MAY_BE_CONTENT = {"site footer credits"}
_TEXT_LINES = re.compile("|".join(f"(?:{p})" for p, why, _examples in CHROME_LINES if why not in MAY_BE_CONTENT), re.I)
_MARKS = re.compile(r"^\s*(?:#{1,6}|>+|[*•●■◆]+(?=\s))\s*")
_EMPHASIS = re.compile(r"^\*\*(.+)\*\*$|^__(.+)__$")
_SEPARATORS = re.compile(r"^[\s|｜/\\>»·•,，、;；:：\-—_]*$")
# navigation by shape: ≥ 4 words of 2–6 characters, separated by spaces or bars, no sentence marks
# (a title printed letter-spaced, 洛 阳 市 司 法 局, has one-character words: not navigation)
_NAV_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,6}")


def strip_marks(line: str) -> str:
    """`# 标题`, `## 一、…`, `> …`, `**…**` -> the words."""
    line = _MARKS.sub("", line).strip()
    m = _EMPHASIS.match(line)
    return (m.group(1) or m.group(2)).strip() if m else line


def _is_navigation(line: str) -> bool:
    words = [w for w in re.split(r"[\s|｜>»/]+", line) if w]
    return len(words) >= 4 and all(_NAV_WORD.fullmatch(w) for w in words)


def clean_line(line: str) -> str:
    """The line without marks and chrome; '' when the line was only chrome."""
    line = strip_marks(line.strip())
    # a catalogue table's row of short cells (成文日期 待定 主题分类 政务公开) has navigation's shape: a label line is metadata
    if not line or _LINES.fullmatch(line) or (_is_navigation(line) and not labels.is_label_line(line)):
        return ""
    for pat in _TOKENS:
        if pat.search(line):
            line = pat.sub(" ", line)
    line = re.sub(r"[ \t\u3000]{2,}", " ", line).strip()
    return "" if _SEPARATORS.match(line) else line


def is_furniture_line(line: str) -> bool:
    """A whole line of page furniture that is never a report's own text (breadcrumb, related links,
    footer links, rules, attachment bars). Lines that only look like navigation are not judged
    here: a table's header row has that shape too."""
    line = strip_marks(line.strip())
    # a flattened page runs furniture on into the body ('相关链接： --> 根据…。'): a line with a
    # sentence in it is not furniture (its chrome tokens are taken out instead)
    return bool(line) and "。" not in line and bool(_TEXT_LINES.fullmatch(line))


def token_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of every chrome token in the line, left to right, not overlapping."""
    return merge_spans([(m.start(), m.end()) for pat in _TOKENS for m in pat.finditer(line) if m.end() > m.start()])


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, overlapping ones joined."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def is_chrome(line: str) -> bool:
    return bool(line.strip()) and not clean_line(line)


def head_lines(text: str, n: int = 16, chars: int = 4000) -> list[tuple[int, str]]:
    """(line number, cleaned line) of the first n lines that are not chrome (from the first `chars`
    characters). Line numbers let a caller tell lines that were adjacent (blank lines between at
    most) from lines that chrome stood between."""
    out = []
    kept = 0
    for raw in text[:chars].splitlines():
        if not raw.strip():
            continue
        kept += 1
        line = clean_line(raw)
        out.append((kept, line))
        if sum(1 for _k, ln in out if ln) >= n:
            break
    # number the non-blank lines in order, chrome included, so that a gap in the numbers is chrome
    return [(k, ln) for k, ln in out if ln]


def tail_lines(text: str, n: int = 12, chars: int = 3000) -> list[str]:
    """The last n lines that are not chrome, cleaned, in reading order."""
    out: list[str] = []
    for raw in reversed(text[-chars:].splitlines()):
        line = clean_line(raw)
        if line:
            out.append(line)
            if len(out) >= n:
                break
    return out[::-1]
