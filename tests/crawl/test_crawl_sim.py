"""End to end: serve every simulated flavour and fault on 127.0.0.1, crawl it for real (in a
subprocess), and compare the archive with the manifest of what was served."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, assert_reads_as_served, compare, crawl, identity, last_stats, served_with_tables

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One hostile-profile farm, crawled once; later tests recrawl the same archive."""
    root = tmp_path_factory.mktemp("crawl")
    with SimFarm("hostile", slow_seconds=0.5) as farm:
        registry = farm.write_registry(root / "sites.toml", **FAST)
        crawl(registry, root / "archive")
        first = {"manifest": farm.manifest(), "stats": last_stats(root / "archive"),
                 "catalog": (root / "archive" / "catalog.jsonl").read_text(encoding="utf-8")}
        yield farm, registry, root / "archive", first


def test_sites_served_only_bodies_rendered_before_the_crawl(crawled):
    """No page waited for the report generator while the crawler asked for it (simsites/content.py)."""
    farm = crawled[0]
    assert farm.late_renders() == {}


def test_every_report_found_once_with_all_its_urls(crawled):
    _farm, _reg, archive, first = crawled
    result = compare(first["manifest"], archive)
    assert result["missing"] == []
    assert result["unexpected"] == []
    assert result["duplicated"] == []
    assert result["missing_urls"] == []
    assert result["disallowed_archived"] == []
    expected = [r for r in first["manifest"]["reports"] if r["expect"] == "archived"]
    assert len(result["records"]) == len(expected)


@pytest.mark.parametrize("flavour", ["T", "H", "G", "U", "P", "C", "M"])
def test_each_flavour_complete(crawled, flavour):
    _farm, _reg, archive, first = crawled
    result = compare(first["manifest"], archive)
    mine = {(r["agency"], r["year"]) for r in first["manifest"]["reports"] if r["site"] == flavour and r["expect"] == "archived"}
    if flavour == "U":
        mine = {(r["agency"], r["year"]) for r in first["manifest"]["reports"] if any("/sygfj/" in u for u in r["urls"])}
    assert mine, "the simulator serves reports of this flavour"
    got = {identity(r) for r in result["records"]}
    assert mine <= got


def test_duplicates_linked_with_the_original_as_origin(crawled):
    _farm, _reg, archive, first = crawled
    result = compare(first["manifest"], archive)
    t_netloc = first["manifest"]["sites"]["T"]["start_url"].split("/")[2]
    for r in result["records"]:
        urls = r["source"]["urls"]
        assert "/gate/big5/" not in r["source"]["url"] and not r["source"]["url"].endswith("_wap.html")
        if any("/gate/big5/" in u for u in urls):  # a mirrored T report: the T page is the origin
            assert r["source"]["url"].split("/")[2] == t_netloc
            assert any(d["via"] == "mirror" for d in r["source"]["duplicates"])


