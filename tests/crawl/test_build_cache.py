"""The build keeps each record once (the record file), and an unchanged report is not parsed again:
the state keeps a summary per candidate, this build's parses wait in a scratch file that is gone
after it, an unchanged copy that becomes the origin is parsed again, and a state from before
(whole records in its parse cache) builds without parsing and is emptied."""

from __future__ import annotations

import json
import sqlite3
import zlib

import pytest

import builder.build as build
from builder.build import build_records, candidate_jobs, parse_job
from builder.scratch import NAME as SCRATCH
from gia.archive import Archive, CrawlStore


def _page(agency: str, year: int, extra: str = "") -> bytes:
    return (f"<html><head><title>{agency}{year}年政府信息公开工作年度报告</title></head><body>"
            f"<h1>{agency}{year}年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
            f"<p>{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息。{extra}</p>"
            "<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p></body></html>").encode()


def _archive(tmp_path, reports: dict[str, tuple[str, bytes, str | None]]):
    """url -> (site, body, via): one candidate per URL."""
    store = CrawlStore(tmp_path, run="20261201-000000-1")
    for url, (site, body, via) in reports.items():
        store.record_response(url, 200, [("Content-Type", "text/html; charset=utf-8")], body, site)
        store.add_part(url, url, "page", None, site, via)
    store.close_warc()
    return store


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = build.parse_job

    def counting(job):
        calls.append(job["key"])
        return real(job)
    monkeypatch.setattr(build, "parse_job", counting)
    return calls


def test_an_unchanged_archive_is_not_parsed_again_and_keeps_no_record_copy(tmp_path, counted):
    reports = {f"http://a.example.invalid/{y}.html": ("a", _page("洛阳市司法局", y, "详" * 400), None)
               for y in range(2019, 2024)}
    store = _archive(tmp_path, reports)
    first = build_records(store, tmp_path)
    assert first["new"] == 5 and len(counted) == 5
    assert not (tmp_path / "crawl" / SCRATCH).exists()
    counted.clear()
    again = build_records(store, tmp_path)
    assert counted == [] and again["unchanged"] == 5
    # the state keeps no copy of the records: its summaries are a small fraction of them
    summaries = sum(len(s) for (s,) in store.db.execute("SELECT summary FROM candidates"))
    records = sum(p.stat().st_size for p in Archive(tmp_path).record_paths())
    assert summaries * 5 < records
    assert store.db.execute("SELECT COUNT(*) FROM parsed").fetchone() == (0,)
    store.close()


def test_an_unchanged_copy_that_becomes_the_origin_is_parsed_again(tmp_path, counted):
    body = _page("洛阳市司法局", 2022)
    store = _archive(tmp_path, {"http://a.example.invalid/r.html": ("a", body, None),
                                "http://m.example.invalid/r_wap.html": ("a", body, "wap")})
    assert build_records(store, tmp_path)["reports"] == 1
    [path] = list(Archive(tmp_path).record_paths())
    assert json.loads(path.read_text())["source"]["url"] == "http://a.example.invalid/r.html"
    # the origin's page is gone from the state (its site dropped it): the mobile copy is the origin now
    store.db.execute("DELETE FROM parts WHERE url = 'http://a.example.invalid/r.html'")
    counted.clear()
    build_records(store, tmp_path)
    assert counted == ["http://m.example.invalid/r_wap.html"]   # its summary was cached; its record was not kept
    [path] = list(Archive(tmp_path).record_paths())
    assert json.loads(path.read_text())["source"]["url"] == "http://m.example.invalid/r_wap.html"
    store.close()


def test_a_scratch_file_left_by_a_killed_build_is_replaced(tmp_path):
    store = _archive(tmp_path, {"http://a.example.invalid/r.html": ("a", _page("洛阳市司法局", 2022), None)})
    (tmp_path / "crawl" / SCRATCH).write_bytes(b"half a file from a build killed mid-way")
    assert build_records(store, tmp_path)["new"] == 1
    assert not (tmp_path / "crawl" / SCRATCH).exists()
    store.close()


def test_a_state_from_before_builds_from_its_whole_records_without_parsing(tmp_path, counted):
    store = _archive(tmp_path, {"http://a.example.invalid/r.html": ("a", _page("洛阳市司法局", 2022), None)})
    [job] = candidate_jobs(store, tmp_path)
    record = parse_job(job)
    store.db.execute("INSERT INTO parsed VALUES (?,?,?)", (job["key"], job["sig"],
                     zlib.compress(json.dumps(record, ensure_ascii=False).encode())))
    counted.clear()
    summary = build_records(store, tmp_path)
    assert summary["new"] == 1
    # the summary came from the old cache; the origin's record was not in any record file yet: parsed once
    assert counted == [job["key"]]
    assert store.db.execute("SELECT COUNT(*) FROM parsed").fetchone() == (0,)
    counted.clear()
    assert build_records(store, tmp_path)["unchanged"] == 1 and counted == []
    store.close()
