"""`gia archive export --format csv|jsonl|sqlite`: one flat row per report (search_cli.browse.flatten),
for pandas, R or Datasette. Files are written atomically: a failed export leaves no half file."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from gia.atomic import atomic_write_json
from gia.errors import GiaError
from gia.progress import Progress
from gia.terminal import neutralize
from search_cli.browse.flatten import COLUMNS, columns_for, flatten

FORMATS = ("csv", "jsonl", "sqlite")
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "text": "TEXT"}
DATASETTE_FACETS = ["year", "province", "level", "template", "agency_kind", "checks_failed"]


def flat_rows(archive, pairs, progress: Progress | None = None) -> list[dict]:
    rows = []
    for path, record in pairs:
        rel = path.relative_to(archive.root) if path.is_relative_to(archive.root) else path
        rows.append(flatten(record, str(rel)))
        if progress:
            progress.advance()
    return rows


def to_csv(rows: list[dict], names: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    # a CSV is read in terminals and spreadsheets: scraped control characters go in shown escaped (gia.terminal)
    writer.writerows({k: neutralize(v) if isinstance(v, str) else v for k, v in row.items()} for row in rows)
    return buf.getvalue()


def to_jsonl(rows: list[dict], names: list[str]) -> str:
    return "".join(json.dumps({n: row.get(n) for n in names}, ensure_ascii=False) + "\n" for row in rows)


def write_sqlite(target: Path, rows: list[dict], names: list[str], pairs) -> Path:
    """reports (one row each) + checks + warnings tables; a Datasette metadata file beside it."""
    types = {c.name: SQL_TYPES[c.type] for c in COLUMNS}
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".db", dir=target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        cols = ", ".join(f'"{n}" {types.get(n, "INTEGER" if n.startswith(("app_", "rev_")) else "REAL")}'
                         + (" PRIMARY KEY" if n == "id" else "") for n in names)
        db.execute(f"CREATE TABLE reports ({cols})")
        marks = ", ".join("?" for _ in names)
        quoted = ", ".join(f'"{n}"' for n in names)
        seen: set = set()
        unique = []
        for row in rows:  # two records sharing an id would break the primary key: keep the first
            if row.get("id") not in seen:
                seen.add(row.get("id"))
                unique.append(row)
        db.executemany(f"INSERT INTO reports ({quoted}) VALUES ({marks})",
                       [[row.get(n) for n in names] for row in unique])
        db.execute('CREATE TABLE checks (report_id TEXT REFERENCES reports(id), rule TEXT, ok INTEGER, '
                   '"where" TEXT, detail TEXT)')
        db.execute("CREATE TABLE warnings (report_id TEXT REFERENCES reports(id), warning TEXT)")
        for _path, record in pairs:
            rid = record.get("id")
            db.executemany('INSERT INTO checks VALUES (?, ?, ?, ?, ?)',
                           [(rid, c.get("rule"), int(bool(c.get("ok", True))), c.get("where"), c.get("detail"))
                            for c in record.get("checks") or []])
            db.executemany("INSERT INTO warnings VALUES (?, ?)", [(rid, w) for w in record.get("warnings") or []])
        for col in ("year", "province", "agency", "template"):
            db.execute(f'CREATE INDEX reports_{col} ON reports("{col}")')
        db.execute("CREATE INDEX checks_report ON checks(report_id)")
        db.commit()
        db.close()
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    meta = target.with_name(target.stem + ".metadata.json")
    atomic_write_json(meta, datasette_metadata(target.stem))
    return meta


def datasette_metadata(db_name: str) -> dict:
    """`datasette FILE.db -m FILE.metadata.json` opens the reports table with useful facets."""
    return {"title": "gia: 政府信息公开工作年度报告",
            "description": "One row per report; column meanings in docs/columns.md.",
            "databases": {db_name: {"tables": {
                "reports": {"facets": DATASETTE_FACETS, "sort_desc": "year", "label_column": "title"},
                "checks": {"facets": ["rule", "ok"]},
                "warnings": {}}}}}


def run(archive, pairs, args) -> int:
    try:
        return _run(archive, pairs, args)
    except OSError as exc:  # a full disk, a folder named like the file: one line, nothing half-written
        raise GiaError(f"cannot write {args.out}: {exc.strerror or exc}") from None


def _run(archive, pairs, args) -> int:
    fmt = args.format
    if fmt == "sqlite" and not args.out:
        raise GiaError("--format sqlite needs --out FILE.db")
    if args.out and not Path(args.out).parent.is_dir():  # fail before the work, not after
        raise GiaError(f"--out {args.out}: folder {Path(args.out).parent} does not exist")
    with Progress("export", total=len(pairs)) as progress:
        rows = flat_rows(archive, pairs, progress)
    names = columns_for(rows)
    if not args.all_columns:  # drop declared cells no exported report has (a blank cell still counts)
        present = {n for row in rows for n in row}
        names = [n for n in names if n in present]
    if fmt == "sqlite":
        out = Path(args.out)
        meta = write_sqlite(out, rows, names, pairs)
        print(f"wrote {len(rows)} reports × {len(names)} columns to {out} (Datasette: datasette {out} -m {meta})",
              file=sys.stderr)
        return 0
    text = to_csv(rows, names) if fmt == "csv" else to_jsonl(rows, names)
    if args.out:
        from gia.atomic import atomic_write_text
        out = Path(args.out)
        atomic_write_text(out, text)
        print(f"wrote {len(rows)} reports × {len(names)} columns to {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
