"""A place name shared by several divisions (鼓楼区: 福州/南京/徐州/开封) is settled by the
agency, the text, the source hints, then the URL's host — in that order."""

from reportparser import parse_bytes, regions

BODY = "\n一、总体情况\n本局认真贯彻落实《中华人民共和国政府信息公开条例》。\n二、主动公开政府信息情况\n本年主动公开信息12条。\n"


def _report(agency: str, extra: str = "") -> bytes:
    return f"{agency}2021年政府信息公开工作年度报告{BODY}{extra}".encode()


def _place(rec):
    return rec["province"], rec["city"], rec["county"]


def test_agency_name_settles_it():
    rec = parse_bytes(_report("福州市鼓楼区司法局"), filename="r.txt")
    assert _place(rec) == ("福建省", "福州市", "鼓楼区")
    assert not [w for w in rec["warnings"] if "shared by several" in w]


def test_text_settles_it():
    rec = parse_bytes(_report("鼓楼区司法局", "鼓楼区地处南京市中心城区。\n"), filename="r.txt")
    assert _place(rec) == ("江苏省", "南京市", "鼓楼区")


def test_unsettled_name_is_a_warning():
    rec = parse_bytes(_report("鼓楼区司法局"), filename="r.txt")
    assert rec["county"] == "鼓楼区"
    assert any("shared by several divisions" in w for w in rec["warnings"])


def test_url_host_settles_it():
    rec = parse_bytes(_report("鼓楼区司法局"), filename="r.txt", url="http://www.gl.kaifeng.gov.cn/xxgk/nb/1.html")
    assert _place(rec) == ("河南省", "开封市", "鼓楼区")
    rec = parse_bytes(_report("鼓楼区司法局"), filename="r.txt", url="https://www.xzgl.gov.cn/zwgk/nb/2.html")
    assert _place(rec) == ("江苏省", "徐州市", "鼓楼区")   # 徐州 鼓楼 as initials xz + gl
    assert not [w for w in rec["warnings"] if "shared by several" in w]


def test_ambiguous_host_leaves_it_to_the_hints():
    url = "http://www.gl.gov.cn/xxgk/nb/1.html"   # gl = 鼓楼, in any of the four cities
    rec = parse_bytes(_report("鼓楼区司法局"), filename="r.txt", url=url)
    assert any("shared by several divisions" in w for w in rec["warnings"])
    rec = parse_bytes(_report("鼓楼区司法局"), filename="r.txt", url=url,
                      source={"hints": {"province": "福建省", "city": "福州市"}})
    assert _place(rec) == ("福建省", "福州市", "鼓楼区")
    assert rec["source"]["hints"] == {"province": "福建省", "city": "福州市"}


def test_hints_fill_what_the_report_does_not_name():
    data = f"2021年政府信息公开工作年度报告{BODY}".encode()
    rec = parse_bytes(data, filename="r.txt", source={"hints": {"agency": "徐州市鼓楼区司法局", "level": "county"}})
    assert rec["agency"] == "徐州市鼓楼区司法局"
    assert _place(rec) == ("江苏省", "徐州市", "鼓楼区")
    assert rec["level"] == "county"
    rec = parse_bytes(data, filename="r.txt", source={"hints": {"level": "city"}})
    assert rec["level"] == "city" and rec["agency"] is None


def test_text_wins_over_contradicting_hints_with_a_warning():
    rec = parse_bytes(_report("南京市鼓楼区司法局"), filename="r.txt", source={"hints": {"city": "福州市"}})
    assert rec["city"] == "南京市"
    assert any("source hints say city 福州市" in w for w in rec["warnings"])


def test_host_labels():
    assert regions.host_labels("http://sfj.zhangzhou.gov.cn/cms/x.html") == {"sfj", "zhangzhou"}
    assert regions.host_labels("https://big5.www.gov.cn/gate/big5/www.nanjing.gov.cn/a") == {"nanjing"}
    assert regions.host_labels("") == set()


def test_hints_do_not_change_the_record_id():
    data = f"2021年政府信息公开工作年度报告{BODY}".encode()
    plain = parse_bytes(data, filename="r.txt")
    hinted = parse_bytes(data, filename="r.txt", source={"hints": {"agency": "徐州市鼓楼区司法局"}})
    assert plain["id"] == hinted["id"]
