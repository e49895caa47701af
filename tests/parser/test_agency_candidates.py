"""Agency and year from candidates (reportparser/fields.py): what real reports put around a report,
one case per class of trap, with real place names. A candidate that is not an organ is never the
agency; none valid is null and a warning; the reported year wins over every other date."""

from __future__ import annotations

from reportparser import fields, parse_bytes

BODY = ("\n一、总体情况\n本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》。\n二、主动公开政府信息情况\n本年主动公开信息12条。\n"
        "六、其他需要报告的事项\n无。\n")


def _read(text, meta=None, hints=None):
    return fields.read(text, meta or {}, hints or {})


def test_title_forms_give_the_organ():
    for title in ["开封市统计局2020年政府信息公开工作年度报告", "2020年开封市统计局政府信息公开工作年度报告",
                  "2020年度开封市统计局政府信息公开工作年度报告", "开封市统计局关于2020年度政府信息公开工作情况的报告",
                  "开封市统计局政府信息公开工作2020年度报告", "开封市统计局政府信息公开工作年度报告（2020年）"]:
        about = _read(title + BODY)
        assert (about.title, about.agency, about.agency_source, about.year) == (title, "开封市统计局", "title", 2020), title


def test_titles_split_over_lines():
    for lines in [("开封市统计局", "2020年政府信息公开工作年度报告"), ("2020年", "开封市统计局政府信息公开工作年度报告"),
                  ("开封市统计局关于", "2020年度政府信息公开工作情况的报告"), ("开封市统计局政府信息公开工作", "2020年度报告"),
                  ("2020年开封市统计局", "政府信息公开工作年度报告"), ("开封市统计局 2020 年", "政府信息公开工作年度报告")]:
        about = _read("\n".join(lines) + BODY)
        assert (about.agency, about.year) == ("开封市统计局", 2020), lines
        assert about.title == "".join(lines).replace(" ", "")


def test_garbage_above_the_title_is_never_the_agency():
    heads = ["正文", "发布日期：2021-01-29", "【字体:大 中 小】打印", "当前位置：首页 > 政务公开 > 年报",
             "==================== 正文 ====================", "分享到：微信 微博 QQ空间"]
    for head in heads:
        about = _read(head + "\n2020年政府信息公开工作年度报告" + BODY)
        assert about.agency is None, head
        assert any(w.startswith("agency not found") for w in about.warnings)


def test_label_value_is_a_candidate_the_label_never():
    about = _read("标题：洛阳市交通运输局\n2020年政府信息公开工作年度报告" + BODY)
    assert (about.agency, about.agency_source) == ("洛阳市交通运输局", "label")
    about = _read("发文机关：洛阳市交通运输局　　发布日期：2021-01-29\n2020年政府信息公开工作年度报告" + BODY)
    assert (about.agency, about.agency_source, about.published, about.year) == ("洛阳市交通运输局", "label", "2021-01-29", 2020)


def test_markdown_heading_marks_are_stripped():
    about = _read("# 洛阳市人民政府\n## 2020年政府信息公开工作年度报告" + BODY)
    assert (about.agency, about.title) == ("洛阳市人民政府", "洛阳市人民政府2020年政府信息公开工作年度报告")
    about = _read("# 洛阳市人民政府\n\n2020年政府信息公开工作年度报告\n\n本报告根据条例编制。" + BODY)
    assert about.agency == "洛阳市人民政府"


def test_first_sentence_clauses():
    for sentence, agency in [
        ("根据《中华人民共和国政府信息公开条例》规定，现公布开封市统计局2020年度政府信息公开工作年度报告。", "开封市统计局"),
        ("本年度报告是根据《中华人民共和国政府信息公开条例》要求，由开封市统计局编制的。", "开封市统计局"),
        ("根据《中华人民共和国政府信息公开条例》规定，开封市统计局编制本报告。", "开封市统计局"),
        ("本报告由洛阳市人民政府办公室根据《中华人民共和国政府信息公开条例》规定编制。", "洛阳市人民政府办公室"),
        ("现将开封市统计局2020年度政府信息公开工作情况报告如下。", "开封市统计局"),
        ("根据《洛阳市人民政府办公室关于做好年度报告工作的通知》要求，我局编制本报告。", None),   # a name inside 《》 is not the author
    ]:
        about = _read("2020年政府信息公开工作年度报告\n" + sentence + BODY)
        assert about.agency == agency, sentence
        assert about.agency_source == ("first_sentence" if agency else None)


