"""How a report is framed: its title forms, label lines, first sentence, sign-off and the page
chrome around it — the places a parser reads the agency, the year and the date from.

Each choice is an option of `generate()` / `make_truth()` (declared here, registered as classes in
`reportgen/classes.py`); with none of them set a report is framed as before (the defaults draw
nothing new, so every earlier seed keeps its bytes).

    title_form    agency_year (default: 某某局2020年政府信息公开工作年度报告), year_first, about,
                  work_year, paren_year, cn_year (二〇二〇年), place_only (某某市2020年…; the organ is named elsewhere),
                  no_agency (2020年…), no_year (某某局政府信息公开工作年度报告), mixed (one of the
                  forms that name the agency, per seed)
    title_split   print the title over two lines, split where real titles split
    title_spaced  print the title letter-spaced (洛 阳 市 司 法 局 …), as display titles are
    label_lines   标题：/发文机关：/发布日期：/索引号： lines above the title (a flattened metadata table)
    meta_table    the 政府信息公开目录 catalogue table above the article (索引号, 主题分类, 发布机构,
                  成文日期, 名称, 文号, 发布日期; labels spelled as META_LABELS, with or without a
                  colon, spaced out to align): a real <table> in HTML, one row a line of tab-separated
                  cells in text. `True`: the agency publishes it; "office": the general office of the
                  agency's government does (某某区人民政府办公室 — the publisher, not the author)
    preface_form  default, compiled_by, report_as_follows, publish, by_regulation, year_only,
                  anonymous, mixed (one of the first four)
    signoff       two_lines (default: organ, then date), one_line, cn_date (二〇二一年一月二十日),
                  none, mixed
    markdown      `# ` title and `## ` headings (markdown and OCR exports)
    page_chrome   CMS chrome above and below the report (breadcrumb, 【字体：大 中 小】, 打印/关闭,
                  view counter, share bar, previous/next links, site footer)
    dated_traps   dates that are not the report's year: the publication date under the title, a
                  notice's file number 〔next year〕, 截至 next January, the 2019 revision of the 条例
"""

from __future__ import annotations

import random

TITLE_FORMS = ("agency_year", "year_first", "about", "work_year", "paren_year", "cn_year", "place_only", "no_agency",
               "no_year", "untitled", "mixed")
_NAMING_FORMS = ("agency_year", "year_first", "about", "work_year", "paren_year")
PREFACE_FORMS = ("default", "compiled_by", "compiled_with", "report_as_follows", "publish", "by_regulation", "year_only",
                 "anonymous", "mixed")
_NAMING_PREFACES = ("compiled_by", "compiled_with", "report_as_follows", "publish", "by_regulation")
SIGNOFFS = ("two_lines", "one_line", "cn_date", "none", "mixed")
OPTIONS = ("title_form", "title_split", "title_spaced", "label_lines", "preface_form", "signoff", "markdown", "page_chrome",
           "dated_traps", "meta_table")
# the catalogue table's labels as the generator prints them: its own spelling, an oracle for the
# parser's (reportparser/labels.py LABELS), never read from it
META_LABELS = {"index": ("索引号", "索 引 号"), "topic": ("主题分类",), "publisher": ("发布机构", "发文机关", "公开主体"),
               "written": ("成文日期",), "title": ("名称", "标题", "名　　称"), "doc_no": ("文号", "文　　号", "发文字号"),
               "published": ("发布日期", "公开日期")}

REGULATION = "《中华人民共和国政府信息公开条例》"


def place_of(agency: str) -> str:
    """The place an area government's name begins with (洛阳市人民政府 -> 洛阳市)."""
    for suffix in ("人民政府", "办事处"):
        if agency.endswith(suffix):
            return agency[: -len(suffix)]
    return agency


def title_pieces(rng: random.Random, form: str, agency: str, year: int) -> list[str]:
    """The title as the pieces it splits into when printed over two lines (joined: the title)."""
    if form == "mixed":
        form = rng.choice(_NAMING_FORMS)
    if form == "place_only" and place_of(agency) == agency:
        form = "agency_year"   # only an area government prints its place alone
    du = rng.choice(["", "度"])
    if form == "agency_year":
        return [agency, f"{year}年{du}政府信息公开工作年度报告"]
    if form == "year_first":
        return rng.choice([[f"{year}年{du}", f"{agency}政府信息公开工作年度报告"],
                           [f"{year}年{du}{agency}", "政府信息公开工作年度报告"]])
    if form == "about":
        tail = rng.choice(["政府信息公开工作情况的报告", "政府信息公开工作的报告"])
        return rng.choice([[f"{agency}关于", f"{year}年度{tail}"], [agency, f"关于{year}年度{tail}"]])
    if form == "work_year":
        return [f"{agency}政府信息公开工作", f"{year}年度报告"]
    if form == "paren_year":
        return [agency, f"政府信息公开工作年度报告（{year}年）"]
    if form == "cn_year":
        return [agency, f"{cn_year(year)}年{du}政府信息公开工作年度报告"]
    if form == "place_only":
        return [place_of(agency), f"{year}年政府信息公开工作年度报告"]
    if form == "no_agency":
        return [f"{year}年{du}政府信息公开工作年度报告"]
    if form == "no_year":
        return [agency, "政府信息公开工作年度报告"]
    if form == "untitled":
        return []
    raise ValueError(f"title_form must be one of {', '.join(TITLE_FORMS)}, not {form!r}")


