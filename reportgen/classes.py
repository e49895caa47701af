"""The classes of reports the generator is taught, declared once: name -> generator options, the
shapes the class is printed in, and what it is. Tests and benchmarks run every class over many
seeds and assert it comes back exactly, so a class is covered, not a file.

    from reportgen.classes import CLASSES
    for name, c in CLASSES.items():
        g = generate(seed, template, c.shapes[seed % len(c.shapes)], **c.options)

These are the metadata classes (title, agency, year, dates, page chrome: what reportparser.fields
reads). How the statistics tables are printed is declared beside it, in reportgen/table_classes.py
(TABLE_CLASSES, `for_seed`), read by tests/parser/test_table_classes.py and bench/bench_accuracy.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT_SHAPES = ("txt-lines", "txt-tabs", "txt-pipes")
PAGE_SHAPES = ("html", "html-gbk") + TEXT_SHAPES
ALL_FAST_SHAPES = PAGE_SHAPES + ("docx",)


@dataclass(frozen=True)
class ReportClass:
    options: dict
    description: str
    shapes: tuple[str, ...] = ALL_FAST_SHAPES
    templates: tuple[str, ...] = ("2019", "2021", "legacy")
    # fields the class is about, compared exactly (the others are compared by the usual round trip)
    fields: tuple[str, ...] = ("title", "agency", "year", "published")
    # where the agency must come from in the text shapes (None: any place that names it)
    agency_source: str | None = None
    meta: dict = field(default_factory=dict)


# ---------------------------------------------------------------- metadata classes (fields.py)

METADATA_CLASSES: dict[str, ReportClass] = {
    "title_agency_year": ReportClass(
        {"title_form": "agency_year"}, "某某局2020年(度)政府信息公开工作年度报告: the agency before the year",
        agency_source="title"),
    "title_year_first": ReportClass(
        {"title_form": "year_first"}, "2020年某某局政府信息公开工作年度报告: the year before the agency",
        agency_source="title"),
    "title_about": ReportClass(
        {"title_form": "about"}, "某某局关于2020年度政府信息公开工作情况的报告", agency_source="title"),
    "title_work_year": ReportClass(
        {"title_form": "work_year"}, "某某局政府信息公开工作2020年度报告", agency_source="title"),
    "title_paren_year": ReportClass(
        {"title_form": "paren_year"}, "某某局政府信息公开工作年度报告（2020年）", agency_source="title"),
    "title_cn_year": ReportClass(
        {"title_form": "cn_year"}, "某某局二〇二〇年政府信息公开工作年度报告: the year in Chinese numerals", agency_source="title"),
    "title_split": ReportClass(
        {"title_form": "mixed", "title_split": True},
        "any title form printed over two lines (某某局 / 2020年…, 2020年 / 某某局…, 某某局关于 / 2020年…)",
        agency_source="title"),
    "title_letter_spaced": ReportClass(
        {"title_form": "mixed", "title_split": True, "title_spaced": True},
        "a display title printed letter-spaced over two lines (洛 阳 市 司 法 局 / 2 0 2 0 年 …)", agency_source="title"),
    "title_place_only": ReportClass(
        {"title_form": "place_only", "kind": "人民政府"},
        "某某市2020年…: the title names the place, the organ (某某市人民政府) only the sign-off and first sentence",
        agency_source="signoff"),
    "title_no_agency": ReportClass(
        {"title_form": "no_agency"}, "2020年政府信息公开工作年度报告: the agency named by the sign-off and first sentence",
        agency_source="signoff"),
    "year_in_first_sentence": ReportClass(
        {"title_form": "no_year", "preface_form": "report_as_follows"},
        "no year in the title; 现将某某局2020年度政府信息公开工作情况报告如下 names it", agency_source="title"),
    "label_lines": ReportClass(
        {"title_form": "mixed", "label_lines": True},
        "标题：/发文机关：/发布日期：/索引号： lines above the title (a flattened metadata table)", agency_source="title"),
    "meta_table": ReportClass(
        {"title_form": "mixed", "meta_table": True},
        "the 政府信息公开目录 catalogue table above the article (索引号/主题分类/发布机构/成文日期/名称/文号/发布日期, "
        "labels with or without colons): read as record.catalogue", shapes=("html", "html-gbk", "txt-tabs"),
        fields=("title", "agency", "year", "published", "catalogue")),
    "meta_table_office": ReportClass(
        {"title_form": "no_agency", "meta_table": "office"},
        "the catalogue's 发布机构 is the government's general office (某某区人民政府办公室), not the author: the "
        "report's own sign-off and first sentence name the agency", shapes=("html", "html-gbk", "txt-tabs"),
        fields=("title", "agency", "year", "published", "catalogue"), agency_source="signoff"),
    "label_agency_only": ReportClass(
        {"title_form": "no_agency", "label_lines": True, "preface_form": "anonymous", "signoff": "none"},
        "the organ only in a 发文机关：/发布机构： label line; the date only in 发布日期：", agency_source="label"),
    "signoff_only": ReportClass(
        {"title_form": "no_agency", "preface_form": "anonymous", "signoff": "mixed"},
        "the organ only in the sign-off above the date (two lines, one line, 二〇二一年一月二十日)", agency_source="signoff"),
    "first_sentence_only": ReportClass(
        {"title_form": "no_agency", "preface_form": "mixed", "signoff": "none"},
        "the organ only in the first sentence (…，某某局编制本报告 / 由某某局编制 / 现将某某局… / 现公布某某局…); "
        "no date in the text", agency_source="first_sentence", fields=("title", "agency", "year")),
    "markdown_headings": ReportClass(
        {"title_form": "mixed", "title_split": True, "markdown": True},
        "# title, ## headings (markdown and OCR exports)", shapes=TEXT_SHAPES, agency_source="title"),
    "page_chrome": ReportClass(
        {"title_form": "mixed", "page_chrome": True},
        "CMS chrome around the report: breadcrumb, 【字体：大 中 小】【打印】【关闭】, view counter, share bar, "
        "previous/next links, site footer", agency_source="title"),
    "page_chrome_no_agency_title": ReportClass(
        {"title_form": "no_agency", "page_chrome": True, "label_lines": True},
        "chrome and label lines around a title that names no organ: the organ from the labels or the sign-off"),
    "special_area": ReportClass(
        {"area": True, "title_form": "mixed"},
        "a special area reporting as a body of its own, its 管委会 or a department: 平潭综合实验区, 雄安新区管理委员会, "
        "洛阳高新技术产业开发区财政局 (named after a city by its short name)", agency_source="title"),
    "national_body": ReportClass(
        {"national": True, "title_form": "mixed"},
        "a national body (财政部, 国务院办公厅, 国家统计局: no place, level unknown) or a local branch of a vertically "
        "managed one, the body first and the place in full or short (国家税务总局洛阳市税务局, 国家统计局洛阳调查队, "
        "中华人民共和国洛阳海关)", agency_source="title"),
    "published_next_year": ReportClass(
        {"dated_traps": True, "title_form": "mixed"},
        "published the year after, with dates that are not the year: the date under the title, 〔next year〕 file "
        "numbers, 截至 next January", agency_source="title"),
    "year_traps_no_title_year": ReportClass(
        {"dated_traps": True, "title_form": "no_year"},
        "no year in the title and next year's dates in the first sentence: the statistics period names the year",
        agency_source="title"),
    "combined": ReportClass(
        {"title_form": "mixed", "title_split": True, "label_lines": True, "page_chrome": True, "dated_traps": True,
         "signoff": "mixed", "preface_form": "mixed"},
        "all of the above at once: chrome, label lines, a split title of any form, a first sentence naming the "
        "organ, dated traps, any sign-off", agency_source="title"),
}

CLASSES: dict[str, ReportClass] = dict(METADATA_CLASSES)   # table classes: reportgen/table_classes.py


def cases(name: str, n: int, start: int = 0):
    """(seed, template, shape, options) for n reports of a class, rotating its templates and shapes."""
    c = CLASSES[name]
    for seed in range(start, start + n):
        yield seed, c.templates[seed % len(c.templates)], c.shapes[(seed // len(c.templates)) % len(c.shapes)], dict(c.options)
