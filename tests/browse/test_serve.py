"""`gia serve` over HTTP: search with facets, report page, chart, escaping, the archived original."""

import io
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from gia.archive import Archive
from search_cli.browse.serve import make_server


@pytest.fixture(scope="module")
def served_archive(new_browse_archive):
    """Its own archive (the raw-original test rewrites a record's provenance)."""
    root, records = new_browse_archive(2)
    _add_warc_original(root, records)
    return root, records


@pytest.fixture(scope="module")
def server(served_archive):
    root, records = served_archive
    srv = make_server(root, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", records
    srv.shutdown()
    srv.server_close()


def _add_warc_original(root, records):
    """A real WARC response for one record, with a script in it (it must never run)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rec = next(r for r in records if r["id"] != "evil0001")
    (root / "warc").mkdir(exist_ok=True)
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    buf.write(b"")
    body = f"<html><body><h1>{rec['title']}</h1><script>window.__raw_ran=1</script></body></html>".encode()
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(rec["source"]["url"], "response", payload=io.BytesIO(body),
                                                  http_headers=headers))
    (root / "warc" / "raw-test.warc.gz").write_bytes(buf.getvalue())
    rec["source"]["warc"] = {"file": "raw-test.warc.gz", "offset": 0, "length": len(buf.getvalue())}
    Archive(root).write_record(rec)
    return rec


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def test_search_page_facets_and_chart(server):
    base, records = server
    status, headers, body = get(base + "/")
    assert status == 200 and "script-src" not in headers["Content-Security-Policy"]  # default-src 'none' covers it
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert f"{len(records)} reports" in body and '<svg id="chart"' in body
    years = {r["year"] for r in records}
    assert body.count("<circle") == 3 * len(years)
    n2021 = sum(r["year"] == 2021 for r in records)
    assert f"2021</a> ({n2021})" in body
    status, _h, body = get(base + "/?" + urllib.parse.urlencode({"year": "2021"}))
    assert f"{n2021} reports" in body


def test_hostile_title_is_escaped_everywhere(server):
    base, _ = server
    _s, _h, body = get(base + "/?" + urllib.parse.urlencode({"q": "某局"}))
    assert "<script>" not in body and "&lt;script&gt;window.__pwned=1" in body
    status, _h, body = get(base + "/report/evil0001")
    assert status == 200
    assert "<script>" not in body and "<b>局</b>" not in body and "<img src=x" not in body
    assert "javascript:" not in body.split("<h2>provenance</h2>")[0]
    assert 'href="javascript' not in body
    assert "class='broken'>✗ applications.balance" in body
    assert "<th class=broken>自然人</th>" in body and '<td class="n broken">2</td>' in body
    assert body.count('class="n broken"') == 3  # only the 自然人 column, not the whole table


def test_report_page_tables_and_cross_year_checks(server):
    base, records = server
    rec = next(r for r in records if r["template"] == "2021" and r["year"] == 2022)
    _s, _h, body = get(base + "/report/" + rec["id"])
    assert rec["title"] in body and "一、本年新收政府信息公开申请数量" in body
    assert "cross-year checks" in body and "carry.applications" in body
    assert rec["source"]["sha256"] in body


def test_archived_original_is_sandboxed(server):
    base, records = server
    rec = next(r for r in records if r["source"].get("warc", {}).get("file") == "raw-test.warc.gz")
    _s, _h, page = get(base + "/report/" + rec["id"])
    assert f'href="/raw/{rec["id"]}"' in page
    status, headers, body = get(base + "/raw/" + rec["id"])
    assert status == 200 and rec["title"] in body
    assert headers["Content-Security-Policy"].startswith("sandbox")
    status, _h, body = get(base + "/raw/" + next(r["id"] for r in records if r is not rec and r["id"] != "evil0001"))
    assert status == 404 and "not available" in body


def test_unknown_report_is_404(server):
    base, _ = server
    status, _h, body = get(base + "/report/nope")
    assert status == 404 and "no report with id nope" in body


def test_port_in_use_is_one_line_error(server, gia):
    base, _ = server
    port = base.rsplit(":", 1)[1]
    code, _o, err = gia("serve", "--port", port, "--archive", ".")  # any existing folder will do
    assert code == 1 and "cannot listen on 127.0.0.1:" + port in err


def test_search_uses_the_full_text_index_when_built(new_browse_archive, gia):
    root, records = new_browse_archive(2)
    code, _o, err = gia("index", "--archive", root)
    assert code == 0, err
    srv = make_server(root, "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        agency = records[0]["agency"]
        _s, _h, body = get(base + "/?" + urllib.parse.urlencode({"q": agency, "year": "2021"}))
        expected = sum(1 for r in records if r["agency"] == agency and r["year"] == 2021)
        assert "(index)" in body and f"{expected} reports for" in body
        assert body.count('class="hit"') == expected
    finally:
        srv.shutdown()
        srv.server_close()


def test_short_place_names_filter_like_gia_search(server):
    base, records = server
    province = next(r["province"] for r in records if r.get("province"))
    short = province.removesuffix("省").removesuffix("市")
    expected = sum(r.get("province") == province for r in records)
    status, _h, body = get(base + "/?" + urllib.parse.urlencode({"province": short}))
    assert status == 200 and f"{expected} reports" in body


def test_ambiguous_place_name_is_a_400_naming_the_candidates(tmp_path):
    archive = Archive(tmp_path)
    for rid, county in (("a1", "朝阳区"), ("a2", "朝阳县")):
        archive.write_record({"id": rid, "title": f"{county}2020年报", "agency": f"{county}人民政府", "year": 2020,
                              "province": "某省", "city": "某市", "county": county, "level": "county"})
    srv = make_server(tmp_path, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        status, _h, body = get(f"http://127.0.0.1:{srv.server_address[1]}/?" + urllib.parse.urlencode({"county": "朝阳"}))
    finally:
        srv.shutdown()
        srv.server_close()
    assert status == 400
    assert "朝阳区" in body and "朝阳县" in body and "ambiguous" in body
