"""The site registry: name + start URL is enough; mistakes are one clear line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crawler.registry import DEFAULT_REGISTRY, load_registry
from gia.errors import GiaError


def test_bundled_registry_lists_real_annual_report_columns():
    registry = load_registry()
    assert registry.path == DEFAULT_REGISTRY
    assert len(registry.sites) >= 10
    assert all(s.start_url.startswith("http") and s.name for s in registry.sites)
    assert len({s.id for s in registry.sites}) == len(registry.sites)


def test_name_and_start_url_are_enough(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[[site]]\nname = "某市司法局"\nstart_url = "http://127.0.0.1:1/xxgk/xxgknb/"\n', encoding="utf-8")
    (site,) = load_registry(path).sites
    assert site.id.startswith("s-") and site.obey_robots and site.column_prefix == "/xxgk/xxgknb/"


@pytest.mark.parametrize("text, message", [
    ('[[site]]\nname = "x"\n', "needs at least"),
    ('[[site]]\nname = "x"\nstart_url = "ftp://x/"\n', "http(s)"),
    ('[[site]]\nname = "x"\nstart_url = "http://x/"\ncolour = 1\n', "unknown key"),
    ("[[site]\n", "not valid TOML"),
    ("", "no [[site]]"),
])
def test_bad_registries_fail_clearly(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GiaError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        load_registry(path)


def test_gia_crawl_with_a_bad_registry_is_one_line_exit_1(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "crawl", "--sites", str(tmp_path / "missing.toml"),
                           "--archive", str(tmp_path / "a")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0 and "registry not found" in proc.stderr
