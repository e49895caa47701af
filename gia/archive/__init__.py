"""The archive: one package owns its layout and every file in it.

    ARCHIVE/
      reports/<province>/<city>/<agency>/<year>-<id>.json   JSON records, current and earlier versions (records.py)
      warc/*.warc.gz                                         every raw response (warc.py)
      crawl/state.sqlite                                     what was fetched, report parts, parse cache, runs (state.py)
      catalog.jsonl, index/                                  derived: rebuilt from reports/ at any time
      .lock                                                  held by the one writer, or shared by one crawl's workers (lock.py)

Ground floor: imports nothing of the project above `gia`.
"""

from gia.archive.lock import ArchiveBusy, ArchiveLock
from gia.archive.records import CATALOG_FIELDS, Archive
from gia.archive.state import CrawlStore
from gia.archive.warc import WarcRecordMissing, read_response

__all__ = ["Archive", "ArchiveBusy", "ArchiveLock", "CATALOG_FIELDS", "CrawlStore", "WarcRecordMissing", "read_response"]
