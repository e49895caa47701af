"""The crawl's memory inside the archive: raw responses (gia.archive.warc) and a SQLite index of them.

    ARCHIVE/warc/<run>-<n>.warc.gz      every fetched response (warcio; `warcio check` passes)
    ARCHIVE/crawl/state.sqlite           fetches (url → WARC file/offset, ETag, SHA-256),
                                         report parts (which responses make up which report),
                                         the parse cache and the crawl runs with their stats

Crash safety (kill -9 at any moment): a WARC record is appended and flushed before the SQLite row
that points to it is committed, and a torn `.open` WARC file is cut back to its last complete
record when the store opens. SQLite (WAL) is itself crash-safe, so a rerun sees exactly what was
durably fetched and nothing half-written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path

from gia.archive import warc
from gia.errors import GiaError

SCHEMA = """
CREATE TABLE IF NOT EXISTS fetches (
  url TEXT PRIMARY KEY, site TEXT, status INTEGER, etag TEXT, last_modified TEXT, sha256 TEXT,
  media_type TEXT, warc_file TEXT, warc_offset INTEGER, warc_length INTEGER, fetched_at TEXT, run TEXT);
CREATE TABLE IF NOT EXISTS parts (
  report_key TEXT, url TEXT, role TEXT, title TEXT, site TEXT, via TEXT, PRIMARY KEY (report_key, url));