def preface(rng: random.Random, form: str, agency: str, year: int, default: str) -> str:
    if form == "mixed":
        form = rng.choice(_NAMING_PREFACES)
    period = f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    if form == "default":
        return default
    if form == "compiled_by":
        return f"根据{REGULATION}（以下简称《条例》）规定，{agency}编制本报告。{period}"
    if form == "compiled_with":   # the organ, then what it went by, then the verb: 某某局结合工作实际编制完成了本报告
        how = rng.choice(["结合工作实际", "依据《条例》规定", "按照上级要求"])
        verb = rng.choice(["编制", "编写", "制作"])
        return f"{agency}{how}{verb}{rng.choice(['完成了', '了', ''])}本{rng.choice(['', '年度'])}报告。{period}"
    if form == "report_as_follows":
        return f"根据{REGULATION}和上级有关要求，现将{agency}{year}年度政府信息公开工作情况报告如下。"
    if form == "publish":
        return f"根据{REGULATION}规定，现公布{agency}{year}年度政府信息公开工作年度报告。{period}"
    if form == "by_regulation":
        verb = rng.choice(["编制", "牵头编制", "汇总编制", "组织编制", "负责起草"])
        return f"本年度报告是根据{REGULATION}和上级有关要求，由{agency}{verb}的。{period}"
    if form == "year_only":
        return f"现将{year}年度政府信息公开工作情况报告如下。"
    if form == "anonymous":
        return (f"本报告根据{REGULATION}要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。")
    raise ValueError(f"preface_form must be one of {', '.join(PREFACE_FORMS)}, not {form!r}")


_CN_DIGITS = "〇一二三四五六七八九"


def cn_year(y: int) -> str:
    """二〇二〇: a year digit by digit, as titles and sign-offs print it."""
    return "".join(_CN_DIGITS[int(c)] for c in str(y))


def cn_date(y: int, m: int, d: int) -> str:
    """二〇二一年一月二十日, as sign-offs print it."""
    def small(n: int) -> str:
        tens, ones = divmod(n, 10)
        return ("" if tens < 2 else _CN_DIGITS[tens]) + ("十" if tens else "") + (_CN_DIGITS[ones] if ones else "")
    return cn_year(y) + f"年{small(m)}月{small(d)}日"


def signoff(rng: random.Random, form: str, agency: str, y: int, m: int, d: int) -> list[str]:
    if form == "mixed":
        form = rng.choice(("two_lines", "one_line", "cn_date"))
    date = f"{y}年{m}月{d}日"
    if form == "two_lines":
        return [agency, date]
    if form == "one_line":
        return [f"{agency}　　{date}"]
    if form == "cn_date":
        return [agency, cn_date(y, m, d)]
    if form == "none":
        return []
    raise ValueError(f"signoff must be one of {', '.join(SIGNOFFS)}, not {form!r}")


def label_lines(rng: random.Random, title: str, agency: str, published: str, year: int) -> list[str]:
    """A metadata table flattened above the article: one label a line, or two a line."""
    index = f"{rng.randint(10**7, 10**8 - 1)}/{published[:4]}-{rng.randint(1, 99999):05d}"
    who = rng.choice(["发文机关", "发布机构"])
    pairs = [("索引号", index), ("标题", title), (who, agency), ("发布日期", published), ("主题分类", "政务公开")]
    if rng.random() < 0.5:
        return [f"{k}：{v}" for k, v in pairs]
    return [f"索引号：{index}　　主题分类：政务公开", f"标题：{title}", f"{who}：{agency}　　发布日期：{published}"]


def general_office(agency: str, kind: str, level: str) -> str:
    """The general office of the agency's government (what publishes a catalogue entry for it)."""
    place = place_of(agency) if agency.endswith(("人民政府", "办事处")) else agency[: -len(kind)] if kind and agency.endswith(kind) else ""
    if not place:
        return agency + "办公室"
    return f"{place}人民政府办公{'厅' if level == 'province' else '室'}"


