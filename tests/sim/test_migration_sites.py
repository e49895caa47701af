"""The moved site and the index.html ↔ / column serve what simsites/migration.py says."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from simsites import SimFarm
from simsites.migration import AWAY_PATH


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str) -> tuple[int, str | None, str]:
    """(status, Location, body) without following redirects."""
    try:
        with urllib.request.build_opener(_NoRedirect).open(url, timeout=10) as r:
            return r.status, r.headers.get("Location"), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Location"), e.read().decode()


@pytest.fixture(scope="module")
def farm():
    with SimFarm("faults", slow_seconds=0.1) as f:
        yield f


@pytest.mark.parametrize("path", ["/xxgk/zfxxgknb/", "/robots.txt", "/any/where.html?x=1"])
def test_old_host_301s_every_path_to_the_same_path_on_the_new_host(farm, path):
    status, location, _ = get(farm.url_of("migrated", path))
    assert status == 301 and location == farm.url_of("migrated-new", path)


def test_only_the_old_host_is_registered(farm):
    entries = {e["id"]: e for e in farm.registry_entries()}
    assert entries["sim-migrated"]["start_url"] == farm.start_url("migrated")
    assert "sim-migrated-new" not in entries and "sim-elsewhere" not in entries
    assert {"migrated", "index"} <= set(farm.manifest()["sites"]) and "elsewhere" not in farm.manifest()["sites"]


def test_new_host_column_keeps_an_old_absolute_link_and_two_ways_off_the_site(farm):
    status, _, page = get(farm.start_url("migrated").replace(farm.sites["migrated"].base_url, farm.sites["migrated-new"].base_url))
    old = farm.sites["migrated"].report_urls(farm.sites["migrated-new"].listed_by_old_url())[0]
    elsewhere = farm.sites["elsewhere"].base_url
    assert status == 200 and f'href="{old}"' in page and f'href="{elsewhere}/' in page and AWAY_PATH in page
    status, location, _ = get(farm.url_of("migrated-new", AWAY_PATH))
    assert status == 301 and location.startswith(elsewhere + "/")


def test_index_column_answers_both_forms(farm):
    site = farm.sites["index"]
    status, location, _ = get(farm.url_of("index", "/xxgk/ndbg/"))
    assert status == 301 and location == "/xxgk/ndbg/index.html"
    status, location, _ = get(farm.url_of("index", "/xxgk/ndbg/ln/index.html"))
    assert status == 301 and location == "/xxgk/ndbg/ln/"
    newest, oldest = site.reports()[0], site.reports()[-1]
    status, _, page = get(farm.url_of("index", "/xxgk/ndbg/index.html"))
    assert status == 200 and f'href="{site.folder(newest)}"' in page and f'href="{site.folder(newest)}index.html"' in page
    assert get(farm.url_of("index", site.folder(newest)))[2] == get(farm.url_of("index", site.folder(newest) + "index.html"))[2]
    status, location, _ = get(farm.url_of("index", site.folder(oldest) + "index.html"))
    assert status == 301 and location == site.folder(oldest)
