"""From archived responses to JSON records: the stage after the crawl, and all of `gia reparse`.

For every report the spider saw (a detail page with its continuation pages and attachments, or a
directly linked file), read the raw bytes back from the WARC, pick the document that carries the
report (an attachment when there is one, else the page), parse it (reportparser, in a process pool
so PDFs never stall anything), and cache the parse by a signature of the inputs. Then group copies
of the same report (agency + year; `_wap`, big5 mirror, post_url, another site, 普通版/超链版),
choose the origin (the site's own page over mirrors and mobile copies), and write one record per
report with every URL as provenance. A changed report gets a new version; the old one is kept.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

from builder.filenames import attachment_name
from builder.scratch import Scratch
from builder.titles import is_report_title, split_title, to_simplified
from builder.workers import worker_pool
from gia.archive import Archive, CrawlStore, read_response
from reportparser import parse_bytes
from reportparser.normalize import decode

BUILD_VERSION = "11"  # bump to invalidate the parse cache when this stage changes
VIA_RANK = {None: 0, "": 0, "cross-site": 1, "post_url": 2, "wap": 3, "mirror": 4}
POOL_THRESHOLD = 12


PARSER_HINTS = ("province", "city", "county", "level", "agency")  # registry hints reportparser reads in source["hints"] (+ "title": the list's title)


def _media(headers) -> str | None:
    return next((v for k, v in headers if k.lower() == "content-type"), None)


_MAGIC_MEDIA = ((b"%PDF", "application/pdf"), (b"\xd0\xcf\x11\xe0", "application/msword"))


def _media_for_parser(body: bytes, filename: str, declared: str | None) -> str | None:
    """Servers label PDFs and office files application/octet-stream: tell the parser what the bytes are."""
    for magic, media in _MAGIC_MEDIA:
        if body.startswith(magic):
            return media
    if body.startswith(b"PK\x03\x04"):
        ext = filename.lower().rsplit(".", 1)[-1]
        return {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}.get(ext, declared)
    return declared


def _decode_html(body: bytes) -> str:
    return decode(body)[0]  # the parser's decoder: declared charset, GBK/big5 sniffing, no exceptions


def _is_document(body: bytes) -> bool:
    return body[:4] in (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def _is_image(body: bytes) -> bool:
    return body[:3] == b"\xff\xd8\xff" or body[:8] == b"\x89PNG\r\n\x1a\n"


def parse_job(job: dict) -> dict | None:
    """Build one candidate record from one report's archived parts (runs in a worker process)."""
    warc_dir = Path(job["archive"]) / "warc"
    loaded = []
    for part in job["parts"]:
        f = part["fetch"]
        body, headers = read_response(warc_dir, f["warc_file"], f["warc_offset"])
        loaded.append((part, body, headers))
    warnings = [f"{'attachment' if role == 'file' else 'page'} {url} not downloaded: {reason}"
                for url, reason, role in job.get("failed", [])]
    docs = [(p, b, h) for p, b, h in loaded if p["role"] == "file" and _is_document(b)]
    images = [b for p, b, h in loaded if p["role"] == "file" and _is_image(b)]   # scans of the report's pages
    for p, b, h in loaded:
        if p["role"] == "file" and not _is_document(b) and not _is_image(b):
            warnings.append(f"attachment {p['url']} is not a document ({_media(h) or 'unknown type'}, {len(b)} bytes)")
    pages = [(p, b, h) for p, b, h in loaded if p["role"] in ("page", "page_part")]
    continuations: list[bytes] = []
    if docs:
        part, body, headers = sorted(docs, key=lambda x: (len(x[0].get("title") or ""), x[0]["url"]))[0]
    elif pages:
        ordered = sorted(pages, key=lambda x: (x[0]["role"] != "page", x[0]["url"]))
        part, body, headers = ordered[0]
        continuations = [b for _, b, _ in ordered[1:]]  # an article split over t…_1.html pages
    else:
        part, body, headers = loaded[0]
    fetch = part["fetch"]
    site_hints = job.get("site_hints") or {}
    # what the site's list page called the report: a hint for the parser's candidates (validated like
    # any other, weakest of all), never a value that overwrites what the parser decided
    hint = next((p.get("title") for p, _, _ in loaded if p.get("title") and is_report_title(p.get("title"))), None)
    hint = to_simplified(re.sub(r"（(PDF|pdf|图片版|超链版)）|\.(pdf|docx?|wps)$", "", hint)) if hint else None
    hints = {k: site_hints[k] for k in PARSER_HINTS if site_hints.get(k)}
    if hint:
        hints["title"] = hint
    source = {"url": part["url"], "fetched_at": fetch["fetched_at"], "sha256": fetch["sha256"], "media_type": _media(headers),
              "warc": {"file": fetch["warc_file"], "offset": fetch["warc_offset"], "length": fetch["warc_length"]},
              "hints": hints}
    filename = attachment_name(part["url"], headers)
    media = _media_for_parser(body, filename, _media(headers))
    record = dict(parse_bytes(body, filename=filename, media_type=media, url=part["url"], source=source,
                              continuations=continuations))
    if not docs and images and not (record.get("tables") or {}).get("applications"):
        # the page prints no table 3: its tables are in the attached page images (OCR'd as continuations)
        record = dict(parse_bytes(body, filename=filename, media_type=media, url=part["url"], source=source,
                                  continuations=continuations + images))
    record.setdefault("warnings", [])
    if _is_document(body) and _garbled(record.get("text") or ""):
        # a broken file the parser read as junk: keep the raw response (it is in the WARC), index no junk text
        warnings.append(f"text of {part['url']} is garbled ({_garbled(record.get('text') or '')}); raw response kept, text not used")
        record["text"] = ""
    if not docs and pages and _image_only(body) and not images:
        warnings.append("image-only report: OCR not done")  # its <img> pages are not archived
    record["warnings"] = list(record["warnings"]) + warnings
    h_agency, h_year = split_title(hint)
    if not record.get("title") or not is_report_title(record.get("title")):
        record["title"] = hint or record.get("title")
    if not is_report_title(record.get("title")):
        return None  # a lookalike or an unrelated page: not a report
    if not docs and not _reads_like_report(record.get("text") or "", bool(warnings)) and not _image_only(body):
        return None  # an empty, error or placeholder page behind a report-like link
    src = dict(record.get("source") or {})
    src.update(source)
    norm = re.sub(r"\s+", "", to_simplified(record.get("text") or ""))
    src["content_sha256"] = hashlib.sha256((norm or body.hex()).encode()).hexdigest()
    src["parts"] = [{"url": p["url"], "role": p["role"], "sha256": p["fetch"]["sha256"], "media_type": _media(h),
                     "warc": {"file": p["fetch"]["warc_file"], "offset": p["fetch"]["warc_offset"]}} for p, _, h in loaded]
    src["parser"] = "reportparser"
    redirects = job.get("redirects") or []
    if redirects:  # how the report's URL was reached: every hop, then the final URL
        src["redirects"] = {"chain": [r["url"] for r in redirects] + [part["url"]], "final_url": part["url"],
                            "hops": [r["title"] for r in redirects]}
    src["site"] = part["site"]
    src["listed_as"] = {"title": hint, "agency": h_agency, "year": h_year}  # what the site's list called it
    record["source"] = src
    return record


