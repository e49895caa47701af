"""A Word-pasted government CMS page: TRS `.TRS_Editor` body inside site chrome (navigation,
breadcrumb, metadata table 发布机构/发布日期), MsoNormal paragraphs, tables with rowspan/colspan,
text split over `<span>`s (sometimes one character per span), `&nbsp;` blank cells, `<br>` in
header cells. `html-gbk` writes GBK bytes, sometimes with no meta charset at all.
"""

from __future__ import annotations

import html
import random

from reportgen.document import Block, Cell, Table

NAV = ["首页", "政务公开", "政务服务", "互动交流", "走进本地", "专题专栏"]


def _spans(rng: random.Random, text: str, mode: str) -> str:
    esc = html.escape
    if not text:
        return ""
    if mode == "char":
        return "".join(f"<span>{esc(ch)}</span>" for ch in text)
    if mode == "chunks" and len(text) > 3:
        out, i = [], 0
        while i < len(text):
            j = min(len(text), i + rng.randint(1, 6))
            style = rng.choice(['', ' style="font-family:仿宋_GB2312"', ' lang="EN-US"', ' style="font-size:12.0pt"'])
            out.append(f"<span{style}>{esc(text[i:j])}</span>")
            i = j
        return "".join(out)
    return f'<span style="font-family:仿宋_GB2312;font-size:16.0pt">{esc(text)}</span>'


def _header_text(rng: random.Random, text: str) -> str:
    """Header cells are often broken with <br> where Word wrapped them."""
    if len(text) >= 4 and rng.random() < 0.35:
        cut = rng.randint(2, len(text) - 2)
        if text[cut - 1].isascii() and text[cut].isascii():   # Word wraps Latin words whole
            return html.escape(text)
        return html.escape(text[:cut]) + "<br>" + html.escape(text[cut:])
    return html.escape(text)


def _cell(rng: random.Random, cell: Cell, span_mode: str) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    attrs += ' valign="center"' if rng.random() < 0.3 else ""
    if cell.text == "":
        inner = rng.choice(["&nbsp;", "", '<p class="MsoNormal" align="center"><span lang="EN-US">&nbsp;<o:p></o:p></span></p>',
                            '<p class="MsoNormal"><o:p></o:p></p>'])
    elif cell.header:
        inner = f'<p class="MsoNormal" align="center"><b><span>{_header_text(rng, cell.text)}</span></b></p>'
    elif cell.number:
        inner = f'<p class="MsoNormal" align="center"><span lang="EN-US">{html.escape(cell.text)}</span><o:p></o:p></p>'
    else:
        mode = "char" if span_mode == "char" and rng.random() < 0.3 else span_mode
        inner = f'<p class="MsoNormal">{_spans(rng, cell.text, mode)}</p>'
    return f"<td{attrs}>{inner}</td>"


def _table(rng: random.Random, t: Table, span_mode: str) -> str:
    rows = []
    for row in t.rows:
        rows.append("<tr>" + "".join(_cell(rng, c, span_mode) for c in row) + "</tr>")
    head = '<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">'
    if t.truncated:
        return head + "\n" + "\n".join(rows)  # the page was cut here: no closing tags
    body = "\n".join(rows)
    if rng.random() < 0.3:
        return f"{head}<tbody>\n{body}\n</tbody></table>"
    return f"{head}\n{body}\n</table>"


