"""`gia serve` pages over plain HTTP: search (facets, chart, snippets, key columns, pagination,
sorting), report pages, archived originals, escaping, errors."""

import re
import urllib.error
import urllib.parse
import urllib.request
from html import unescape

import pytest

from gia.archive import Archive
from search_cli.browse.serve import pages


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def q(**params):
    return "/?" + urllib.parse.urlencode(params)


def total(body: str) -> int:
    return int(re.search(r'<p id="total">(\d+) reports', body).group(1))


def hit_ids(body: str) -> list[str]:
    return re.findall(r'<a class="hit" href="/report/([^"]+)"', body)


def column(body: str, index: int) -> list[str]:
    """The text of one cell of every result row (0 = rank)."""
    table = body.split('<table id="hits"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr>")[2:]
    return [unescape(re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)[index])).strip()
            for r in rows]


def test_search_page_counts_facets_chart(served):
    base, records = served
    status, headers, body = get(base + "/")
    assert status == 200 and "default-src 'none'" in headers["Content-Security-Policy"]
    assert "script-src" not in headers["Content-Security-Policy"]  # default-src 'none' forbids scripts
    assert total(body) == len(records)
    n2021 = sum(r["year"] == 2021 for r in records)
    assert f'<a href="/?year=2021">2021</a> ({n2021})' in body
    assert total(get(base + q(year="2021"))[2]) == n2021
    # the chart: one measure, both axes titled, one bar per year of the span
    svg = body.split('<svg id="chart"', 1)[1].split("</svg>", 1)[0]
    assert 'id="x-title"' in svg and "年度" in svg and "本年新收申请（件）" in svg
    years = {r["year"] for r in records}
    assert svg.count('class="bar"') == max(years) - min(years) + 1
    new = sum((r["tables"].get("applications") or {}).get("new", [0])[-1] or 0 for r in records if r["year"] == 2022)
    assert f'data-year="2022" data-value="{new}"' in svg


def test_results_show_snippets_and_key_columns(served):
    base, records = served
    _s, _h, body = get(base + q(q="行政复议"))
    assert "<mark>行政复议</mark>" in body
    assert '<a href="/?q=%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE&amp;sort=new_requests" data-sort="new_requests">' in body
    # the 本年新收申请 column holds each hit's applications.new total
    by_id = {r["id"]: r for r in records}
    ids = hit_ids(body)
    expected = [by_id[i]["tables"]["applications"]["new"][-1] for i in ids]
    assert column(body, 4) == [f"{v:,}" for v in expected]


