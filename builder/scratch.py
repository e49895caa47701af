"""Records parsed by one build, held on disk until the build has grouped them and written the origins.

The build parses every changed candidate (a report's page, its mirror, its mobile copy …) before it
can tell which copy is the origin, so the parsed records must wait somewhere; memory would grow
with the crawl. They wait in a scratch SQLite file beside the state (`crawl/build-scratch.sqlite`),
compact JSON, no compression (it lives minutes), and the file is removed when the build ends — a
build killed halfway leaves one, removed by the next. The archive keeps each record once: in its
record file.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

NAME = "build-scratch.sqlite"


class Scratch:
    def __init__(self, state_dir: str | Path):
        self.path = Path(state_dir) / NAME
        self._remove()
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")   # scratch: a crash loses nothing the next build does not redo
        self.db.execute("CREATE TABLE records (report_key TEXT PRIMARY KEY, record TEXT)")

    def put(self, report_key: str, record: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO records VALUES (?,?)",
                        (report_key, json.dumps(record, ensure_ascii=False, separators=(",", ":"))))

    def get(self, report_key: str) -> dict | None:
        row = self.db.execute("SELECT record FROM records WHERE report_key=?", (report_key,)).fetchone()
        return json.loads(row[0]) if row else None

    def close(self) -> None:
        self.db.close()
        self._remove()

    def _remove(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def __enter__(self) -> "Scratch":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
