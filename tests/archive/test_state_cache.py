"""gia.archive.state's parse cache: compact and compressed, and states written before that still read."""

from __future__ import annotations

import json
import sqlite3

from gia.archive.state import CrawlStore

RECORD = {"title": "某某县人民政府2021年政府信息公开工作年度报告", "agency": "某某县人民政府", "year": 2021,
          "checks": [{"name": f"check-{i}", "ok": None if i % 3 else True, "cells": ["a", "b"]} for i in range(60)],
          "text": "依据《中华人民共和国政府信息公开条例》" * 200}


def test_a_cached_record_reads_back_equal_and_takes_a_fraction_of_its_json(tmp_path):
    store = CrawlStore(tmp_path, run="r1")
    store.cache_record("k", "sig", RECORD)
    assert store.cached_record("k", "sig") == RECORD and store.parsed_record("k") == RECORD
    assert store.cached_record("k", "other") is None
    [(stored,)] = store.db.execute("SELECT record FROM parsed").fetchall()
    assert len(stored) * 5 < len(json.dumps(RECORD, ensure_ascii=False).encode())
    store.close()


def test_a_not_a_report_entry_is_cached_as_empty(tmp_path):
    store = CrawlStore(tmp_path, run="r1")
    store.cache_record("k", "sig", {})
    assert store.cached_record("k", "sig") == {} and store.parsed_record("k") is None
    store.close()


def test_a_state_written_before_compression_still_reads(tmp_path):
    store = CrawlStore(tmp_path, run="r1")
    store.close()
    db = sqlite3.connect(tmp_path / "crawl" / "state.sqlite")
    db.execute("INSERT INTO parsed VALUES (?,?,?)", ("k", "sig", json.dumps(RECORD, ensure_ascii=False)))
    db.commit()
    db.close()
    store = CrawlStore(tmp_path, run="r2")
    assert store.cached_record("k", "sig") == RECORD
    store.close()
