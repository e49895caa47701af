"""The crawl's WARC files replay in pywb, webrecorder's replay server: indexed by pywb's own
`wb-manager add`, or looked up through the archive's own CDXJ index (`gia archive cdxj`) with the
WARC files merely linked into the collection — either way `wayback` finds every archived response
at the file and offset the crawl state names and serves its original bytes (`id_` replay).

pywb runs from its own venv (dev.sh installs it into .tools/pywb; GIA_PYWB_BIN overrides), as a
real server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from gia.archive import CrawlStore
from simsites import SimFarm

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, REPO, crawl

PYWB_BIN = Path(os.environ.get("GIA_PYWB_BIN", REPO / ".tools" / "pywb" / "bin"))
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (PYWB_BIN / "wayback").exists(),
                                 reason=f"pywb not installed at {PYWB_BIN} (./dev.sh test installs it)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 10) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read()


@pytest.mark.parametrize("indexed_by", ["wb-manager", "gia archive cdxj"])
def test_warc_files_replay_in_pywb(tmp_path, indexed_by):
    with SimFarm("clean") as farm:
        registry = farm.write_registry(tmp_path / "sites.toml", only=["H", "P"], **FAST)
        crawl(registry, tmp_path / "archive")
    store = CrawlStore(tmp_path / "archive")
    fetched = [dict(zip(("url", "media_type", "warc_file", "warc_offset"), row)) for row in store.db.execute(
        "SELECT url, media_type, warc_file, warc_offset FROM fetches WHERE status = 200 ORDER BY url")]
    warcs = sorted((tmp_path / "archive" / "warc").glob("*.warc.gz"))
    assert fetched and warcs

    home = tmp_path / "pywb"
    home.mkdir()
    adds = [["add", "gia", *map(str, warcs)]] if indexed_by == "wb-manager" else []
    for args in (["init", "gia"], *adds):
        proc = subprocess.run([str(PYWB_BIN / "wb-manager"), *args], cwd=home, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr[-2000:]
    if indexed_by == "gia archive cdxj":
        from search_cli.cli import main

        collection = home / "collections" / "gia"
        for warc in warcs:
            (collection / "archive" / warc.name).symlink_to(warc)
        assert main(["archive", "cdxj", "--archive", str(tmp_path / "archive"),
                     "--out", str(collection / "indexes" / "index.cdxj")]) == 0
    port = _free_port()
    server = subprocess.Popen([str(PYWB_BIN / "wayback"), "-p", str(port), "-b", "127.0.0.1"], cwd=home,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/gia"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(f"{base}/cdx?url=x", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        # every archived response is in pywb's index, at the file and offset our state says
        index = {}
        for f in fetched:
            lines = _get(f"{base}/cdx?" + urllib.parse.urlencode({"url": f["url"], "output": "json"})).decode().splitlines()
            assert lines, f"not in pywb's index: {f['url']}"
            index[f["url"]] = entry = json.loads(lines[-1])
            assert (entry["filename"], int(entry["offset"])) == (f["warc_file"], f["warc_offset"])
        # and replays the original bytes: a page and a PDF attachment
        samples = [next(f for f in fetched if (f["media_type"] or "").startswith("text/html")),
                   next(f for f in fetched if f["url"].endswith(".pdf"))]
        for f in samples:
            timestamp = index[f["url"]]["timestamp"]
            body, _headers = store.read_body(store.fetch(f["url"]))
            assert _get(f"{base}/{timestamp}id_/{f['url']}") == body, f["url"]
    finally:
        server.terminate()
        server.wait(timeout=10)
        store.close()