def test_site_statuses_match_the_faults(crawled):
    _farm, _reg, _archive, first = crawled
    statuses = {sid.removeprefix("sim-"): s["status"] for sid, s in first["stats"]["sites"].items()}
    expected = {name: s["expect_status"] for name, s in first["manifest"]["sites"].items()}
    assert statuses == expected
    reasons = {sid.removeprefix("sim-"): s["reason"] for sid, s in first["stats"]["sites"].items()}
    assert "瑞数" in reasons["blocked"] and "WAF" in reasons["waf"] and "robots" in reasons["robots"]
    assert "CAPTCHA" in reasons["captcha"]
    captcha = first["stats"]["sites"]["sim-captcha"]  # partial: the pages before the CAPTCHA archived (compare), the first CAPTCHA page named
    assert int(re.search(r"index_(\d+)\.html$", captcha["evidence"]).group(1)) >= _farm.sites["captcha"].first_captcha_page
    assert sum(r["expect"] == "captcha" for r in first["manifest"]["reports"]) > 0
    assert _farm.sites["blocked"].served[412] <= 3  # hard 瑞数: given up after ≤3 tries, not hammered
    challenges = {sid.removeprefix("sim-"): s.get("challenge") for sid, s in first["stats"]["sites"].items()}
    assert challenges["challenge"] == "passed" and challenges["jiasule"] == "passed"  # met, answered, read: said so
    assert challenges["blocked"] == "blocked" and challenges["T"] is None and challenges["waf"] is None
    from crawler.run import summary_table

    table = {line.split()[0]: line for line in summary_table(first["stats"]).splitlines()}
    assert "JS challenge passed (retried with its cookie)" in table["sim-challenge"]
    assert "JS challenge passed (加速乐 clearance solved)" in table["sim-jiasule"]
    t_examples = first["stats"]["sites"]["sim-T"]["examples"]
    assert any("/nbcs/" in u for u in t_examples["disallowed_by_robots"])  # listed with its reason, not lost
    moved = first["stats"]["sites"]["sim-moved"]["examples"]
    assert any(u.endswith("/deleted.html") for u in moved["soft_404"]) and any(u.endswith("/gone.html") for u in moved["http_404"])


def test_retries_of_a_failing_page_back_off(crawled):
    """A page answering 500 is retried (retry_times = 1 here) after retry_backoff (0.25 s here), not at once."""
    farm, _reg, _archive, first = crawled
    times = farm.sites["moved"].asked_at["/zwgk/zfxxgknb/err.html"]
    assert len(times) == 2  # the first try and one retry, then given up with its status
    assert times[1] - times[0] >= 0.25 - 0.01
    assert first["stats"]["sites"]["sim-moved"]["counters"]["retries"] >= 1
    assert any(u.endswith("/err.html") for u in first["stats"]["sites"]["sim-moved"]["examples"]["http_500"])


def test_cross_site_and_mobile_copies_are_linked(crawled):
    _farm, _reg, archive, first = crawled
    records = compare(first["manifest"], archive)["records"]
    vias = {d["via"] for r in records for d in r["source"]["duplicates"]}
    assert {"mirror", "wap", "post_url", "cross-site"} <= vias


def test_nothing_wrong_archived_and_text_decoded(crawled):
    _farm, _reg, archive, first = crawled
    lookalikes = set(first["manifest"]["lookalikes"])
    for r in compare(first["manifest"], archive)["records"]:
        assert r["title"] not in lookalikes
        if (r["source"].get("media_type") or "").startswith("text/html"):  # §6.8: GBK and Big5 pages decode cleanly
            assert "\ufffd" not in (r.get("text") or ""), r["source"]["url"]
        assert "$_ts" not in (r.get("text") or "") and "网站防火墙" not in (r.get("text") or "")
    gbk = [r for r in compare(first["manifest"], archive)["records"] if "王喆" in (r.get("text") or "")]
    assert gbk, "GBK pages decoded as gb18030 keep characters outside GB2312"


def test_big5_mirror_pages_decode_cleanly(crawled):
    """§6.8: the big5 (cp950) mirror pages, read by the crawler as it reads the report, have no U+FFFD,
    come back simplified, and keep characters Big5 lacks (sent as &#…; references: 喆 堃 镕)."""
    from builder.build import candidate_jobs, parse_job
    from gia.archive import CrawlStore

    _farm, _reg, archive, _first = crawled
    store = CrawlStore(archive, run="test-read")
    try:   # the mirror copies are not the records' origins: parse them as the build does
        keys = [k for k in store.report_keys() if "/gate/big5/" in k and not k.endswith("_wap.html")]
        mirrored = [parse_job(job) for job in candidate_jobs(store, archive, keys)]
    finally:
        store.close()
    pages = [r for r in mirrored if r and "cp950" in (r["source"].get("media_type") or "")]
    assert len(pages) >= 10
    for r in pages:
        text = r["text"]
        assert "\ufffd" not in text and "政府信息公开" in text, r["source"]["url"]
        assert all(ch in text for ch in ("王喆", "堃", "镕")), r["source"]["url"]