def test_signoff_above_the_date():
    for tail, date in [("开封市统计局\n2021年1月20日", "2021-01-20"), ("开封市统计局　　2021年1月20日", "2021-01-20"),
                       ("开封市统计局\n二〇二一年一月二十日", "2021-01-20"), ("开封市统计局\n2021-01-20", "2021-01-20")]:
        about = _read("2020年政府信息公开工作年度报告" + BODY + tail + "\n【打印本页】【关闭窗口】\n主办单位：洛阳市人民政府办公室")
        assert (about.agency, about.agency_source, about.published) == ("开封市统计局", "signoff", date), tail


def test_a_site_footer_is_not_a_signoff():
    about = _read("2020年政府信息公开工作年度报告" + BODY + "主办单位：洛阳市人民政府办公室\n网站标识码：4103000001")
    assert about.agency is None


def test_place_only_title_takes_the_organ_from_elsewhere():
    about = _read("洛阳市2020年政府信息公开工作年度报告" + BODY)
    assert about.agency is None and "洛阳市" in about.warnings[0]
    about = _read("洛阳市2020年政府信息公开工作年度报告" + BODY + "洛阳市人民政府\n2021年2月1日")
    assert (about.agency, about.agency_source) == ("洛阳市人民政府", "signoff")


def test_stated_organs_that_disagree_are_a_warning():
    about = _read("开封市统计局2020年政府信息公开工作年度报告" + BODY + "洛阳市统计局\n2021年2月1日")
    assert about.agency == "开封市统计局"
    assert any("sign-off names 洛阳市统计局" in w for w in about.warnings)
    # the same organ printed longer or shorter is no conflict
    about = _read("商丘市人民政府\n2020年政府信息公开工作年度报告\n本报告由商丘市人民政府办公室编制。" + BODY)
    assert about.agency == "商丘市人民政府" and not about.warnings


def test_hints_are_candidates_not_fallbacks():
    text = "2020年政府信息公开工作年度报告" + BODY
    about = _read(text, hints={"title": "开封市统计局2020年政府信息公开工作年度报告"})
    assert (about.agency, about.agency_source) == ("开封市统计局", "hint")
    about = _read(text, hints={"agency": "洛阳市人民政府门户网站"})   # a site name, not an organ
    assert about.agency is None
    about = _read("洛阳市统计局2020年政府信息公开工作年度报告" + BODY, hints={"agency": "洛阳市人民政府"})
    assert (about.agency, about.agency_source) == ("洛阳市统计局", "title")


def test_container_titles_and_file_names():
    text = "一、总体情况\n本年度工作。" + BODY
    about = _read(text, {"title": "开封市统计局2020年政府信息公开工作年度报告_洛阳市人民政府门户网站"})
    assert (about.title, about.agency, about.agency_source) == ("开封市统计局2020年政府信息公开工作年度报告", "开封市统计局", "meta")
    about = _read(text, {"title": "Microsoft Word - 开封市统计局2020年政府信息公开工作年度报告.docx"})
    assert about.agency == "开封市统计局"
    about = _read(text, {"title": "W020240225318745"})
    assert about.title is None and about.agency is None and about.year is None


def test_year_traps():
    title = "开封市统计局政府信息公开工作年度报告"
    cases = [
        ("现将2014年度政府信息公开工作情况报告如下。", 2014),
        ("本报告所列数据的统计期限自2014年1月1日起至2014年12月31日止。", 2014),
        ("本报告所列数据统计期限为2014年1月1日至12月31日。", 2014),
        ("截至2015年1月，我局已完成本报告（洛司〔2015〕3号）。本报告所列数据的统计期限自2014年1月1日起至2014年12月31日止。", 2014),
        ("根据2019年修订的条例，截至2015年1月底完成编制。", None),
    ]
    for sentence, year in cases:
        about = _read(f"{title}\n{sentence}" + BODY + "开封市统计局\n2015年2月10日")
        assert about.year == year, sentence
        assert about.published == "2015-02-10"
        assert (about.year is None) == any(w.startswith("year not found") for w in about.warnings)


