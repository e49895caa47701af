"""`gia archive merge SRC… --into DST`: merge archives into one — the folders of a shared crawl's
workers that ran on machines without a common folder (`gia crawl --redis`), or any archives of
the same registry.

The raw data first (gia/archive/merge.py): WARC files copied, crawl states merged. Then the
records are built from the merged state (builder/: a report whose page one worker fetched and
whose attachment another did is whole only here; copies are grouped and versions written as a
crawl's build does), and whatever the sources' records hold that no state rebuilt — an earlier
version, an archive without crawl state — is added by content hash, never twice. The catalog is
rewritten, and a search index DST already has is brought up to date.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path

from gia.errors import GiaError


def configure(sub) -> None:
    merge = sub.add_parser("merge", help="merge archives (e.g. the workers' of a shared crawl) into one: WARC files, "
                                         "crawl state, records by content hash (versions kept), index updated")
    merge.add_argument("sources", nargs="+", metavar="SRC", help="archive folders to merge from (left as they are)")
    merge.add_argument("--into", metavar="DST", required=True, help="the archive to merge into (made if absent)")


def run(args) -> int:
    from builder import build_records
    from gia.archive import Archive, ArchiveLock, CrawlStore
    from gia.archive.merge import merge_raw, merge_records

    into = Path(args.into)
    sources = [Path(s) for s in args.sources]
    for src in sources:
        if not ((src / "warc").is_dir() or (src / "reports").is_dir()):
            raise GiaError(f"{src} is not an archive (no warc/ or reports/ folder)")
        if src.resolve() == into.resolve():
            raise GiaError(f"{src} is the archive merged into; name it only after --into")
    raw = []
    with ExitStack() as locks:
        locks.enter_context(ArchiveLock(into, "merging into it"))
        for src in sources:   # no crawl may still write a source while it is read
            locks.enter_context(ArchiveLock(src, "merging from it"))
        store = CrawlStore(into, run=f"merge-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}")
        try:
            for src in sources:
                raw.append(merge_raw(src, store))
            built = build_records(store, into) if store.report_keys() else None
        finally:
            store.close()
        added = [merge_records(src, into, earlier_only=(src / "crawl" / "state.sqlite").exists()) for src in sources]
        lines = Archive(into).write_catalog()
    indexed = None
    if (into / "index").is_dir():
        from indexer.update import update_index

        indexed = update_index(into)
    print(f"merged {len(sources)} archive(s) into {into}: {sum(r['warc_copied'] for r in raw)} WARC file(s) copied "
          f"({sum(r['warc_same'] for r in raw)} there already), "
          f"{sum((r['rows_added'] or {}).get('fetches', 0) for r in raw)} fetch(es) and "
          f"{sum((r['rows_added'] or {}).get('parts', 0) for r in raw)} report part(s) added to the crawl state")
    if built is not None:
        print(f"records built from the merged state: {built['reports']} — new {built['new']}, changed {built['changed']}, "
              f"updated {built['updated']}, unchanged {built['unchanged']}")
    print(f"records from the sources: {sum(a['added'] for a in added)} added, {sum(a['versions_added'] for a in added)} "
          f"kept as earlier versions, {sum(a['already_there'] for a in added)} already there (same content); "
          f"catalog: {lines} record(s)" + (f"; index: {indexed['total']} document(s)" if indexed else ""))
    return 0
