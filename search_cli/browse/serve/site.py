"""The archive as the web view reads it: a directory of its records (id -> file, agency -> its
reports), the one door to the search index, and the archived originals in the WARC files.

Search results come only from the index, through `search_cli.search` — the function behind
`gia-search --json` — so the page, the JSON API and the command line count the same reports.
The directory serves what the index cannot: a report page, its agency's other years, the raw
original. It keeps a few names per record, not the records, and is rebuilt when a record
file changes (a running crawl shows up without a restart).

A record file the view cannot show (not a JSON object, a year that is not a whole number, a
table that is not a table …) is left out with one warning on stderr per file version, never
an error page for everything else.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from gia.archive import Archive, read_response

# The record keys the pages read, with the JSON types they must have when present.
_SHAPE = {"id": (str, int), "title": str, "agency": str, "agency_kind": str, "level": str, "province": str,
          "city": str, "county": str, "published": str, "template": str, "script": str,
          "tables": dict, "sections": dict, "source": dict, "checks": list, "warnings": list, "text": str}
_JSON_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}
# How often the directory looks for changed record files (a walk of reports/ with a stat per file).
REFRESH_SECONDS = 2.0
_MEDIA_SUFFIX = {"text/html": ".html", "application/pdf": ".pdf", "text/plain": ".txt",
                 "application/msword": ".doc", "application/vnd.ms-excel": ".xls",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx"}


def record_problem(record) -> str | None:
    """Why the web view cannot show this record, or None when it can."""
    if not isinstance(record, dict):
        return f"not a JSON object but {_JSON_TYPES.get(type(record), type(record).__name__)}"
    year = record.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        return f"year {json.dumps(year, ensure_ascii=False)} is not a whole number"
    for key, kind in _SHAPE.items():
        value = record.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
            return f"{key} is {_JSON_TYPES.get(type(value), type(value).__name__)}"
    for name, table in (record.get("tables") or {}).items():
        if table is not None and not isinstance(table, dict):
            return f"tables.{name} is {_JSON_TYPES.get(type(table), type(table).__name__)}"
    for key in ("checks",):
        if any(not isinstance(c, dict) for c in record.get(key) or []):
            return f"{key} holds something that is not an object"
    warc = (record.get("source") or {}).get("warc")
    if warc is not None and not isinstance(warc, dict):
        return "source.warc is not an object"
    return None


@dataclass(frozen=True)
class Entry:
    """What the directory keeps of one record."""

    path: Path
    agency: str | None
    year: int | None


@dataclass(frozen=True)
class Original:
    """An archived original response, as read back from its WARC record."""

    body: bytes
    media_type: str
    filename: str
    sha256: str


class Site:
    def __init__(self, root):
        self.archive = Archive(root)
        self.root = self.archive.root
        self._lock = threading.Lock()
        self._search_lock = threading.Lock()  # one Whoosh searcher, shared: one search at a time
        self._stamp = None
        self._checked = float("-inf")
        self.entries: dict[str, Entry] = {}
        self.skipped: dict[str, str] = {}  # id (or file) -> why the view leaves it out
        self._warned: set[tuple[str, int]] = set()

    # --- the directory ------------------------------------------------------------------------
    def _current_stamp(self):
        paths = list(self.archive.record_paths())
        return len(paths), max((p.stat().st_mtime_ns for p in paths if p.exists()), default=0)

    def refresh(self) -> None:
        with self._lock:
            if time.monotonic() - self._checked < REFRESH_SECONDS:
                return
            self._checked = time.monotonic()
            stamp = self._current_stamp()
            if stamp == self._stamp:
                return
            entries: dict[str, Entry] = {}
            skipped: dict[str, str] = {}
            for path in self.archive.record_paths():
                record, problem = self._load(path)
                rid = str(record.get("id")) if isinstance(record, dict) and record.get("id") is not None else None
                if problem:
                    skipped[rid or str(path.relative_to(self.root))] = problem
                    continue
                rid = rid or str(path.relative_to(self.root))
                entries.setdefault(rid, Entry(path, record.get("agency"), record.get("year")))
            self.entries, self.skipped, self._stamp = entries, skipped, stamp

    def _load(self, path: Path):
        """(record, None) or (whatever was read, why it cannot be shown), warning once per file version."""
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            problem = record_problem(record)
        except (OSError, ValueError) as exc:
            record, problem = None, f"unreadable ({exc})"
        if problem:
            try:
                key = (str(path), path.stat().st_mtime_ns)
            except OSError:
                key = (str(path), 0)
            if key not in self._warned:
                self._warned.add(key)
                print(f"gia serve: skipping record {path}: {problem}", file=sys.stderr)
        return record, problem

    def record(self, rid: str) -> dict | None:
        """The current record with this id, read from its file (None: no such report)."""
        entry = self.entries.get(rid)
        if entry is None:
            return None
        record, problem = self._load(entry.path)
        if problem:  # changed since the directory was built
            self.skipped[rid] = problem
            return None
        return record

    def series(self, record: dict) -> list[dict]:
        """Every shown report of the record's agency (itself included), oldest first."""
        agency = record.get("agency")
        if not agency:
            return [record]
        out = []
        for rid, entry in list(self.entries.items()):
            if entry.agency == agency:
                other = record if rid == str(record.get("id")) else self.record(rid)
                if other is not None:
                    out.append(other)
        return sorted(out, key=lambda r: (r.get("year") or 0, str(r.get("published") or ""), str(r.get("id"))))

    # --- the index ----------------------------------------------------------------------------
    def search(self, query: str, **request) -> dict:
        """`search_cli.search` on this archive: the result `gia-search --json` prints."""
        from search_cli import search

        with self._search_lock:
            return search(self.root, query, **request)

    # --- archived originals -------------------------------------------------------------------
    def original(self, record: dict) -> Original:
        """The archived original of a record (OSError/ValueError when it cannot be read)."""
        source = record.get("source") or {}
        warc = source.get("warc") or {}
        if not warc.get("file"):
            raise FileNotFoundError("this record names no WARC file")
        body, headers = read_response(self.archive.warc_dir, str(warc["file"]), int(warc.get("offset") or 0))
        media = next((v for k, v in headers if k.lower() == "content-type"), None)
        if body[:4] == b"%PDF":  # sites often send PDFs as application/octet-stream
            media = "application/pdf"
        media = media or source.get("media_type") or "application/octet-stream"
        return Original(body, media, original_filename(record, media), hashlib.sha256(body).hexdigest())


def original_filename(record: dict, media_type: str) -> str:
    """The file name a download of the original gets: the URL's last path segment when it has a
    suffix, else the record id with the media type's suffix."""
    url = str((record.get("source") or {}).get("url") or "")
    try:
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    except ValueError:
        name = ""
    if "." in name.strip(".") and not any(c in name for c in '\\/:*?"<>|\0'):
        return name
    suffix = _MEDIA_SUFFIX.get(media_type.split(";")[0].strip().lower(), ".bin")
    return f"{record.get('id')}{suffix}"