def test_year_conflicts_are_warnings_and_the_title_wins():
    about = _read("开封市统计局2020年政府信息公开工作年度报告\n本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。" + BODY)
    assert about.year == 2020
    assert any("statistics period says 2019" in w for w in about.warnings)
    about = _read("开封市统计局2020年政府信息公开工作年度报告" + BODY + "开封市统计局\n2020年1月5日")
    assert not any("after the publication date" in w for w in about.warnings)   # published in its own year
    about = _read("开封市统计局2021年政府信息公开工作年度报告" + BODY + "开封市统计局\n2020年1月5日")
    assert any("after the publication date" in w for w in about.warnings)


def test_record_says_where_the_agency_came_from():
    rec = parse_bytes(("2020年政府信息公开工作年度报告" + BODY + "开封市统计局\n2021年1月20日").encode(), filename="r.txt")
    assert (rec["agency"], rec["agency_source"], rec["agency_kind"], rec["city"]) == ("开封市统计局", "signoff", "统计局", "开封市")
    rec = parse_bytes(("2020年政府信息公开工作年度报告" + BODY).encode(), filename="r.txt")
    assert rec["agency"] is None and rec["agency_source"] is None and rec["agency_kind"] is None
    assert any(w.startswith("agency not found") for w in rec["warnings"])


def test_place_titles_take_organs_of_that_place_and_not_its_compiling_office():
    body = BODY + "洛阳市人民政府\n2021年2月1日"
    about = _read("洛阳市2020年政府信息公开工作年度报告\n本报告由洛阳市人民政府办公室编制。" + body)
    assert (about.agency, about.agency_source) == ("洛阳市人民政府", "signoff")
    about = _read("洛阳市2020年政府信息公开工作年度报告\n本报告由洛阳市人民政府办公室编制。" + BODY)
    assert about.agency is None
    assert any("compiles the report" in w for w in about.warnings)
    about = _read("洛阳市2020年政府信息公开工作年度报告" + BODY + "郑州市人民政府\n2021年2月1日")
    assert about.agency is None   # an organ of another place does not report for 洛阳市


def test_titles_with_chinese_numeral_years_and_quotes():
    about = _read("开封市统计局二〇二〇年政府信息公开工作年度报告" + BODY)
    assert (about.agency, about.year) == ("开封市统计局", 2020)
    about = _read("《开封市统计局2020年政府信息公开工作年度报告》" + BODY)
    assert (about.title, about.agency) == ("开封市统计局2020年政府信息公开工作年度报告", "开封市统计局")
    about = _read("政府信息公开年报 开封市统计局2020年政府信息公开工作年度报告" + BODY)
    assert about.agency == "开封市统计局"


def test_chrome_between_lines_keeps_them_apart():
    """A portal name above the breadcrumb is not joined to the title below it, nor a heading."""
    text = ("洛阳市人民政府\n当前位置：首页 > 政务公开 > 年报\n2020年政府信息公开工作年度报告" + BODY
            + "开封市统计局\n2021年1月20日")
    about = _read(text)
    assert (about.title, about.agency, about.agency_source) == ("2020年政府信息公开工作年度报告", "开封市统计局", "signoff")


def test_signoff_above_attachments_and_with_a_month():
    about = _read("2020年政府信息公开工作年度报告" + BODY + "开封市统计局\n2021年1月\n附件：政府信息公开情况统计表\n自然人 商业企业 科研机构 其他 总计\n1 0 0 0 1")
    assert (about.agency, about.agency_source, about.published) == ("开封市统计局", "signoff", None)


def test_letter_spaced_titles():
    about = _read("开 封 市 统 计 局\n2 0 2 0 年 政 府 信 息 公 开 工 作 年 度 报 告" + BODY)
    assert (about.title, about.agency, about.year) == ("开封市统计局2020年政府信息公开工作年度报告", "开封市统计局", 2020)