CREATE TABLE IF NOT EXISTS parsed (report_key TEXT PRIMARY KEY, signature TEXT, record TEXT);
CREATE TABLE IF NOT EXISTS candidates (report_key TEXT PRIMARY KEY, signature TEXT, summary TEXT);
CREATE TABLE IF NOT EXISTS sites (id TEXT PRIMARY KEY, hints TEXT);
CREATE TABLE IF NOT EXISTS runs (run TEXT PRIMARY KEY, started TEXT, finished TEXT, stats TEXT);
"""


class StateUnusable(GiaError):
    """The crawl state database cannot be opened or written."""


def new_run_id() -> str:
    """A crawl run's name: UTC start time and pid (WARC file names begin with it)."""
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + f"-{os.getpid()}"


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class CrawlStore:
    def __init__(self, archive_root: str | os.PathLike, run: str | None = None):
        self.root = Path(archive_root)
        self.warc_dir = self.root / "warc"
        self.state_dir = self.root / "crawl"
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.run = run or new_run_id()
        self._lock = threading.Lock()
        path = self.state_dir / "state.sqlite"
        try:
            self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:   # damaged, read-only, disk full: nothing of this run can be kept
            raise StateUnusable(f"crawl state {path} cannot be used ({exc}); the WARC files in {self.warc_dir} "
                                "keep every response — move the state file aside to start it afresh") from None
        self.warc = warc.WarcWriter(self.warc_dir, self.run)
        self.resumed_runs: frozenset = frozenset()
        self.recover()

    def recover(self) -> list[str]:
        """Close WARC files a killed crawl left open (see gia.archive.warc.recover)."""
        return warc.recover(self.warc_dir)

    def close_warc(self) -> None:
        with self._lock:
            self.warc.close()

    def record_response(self, url: str, status: int, headers: list[tuple[str, str]], body: bytes, site: str | None,
                        media_type: str | None = None,
                        request: tuple[str, list[tuple[str, str]], bytes] | None = None) -> dict:
        """Append one response (and the request that fetched it) to the WARC and index it.
        Returns the fetch row."""
        with self._lock:
            where = self.warc.write_response(url, status, headers, body, request=request)
            hdr = {k.lower(): v for k, v in headers}
            row = {"url": url, "site": site, "status": status, "etag": hdr.get("etag"), "last_modified": hdr.get("last-modified"),
                   "sha256": where["sha256"], "media_type": media_type or hdr.get("content-type"),
                   "warc_file": where["warc_file"], "warc_offset": where["warc_offset"],
                   "warc_length": where["warc_length"], "fetched_at": now_iso(), "run": self.run}
            self.db.execute("INSERT OR REPLACE INTO fetches VALUES (:url,:site,:status,:etag,:last_modified,:sha256,"
                            ":media_type,:warc_file,:warc_offset,:warc_length,:fetched_at,:run)", row)
        return row

    def add_part(self, report_key: str, url: str, role: str, title: str | None, site: str | None, via: str | None = None) -> None:
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO parts VALUES (?,?,?,?,?,?)", (report_key, url, role, title, site, via))

    # --- reading ---------------------------------------------------------------------------
    def fetch(self, url: str) -> dict | None:
        cur = self.db.execute("SELECT * FROM fetches WHERE url=?", (url,))
        row = cur.fetchone()
        return dict(zip([c[0] for c in cur.description], row)) if row else None

    def read_body(self, fetch: dict) -> tuple[bytes, list[tuple[str, str]]]:
        """The raw payload and HTTP headers of an archived response (no network)."""
        return warc.read_response(self.warc_dir, fetch["warc_file"], fetch["warc_offset"])

    def report_keys(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT report_key FROM parts ORDER BY report_key")]

    def candidates_by_site(self) -> dict[str, int]:
        """Report candidates (links that looked like reports and were fetched) per site, before parsing."""
        return dict(self.db.execute("SELECT site, COUNT(DISTINCT report_key) FROM parts WHERE role IN ('page','file') GROUP BY site"))

    def parts_of(self, report_key: str) -> list[dict]:
        cur = self.db.execute("SELECT report_key,url,role,title,site,via FROM parts WHERE report_key=? ORDER BY role,url", (report_key,))
        return [dict(zip(("report_key", "url", "role", "title", "site", "via"), r)) for r in cur]

    # --- parse cache and runs ----------------------------------------------------------------
    # What the state keeps of a parse is a small summary per candidate (what grouping and ranking
    # need, and how to tell its record file), by the signature of its inputs: an unchanged report is
    # not parsed again. The record itself is kept once, in the archive's record file. States written
    # before kept every parsed record in `parsed` (zlib-compressed JSON, or JSON text before that):
    # they still read once, as `legacy_record`, and are dropped after the next build.
    def cached_summary(self, report_key: str, signature: str) -> dict | None:
        row = self.db.execute("SELECT summary FROM candidates WHERE report_key=? AND signature=?",
                              (report_key, signature)).fetchone()
        return json.loads(row[0]) if row else None

    def remember_candidate(self, report_key: str, signature: str, summary: dict) -> None:
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO candidates VALUES (?,?,?)",
                            (report_key, signature, json.dumps(summary, ensure_ascii=False, separators=(",", ":"))))

    def forget_candidates(self) -> None:
        self.db.execute("DELETE FROM candidates")

    def legacy_record(self, report_key: str, signature: str) -> dict | None:
        """A record an earlier state's parse cache kept whole (None when there is none)."""
        row = self.db.execute("SELECT record FROM parsed WHERE report_key=? AND signature=?", (report_key, signature)).fetchone()
        return _unpack_record(row[0]) if row else None

    def drop_legacy_records(self) -> None:
        if self.db.execute("SELECT 1 FROM parsed LIMIT 1").fetchone():
            self.db.execute("DELETE FROM parsed")
            self.db.execute("VACUUM")   # once: give the old copies' pages back to the disk

    def remember_sites(self, sites: dict) -> None:
        """The registry's hints about each site (region, level, agency), so `gia reparse` has them without the registry."""
        for sid, site in sites.items():
            hints = {"name": site.name, "province": site.province, "city": site.city, "county": site.county,
                     "level": site.level, "agency": site.agency}
            self.db.execute("INSERT OR REPLACE INTO sites VALUES (?,?)", (sid, json.dumps(hints, ensure_ascii=False)))

    def site_hints(self) -> dict[str, dict]:
        return {sid: json.loads(h) for sid, h in self.db.execute("SELECT id, hints FROM sites")}

    def begin_run(self) -> None:
        """Start this run; runs since the last finished one that never finished (killed, crashed)
        become `resumed_runs`: what they archived need not be fetched again."""
        self.resumed_runs = frozenset(r for (r,) in self.db.execute(
            "SELECT run FROM runs WHERE finished IS NULL AND started >= "
            "(SELECT COALESCE(MAX(started), '') FROM runs WHERE finished IS NOT NULL)"))
        self.db.execute("INSERT OR REPLACE INTO runs VALUES (?,?,?,?)", (self.run, now_iso(), None, None))

    def finish_run(self, stats: dict) -> None:
        self.db.execute("UPDATE runs SET finished=?, stats=? WHERE run=?", (now_iso(), json.dumps(stats, ensure_ascii=False), self.run))

    def close(self) -> None:
        self.close_warc()
        self.db.close()


def _unpack_record(value) -> dict | None:
    """A cached record: zlib-compressed JSON bytes, or JSON text as states before compression kept it."""
    if isinstance(value, (bytes, memoryview)):
        value = zlib.decompress(bytes(value)).decode("utf-8")
    return json.loads(value)
