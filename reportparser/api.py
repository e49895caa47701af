"""Public API: bytes / file / ExtractedDocument -> the contract's JSON record.

Record id: "r-" + the first 24 hex digits of sha256(normalized text + "\\0" +
agency + "\\0" + year). The same report read from another mirror or format
with the same text gets the same id; any change to the text changes it.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from reportparser import checks, fields, legacy, organs, regions, sections, tables
from reportparser.document import ExtractedDocument
from reportparser.normalize import to_simplified

SCHEMA = 1
# page furniture of paginated sources: '- 3 -', '第 3 页 共 6 页', '3/6'
_PAGE_FOOTER = re.compile(r"^[ \t]*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})[ \t]*$", re.M)
MAX_INPUT_BYTES = 60_000_000


def _extract(data: bytes, filename: str | None, media_type: str | None, url: str | None) -> ExtractedDocument:
    """Bytes -> ExtractedDocument through the format readers (which warn rather than raise).

    The net below is for a reader bug, not for bad input: the report still gets a record
    (with the reader's failure as a warning) and its raw bytes stay in the archive.
    """
    from reportparser import formats

    try:
        return formats.extract(data, filename, media_type, url=url)
    except Exception as exc:  # noqa: BLE001 - never let one reader's bug lose a report
        return ExtractedDocument(text="", warnings=[f"format reader failed ({type(exc).__name__}: {exc})"])


def parse_bytes(data: bytes, filename: str | None = None, media_type: str | None = None,
                url: str | None = None, source: dict | None = None,
                continuations: list[bytes] | None = None) -> dict:
    """One report's bytes -> the contract's record (never raises for bad input).

    continuations: the later pages of an article a CMS split over several pages
        (TRS `t…_1.html`, `_2` …), in order. Each is read on its own — so every page's
        content container is found, not just the first's — and their text and tables
        continue the first page's (a table cut by the page break continues as it does
        across PDF pages).

    filename / media_type: hints for what the bytes cannot tell apart (HTML vs text).
    url: where the report was fetched; its host also helps settle a shared place name
        (www.gl.nanjing.gov.cn -> 南京市鼓楼区), by the pinyin of the divisions' names.
    source: copied into the record's `source` (sha256, bytes, filename, media_type added).
        `source["hints"]` = {"province", "city", "county", "level", "agency", "title"} (any of
        them), e.g. from the crawler's site registry and list page, is used when the report
        itself does not settle a field: a place name shared by several divisions (鼓楼区 in
        福州/南京/徐州/开封) after the agency and the text; the agency and year are candidates
        like any other (validated as an organ, weakest of all: agency_source "hint"); the level
        when it is unknown. The text always wins; a hint it contradicts is a warning.
    """
    src = dict(source or {})
    src.setdefault("url", url)
    src["sha256"] = hashlib.sha256(data).hexdigest()
    src.setdefault("bytes", len(data))
    if filename:
        src.setdefault("filename", os.path.basename(filename))
    warnings = []
    if len(data) > MAX_INPUT_BYTES:
        warnings.append(f"input of {len(data)} bytes cut to {MAX_INPUT_BYTES}")
        data = data[:MAX_INPUT_BYTES]
    if not data.strip():
        doc = ExtractedDocument(text="", warnings=["empty input: nothing to read"])
    else:
        doc = _extract(data, filename, media_type, url)
    for page in continuations or ():
        doc = _continued(doc, _extract(page[:MAX_INPUT_BYTES], filename, media_type, url))
    doc.warnings[:0] = warnings
    src.setdefault("media_type", media_type or doc.meta.get("media_type"))
    if url is None and doc.meta.get("url"):
        src["url"] = doc.meta["url"]
    return parse_document(doc, src)


def _continued(doc: ExtractedDocument, more: ExtractedDocument) -> ExtractedDocument:
    """One document from a page and the page that continues it (the first page's metadata wins)."""
    return ExtractedDocument(text=f"{doc.text}\n{more.text}", tables=doc.tables + more.tables,
                             warnings=doc.warnings + more.warnings, meta={**more.meta, **doc.meta})


def parse_file(path, url: str | None = None) -> dict:
    """Parse a file. At most MAX_INPUT_BYTES are read (a 3 GB file, /dev/zero, a FIFO: the rest is
    never loaded; the record says it was cut)."""
    p = Path(path)
    with open(p, "rb") as fh:
        data = fh.read(MAX_INPUT_BYTES + 1)
    # file names are bytes on Linux: one that is not UTF-8 is kept readable (U+FFFD), and the JSON valid
    shown = os.fsencode(p).decode("utf-8", "replace")
    return parse_bytes(data, filename=os.path.basename(shown), url=url, source={"path": shown})


def parse_document(doc: ExtractedDocument, source: dict | None = None) -> dict:
    source = dict(source or {})
    warnings = list(doc.warnings)
    text, script = to_simplified(_PAGE_FOOTER.sub("", doc.text or ""))
    meta = {k: (to_simplified(v)[0] if isinstance(v, str) else v) for k, v in (doc.meta or {}).items()}

    # tables: grids (numbers from non-spanned cells) when the reader rebuilt them, else the text
    found = None
    if doc.tables:  # grids first (numbers from non-spanned cells); the text fills what they lack
        template = tables.detect_template(text)
        gt, _ = to_simplified(tables.grids_text(doc.tables, warnings, template))
        from_grids = tables.read_tables(gt, narrative_text=text, template=template, text_headers=False)
        if len(from_grids.found) == 3:
            found = from_grids
        elif from_grids.found:
            found = tables.merge(from_grids, tables.read_tables(text))
    if found is None:
        found = tables.read_tables(text)
    warnings += found.warnings

    hints = source.get("hints") if isinstance(source.get("hints"), dict) else {}
    about = fields.read(text, meta, hints)   # title, agency (validated organ or None) + agency_source, year, published
    warnings += about.warnings
    title, year, agency = about.title, about.year, about.agency
    printed_agency = agency if about.agency_source != "hint" else None
    place = regions.resolve(agency or "", text, source.get("url") or meta.get("url") or "", hints,
                            agency_places=organs.short_places(agency))
    if place.note:
        warnings.append(place.note)
    warnings += _hint_conflicts(place, hints)
    template = found.template
    if template == "unknown" and not found.found and year and year <= 2018:
        template = "legacy"
    record_tables: dict = {}
    if found.active.get("rows"):
        record_tables["active"] = found.active
    if found.applications:
        record_tables["applications"] = found.applications
    if found.review_litigation:
        record_tables["review_litigation"] = found.review_litigation
    warnings += _missing(found, template)

    secs = sections.split_sections(text)
    if not any(secs.values()) and text:
        warnings.append("no numbered section headings found")
    record = {
        "schema": SCHEMA,
        "id": record_id(text, printed_agency, year),   # what the report prints: the same id with or without hints
        "title": title,
        "agency": agency,
        "agency_source": about.agency_source,
        "agency_kind": fields.agency_kind(agency),
        "level": _level(agency, place, hints),
        "province": place.province,
        "city": place.city,
        "county": place.county,
        "year": year,
        "published": about.published,
        "catalogue": about.catalogue,
        "template": template,
        "script": script,
        "source": source,
        "text": text,
        "sections": secs,
        "tables": record_tables,
        "inferred": _inferred(found, record_tables),
        "checks": checks.run_checks(record_tables, template, _inferred(found, record_tables)),
        "warnings": warnings,
    }
    if (doc.meta or {}).get("ocr"):   # pages read by OCR: which, and where each number came from
        from reportparser.ocr_cells import annotate
        annotate(record, doc.meta["ocr"])
    if template in ("legacy", "unknown") and text:
        figures = legacy.prose_figures(text)
        if figures:
            record["prose_figures"] = figures
    return record


def _inferred(found: tables.TableResult, record_tables: dict) -> dict:
    """Per table and row, which cells the identities or priors chose (see docs/parser.md)."""
    return {name: rows for name, rows in found.inferred.items() if name in record_tables and rows}


def _level(agency, place: regions.Place, hints: dict) -> str:
    level = fields.level_of(agency, place)
    if level == "unknown" and hints.get("level") in fields.LEVELS:
        return hints["level"]
    return level


def _hint_conflicts(place: regions.Place, hints: dict) -> list[str]:
    """The text settled the place, and the source's hints name another: say so (the text wins)."""
    out = []
    for key in ("province", "city", "county"):
        hinted, got = hints.get(key), getattr(place, key)
        if hinted and got and regions._short(str(hinted)) != regions._short(got):
            out.append(f"source hints say {key} {hinted}, the report says {got}; kept {got}")
    return out


def _missing(found: tables.TableResult, template: str) -> list[str]:
    from reportparser.templates import TEMPLATES
    tpl = TEMPLATES.get(template)
    if tpl is None:
        return []
    out = []
    for name, label in (("active", "table 2 (主动公开)"), ("applications", "table 3 (收到和处理申请)"),
                        ("review_litigation", "table 4 (行政复议、行政诉讼)")):
        if name not in found.found:
            out.append(f"{label} not found in the document")
    if found.applications:
        wanted = set(tpl.expected_outcomes(found.applications)) | {"new", "carried_over", "total_handled", "carried_forward"}
        missing = [r.label for r in tpl.applications if r.key in wanted and r.key not in found.applications]
        if missing:
            out.append("table 3 rows missing: " + "; ".join(missing))
    if "active" in found.found:
        rows = found.active.get("rows", {})
        missing = [r.label for item in tpl.active for r in item.rows if r.key not in rows]
        if missing:
            out.append("table 2 rows missing: " + "; ".join(missing))
    return out


def record_id(text: str, agency: str | None, year: int | None) -> str:
    norm = " ".join(text.split())
    h = hashlib.sha256(f"{norm}\0{agency or ''}\0{year or ''}".encode("utf-8")).hexdigest()
    return "r-" + h[:24]
