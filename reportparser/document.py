"""What every input format is turned into before the template mapper reads it.

Format readers (`reportparser.formats.*`) know bytes, encodings, PDF geometry and
Word merges; the mapper knows the templates. This is the only thing they share.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Cell:
    """One grid position of a table.

    `text` is the cell's text (whitespace inside a cell already joined: a header
    broken over lines or <span>s is one string). A merged cell (rowspan/colspan,
    Word gridSpan/vMerge, a PDF cell spanning ruling lines) keeps its text at its
    top-left position; the other positions it covers repeat the text with
    `spanned=True`, so a row label spanning eight rows labels all eight, while a
    number is never counted twice (readers of numbers skip spanned copies).
    """

    text: str
    spanned: bool = False

    def __repr__(self) -> str:  # compact in test failure output
        return f"Cell({self.text!r}{', spanned' if self.spanned else ''})"


Grid = list[list[Cell]]


@dataclass
class ExtractedDocument:
    """A report as text plus tables, whatever shape it arrived in.

    text:     the document's full text in reading order, tables included as lines
              (one table row per line, cells separated by tabs), so that text-only
              readers still see every number.
    tables:   grids rebuilt from real table structure (HTML <table>, DOCX tables,
              PDF ruling lines, XLS sheets). A table that crosses pages may arrive
              as several grids, the later ones without a header row.
    warnings: what the reader could not read, and where (scanned pages, bad bytes…).
    meta:     what the container says of itself: title, published date, source
              metadata table (发布机构, 成文日期…), media_type, pages, producer, encoding.
    """

    text: str
    tables: list[Grid] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