def meta_table(rng: random.Random, title: str, publisher: str, written: str, published: str, year: int) -> tuple[list[str], dict]:
    """(the catalogue table's rows, cells joined by tabs — renderers print a <table> or the flattened
    rows; what it says, as record.catalogue should read it)."""
    colon = rng.choice(["：", ""])
    label = {k: rng.choice(v) + colon for k, v in META_LABELS.items()}
    index = f"{rng.randint(10**7, 10**8 - 1)}MB{rng.randint(10**5, 10**6 - 1)}/{published[:4]}-{rng.randint(1, 99999):05d}"
    doc_no = rng.choice(["", f"〔{year + 1}〕{rng.randint(1, 40)}号"])   # a file number's year is never the report's
    rows = [[label["index"], index, label["topic"], "政务公开"], [label["publisher"], publisher, label["written"], written],
            [label["title"], title], [label["doc_no"], doc_no, label["published"], published]]
    if rng.random() < 0.6:   # the catalogue's other entries, which say nothing of the report's agency or year
        extra = rng.sample([("公开方式", "主动公开"), ("公开范围", "面向社会"), ("有效性", rng.choice(["有效", "失效"])),
                            ("体裁分类", "报告"), ("作者", rng.choice(["办公室", "综合科"]))], k=rng.randint(2, 4))
        cells = [x + colon if i % 2 == 0 else x for pair in extra for i, x in enumerate(pair)]
        rows += [cells[i:i + 4] for i in range(0, len(cells), 4)]
    if rng.random() < 0.4:   # one label and value a row
        rows = [r[i:i + 2] for r in rows for i in range(0, len(r), 2)]
    said = {"index_no": index, "publisher": publisher, "written": written, "published": published,
            "doc_no": doc_no or None, "topic": "政务公开"}
    return ["\t".join(r) for r in rows], said


def chrome_lines(rng: random.Random, agency: str, year: int, published: str, portal: str) -> tuple[list[str], list[str]]:
    """(above the report, below it): what a CMS page prints around an article. The page opens with
    the portal's name (an organ, but not the report's: chrome stands between it and the title)."""
    top = [portal, rng.choice(["当前位置：首页 > 政务公开 > 政府信息公开年报", "您现在的位置：首页 > 信息公开 > 年度报告",
                       "首页 > 政府信息公开 > 政府信息公开年报", "当前位置：首页 > 政府信息公开目录 > 年度报告"]),
           rng.choice(["【字体：大 中 小】 【打印】 【关闭】", "字号：大|中|小 打印本页 关闭窗口", "【字体:大 中 小】打印",
                       "【字体：大 中 小】【我要纠错】【打印】", "打印 关闭 纠错"]),
           f"发布时间：{published}　{rng.choice(['浏览次数', '阅读量', '访问量', '点击数'])}：{rng.randint(10, 9999)}",
           rng.choice(["分享到：微信 微博 QQ空间", "扫一扫在手机打开当前页"]),
           # view switchers and the attachment button of article tool bars (开普云-, 博达-like portals)
           rng.choice(["全真版 文字版 文件下载", "无障碍 手机版", "微信 微博 QQ空间 全真版 文字版", "繁體 | 简体",
                       "无障碍 长者模式", "适老化模式 手机版"])]
    bottom = [rng.choice(["附件下载", "相关附件", "文件下载"]),
              rng.choice(["【打印本页】 【关闭窗口】", "【打印】【关闭】【返回顶部】"]),
              f"上一篇：{agency}{year - 1}年政府信息公开工作年度报告",
              rng.choice([f"下一篇：{agency}{year}年部门预算公开",
                          f"下一篇：关于印发{agency}{year + 1}年政务公开工作要点的通知"]),
              rng.choice(["相关链接：", "相关文章", "热门推荐", "相关词条", "相关新闻", "热门新闻"]),
              rng.choice(["网站地图 | 联系我们 | 关于我们", "联系我们", "网站声明 | 隐私声明"]),
              f"{rng.choice(['主办单位', '承办单位'])}：{agency}办公室　网站标识码：{rng.randint(10**9, 10**10 - 1)}　豫ICP备{rng.randint(10**7, 10**8 - 1)}号"]
    return top, bottom


def trap_sentence(rng: random.Random, year: int, short: str) -> str:
    """Dates that are not the report's year, in the preface's second sentence."""
    n = rng.randint(2, 60)
    return rng.choice([
        f"按照上级《关于做好{year}年度政府信息公开工作年度报告编制发布工作的通知》（政办〔{year + 1}〕{n}号）要求，"
        f"截至{year + 1}年1月底，{short}已完成本报告的编制工作。",
        f"截至{year + 1}年1月，{short}已按照2019年修订的条例要求完成本报告编制（文号〔{year + 1}〕{n}号）。",
    ])
