"""A record file the web view cannot show (a JSON list, a year "2020年", a table that is text)
is skipped with one warning; the server stays up and counts as gia-search counts."""

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from html import unescape

from search_cli.browse.serve.site import record_problem

BAD = {
    "list": [{"id": "inlist", "year": 2020}],
    "year": {"id": "bad-year", "title": "某县司法局2020年政府信息公开工作年度报告", "agency": "某县司法局",
             "year": "2020年", "text": "本年新收政府信息公开申请3件"},
    "table": {"id": "bad-table", "title": "某县民政局2021年政府信息公开工作年度报告", "agency": "某县民政局",
              "year": 2021, "tables": "see the attachment", "text": "本年新收政府信息公开申请1件"},
}


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_record_problems_name_the_field():
    assert record_problem([1]) == "not a JSON object but an array"
    assert record_problem({"year": "2020年"}) == 'year "2020年" is not a whole number'
    assert record_problem({"year": True}) == "year true is not a whole number"
    assert record_problem({"tables": "x"}) == "tables is a string"
    assert record_problem({"tables": {"applications": [1]}}) == "tables.applications is an array"
    assert record_problem({"checks": ["ok"]}) == "checks holds something that is not an object"
    assert record_problem({"id": "a", "year": 2020, "tables": {}, "checks": []}) is None


def test_bad_records_are_skipped_with_one_warning(new_browse_archive, serving, indexing, capsys, monkeypatch):
    from search_cli.browse.serve import site
    from search_cli.main import main as gia_search

    monkeypatch.setattr(site, "REFRESH_SECONDS", 0)  # look for changed records on every request
    root, records = new_browse_archive(1)
    folder = root / "reports" / "某省" / "某市" / "某局"
    folder.mkdir(parents=True)
    for name, record in BAD.items():
        (folder / f"2020-{name}.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    indexing(root)
    capsys.readouterr()
    with serving(root) as srv:
        for _ in range(2):
            status, body = get(srv.base + "/")
            assert status == 200
        # the record directory is rebuilt when a record changes: still one warning per bad file
        good = next(root.rglob(f"*{records[0]['id']}.json"))
        os.utime(good, ns=(good.stat().st_atime_ns, good.stat().st_mtime_ns + 10**9))
        status, body = get(srv.base + "/?" + urllib.parse.urlencode({"q": "本年新收"}))
        assert status == 200
        status, report = get(srv.base + "/report/bad-year")
        assert status == 404 and 'year "2020年" is not a whole number' in unescape(report)
        assert get(srv.base + "/report/" + records[0]["id"])[0] == 200
        status, api = get(srv.base + "/api/search?" + urllib.parse.urlencode({"q": "本年新收"}))
    err = capsys.readouterr().err
    assert sorted(line.split(": ", 2)[2] for line in err.splitlines() if "skipping record" in line) == [
        "not a JSON object but an array", 'tables is a string', 'year "2020年" is not a whole number']
    # the search counts what the index holds, as gia-search does
    assert gia_search(["本年新收", "--json", "--archive", str(root)]) == 0
    expected = json.loads(capsys.readouterr().out)
    assert json.loads(api)["total"] == expected["total"]
    assert f'<p id="total">{expected["total"]} reports' in body
    assert "<span title=\"not a year: no filter selects it\">2020年</span>" in body
    assert "1 report(s) with no readable year are not in the chart" in body
