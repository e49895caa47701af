"""`gia reparse [--archive DIR]`: re-derive every JSON record from the raw responses in the
archive's WARC files, with no network (after a parser upgrade, for example)."""

from __future__ import annotations

from gia.config import add_archive_argument, archive_dir
from gia.errors import GiaError


def configure(parser) -> None:
    add_archive_argument(parser)
    parser.add_argument("--workers", type=int, default=None, help="parser processes (default: CPU count, max 4)")


def run(args) -> int:
    from builder import build_records
    from gia.archive import ArchiveLock, CrawlStore
    from gia.progress import Progress

    root = archive_dir(args.archive)
    if not (root / "crawl" / "state.sqlite").exists():
        raise GiaError(f"no crawl state in {root} (nothing to reparse; run `gia crawl` or `gia demo` first)")
    with ArchiveLock(root, "reparsing"):
        store = CrawlStore(root, run="reparse")
        try:
            with Progress("reparse") as bar:   # a bar on a terminal, a few plain lines when piped
                summary = build_records(store, root, full=True, workers=args.workers, progress=bar)
        finally:
            store.close()
    print(f"reparsed {summary['parsed']} report(s) from the archive: {summary['reports']} record(s) — "
          f"new {summary['new']}, changed {summary['changed']}, updated {summary['updated']}, "
          f"unchanged {summary['unchanged']}; not reports {summary['not_reports']}"
          + (f"; pages OCR'd {summary['ocr_pages']}" if summary.get("ocr_pages") else ""))
    return 0
