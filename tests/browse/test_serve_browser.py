"""`gia serve` in a real headless Chromium: load, search, open a report, see the chart, and no
script from a scraped field ever runs."""

import os
import shutil
import threading
from pathlib import Path

import pytest

from search_cli.browse.serve import make_server

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


@pytest.fixture(scope="module")
def base_url(browse_archive):
    root, _ = browse_archive
    srv = make_server(root, "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_load_search_open_report_see_chart(browser, base_url, browse_archive, tmp_path):
    _root, records = browse_archive
    page = browser.new_page()
    page.goto(base_url + "/")
    assert page.locator("#total").inner_text().startswith(f"{len(records)} reports")
    chart = page.locator("svg#chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    assert page.locator("svg#chart polyline.series").count() == 3

    target = next(r for r in records if r["id"] != "evil0001" and r["year"] == 2021)
    page.fill("#q", target["agency"])
    page.click("#go")
    page.wait_for_load_state()
    n = sum(1 for r in records if target["agency"] in r["agency"] or target["agency"] in r["title"])
    assert page.locator("#total").inner_text().startswith(f"{n} reports")
    facet_year = page.locator('.facet[data-facet="year"] li')
    assert facet_year.count() == len({r["year"] for r in records if r["agency"] == target["agency"]})

    page.locator("a.hit", has_text=target["title"]).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == target["title"]
    assert page.locator("text=一、本年新收政府信息公开申请数量").count() == 1
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    page.close()


def test_hostile_record_never_runs_script(browser, base_url):
    page = browser.new_page()
    for url in ("/?q=%E6%9F%90%E5%B1%80", "/report/evil0001"):
        page.goto(base_url + url)
        assert page.evaluate("() => window.__pwned === undefined")
    assert "<script>window.__pwned=1</script>" in page.locator("h1").inner_text()
    assert page.locator("#checks li.broken").count() == 1
    page.close()
