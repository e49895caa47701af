"""`gia serve` in a real headless Chromium: search, page through, sort, open facets, download the
CSV, open a report and its archived original, read the chart on a phone-sized screen — and no
script from a scraped field or an archived page ever runs. Screenshots go to the test's tmp folder."""

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GIA_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package `chromium`)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip package playwright not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    p = browser.new_page(viewport={"width": 1200, "height": 900})
    yield p
    p.close()


def test_search_open_report_see_chart(page, served, tmp_path):
    base, records = served
    page.goto(base + "/")
    assert page.locator("#total").inner_text().startswith(f"{len(records)} reports")
    chart = page.locator("svg#chart")
    box = chart.bounding_box()
    assert chart.is_visible() and box["width"] > 300 and box["height"] > 150
    years = {r["year"] for r in records}
    assert page.locator("svg#chart rect.bar").count() == max(years) - min(years) + 1
    assert page.locator("#x-title").text_content() == "年度"
    assert page.locator("#y-title").text_content() == "本年新收申请（件）"
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

    target = next(r for r in records if r["id"] != "evil0001" and r["year"] == 2021)
    page.fill("#q", target["agency"])
    page.click("#go")
    page.wait_for_load_state()
    n = sum(1 for r in records if target["agency"] in r["agency"] or target["agency"] in r["title"])
    assert page.locator("#total").inner_text().startswith(f"{n} reports")
    assert page.locator("table#hits mark").count() >= n  # snippets mark the words
    facet_year = page.locator('.facet[data-facet="year"] li')
    assert facet_year.count() == len({r["year"] for r in records if r["agency"] == target["agency"]})

    page.locator("a.hit", has_text=target["title"]).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == target["title"]
    for heading in ("申请人情况", "法人或其他组织", "三、本年度办理结果", "（三）不予公开", "（四）无法提供"):
        assert page.locator("table.report-table th", has_text=heading).first.is_visible()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)


def test_page_through_sort_and_open_a_facet(page, served, monkeypatch):
    from search_cli.browse.serve import pages

    base, records = served
    cities = {r["city"] for r in records if r["city"]}   # a province-level report has no city facet value
    monkeypatch.setattr(pages, "FACET_SHOWN", len(cities) - 1)   # one city behind "more"
    page.goto(base + "/?limit=5")
    assert page.locator("table#hits a.hit").count() == 5
    page.click("a[rel=next]")
    page.wait_for_load_state()
    assert page.locator("table#hits tr td.n").first.inner_text() == "6"
    page.select_option("#sort", "new_requests")
    page.click("#go")
    page.wait_for_load_state()
    values = [int(v.replace(",", "")) for v in page.locator("table#hits tr td:nth-child(5)").all_inner_texts()]
    assert values == sorted(values, reverse=True) and len(values) == 5  # a new search starts on page 1
    page.click('a[data-sort="new_requests"]')  # the header flips the order
    page.wait_for_load_state()
    values = [int(v.replace(",", "")) for v in page.locator("table#hits tr td:nth-child(5)").all_inner_texts()]
    assert values == sorted(values)
    page.click('.facet[data-facet="city"] a.more')
    page.wait_for_load_state()
    assert page.locator('.facet[data-facet="city"] li').count() == len(cities)


def test_csv_download_is_a_file(page, served):
    base, records = served
    page.goto(base + "/?year=2021")
    with page.expect_download() as info:
        page.click("#csv")
    download = info.value
    assert download.suggested_filename == "gia-search-year-2021.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert len(rows) - 1 == sum(r["year"] == 2021 for r in records)


def test_phone_screen_has_no_sideways_overflow(browser, served, tmp_path):
    base, records = served
    phone = browser.new_page(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    try:
        for name, url in (("phone-search", "/"), ("phone-report", "/report/" + records[-2]["id"])):
            phone.goto(base + url)
            assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360, url
            phone.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
        phone.goto(base + "/")
        box = phone.locator("svg#chart").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        # the axis labels stay legible: at least 8 CSS pixels high
        assert phone.locator("svg#chart text.year").first.bounding_box()["height"] >= 8
    finally:
        phone.close()


def test_archived_original_under_its_banner_runs_nothing(page, served, tmp_path):
    base, records = served
    rec = next(r for r in records if r["source"]["warc"]["file"].startswith("orig-"))
    page.goto(base + "/report/" + rec["id"])
    page.click("#archived")
    page.wait_for_load_state()
    banner = page.locator("#banner").inner_text()
    for fact in (rec["source"]["url"], rec["source"]["fetched_at"], rec["source"]["sha256"]):
        assert fact in banner
    assert page.locator("#digest-ok").is_visible()
    frame = page.frame_locator("iframe.original")
    assert frame.locator("h1").inner_text() == rec["title"]
    assert page.frames[1].evaluate("() => window.__raw_ran === undefined")
    page.screenshot(path=str(tmp_path / "archived.png"), full_page=True)


def test_hostile_record_never_runs_script(page, served):
    base, _ = served
    for url in ("/?q=%E6%9F%90%E5%B1%80", "/report/evil0001"):
        page.goto(base + url)
        assert page.evaluate("() => window.__pwned === undefined")
    assert "<script>window.__pwned=1</script>" in page.locator("h1").inner_text()
    assert page.locator("#checks li.broken").count() == 1
