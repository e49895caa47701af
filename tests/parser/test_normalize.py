"""Normalization: encodings, scripts, widths, numbers, blanks, pinyin, chrome."""

from reportparser.formats.text import extract_text
from reportparser.normalize import clean_text, decode, label_key, parse_number, to_simplified

SAMPLE = "天水市司法局2020年政府信息公开工作年度报告。主动公开政府信息情况，收到和处理政府信息公开申请情况。"


def test_gbk_without_meta_decodes():
    text, enc, _ = decode(SAMPLE.encode("gbk"))
    assert text == SAMPLE and enc == "gb18030"


def test_big5_decodes_and_converts():
    trad = "天水市司法局2020年政府信息公開工作年度報告。主動公開政府信息情況，收到和處理政府信息公開申請情況。"
    text, enc, _ = decode(trad.encode("big5"))
    assert text == trad and enc in ("cp950", "big5hkscs")
    simp, script = to_simplified(text)
    assert script == "traditional"
    assert "政府信息公开工作年度报告" in simp


def test_declared_charset_in_meta_is_used():
    page = '<html><head><meta charset="gb2312"></head><body>' + SAMPLE + "</body></html>"
    text, enc, _ = decode(page.encode("gbk"))
    assert SAMPLE in text and enc == "gb18030"


def test_simplified_text_is_left_alone():
    assert to_simplified(SAMPLE) == (SAMPLE, "simplified")


def test_converter_artefacts_fold():
    simp, _ = to_simplified("規範性檔案 法務部 行政複議 " * 5)
    assert "规范性档案" in simp and "复议" in simp


def test_fullwidth_digits_and_pinyin():
    assert clean_text("１２３４") == "1234"
    assert clean_text("年度報(bào)告") == "年度報告"
    assert clean_text("报(bao4)告") == "报告"


def test_numbers_as_printed():
    assert parse_number("1,483") == 1483
    assert parse_number("-4") == -4
    assert parse_number("4068.208") == 4068.208
    assert parse_number("251000元") == 251000
    assert parse_number("１２") == 12


def test_blank_cells_are_none():
    for blank in ("", " ", "\xa0", "-", "/", "—"):
        assert parse_number(blank) is None


def test_label_key_folds_brackets_and_space():
    assert label_key("（一） 予以 公开") == "(一)予以公开"


def test_crawler_header_and_chrome_are_stripped():
    raw = ("标题: 某县2021年度政府信息公开工作年度报告\n发布时间: 2022-01-20 10:00\n原文链接: https://x.gov.cn/a.htm\n"
           "==================== 正文 ====================\n"
           "当前位置： 首页政务公开 某县 来源：某县人民政府 时间：2022-01-20 微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： --> "
           "根据条例，编制本报告。 附件下载")
    doc = extract_text(raw.encode("utf-8"))
    assert doc.meta["title"] == "某县2021年度政府信息公开工作年度报告"
    assert doc.meta["url"] == "https://x.gov.cn/a.htm"
    assert doc.text == "根据条例，编制本报告。"


def test_mirror_footer_is_stripped():
    doc = extract_text("正文。\n\n相關詞條\n\n熱門詞條\n\n聯絡我們\n".encode("utf-8"))
    assert doc.text == "正文。"
