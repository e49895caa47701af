"""The crawl's memory inside the archive: raw responses in WARC files and a SQLite index of them.

    ARCHIVE/warc/<run>-<n>.warc.gz      every fetched response (warcio; `warcio check` passes)
    ARCHIVE/crawl/state.sqlite           fetches (url → WARC file/offset, ETag, SHA-256),
                                         report parts (which responses make up which report),
                                         the parse cache and the crawl runs with their stats

Crash safety (kill -9 at any moment): a WARC file being written is named `*.warc.gz.open`; a record
is appended and flushed before the SQLite row that points to it is committed, and `recover()`
truncates an `.open` file to its last complete record and renames it. SQLite (WAL) is itself
crash-safe, so a rerun sees exactly what was durably fetched and nothing half-written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import threading
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SCHEMA = """
CREATE TABLE IF NOT EXISTS fetches (
  url TEXT PRIMARY KEY, site TEXT, status INTEGER, etag TEXT, last_modified TEXT, sha256 TEXT,
  media_type TEXT, warc_file TEXT, warc_offset INTEGER, warc_length INTEGER, fetched_at TEXT, run TEXT);
CREATE TABLE IF NOT EXISTS parts (
  report_key TEXT, url TEXT, role TEXT, title TEXT, site TEXT, via TEXT, PRIMARY KEY (report_key, url));
