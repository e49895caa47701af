"""gia.archive.state's parse cache: a small summary per candidate by the signature of its inputs
(the record itself lives once, in the archive's record file); states written before, which kept
every parsed record whole (zlib-compressed, or JSON text before that), still read and are dropped."""

from __future__ import annotations

import json
import sqlite3
import zlib

from gia.archive.state import CrawlStore

RECORD = {"title": "某某县人民政府2021年政府信息公开工作年度报告", "agency": "某某县人民政府", "year": 2021,
          "text": "依据《中华人民共和国政府信息公开条例》" * 200}
SUMMARY = {"light": {"group": "某某县人民政府|2021", "site": "s", "via": None, "fetched_at": "2026-01-01T00:00:00Z",
                     "page_first": True, "made_of": ["http://h/a.html", "ab" * 32, "cd" * 32]}}


def test_a_candidates_summary_reads_back_by_its_signature(tmp_path):
    store = CrawlStore(tmp_path, run="r1")
    store.remember_candidate("k", "sig", SUMMARY)
    assert store.cached_summary("k", "sig") == SUMMARY
    assert store.cached_summary("k", "other") is None   # its inputs changed: parse again
    store.remember_candidate("n", "sig", {"light": None})   # not a report: remembered as such
    assert store.cached_summary("n", "sig") == {"light": None}
    store.forget_candidates()
    assert store.cached_summary("k", "sig") is None
    store.close()


def _legacy_state(tmp_path, value) -> None:
    store = CrawlStore(tmp_path, run="r1")
    store.close()
    db = sqlite3.connect(tmp_path / "crawl" / "state.sqlite")
    db.execute("INSERT INTO parsed VALUES (?,?,?)", ("k", "sig", value))
    db.commit()
    db.close()


def test_a_state_that_kept_whole_compressed_records_still_reads_them_once(tmp_path):
    _legacy_state(tmp_path, zlib.compress(json.dumps(RECORD, ensure_ascii=False).encode("utf-8")))
    store = CrawlStore(tmp_path, run="r2")
    assert store.legacy_record("k", "sig") == RECORD and store.legacy_record("k", "x") is None
    store.drop_legacy_records()
    assert store.legacy_record("k", "sig") is None
    assert store.db.execute("SELECT COUNT(*) FROM parsed").fetchone() == (0,)
    store.close()


def test_a_state_written_before_compression_still_reads(tmp_path):
    _legacy_state(tmp_path, json.dumps(RECORD, ensure_ascii=False))
    store = CrawlStore(tmp_path, run="r2")
    assert store.legacy_record("k", "sig") == RECORD
    store.close()
