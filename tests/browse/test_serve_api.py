"""The JSON API and the CSV download: the same answers as `gia-search --json` on the same archive,
one-line JSON errors for bad parameters (never a 500)."""

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from search_cli.browse.serve import api

# (API parameters, the same search as gia-search arguments)
SAME_SEARCHES = [
    ({}, []),
    ({"q": "行政复议"}, ["行政复议"]),
    ({"q": "復議"}, ["復議"]),  # traditional characters fold as on the command line
    ({"q": "行政复议", "year": "2021"}, ["行政复议", "--year", "2021"]),
    ({"q": "复议 OR 诉讼", "level": "county,township"}, ["复议 OR 诉讼", "--level", "county,township"]),
    ({"province": "河南"}, ["--province", "河南"]),
    ({"q": "review_litigation:复议", "sort": "new_requests", "limit": "3", "page": "2"},
     ["review_litigation:复议", "--sort", "new_requests", "--limit", "3", "--page", "2"]),
    ({"q": '"不予公开"', "year": "2019-2021", "sort": "-year"}, ['"不予公开"', "--year", "2019-2021", "--sort=-year"]),
    ({"sum": "new_requests", "by": "year,province", "limit": "0"},
     ["--sum", "new_requests", "--by", "year,province", "--limit", "0"]),
    ({"q": "title:街道 OR 农业", "facets": "city,county,site", "snippets": "0"},
     ["title:街道 OR 农业", "--facets", "city,county,site", "--no-snippets"]),
    ({"checks": "broken", "facets": ""}, ["--checks", "broken", "--facets", ""]),
    ({"q": "new_requests:>3", "kind": "农业农村局", "sum": "total_handled"},
     ["new_requests:>3", "--kind", "农业农村局", "--sum", "total_handled"]),
]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def api_get(base, path, params=None):
    status, headers, body = get(base + path + ("?" + urllib.parse.urlencode(params) if params else ""))
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    return status, json.loads(body)


@pytest.mark.parametrize("params, argv", SAME_SEARCHES, ids=[json.dumps(p, ensure_ascii=False) for p, _ in SAME_SEARCHES])
def test_api_search_is_gia_search_json(served, served_archive, capsys, params, argv):
    from search_cli.main import main as gia_search

    base, _ = served
    root, _ = served_archive
    status, answer = api_get(base, "/api/search", params)
    assert status == 200
    assert gia_search([*argv, "--json", "--archive", str(root)]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert answer == expected
    # the page counts the same reports
    page = get(base + "/?" + urllib.parse.urlencode({k: v for k, v in params.items() if k != "facets"}))[2].decode()
    assert f'<p id="total">{expected["total"]} reports' in page


@pytest.mark.parametrize("params, fragment", [
    ({"year": "abc"}, "year"), ({"year": "2020年"}, "year"), ({"limit": "abc"}, "limit"), ({"limit": "100000"}, "limit"),
    ({"page": "-1"}, "page"), ({"sort": "size"}, "sort"), ({"facets": "colour"}, "facet"), ({"by": "year"}, "sum"),
    ({"sum": "pages"}, "sum"), ({"q": '"open'}, "quote"), ({"q": "year:[2019"}, "range"), ({"q": "colour:red"}, "field"),
    ({"snippets": "maybe"}, "snippets"), ({"color": "red"}, "unknown parameter"), ({"q": "new_requests:>abc"}, "abc"),
])
def test_bad_parameters_are_one_line_json_400(served, params, fragment):
    base, _ = served
    status, answer = api_get(base, "/api/search", params)
    assert status == 400 and list(answer) == ["error"]
    assert fragment in answer["error"] and "\n" not in answer["error"]


def test_api_report_is_the_stored_record(served, served_archive):
    base, records = served
    root, _ = served_archive
    from gia.archive import Archive

    stored = {r["id"]: r for r in Archive(root).iter_records()}
    rid = records[0]["id"]
    status, answer = api_get(base, f"/api/report/{rid}")
    assert status == 200 and answer == stored[rid]
    status, answer = api_get(base, "/api/report/nope")
    assert status == 404 and answer == {"error": "no report with id nope"}
    assert api_get(base, "/api/nothing")[0] == 404


def read_csv(base, params):
    status, headers, body = get(base + "/api/search.csv?" + urllib.parse.urlencode(params))
    assert status == 200 and headers["Content-Type"] == "text/csv; charset=utf-8"
    return headers, list(csv.reader(io.StringIO(body.decode("utf-8"))))


def test_csv_download_holds_the_whole_result(served, monkeypatch):
    base, records = served
    monkeypatch.setattr(api, "CSV_PAGE", 4)  # several pages streamed one after another
    headers, rows = read_csv(base, {"q": "行政复议", "sort": "year", "page": "3", "limit": "2"})
    disposition = headers["Content-Disposition"]
    # the Chinese name for browsers (filename*), an ASCII stand-in for old clients
    assert disposition == ("attachment; filename=\"gia-search.csv\"; "
                           "filename*=UTF-8''gia-search-%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE.csv")
    assert rows[0][:4] == ["id", "title", "agency", "year"] and "new_requests" in rows[0]
    _s, whole = api_get(base, "/api/search", {"q": "行政复议", "sort": "year", "limit": "1000", "snippets": "0"})
    assert [r[0] for r in rows[1:]] == [h["id"] for h in whole["hits"]]  # every hit, page and limit aside
    at = rows[0].index("new_requests")
    assert [r[at] for r in rows[1:]] == [str(h["numbers"].get("new_requests", "")) for h in whole["hits"]]


def test_csv_of_sums_is_the_sums_table(served):
    base, _ = served
    _h, rows = read_csv(base, {"sum": "new_requests", "by": "year"})
    _s, answer = api_get(base, "/api/search", {"sum": "new_requests", "by": "year", "limit": "0"})
    assert rows[0] == ["year", "new_requests", "reports", "missing"]
    assert rows[1:] == [[str(r["group"][0]), str(r["sum"]), str(r["reports"]), str(r["missing"])]
                        for r in answer["sums"]["rows"]]


def test_csv_errors_come_before_the_download(served, monkeypatch):
    base, _ = served
    status, headers, body = get(base + "/api/search.csv?year=abc")
    assert status == 400 and "Content-Disposition" not in headers and "year" in json.loads(body)["error"]
    monkeypatch.setattr(api, "MAX_CSV_ROWS", 2)
    status, _h, body = get(base + "/api/search.csv")
    assert status == 413 and "gia archive export" in json.loads(body)["error"]
