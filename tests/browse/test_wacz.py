"""`gia archive wacz`: real WARC records (written by the crawl store), packed with webrecorder's
wacz tool; `wacz validate` passes, the CDXJ index lists every capture and pages.jsonl has one
page per report, pointing at the very capture its record was parsed from."""

import gzip
import json
import subprocess
import sys
import zipfile

import pytest

pytest.importorskip("wacz", reason="pip install wacz (the [test] extra)")

from warcio.timeutils import iso_date_to_timestamp  # noqa: E402

from gia.archive import Archive, CrawlStore  # noqa: E402

PAGES = {
    "https://gov.example.invalid/nb/2021.html": "<html><head><title>某区2021年报</title></head><body>某区人民政府2021年政府信息公开工作年度报告</body></html>",
    "https://gov.example.invalid/nb/2022.html": "<html><body>某区人民政府2022年政府信息公开工作年度报告 行政复议</body></html>",
    "https://gov.example.invalid/nb/list.html": "<html><body><a href='2021.html'>2021</a></body></html>",
}


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    from search_cli.cli import main

    root = tmp_path_factory.mktemp("wacz") / "archive"
    store = CrawlStore(root, run="20261120-080000-1")
    fetched = {url: store.record_response(url, 200, [("Content-Type", "text/html; charset=utf-8")],
                                          body.encode("utf-8"), "s-test") for url, body in PAGES.items()}
    store.close_warc()
    archive = Archive(root)
    for n, url in enumerate(u for u in PAGES if "list" not in u):
        f = fetched[url]
        archive.write_record({"schema": 1, "id": f"wacz{n}", "title": f"某区人民政府{2021 + n}年政府信息公开工作年度报告",
                              "agency": "某区人民政府", "year": 2021 + n, "text": PAGES[url],
                              "source": {"url": url, "fetched_at": f["fetched_at"], "sha256": f["sha256"],
                                         "media_type": "text/html",
                                         "warc": {"file": f["warc_file"], "offset": f["warc_offset"]}}})
    # a report whose raw response is in no WARC file: no page for it, said so
    archive.write_record({"schema": 1, "id": "wacz-gone", "title": "某局报告", "agency": "某局", "year": 2022,
                          "source": {"url": "https://gone.invalid/x.html", "warc": {"file": "nope.warc.gz", "offset": 0}}})
    out = root.parent / "gia.wacz"
    assert main(["archive", "wacz", "--archive", str(root), "--out", str(out)]) == 0
    return root, out, fetched


def test_wacz_validate_passes(packed):
    _root, out, _fetched = packed
    proc = subprocess.run([sys.executable, "-m", "wacz", "validate", "-f", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0 and "the passed WACZ is valid" in proc.stdout, proc.stdout + proc.stderr


def test_contents(packed):
    root, out, fetched = packed
    with zipfile.ZipFile(out) as z:
        names = set(z.namelist())
        warcs = sorted(p.name for p in (root / "warc").glob("*.warc.gz"))
        assert {f"archive/{w}" for w in warcs} <= names
        assert {"datapackage.json", "datapackage-digest.json", "pages/pages.jsonl", "indexes/index.cdx.gz"} <= names
        package = json.loads(z.read("datapackage.json"))
        assert {r["path"] for r in package["resources"]} >= {f"archive/{w}" for w in warcs}
        assert all(r["hash"].startswith("sha256:") for r in package["resources"])
        cdxj = gzip.decompress(z.read("indexes/index.cdx.gz")).decode("utf-8")
        pages = [json.loads(line) for line in z.read("pages/pages.jsonl").decode("utf-8").splitlines()]
    captures = {}   # url -> (14-digit timestamp, CDXJ fields): the line format is "SURT TIMESTAMP {json}"
    for line in cdxj.splitlines():
        _surt, stamp, fields = line.split(" ", 2)
        captures[json.loads(fields)["url"]] = (stamp, json.loads(fields))
    assert set(captures) == set(PAGES)                              # every capture indexed, the list page too
    for url, (_stamp, fields) in captures.items():
        assert (fields["filename"], int(fields["offset"])) == (fetched[url]["warc_file"], fetched[url]["warc_offset"])
    assert pages[0]["format"] == "json-pages-1.0"
    by_url = {p["url"]: p for p in pages[1:]}
    assert set(by_url) == {u for u in PAGES if "list" not in u}     # one page per report with a raw response
    for url, page in by_url.items():
        assert iso_date_to_timestamp(page["ts"]) == captures[url][0]   # the capture its record was parsed from
        assert page["title"].endswith("政府信息公开工作年度报告") and page["id"].startswith("wacz")
        assert "年度报告" in page["text"]


def test_no_warcs_is_one_line(tmp_path, gia):
    Archive(tmp_path).write_record({"schema": 1, "id": "x1", "title": "t"})
    code, _out, err = gia("archive", "wacz", "--archive", tmp_path, "--out", tmp_path / "x.wacz")
    assert code == 1 and "no WARC files" in err and not (tmp_path / "x.wacz").exists()


def test_message_counts_what_was_left_out_and_relative_paths_work(packed, gia, tmp_path, monkeypatch):
    root, _out, _fetched = packed
    monkeypatch.chdir(root.parent)
    code, _o, err = gia("archive", "wacz", "--archive", root.name, "--out", "again.wacz")
    assert (root.parent / "again.wacz").is_file()
    assert code == 0 and "2 pages" in err and "1 report(s) have no raw response" in err and "valid" in err
