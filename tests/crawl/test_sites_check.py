"""`gia sites check ID` (crawler/check.py) on the scripted platform (simsites/scripted.py): what a
site's list pages give, read for real, with nothing archived."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from simsites import SimFarm
from simsites.scripted import LOOKALIKE_PATH

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the sibling helper importable
from simcrawl import FAST, HANG_SECONDS, REPO

pytestmark = pytest.mark.slow


def gia(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-m", "search_cli.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=HANG_SECONDS, env=env)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = tmp_path_factory.mktemp("check")
    with SimFarm("discovery", per_page=6) as farm:
        registry = farm.write_registry(root / "sites.toml", only=["scripted"], **FAST)
        proc = gia("sites", "check", "sim-scripted", "--sites", str(registry), cwd=root)
        reports = [r for r in farm.manifest()["reports"] if r["site"] == "S"]
        yield proc, reports, root, farm.start_url("scripted")


def test_the_check_lists_the_list_pages_reports_years_and_attachments(checked):
    proc, reports, _root, start = checked
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = proc.stdout
    assert out.startswith("site sim-scripted: ok")
    base = start.split("/zwgk/")[0]
    assert "list pages read: 4" in out  # the column page and the API's three pages
    for n in (1, 2, 3):
        assert f"{base}/api/list?page={n}" in out
    assert f"report links: {len(reports)}" in out
    for r in reports:
        line = next(line for line in out.splitlines() if r["title"] in line)
        assert line.split()[0] == str(r["year"]) and r["urls"][0] in line
        if r["body"] == "pdf":  # the attachment its onclick handler names
            assert f"attachment: {r['urls'][1]}" in out
    assert re.search(r"^  1 titled like a report's lookalike", out, re.M)  # the 报表 in the list, and why it was left
    assert f"e.g. {base}{LOOKALIKE_PATH}" in out


def test_the_check_archives_nothing(checked):
    _proc, _reports, root, _start = checked
    assert sorted(p.name for p in root.iterdir()) == ["sites.toml"]


def test_an_unknown_site_id_is_a_one_line_error(checked, tmp_path):
    _proc, _reports, root, _start = checked
    proc = gia("sites", "check", "nope", "--sites", str(root / "sites.toml"), cwd=tmp_path)
    assert proc.returncode != 0
    assert "no site 'nope'" in proc.stderr and "Traceback" not in proc.stderr