CREATE TABLE IF NOT EXISTS parsed (report_key TEXT PRIMARY KEY, signature TEXT, record TEXT);
CREATE TABLE IF NOT EXISTS sites (id TEXT PRIMARY KEY, hints TEXT);
CREATE TABLE IF NOT EXISTS runs (run TEXT PRIMARY KEY, started TEXT, finished TEXT, stats TEXT);
"""
WARC_ROTATE_BYTES = 256 * 1024 * 1024
# Scrapy hands us the decoded body (gzip/chunked undone), so the archived headers must not claim an
# encoding the payload no longer has; Content-Length is rewritten to the stored payload's length.
_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


# warcio builds and serialises each record (uncompressed, into a reused buffer); the gzip member
# around it is ours, at zlib's default level 6 instead of warcio's fixed 9 (see gzip_member).
# One member per record, as warcio writes, so `warcio check`, pywb and ArchiveIterator read it alike.
GZIP_LEVEL = 6


class _RecordSerializer:
    def __init__(self):
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=False)

    def gzip_member(self, record) -> bytes:
        """One WARC record as its own gzip member."""
        self.buffer.seek(0)
        self.buffer.truncate()
        self.writer.write_record(record)
        packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        return packer.compress(self.buffer.getbuffer()) + packer.flush()


def now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class CrawlStore:
    def __init__(self, archive_root: str | os.PathLike, run: str | None = None):
        self.root = Path(archive_root)
        self.warc_dir = self.root / "warc"
        self.state_dir = self.root / "crawl"
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.run = run or time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + f"-{os.getpid()}"
        self._lock = threading.Lock()
        self.db = sqlite3.connect(self.state_dir / "state.sqlite", check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self._warc_fh = None
        self._warc_name = None
        self._warc_seq = 0
        self._records = _RecordSerializer()
        self.resumed_runs: frozenset = frozenset()
        self.recover()

    # --- crash recovery ------------------------------------------------------------------
    def recover(self) -> list[str]:
        """Close WARC files a killed crawl left open: keep every complete record, drop a torn tail."""
        fixed = []
        for path in sorted(self.warc_dir.glob("*.warc.gz.open")):
            good = 0
            try:
                with open(path, "rb") as fh:
                    it = ArchiveIterator(fh)
                    for record in it:
                        record.content_stream().read()
                        good = it.get_record_offset() + it.get_record_length()
            except Exception:  # noqa: BLE001 - a torn gzip member ends the good part
                pass
            with open(path, "r+b") as fh:
                fh.truncate(good)
            final = path.with_name(path.name[: -len(".open")])
            if good:
                os.replace(path, final)
            else:
                path.unlink()
            fixed.append(final.name)
        return fixed

    # --- writing ---------------------------------------------------------------------------
    def _open_warc(self) -> None:
        if self._warc_fh is None or self._warc_fh.tell() > WARC_ROTATE_BYTES:
            self.close_warc()
            self._warc_seq += 1
            self._warc_name = f"{self.run}-{self._warc_seq:05d}.warc.gz"
            self._warc_fh = open(self.warc_dir / (self._warc_name + ".open"), "ab")

    def close_warc(self) -> None:
        if self._warc_fh is not None:
            self._warc_fh.close()
            os.replace(self.warc_dir / (self._warc_name + ".open"), self.warc_dir / self._warc_name)
            self._warc_fh = None

    def record_response(self, url: str, status: int, headers: list[tuple[str, str]], body: bytes, site: str | None,
                        media_type: str | None = None) -> dict:
        """Append one response to the WARC and index it. Returns the fetch row."""
        sha = hashlib.sha256(body).hexdigest()
        with self._lock:
            self._open_warc()
            http_headers = [(k, v) for k, v in headers if k.lower() not in _DROP_HEADERS]
            http_headers.append(("Content-Length", str(len(body))))
            sh = StatusAndHeaders(f"{status} OK" if status == 200 else str(status), http_headers, protocol="HTTP/1.1")
            rec = self._records.writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=sh)
            offset = self._warc_fh.tell()
            self._warc_fh.write(self._records.gzip_member(rec))
            self._warc_fh.flush()
            length = self._warc_fh.tell() - offset
            hdr = {k.lower(): v for k, v in headers}
            row = {"url": url, "site": site, "status": status, "etag": hdr.get("etag"), "last_modified": hdr.get("last-modified"),
                   "sha256": sha, "media_type": media_type or hdr.get("content-type"), "warc_file": self._warc_name,
                   "warc_offset": offset, "warc_length": length, "fetched_at": now_iso(), "run": self.run}
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
        path = self.warc_dir / fetch["warc_file"]
        if not path.exists():
            path = path.with_name(path.name + ".open")
        with open(path, "rb") as fh:
            fh.seek(fetch["warc_offset"])
            for record in ArchiveIterator(fh):
                return record.content_stream().read(), list(record.http_headers.headers)
        raise FileNotFoundError(f"no WARC record at {fetch['warc_file']}:{fetch['warc_offset']}")

    def report_keys(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT report_key FROM parts ORDER BY report_key")]

    def candidates_by_site(self) -> dict[str, int]:
        """Report candidates (links that looked like reports and were fetched) per site, before parsing."""
        return dict(self.db.execute("SELECT site, COUNT(DISTINCT report_key) FROM parts WHERE role IN ('page','file') GROUP BY site"))

    def parts_of(self, report_key: str) -> list[dict]:
        cur = self.db.execute("SELECT report_key,url,role,title,site,via FROM parts WHERE report_key=? ORDER BY role,url", (report_key,))
        return [dict(zip(("report_key", "url", "role", "title", "site", "via"), r)) for r in cur]

    # --- parse cache and runs ----------------------------------------------------------------
    def cached_record(self, report_key: str, signature: str) -> dict | None:
        row = self.db.execute("SELECT record FROM parsed WHERE report_key=? AND signature=?", (report_key, signature)).fetchone()
        return json.loads(row[0]) if row else None

    def parsed_record(self, report_key: str) -> dict | None:
        row = self.db.execute("SELECT record FROM parsed WHERE report_key=?", (report_key,)).fetchone()
        return (json.loads(row[0]) or None) if row else None

    def cache_record(self, report_key: str, signature: str, record: dict | None) -> None:
        with self._lock:
            self.db.execute("INSERT OR REPLACE INTO parsed VALUES (?,?,?)",
                            (report_key, signature, json.dumps(record, ensure_ascii=False)))

    def clear_parse_cache(self) -> None:
        self.db.execute("DELETE FROM parsed")

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