def test_pagination_walks_every_hit_once(served):
    base, records = served
    seen, page = [], 1
    while True:
        _s, _h, body = get(base + q(limit=5, page=page, sort="year"))
        ids = hit_ids(body)
        seen += ids
        assert column(body, 0) == [str(n) for n in range((page - 1) * 5 + 1, (page - 1) * 5 + len(ids) + 1)]
        if 'rel="next"' not in body:
            break
        assert f'href="/?limit=5&amp;page={page + 1}&amp;sort=year"' in body
        page += 1
    assert page == -(-len(records) // 5) and sorted(seen) == sorted(r["id"] for r in records)
    _s, _h, body = get(base + q(limit=5, page=99))
    assert 'id="beyond"' in body and hit_ids(body) == []


def test_sorting_by_a_figure_and_by_year(served):
    base, records = served
    _s, _h, body = get(base + q(sort="new_requests", limit=50))
    values = [int(v.replace(",", "")) for v in column(body, 4) if v]
    assert values == sorted(values, reverse=True) and len(values) == len(records)
    assert 'data-sort="new_requests">本年新收申请</a> ↓' in body
    _s, _h, body = get(base + q(sort="-new_requests", limit=50))
    values = [int(v.replace(",", "")) for v in column(body, 4) if v]
    assert values == sorted(values)
    _s, _h, body = get(base + q(sort="-year", limit=50))
    years = [int(y) for y in column(body, 1)]
    assert years == sorted(years, reverse=True)
    # a figure outside the key columns gets its own column when the list is sorted by it
    _s, _h, body = get(base + q(sort="carried_forward"))
    assert 'data-sort="carried_forward"' in body


def test_sums_on_the_page_are_the_api_sums(served):
    import json

    base, _ = served
    params = {"sum": "new_requests", "by": "province", "year": "2020-2022"}
    _s, _h, body = get(base + q(**params))
    _s, _h, answer = get(base + "/api/search?" + urllib.parse.urlencode({**params, "limit": 0}))
    sums = json.loads(answer)["sums"]
    table = body.split('<table id="sums">', 1)[1].split("</table>", 1)[0]
    cells = [unescape(re.sub(r"<[^>]+>", "", c)).replace(",", "") for c in re.findall(r"<td[^>]*>(.*?)</td>", table)]
    expected = [str(x) for row in sums["rows"] for x in (*row["group"], row["sum"], row["reports"], row["missing"])]
    assert cells == expected + [str(sums["total"]), str(sums["reports"]), str(sums["missing"])]


def test_facets_show_more_and_fewer(served, monkeypatch):
    base, records = served
    cities = {r["city"] for r in records if r["city"]}   # a province-level report has no city facet value
    assert len(cities) >= 2
    shown = len(cities) - 1   # one city behind "more"
    monkeypatch.setattr(pages, "FACET_SHOWN", shown)
    _s, _h, body = get(base + "/")
    facet = body.split('data-facet="city"', 1)[1].split("</div>", 1)[0]
    assert facet.count("<li>") == shown and f"more ({len(cities) - shown})" in facet
    _s, _h, body = get(base + q(more="city"))
    facet = body.split('data-facet="city"', 1)[1].split("</div>", 1)[0]
    assert facet.count("<li>") == len(cities) and 'class="fewer"' in facet


def test_hostile_text_is_escaped_everywhere(served):
    base, _ = served
    _s, _h, body = get(base + q(q="某局"))
    assert "<script>" not in body and "&lt;script&gt;window.__pwned=1" in body
    assert "<img src=x" not in body
    status, _h, body = get(base + "/report/evil0001")
    assert status == 200
    assert "<script>" not in body and "<b>局</b>" not in body and "<img src=x" not in body
    assert 'href="javascript' not in body and 'id="original-url"' not in body
    assert '<li class="broken">✗ applications.balance [自然人]' in body
    # the applicant column the failed check names: its header and only its cells
    assert '<th rowspan="2" class="broken">自然人</th>' in body
    assert body.count('class="n broken"') == 3


def test_report_page_lays_table_three_out_as_printed(served):
    base, records = served
    rec = next(r for r in records if r["template"] == "2021" and r["year"] == 2022)
    _s, _h, body = get(base + "/report/" + rec["id"])
    assert rec["title"] in body and rec["source"]["sha256"] in body
    table = body.split("三、收到和处理政府信息公开申请情况", 1)[1].split("</table>", 1)[0]
    headings = ["申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "其他",  # as the header rows print
                "一、本年新收政府信息公开申请数量", "三、本年度办理结果", "（一）予以公开", "（三）不予公开",
                "1.属于国家秘密", "（四）无法提供", "（五）不予处理", "（六）其他处理", "3.其他", "（七）总计",
                "四、结转下年度继续办理"]
    at = [table.index(f">{h}<") for h in headings]  # whole cells, in this order
    assert at == sorted(at)
    assert '<tr class="heading"><th colspan="8" class="d1">（三）不予公开</th></tr>' in table
    assert "cross-year checks" in body and "carry.applications" in body


def test_archived_original_has_a_banner_and_is_sandboxed(served):
    base, records = served
    rec = next(r for r in records if r["source"]["warc"]["file"].startswith("orig-"))
    _s, _h, page = get(base + "/report/" + rec["id"])
    assert f'href="/archived/{rec["id"]}"' in page
    status, headers, body = get(base + "/archived/" + rec["id"])
    banner = unescape(re.sub(r"<[^>]+>", "", body.split('id="banner"', 1)[1].split("</div>", 1)[0]))
    assert status == 200 and "frame-src 'self'" in headers["Content-Security-Policy"]
    assert rec["source"]["url"] in banner and rec["source"]["fetched_at"] in banner
    assert rec["source"]["sha256"] in banner and "✓ the record's sha256" in banner
    assert f'<iframe class="original" src="/raw/{rec["id"]}" sandbox' in body
    status, headers, body = get(base + "/raw/" + rec["id"])
    assert status == 200 and rec["title"] in body
    assert headers["Content-Security-Policy"].startswith("sandbox")
    assert headers["Content-Disposition"].startswith("inline; filename=")
    status, headers, _b = get(base + "/raw/" + rec["id"] + "?download=1")
    assert headers["Content-Disposition"] == (f'attachment; filename="{rec["id"]}.html"; '
                                              f"filename*=UTF-8''{rec['id']}.html")
    other = next(r for r in records if r is not rec and r["id"] != "evil0001")
    status, _h, body = get(base + "/archived/" + other["id"])
    assert status == 404 and "not available" in body


def test_unknown_pages_and_reports_are_404(served):
    base, _ = served
    status, _h, body = get(base + "/report/nope")
    assert status == 404 and "no report with id nope" in body
    assert get(base + "/nowhere")[0] == 404
    assert get(base + "/raw/evil0001?x=1")[0] == 400  # a parameter the route does not take


@pytest.mark.parametrize("query", [{"year": "abc"}, {"limit": "many"}, {"page": "0"}, {"sort": "size"},
                                   {"q": '"unclosed'}, {"more": "colour"}, {"chart": "nothing"}, {"colour": "red"}])
def test_bad_parameters_are_a_400_page(served, query):
    base, _ = served
    status, _h, body = get(base + q(**query))
    assert status == 400 and '<p id="message">' in body


def test_short_place_names_filter_like_gia_search(served):
    base, records = served
    province = next(r["province"] for r in records if r.get("province"))
    short = province.removesuffix("省").removesuffix("市")
    expected = sum(r.get("province") == province for r in records)
    status, _h, body = get(base + q(province=short))
    assert status == 200 and total(body) == expected


def test_without_an_index_the_page_says_how_to_build_it(new_browse_archive, serving):
    root, records = new_browse_archive(1)
    with serving(root) as srv:
        status, _h, body = get(srv.base + "/")
        assert status == 503 and "gia index --archive" in unescape(body)
        status, headers, body = get(srv.base + "/api/search")
        assert status == 503 and headers["Content-Type"].startswith("application/json") and "gia index" in body
        # report pages do not need the index
        assert get(srv.base + "/report/" + records[0]["id"])[0] == 200


def test_ambiguous_place_name_is_a_400_naming_the_candidates(tmp_path, serving, indexing):
    archive = Archive(tmp_path)
    for rid, county in (("a1", "朝阳区"), ("a2", "朝阳县")):
        archive.write_record({"id": rid, "title": f"{county}2020年报", "agency": f"{county}人民政府", "year": 2020,
                              "province": "某省", "city": "某市", "county": county, "level": "county"})
    indexing(tmp_path)
    with serving(tmp_path) as srv:
        status, _h, body = get(srv.base + q(county="朝阳"))
    assert status == 400
    assert "朝阳区" in body and "朝阳县" in body and "ambiguous" in body


def test_port_in_use_is_one_line_error(served, gia):
    base, _ = served
    port = base.rsplit(":", 1)[1]
    code, _o, err = gia("serve", "--port", port, "--archive", ".")  # any existing folder will do
    assert code == 1 and "cannot listen on 127.0.0.1:" + port in err


def test_a_pdf_original_is_offered_as_a_download_named_as_published(new_browse_archive, serving, warc_original):
    root, records = new_browse_archive(1)
    rec = records[0]
    rec["source"]["url"] = "http://127.0.0.1:8000/gk/%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf"  # 年度报告.pdf
    warc_original(root, rec, body=b"%PDF-1.4\n%fake\n", media_type="application/octet-stream")
    with serving(root) as srv:
        status, _h, body = get(srv.base + "/archived/" + rec["id"])
        assert status == 200 and 'id="not-framed"' in body and "<iframe" not in body
        assert "application/pdf" in body  # sniffed: sites send PDFs as octet-stream
        status, headers, _b = get_bytes(srv.base + "/raw/" + rec["id"] + "?download=1")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == ("attachment; filename=\"download.pdf\"; "
                                              "filename*=UTF-8''%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf")


def get_bytes(url):
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.status, resp.headers, resp.read()
