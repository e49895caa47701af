"""`gia archive export --format csv|jsonl|sqlite|xlsx`: one flat row per report (search_cli.browse.flatten),
for pandas, R, Datasette or Excel. SQLite adds the long tables (cells, checks, warnings) and a
Chinese full-text index (search_cli.browse.sqlitedb); Excel a 报告 and a 数据 sheet
(search_cli.browse.xlsx). Files are written atomically: a failed export leaves no half file."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from gia.atomic import atomic_write_json, atomic_write_text
from gia.errors import GiaError
from gia.progress import Progress
from gia.spreadsheet import cell
from search_cli.browse.flatten import columns_for, flatten

FORMATS = ("csv", "jsonl", "sqlite", "xlsx")
BOM = "\ufeff"   # Excel reads a CSV as UTF-8 only when it starts with one


def flat_rows(archive, pairs, progress: Progress | None = None) -> list[dict]:
    rows = []
    for path, record in pairs:
        rel = path.relative_to(archive.root) if path.is_relative_to(archive.root) else path
        rows.append(flatten(record, str(rel)))
        if progress:
            progress.advance()
    return rows


def to_csv(rows: list[dict], names: list[str], bom: bool = False) -> str:
    buf = io.StringIO()
    if bom:
        buf.write(BOM)
    writer = csv.DictWriter(buf, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    # a CSV is read in spreadsheets and terminals: no scraped formula, no control character (gia.spreadsheet)
    writer.writerows({k: cell(v) for k, v in row.items()} for row in rows)
    return buf.getvalue()


def to_jsonl(rows: list[dict], names: list[str]) -> str:
    return "".join(json.dumps({n: row.get(n) for n in names}, ensure_ascii=False) + "\n" for row in rows)


def run(archive, pairs, args) -> int:
    try:
        return _run(archive, pairs, args)
    except OSError as exc:  # a full disk, a folder named like the file: one line, nothing half-written
        raise GiaError(f"cannot write {args.out}: {exc.strerror or exc}") from None


def _check_arguments(args) -> None:
    fmt = args.format
    if fmt in ("sqlite", "xlsx") and not args.out:
        raise GiaError(f"--format {fmt} needs --out FILE")
    if args.bom and fmt != "csv":
        raise GiaError("--bom is for --format csv")
    if args.metadata and fmt != "sqlite":
        raise GiaError("--metadata is for --format sqlite")
    for flag, value in (("--out", args.out), ("--metadata", args.metadata)):
        if value and not Path(value).parent.is_dir():  # fail before the work, not after
            raise GiaError(f"{flag} {value}: folder {Path(value).parent} does not exist")


def _run(archive, pairs, args) -> int:
    _check_arguments(args)
    fmt = args.format
    with Progress("export", total=len(pairs)) as progress:
        rows = flat_rows(archive, pairs, progress)
    names = columns_for(rows)
    if not args.all_columns:  # drop declared cells no exported report has (a blank cell still counts)
        present = {n for row in rows for n in row}
        names = [n for n in names if n in present]
    records = [r for _p, r in pairs]
    shape = f"{len(rows)} reports × {len(names)} columns"
    if fmt == "sqlite":
        from search_cli.browse import sqlitedb
        out = Path(args.out)
        sqlitedb.write_sqlite(out, rows, names, records)
        meta = Path(args.metadata) if args.metadata else out.with_name(out.stem + ".metadata.json")
        atomic_write_json(meta, sqlitedb.datasette_metadata(out.stem, names))
        print(f"wrote {shape} (+ cells, checks, warnings, full text) to {out} "
              f"(Datasette: datasette {out} -m {meta})", file=sys.stderr)
        return 0
    if fmt == "xlsx":
        from search_cli.browse import xlsx
        cells = xlsx.write_xlsx(Path(args.out), rows, names, records)
        print(f"wrote {shape} (sheet {xlsx.REPORTS_SHEET}) and {cells} cells (sheet {xlsx.CELLS_SHEET}) to {args.out}",
              file=sys.stderr)
        return 0
    text = to_csv(rows, names, args.bom) if fmt == "csv" else to_jsonl(rows, names)
    if args.out:
        atomic_write_text(Path(args.out), text)
        print(f"wrote {shape} to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
