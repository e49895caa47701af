"""Hanweb datastore columns and their dataproxy groups (crawler/lists/hanweb.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from crawler.lists.hanweb import HanwebDatastore, hanweb_params, hanweb_records, hanweb_total

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from fakes import OTHER, list_page

PARAMS = "<script>var param_4233872={col:1,appid:1,webid:3,path:'/',columnid:1229232293,unitid:'4233872',permissiontype:0};</script>"


def _records(n: int, start: int = 1) -> str:
    return "".join(f"<record><![CDATA[<li><a href='/art/2024/1/19/art_1_{i}.html' title='某区{i}局2023年政府信息公开工作年度报告' "
                   f"target='_blank'>某区{i}局…</a></li>]]></record>" for i in range(start, start + n))


def test_hanweb_cdata_records_and_params():
    text = ("<datastore><recordset><record><![CDATA[<li><a href='/art/2024/1/19/art_1_2.html' title='某区卫健局2023年政府信息公开工作年度报告' "
            "target='_blank'>某区卫健局…</a></li>]]></record></recordset></datastore>" + PARAMS)
    (link,) = hanweb_records("http://h/col/col1/index.html", text)
    assert link.url == "http://h/art/2024/1/19/art_1_2.html" and link.text.startswith("某区卫健局2023年")
    assert hanweb_params(text)["columnid"] == "1229232293"
    assert hanweb_total("<datastore><totalrecord>117</totalrecord>") == 117


def test_the_column_page_asks_for_the_next_group_then_the_first_answer_for_all_the_rest(spider):
    column = list_page(spider, OTHER + "index.html", f"<datastore><recordset>{_records(6)}</recordset></datastore>{PARAMS}", site="other")
    out = list(HanwebDatastore(spider).read(column))
    reports = [r for r in out if r.meta["role"] == "page"]
    (proxy,) = [r for r in out if r.meta["role"] == "list"]
    assert len(reports) == 6
    query = parse_qs(urlsplit(proxy.url).query)
    assert proxy.method == "POST" and proxy.meta["idempotent_post"] and (query["startrecord"], query["endrecord"]) == (["7"], ["12"])
    assert b"columnid=1229232293" in proxy.body and proxy.headers["Content-Type"] == b"application/x-www-form-urlencoded"
    answer = list_page(spider, proxy.url, f"<datastore><totalrecord>20</totalrecord><recordset>{_records(6, 7)}</recordset></datastore>",
                       site="other", **{k: proxy.meta[k] for k in ("group", "params", "endrecord", "first_proxy")})
    more = [r for r in HanwebDatastore(spider).read(answer) if r.meta["role"] == "list"]
    assert [parse_qs(urlsplit(r.url).query)["startrecord"] for r in more] == [["13"], ["19"]]
    assert not any(r.meta["first_proxy"] for r in more)  # their answers ask for nothing more
