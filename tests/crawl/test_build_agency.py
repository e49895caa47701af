"""The record builder keeps the parser's rule for agencies: the name a site's list gives a report is a
hint (a candidate, validated as an organ like any other), never a value that overwrites what the
parser decided — a report that names no organ keeps agency null when the list's title names none."""

from __future__ import annotations

import hashlib
import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from builder.build import parse_job
from reportparser import organs

BODY = ("<html><head><title>{title}</title></head><body><div class='TRS_Editor'><p>{title}</p>"
        "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。</p><p>一、总体情况</p><p>本年度，我们认真贯彻落实条例，主动公开政府信息。</p>"
        "<p>二、主动公开政府信息情况</p><p>本年主动公开信息12条，行政复议0件。</p>{tail}</div></body></html>")


def _job(tmp_path, page: str, listed: str) -> dict:
    (tmp_path / "warc").mkdir(exist_ok=True)
    body = page.encode("utf-8")
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    url = "http://127.0.0.1:1/zwgk/nb/t20210120_1.html"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    (tmp_path / "warc" / "t.warc.gz").write_bytes(buf.getvalue())
    fetch = {"warc_file": "t.warc.gz", "warc_offset": 0, "warc_length": len(buf.getvalue()), "status": 200,
             "fetched_at": "2021-01-20T00:00:00Z", "sha256": hashlib.sha256(body).hexdigest()}
    return {"key": "k", "sig": "s", "archive": str(tmp_path), "site_hints": {"province": "河南省", "city": "开封市"},
            "failed": [], "redirects": [],
            "parts": [{"url": url, "role": "page", "title": listed, "site": "sim", "via": None, "fetch": fetch}]}


def test_a_list_title_naming_an_organ_is_a_hint(tmp_path):
    page = BODY.format(title="2020年政府信息公开工作年度报告", tail="")
    rec = parse_job(_job(tmp_path, page, "开封市统计局2020年政府信息公开工作年度报告"))
    assert (rec["agency"], rec["agency_source"], rec["year"]) == ("开封市统计局", "hint", 2020)
    assert rec["source"]["listed_as"]["agency"] == "开封市统计局"


def test_no_organ_anywhere_stays_null(tmp_path):
    page = BODY.format(title="2020年政府信息公开工作年度报告", tail="")
    rec = parse_job(_job(tmp_path, page, "发布日期：2021-01-29 2020年政府信息公开工作年度报告"))
    assert rec["agency"] is None and rec["agency_source"] is None
    assert any(w.startswith("agency not found") for w in rec["warnings"])
    assert rec["source"]["listed_as"]["agency"] is None


def test_the_report_wins_over_the_list(tmp_path):
    page = BODY.format(title="开封市统计局2020年政府信息公开工作年度报告", tail="<p>开封市统计局</p><p>2021年1月20日</p>")
    rec = parse_job(_job(tmp_path, page, "开封市人民政府2020年政府信息公开工作年度报告"))
    assert (rec["agency"], rec["agency_source"]) == ("开封市统计局", "title")
    assert organs.is_organ(rec["agency"])