def _garbled(text: str) -> str | None:
    """Why a parsed text is junk (U+FFFD, control and private-use characters from undecoded bytes), or None."""
    if len(text) < 50:
        return None
    bad = sum(1 for ch in text if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or (ch < " " and ch not in "\t\n\r"))
    share = bad / len(text)
    return f"{share:.0%} replacement/control characters" if share > 0.05 else None


def _image_only(body: bytes) -> bool:
    """An HTML page whose report is only <img> scans: images, next to no text of its own."""
    if _is_document(body) or b"<img" not in body.lower():
        return False
    html = _decode_html(body)
    m = re.search(r"<body[^>]*>(.*)</body>", html, re.S | re.I)
    inner = m.group(1) if m else html
    imgs = len(re.findall(r"<img\s", inner, re.I))
    text = re.sub(r"<h1[^>]*>.*?</h1>|<[^>]+>|\s+", "", inner, flags=re.S)
    return imgs >= 1 and len(re.findall(r"[\u4e00-\u9fff]", text)) < 40


REPORT_MARKERS = ("总体情况", "主动公开", "政府信息公开", "信息公开", "详见附件", "附件", "行政复议")


def _reads_like_report(text: str, has_broken_attachment: bool) -> bool:
    """A page is kept as a report when it says something a report says, or points to its file."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return has_broken_attachment or (cjk >= 40 and any(m in text for m in REPORT_MARKERS))


def _signature(parts: list[dict]) -> str:
    raw = BUILD_VERSION + "|" + "|".join(f"{p['role']}:{p['url']}:{p['fetch']['sha256']}" for p in parts)
    return hashlib.sha1(raw.encode()).hexdigest()


def _group_key(record: dict) -> str:
    """Copies of one report share agency + year: as the site's list names them when it does (the
    same on every copy), else as parsed; else the text hash."""
    listed = record["source"].get("listed_as") or {}
    agency, year = listed.get("agency"), listed.get("year")
    if not (agency and year):
        agency, year = record.get("agency"), record.get("year")
    agency = re.sub(r"\s+", "", agency or "")
    if agency and year:
        return f"{agency}|{year}"
    return "sha:" + record["source"]["content_sha256"]


def _job(store: CrawlStore, archive: Archive, hints_by_site: dict, key: str) -> dict | None:
    """The parse job of one candidate (its fetched parts, the failed ones, its redirects, the site's
    hints and the signature of all that), or None when none of its parts was fetched."""
    parts = store.parts_of(key)
    fetched = []
    failed = [(p["url"], p["title"], p["via"]) for p in parts if p["role"] == "failed"]  # title = reason, via = role
    redirects = sorted((p for p in parts if p["role"] == "alias" and p["via"] == "redirect"),
                       key=lambda p: int(re.search(r"hop (\d+)", p["title"] or "hop 0").group(1)))
    for p in parts:
        if p["role"] in ("alias", "failed"):
            continue
        f = store.fetch(p["url"])
        if f and f["status"] == 200 and f["warc_file"]:
            fetched.append({**p, "fetch": f})
    if not fetched:
        return None
    sig = _signature(fetched + [{"role": "failed", "url": u, "fetch": {"sha256": r}} for u, r, _ in failed])
    return {"key": key, "sig": sig, "parts": fetched, "archive": str(archive.root),
            "site_hints": hints_by_site.get(fetched[0]["site"]) or {}, "failed": failed, "redirects": redirects}


def candidate_jobs(store: CrawlStore, archive_root, keys=None) -> list[dict]:
    """Parse jobs of these candidates (default: all the state knows), e.g. to parse a mirror again."""
    archive, hints = Archive(archive_root), store.site_hints()
    return [j for k in (store.report_keys() if keys is None else keys) if (j := _job(store, archive, hints, k))]


def build_records(store: CrawlStore, archive_root, sites: dict | None = None, full: bool = False,
                  workers: int | None = None, progress=None) -> dict:
    """Parse what changed (everything when `full`), then write/refresh every record. Returns a summary.

    progress: a gia.progress.Progress-like object (`total`, `advance()`), advanced once per parse.

    Memory stays flat: this build's parsed records wait in a scratch file (builder/scratch.py), and
    only a small summary per candidate (group key, site, rank; kept in the state for the next build)
    is held until the records are written."""
    archive = Archive(archive_root)
    hints_by_site = store.site_hints()
    order = list(sites or hints_by_site)
    jobs, light = [], {}
    if full:
        store.forget_candidates()
    for key in store.report_keys():
        job = _job(store, archive, hints_by_site, key)
        if job is None:
            continue
        cached = None if full else store.cached_summary(key, job["sig"])
        if cached is None and not full:
            legacy = store.legacy_record(key, job["sig"])   # a state from before summaries: its whole record
            if legacy is not None:
                cached = {"light": _light(legacy, store.parts_of(key))}
                store.remember_candidate(key, job["sig"], cached)
        if cached is not None:
            light[key] = cached.get("light")
            continue
        jobs.append(job)
    if progress is not None:
        progress.total = len(jobs)
    ocr_pages = 0
    with Scratch(store.state_dir) as scratch:
        for job, record in zip(jobs, _run_jobs(jobs, workers)):
            ocr_pages += ((record or {}).get("ocr") or {}).get("pages_ocr", 0)
            light[job["key"]] = _light(record, store.parts_of(job["key"]))
            if record:
                scratch.put(job["key"], record)
            store.remember_candidate(job["key"], job["sig"], {"light": light[job["key"]]})
            if progress is not None:
                progress.advance()
        summary = _write(archive, store, light, len(jobs), {sid: i for i, sid in enumerate(order)}, scratch,
                         hints_by_site, workers)
    store.drop_legacy_records()
    summary["ocr_pages"] = ocr_pages
    return summary


def _light(record: dict | None, parts: list[dict]) -> dict | None:
    """What grouping and ranking need of a parsed record, and what tells its record file."""
    if not record:
        return None
    main = next((p for p in parts if p["role"] not in ("alias", "failed")), {})
    src = record["source"]
    return {"group": _group_key(record), "site": main.get("site"), "via": main.get("via"),
            "fetched_at": src.get("fetched_at") or "",
            "page_first": bool(src.get("parts")) and src["parts"][0]["role"] == "page",
            "made_of": _made_of(src)}


def _made_of(source: dict) -> list:
    """The raw inputs a record was parsed from: the same list means the same parse (with the
    signature's BUILD_VERSION), so a record file that says so need not be parsed again."""
    return [source.get("url"), source.get("sha256"), source.get("content_sha256")]


def _run_jobs(jobs: list[dict], workers: int | None):
    """Parsed records in job order, streamed (a process pool for more than a handful of jobs)."""
    if len(jobs) < POOL_THRESHOLD or workers == 1:
        yield from (parse_job(j) for j in jobs)
        return
    n = workers or max(1, min(4, os.cpu_count() or 1))
    # forkserver workers that end with this process, even after kill -9 (builder/workers.py), memory-capped
    with worker_pool(n, setup=_bound_worker) as pool:
        yield from pool.map(parse_job, jobs, chunksize=8)


WORKER_MEMORY = 3 * 1024 ** 3   # data-segment cap (RLIMIT_DATA) of a parse worker (OCR keeps its own RSS check at 1 GB)


def _bound_worker() -> None:
    """A parse worker cannot take the machine: its data segment is capped (a pathological PDF or
    image fails that document with MemoryError, reported in its record, instead of swapping), and
    OCR runs one engine thread (reportparser.formats.ocr: per-page time limit, RSS check)."""
    import resource

    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
        cap = WORKER_MEMORY if hard == resource.RLIM_INFINITY else min(WORKER_MEMORY, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (cap, hard))
    except (ValueError, OSError):
        pass
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


def _write(archive: Archive, store: CrawlStore, light: dict, parsed: int, site_order: dict, scratch: Scratch,
           hints_by_site: dict, workers: int | None) -> dict:
    """Group candidates into reports; the origin is the best-ranked copy: not a mirror/mobile/
    post_url copy, then the site listed first in the registry, then a page over a bare file.

    The origin's record is this build's parse (in the scratch file), else its record file when that
    was made of the same inputs; else (an unchanged copy that has become the origin) it is parsed
    again now."""
    groups: dict[str, list[tuple[str, dict]]] = {}
    not_reports = 0
    for key, info in light.items():
        if not info:
            not_reports += 1
            continue
        groups.setdefault(info["group"], []).append((key, info))
    outcome = {"new": 0, "changed": 0, "updated": 0, "unchanged": 0}
    by_site: dict[str, int] = {}
    current = archive.catalog_paths()
    for members in groups.values():
        members.sort(key=lambda m: m[0])
        members.sort(key=lambda m: m[1].get("fetched_at", ""), reverse=True)  # among equals, the latest copy
        members.sort(key=lambda m: (VIA_RANK.get(m[1]["via"], 5), site_order.get(m[1]["site"], len(site_order)),
                                    0 if m[1]["page_first"] else 1))

    def write(gkey: str, record: dict) -> None:
        result, sites_seen = _write_report(archive, store, current, gkey, groups[gkey], record)
        outcome[result] += 1
        for s in sites_seen:
            if s:
                by_site[s] = by_site.get(s, 0) + 1

    again = []   # origins whose record is neither this build's parse nor a record file of the same inputs
    for gkey, members in sorted(groups.items()):   # one record in memory at a time
        origin_key, origin_info = members[0]
        record = scratch.get(origin_key) or _from_record_file(archive, current, _report_id(gkey), origin_info)
        if record is None:
            again.append(gkey)
        else:
            write(gkey, record)
    jobs = [j for g in again if (j := _job(store, archive, hints_by_site, groups[g][0][0]))]
    by_key = {groups[g][0][0]: g for g in again}
    for job, record in zip(jobs, _run_jobs(jobs, workers)):
        if record:   # else its inputs no longer parse to a report (cannot happen with a fixed parser)
            write(by_key[job["key"]], record)
    parsed += len(jobs)
    lines = archive.write_catalog()
    return {"reports": len(groups), "parsed": parsed, "not_reports": not_reports, "catalog_lines": lines,
            "reports_by_site": by_site, **outcome}


def _write_report(archive: Archive, store: CrawlStore, current: dict, gkey: str, members: list, record: dict):
    """Write one report's record from its origin's parse, with every copy's URLs as provenance.
    Returns (write_version's outcome, the sites that hold a copy)."""
    origin_key, origin_info = members[0]
    record["id"] = _report_id(gkey)
    src = dict(record["source"])
    urls, dups, sites_seen = [], [], set()
    for key, _info in members:
        for p in store.parts_of(key):
            if p["url"] not in urls:
                urls.append(p["url"])
            sites_seen.add(p["site"])
            if (key != origin_key or p["role"] == "alias") and p["role"] in ("page", "file", "alias"):
                via = p["via"] or ("cross-site" if p["site"] != origin_info["site"] else "copy")
                dups.append({"url": p["url"], "via": via, "site": p["site"]})
    src["urls"] = urls
    src["duplicates"] = dups
    missing = [p["url"] for p in store.parts_of(origin_key) if p["role"] == "failed"]
    if missing:  # parts that could not be fetched: not a version of the report, replaced once they are
        src["incomplete"] = missing
    else:
        src.pop("incomplete", None)
    record["source"] = src
    old = current.get(record["id"])
    new = archive.record_relpath(record)
    if old and old != new and (archive.root / old).exists():
        archive.relocate(old, new)  # the parse now names another agency/region: move, don't duplicate
    _path, result = archive.write_version(record)
    return result, sites_seen


def _report_id(group_key: str) -> str:
    return hashlib.sha1(group_key.encode()).hexdigest()[:16]


def _from_record_file(archive: Archive, current: dict, report_id: str, info: dict) -> dict | None:
    """The archive's record of this report when it was made of the origin's very inputs."""
    rel = current.get(report_id)
    if rel is None:
        return None
    record, _problem = archive.read_record(archive.root / rel)
    if not isinstance(record, dict) or not isinstance(record.get("source"), dict):
        return None
    return record if _made_of(record["source"]) == info.get("made_of") else None


def main(argv=None) -> int:  # pragma: no cover - `python -m builder.build ARCHIVE`
    root = Path((argv or sys.argv[1:])[0])
    store = CrawlStore(root)
    print(build_records(store, root, full=True))
    return 0