def test_trs_traps_left_alone(crawled):
    """The commented-out `countPage = 67` pager is not walked, `OLDSRC` paths and home pages are never
    asked for: T's only 404s are the `index_1` guesses of its one-page department columns (requested
    from `_1`, gov_sites.md §1.2)."""
    from gia.archive import CrawlStore

    farm, _reg, archive, first = crawled
    t = first["stats"]["sites"]["sim-T"]
    assert t["counters"]["http_404"] == len(farm.sites["T"].departments())
    assert all(re.search(r"/bmnb/\w+/index_1\.html$", u) for u in t["examples"]["http_404"])
    store = CrawlStore(archive, run="test-read")
    try:
        fetched = [u for (u,) in store.db.execute("SELECT url FROM fetches")]
    finally:
        store.close()
    assert not [u for u in fetched if "/protect/" in u]
    # a gov.cn 404 page's setTimeout(location.href='/') and the 首页 links are never followed to a home page
    assert not [u for u in fetched if urlsplit(u).path in ("", "/")]


def test_endless_page_links_stop_when_pages_repeat(crawled):
    """The challenge site's column answers any ?page=N (repeating its last page) and always links the
    next one, with `;jsessionid=` on every link: paging stops at the first repeat, no session id kept."""
    farm, _reg, archive, first = crawled
    site = farm.sites["challenge"]
    pages = -(-len(site.reports()) // site.per_page)
    assert first["stats"]["sites"]["sim-challenge"]["list_pages"] <= pages + 1
    urls = [u for r in compare(first["manifest"], archive)["records"] for u in r["source"]["urls"]]
    assert not [u for u in urls if "jsessionid" in u.lower()]


@pytest.mark.parametrize("body, warning", [
    ("scan-pdf", "read by OCR"),                   # 图片版: OCR'd, and the record says so
    ("pdf-html", "is not a document"),             # a PDF link answering an HTML page with 200
    ("pdf-truncated", "truncated"),
    ("pdf-encrypted", "encrypted PDF"),
    ("images", "image-only report"),
])
def test_each_broken_attachment_kept_with_a_warning(crawled, body, warning):
    farm, _reg, archive, first = crawled
    report = next(r for r in farm.world.reports if r.site == "P" and r.body == body)
    [record] = [r for r in compare(first["manifest"], archive)["records"] if identity(r) == (report.agency, report.year)]
    assert any(warning in w for w in record["warnings"]), record["warnings"]


def test_no_request_meets_the_waf(crawled):
    """Every site refuses queries with ', select, <script or ../ (a WAF page with 200): the crawler's
    own queries (dataproxy, gkmlpt, ?page=N, download.jsp) never carry such text."""
    farm, _reg, _archive, _first = crawled
    assert {name: site.waf_pages for name, site in farm.sites.items() if site.waf_pages} == {}


def test_archived_tables_equal_the_generated_truth(crawled):
    """The end-to-end proof: crawl + parse give back every cell the generator put on the sites, and
    the checks fail exactly where the generator broke a sum on purpose."""
    farm, _reg, archive, first = crawled
    records = compare(first["manifest"], archive)["records"]
    pairs = served_with_tables(farm, records)
    assert len(pairs) >= 0.85 * len(records)  # all but scans, error pages, cut files and image-only pages
    for record, truth in pairs:
        assert_reads_as_served(record, truth)
    flavours = {record["source"]["site"].removeprefix("sim-") for record, _truth in pairs}
    assert {"T", "H", "G", "P", "challenge", "moved"} <= flavours  # every content flavour
    assert any(not ok for _rec, truth in pairs for _rule, _where, ok in
               ((c["rule"], c["where"], c["ok"]) for c in truth["expected_checks"]))  # broken sums were served


def test_split_articles_are_read_whole(crawled):
    farm, _reg, archive, first = crawled
    split = {(r.agency, r.year) for r in farm.world.reports if "split" in r.flags}
    assert split
    records = [r for r in compare(first["manifest"], archive)["records"] if identity(r) in split]
    assert len(records) == len(split)
    for r in records:
        roles = [p["role"] for p in r["source"]["parts"] if "/gate/" not in p["url"]]
        assert "page_part" in roles
    for record, truth in served_with_tables(farm, records):  # both halves: every table whole
        assert_reads_as_served(record, truth)


def test_warc_files_pass_warcio_check(crawled):
    _farm, _reg, archive, _first = crawled
    warcs = sorted((archive / "warc").glob("*.warc.gz"))
    assert warcs and not list((archive / "warc").glob("*.open"))
    warcio = Path(sys.executable).with_name("warcio")
    proc = subprocess.run([str(warcio), "check", *map(str, warcs)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_records_point_back_to_their_raw_responses(crawled):
    from gia.archive import CrawlStore

    _farm, _reg, archive, first = crawled
    store = CrawlStore(archive, run="test-read")
    try:
        record = compare(first["manifest"], archive)["records"][0]
        for part in record["source"]["parts"]:
            body, _headers = store.read_body({"warc_file": part["warc"]["file"], "warc_offset": part["warc"]["offset"]})
            import hashlib

            assert hashlib.sha256(body).hexdigest() == part["sha256"]
    finally:
        store.close()


def test_second_crawl_fetches_nothing_unchanged_then_a_change_makes_a_version(crawled):
    farm, registry, archive, first = crawled
    before = {name: site.bodies_served for name, site in farm.sites.items()}
    proc = crawl(registry, archive)
    stats = last_stats(archive)
    content_sites = ["T", "H", "G", "U", "P", "B", "challenge"]
    fetched_again = {n: farm.sites[n].bodies_served - before[n] for n in content_sites}
    assert fetched_again == {n: 0 for n in content_sites}
    assert stats["build"]["new"] == 0 and stats["build"]["changed"] == 0
    assert "new 0, changed 0" in proc.stdout
    assert (archive / "catalog.jsonl").read_text(encoding="utf-8") == first["catalog"]

    report = next(r for r in farm.world.reports if r.site == "H")
    farm.change_report(report.rid)
    crawl(registry, archive)
    stats = last_stats(archive)
    assert stats["build"]["changed"] == 1 and stats["build"]["new"] == 0
    from gia.archive import Archive

    arch = Archive(archive)
    path, record = next((p, r) for p, r in arch.iter_records(with_paths=True)
                        if identity(r) == (report.agency, report.year))
    assert record["version"] == 2
    old = arch.versions_of(path)
    assert len(old) == 1
    assert json.loads(old[0].read_text(encoding="utf-8"))["source"]["content_sha256"] != record["source"]["content_sha256"]


def test_reparse_rebuilds_the_same_records_without_network(crawled):
    from search_cli import cli
    from gia.archive import Archive

    farm, _registry, archive, _first = crawled
    before = {p: r["source"]["content_sha256"] for p, r in Archive(archive).iter_records(with_paths=True)}
    served = farm.bodies_served()
    assert cli.main(["reparse", "--archive", str(archive)]) == 0
    after = {p: r["source"]["content_sha256"] for p, r in Archive(archive).iter_records(with_paths=True)}
    assert after == before
    assert farm.bodies_served() == served


def test_office_pdfjs_and_image_only_reports(crawled):
    """§6.4/§6.5: the U site's .doc and .wps attachments are fetched and linked, the pdf.js viewer's
    `file=` PDF is fetched, an image-only report is kept with a warning, and no record holds junk text."""
    from builder.build import _garbled

    from gia.archive import CrawlStore

    farm, _reg, archive, first = crawled
    records = compare(first["manifest"], archive)["records"]
    urls = {u for r in records for u in r["source"]["urls"]}
    store = CrawlStore(archive, run="test-read")
    try:
        for ext in ("doc", "wps"):
            url = next((u for u in urls if u.endswith("." + ext) and "/sygfj/" in u), None)
            assert url, ext
            body, _headers = store.read_body(store.fetch(url))
            assert body[:4] in (b"\xd0\xcf\x11\xe0", b"PK\x03\x04")  # OLE2 (or DOCX bytes without LibreOffice)
    finally:
        store.close()
    viewer = next(r for r in farm.world.reports if "pdfjs" in r.flags)
    rec = next(r for r in records if identity(r) == (viewer.agency, viewer.year))
    assert any("/uploadfiles/" in p["url"] for p in rec["source"]["parts"])
    [(record, truth)] = served_with_tables(farm, [rec])
    assert_reads_as_served(record, truth)
    images = next(r for r in farm.world.reports if r.body == "images")
    rec = next(r for r in records if identity(r) == (images.agency, images.year))
    assert "image-only report: OCR not done" in rec["warnings"]
    for r in records:
        assert _garbled(r.get("text") or "") is None, r["source"]["url"]


def test_site_hints_reach_the_parser(crawled):
    """The registry's region of each site goes to the parser as source.hints (docs/registry.md)."""
    farm, _registry, archive, first = crawled
    sites = {s["id"]: s for s in farm.registry_entries()}
    for r in compare(first["manifest"], archive)["records"]:
        site = sites[r["source"]["site"]]
        hints = {k: site[k] for k in ("province", "city", "county", "level", "agency") if site.get(k)}
        listed = r["source"]["listed_as"]["title"]   # and the list's title: a hint, validated by the parser
        assert r["source"]["hints"] == {**hints, **({"title": listed} if listed else {})}
        assert r["province"] == hints.get("province", r["province"])


def test_robots_policy_comes_from_the_registry(crawled, tmp_path):
    """§6.7 robots: "respect it per registry policy" — with `obey_robots = false` the nbcs/ column is crawled."""
    farm, _reg, _archive, _first = crawled
    registry = farm.write_registry(tmp_path / "sites.toml", only=["T"], site_options={"obey_robots": False}, **FAST)
    crawl(registry, tmp_path / "archive")
    state = last_stats(tmp_path / "archive")["sites"]["sim-T"]
    assert state["status"] == "ok" and "disallowed_by_robots" not in state["counters"]
    nbcs = {(r.agency, r.year) for r in farm.world.reports if "nbcs" in r.flags}
    assert nbcs and nbcs <= {identity(r) for r in compare(farm.manifest(), tmp_path / "archive")["records"]}


def test_every_archived_response_has_its_request_and_each_warc_file_its_warcinfo(crawled):
    """What archivists' tools expect of a crawl's WARC files (gia/archive/warc.py), on a real crawl."""
    from warcio.archiveiterator import ArchiveIterator
    _farm, _reg, archive, _first = crawled
    files = sorted((archive / "warc").glob("*.warc.gz"))
    assert files
    responses = 0
    for path in files:
        with open(path, "rb") as fh:
            records = [(r.rec_type, r.rec_headers.get_header("WARC-Record-ID"), r.rec_headers.get_header("WARC-Concurrent-To"),
                        r.rec_headers.get_header("WARC-Payload-Digest")) for r in ArchiveIterator(fh)]
        assert records[0][0] == "warcinfo", path.name
        for (kind, rid, _c, digest), nxt in zip(records, records[1:] + [(None, None, None, None)]):
            if kind == "response":
                responses += 1
                assert digest.startswith("sha256:")
                assert nxt[0] == "request" and nxt[2] == rid, path.name
        proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert responses > 100


def test_the_runs_memory_figures_include_the_build_workers(crawled):
    """Issue 12 #2: the parse workers' memory is in the run's statistics beside the crawler's own."""
    _farm, _reg, _archive, first = crawled
    stats = first["stats"]
    assert stats["build"]["parsed"] >= 12                       # enough jobs for the process pool (POOL_THRESHOLD)
    assert stats["peak_rss_bytes"] > 0 and stats["peak_rss_worker_bytes"] > 20 * 2**20