def render_body(blocks: list[Block], rng: random.Random) -> tuple[str, bool]:
    """The `.TRS_Editor` fragment; returns (html, truncated)."""
    span_mode = rng.choice(["one", "chunks", "chunks", "char"])
    out = []
    meta = [b.text.split("\t") for b in blocks if b.kind == "meta"]
    if meta:   # the catalogue table: label cells (th) and value cells, a lone pair spanning the row
        width = max(len(r) for r in meta)
        rows = "".join("<tr>" + "".join(f"<th>{html.escape(c)}</th>" if i % 2 == 0 else
                                        f'<td{f" colspan={width - i}" if i == len(r) - 1 and len(r) < width else ""}>{html.escape(c)}</td>'
                                        for i, c in enumerate(r)) + "</tr>" for r in meta)
        out.append(f'<table class="xxgk_table" border="1" cellspacing="0">{rows}</table>')
    for b in blocks:
        if b.kind == "title":
            out.append(f'<p class="MsoNormal" align="center" style="text-align:center"><b>{_spans(rng, b.text, "one")}</b></p>')
        elif b.kind == "heading":
            out.append(f'<p class="MsoNormal" style="text-indent:32.0pt"><b>{_spans(rng, b.text, span_mode)}</b></p>')
        elif b.kind == "para":
            out.append(f'<p class="MsoNormal" style="text-indent:32.0pt">{_spans(rng, b.text, span_mode)}</p>')
        elif b.kind == "signature":
            out.append(f'<p class="MsoNormal" align="right" style="text-align:right">{_spans(rng, b.text, "one")}</p>')
        elif b.kind == "label":
            out.append(f'<p class="MsoNormal">{html.escape(b.text)}</p>')
        elif b.kind == "chrome":   # article tools a CMS prints inside the content container
            out.append(f'<div class="tools">{html.escape(b.text)}</div>')
        elif b.kind == "table" and b.table is not None:
            out.append(_table(rng, b.table, span_mode))
            if b.table.truncated:
                return "\n".join(out), True
    return "\n".join(out), False


def render_page(blocks: list[Block], truth: dict, rng: random.Random, *, encoding: str = "utf-8",
                meta_charset: bool = True, traditional: bool = False) -> bytes:
    body, truncated = render_body(blocks, rng)
    if not truncated and rng.random() < 0.3:  # old CMS templates lay the article out in a table
        body = f'<table width="100%" border="0" cellspacing="0" cellpadding="0"><tr><td class="bt_content">\n{body}\n</td></tr></table>'

    title = html.escape(truth["title"])
    agency = html.escape(truth["agency"])
    date = truth["published"]
    charset = "gb2312" if encoding == "gbk" else "utf-8"
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n' if meta_charset else ""
    nav = "".join(f'<li><a href="/{i}/index.html">{n}</a></li>' for i, n in enumerate(NAV))
    index_no = f"{rng.randint(10**10, 10**11 - 1)}/{date[:4]}-{rng.randint(1, 99999):05d}"
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{meta}<title>{title}</title>
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date} 09:{rng.randint(0, 59):02d}">
<meta name="ContentSource" content="{agency}">
<link rel="stylesheet" href="/css/style.css">
</head>
<body>
<div class="header"><div class="logo"><a href="/">{agency}</a></div><ul class="nav">{nav}</ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zfxxgkndbg/">政府信息公开年报</a></div>
<table class="xxgk_table"><tr><td class="t1">索&nbsp;&nbsp;引&nbsp;&nbsp;号：</td><td>{index_no}</td><td class="t1">主题分类：</td><td>政务公开</td></tr>
<tr><td class="t1">发布机构：</td><td>{agency}</td><td class="t1">成文日期：</td><td>{date[:4]}年{date[5:7]}月{date[8:10]}日</td></tr>
<tr><td class="t1">文&nbsp;&nbsp;&nbsp;&nbsp;号：</td><td></td><td class="t1">发布日期：</td><td>{date}</td></tr></table>
<div class="article"><h1 class="title">{title}</h1>
<div class="TRS_Editor"><style type="text/css">.TRS_Editor P{{margin-top:0;margin-bottom:0;line-height:1.5;font-family:宋体;font-size:12pt;}}</style>
{body}"""
    if not truncated:
        # A name outside GB2312 (喆/堃/镕): pages that declare gb2312 but are really GBK.
        contact = rng.choice(["王喆", "李堃", "朱镕", "张伟"])
        page += f"""
</div></div>
<div class="footer"><p>主办单位：{agency}办公室&nbsp;&nbsp;网站联系人：{contact}&nbsp;&nbsp;网站标识码：{rng.randint(10**9, 10**10 - 1)}</p><p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a></p></div>
</body>
</html>
"""
    if traditional:  # a machine-converted mirror converts its chrome too
        from reportgen.script import to_traditional  # noqa: PLC0415

        page = to_traditional(page)
    return page.encode(encoding, errors="xmlcharrefreplace")
