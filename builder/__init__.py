"""The build: archived responses in, JSON records out — the stage between the crawl and the index.

The crawler calls it when a crawl ends and `gia reparse` calls it on its own; it needs no Scrapy
and no network, only the archive (gia.archive) and the parser (reportparser).
"""

from builder.build import build_records

__all__ = ["build_records"]
