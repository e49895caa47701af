"""Helpers for crawl tests: serve a SimFarm in this process, crawl it in a subprocess (Scrapy's
reactor starts only once per process), and compare the archive with the farm's manifest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from gia.archive import Archive
from reportparser import organs

REPO = Path(__file__).resolve().parents[2]
# No politeness delays on loopback. The download timeout is far above any simulated page's time (the
# sites run in their own process with every body rendered beforehand): a test that wants a timeout
# sets a shorter one beside a page that does not answer within it at any speed (test_crawl_faults).
FAST = dict(download_delay=0, autothrottle=False, concurrent_per_site=8, download_timeout=30, retry_times=1, progress_interval=0,
            retry_backoff=0.25)
HANG_SECONDS = 1800  # how long a crawl subprocess may run before a test calls it hung: a guard, never a speed limit


def crawl_cmd(registry: Path, archive: Path) -> list[str]:
    return [sys.executable, "-m", "search_cli.cli", "crawl", "--sites", str(registry), "--archive", str(archive), "--quiet",
            "--log-level", "ERROR"]


def crawl(registry: Path, archive: Path, timeout: float = HANG_SECONDS) -> subprocess.CompletedProcess:
    proc = subprocess.run(crawl_cmd(registry, archive), cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode in (0, 1, 3), proc.stderr[-3000:]  # 3: some site not read whole (crawler/command.py)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc


def last_stats(archive: Path) -> dict:
    return json.loads((archive / "crawl" / "last-run.json").read_text(encoding="utf-8"))


def identity(record: dict) -> tuple:
    """(agency, year) as the site listed the report — the crawler's business; what the parser reads
    from the body is the parser's (tested against the corpus elsewhere)."""
    listed = record["source"].get("listed_as") or {}
    return (listed.get("agency") or record["agency"], listed.get("year") or record["year"])


def compare(manifest: dict, archive: Path) -> dict:
    """What the archive holds against what the farm served."""
    records = list(Archive(archive).iter_records())
    # every agency the crawl produced is an organ or null, never a list's or site's stray string
    assert not [r["agency"] for r in records if r["agency"] is not None and not organs.is_organ(r["agency"])]
    found = Counter(identity(r) for r in records)
    expected = {(r["agency"], r["year"]): r for r in manifest["reports"] if r["expect"] == "archived"}
    not_expected = {(r["agency"], r["year"]) for r in manifest["reports"] if r["expect"] != "archived"}
    missing_urls = []
    for r in records:
        e = expected.get(identity(r))
        if e:
            missing_urls += [u for u in e["urls"] if u not in r["source"]["urls"]]
    return {"records": records, "missing": sorted(set(expected) - set(found)), "unexpected": sorted(set(found) - set(expected)),
            "duplicated": sorted(k for k, n in found.items() if n > 1), "missing_urls": missing_urls,
            "disallowed_archived": sorted(set(found) & not_expected)}


# Bodies served without readable tables: scans, error pages, cut files, image-only pages.
UNREADABLE_BODIES = {"scan-pdf", "pdf-html", "pdf-truncated", "images"}


def tables_of(record: dict) -> dict:
    t = record["tables"]
    return {"active": (t.get("active") or {}).get("rows"), "applications": t.get("applications"),
            "review_litigation": t.get("review_litigation")}


def checks_of(record: dict) -> list:
    """(rule, where, ok) of every check the parser could run (all its cells printed); the generator
    uses the parser's names (reportparser.checks), so they compare as they are."""
    return sorted((c["rule"], c["where"], c["ok"]) for c in record["checks"] if c["ok"] is not None)


def expected_checks(truth: dict) -> list:
    return sorted((c["rule"], c["where"], c["ok"]) for c in truth["expected_checks"])


def served_with_tables(farm, records: list[dict]) -> list[tuple[dict, dict]]:
    """(record, the generator's truth of what was served) for every archived report whose body
    carries its tables (not a scan, an error page, a cut file or an image-only page)."""
    from simsites import content

    by_identity = {(r.agency, r.year): r for r in farm.world.reports}
    out = []
    for rec in records:
        report = by_identity.get(identity(rec))
        if report is None or report.body in UNREADABLE_BODIES or "image-only report: OCR not done" in rec["warnings"]:
            continue
        out.append((rec, content.truth(report)))
    return out


def assert_reads_as_served(record: dict, truth: dict) -> None:
    """Every table cell as the generator decided it; every check as the generator broke it (or not)."""
    where = record["source"]["url"]
    assert tables_of(record) == tables_of(truth), where
    assert checks_of(record) == expected_checks(truth), where
