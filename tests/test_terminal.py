"""Scraped text never steers the terminal: ESC/CSI/OSC, other control characters and bidi overrides in
titles are shown escaped by every printer (gia archive ls/show/validate, the CSV export, gia-search)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gia import terminal
from gia.archive import Archive
from gia.terminal import SafeStream, neutralize

REPO = Path(__file__).resolve().parents[1]
HOSTILE = "某局\x1b]8;;http://evil\x07链接\x1b]8;;\x07\x1b[2J\x1b[31m红\x9b2J\u202e反转\x00\x7f2020年报告"


def test_neutralize_shows_every_steering_character_and_keeps_text():
    out = neutralize(HOSTILE + "\t第二列\n下一行")
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e\x00\x7f")
    assert "\\u001b" in out and "\\u202e" in out and "\\u009b" in out
    assert out.endswith("\t第二列\n下一行") and "某局" in out and "2020年报告" in out
    assert neutralize("洛阳市司法局") == "洛阳市司法局"


def test_safe_stream_lets_our_style_through_only_when_allowed():
    raw = io.StringIO()
    stream = SafeStream(raw)
    terminal.allow_style(False)   # process-wide, as in a command: start from the default
    try:
        stream.write("\x1b[1m粗\x1b[0m" + HOSTILE)
        assert "\x1b" not in raw.getvalue()
        terminal.allow_style()
        raw.truncate(0), raw.seek(0)
        stream.write("\x1b[1m粗\x1b[0m" + "\x1b]8;;x\x07")
        assert raw.getvalue().startswith("\x1b[1m粗\x1b[0m") and "\x1b]" not in raw.getvalue()
    finally:
        terminal.allow_style(False)


@pytest.fixture()
def hostile_archive(tmp_path):
    sys.path.insert(0, str(REPO / "tests" / "browse"))
    from conftest import make_archive

    root = tmp_path / "archive"
    records = make_archive(root, n_agencies=1, years=(2020,))
    record = dict(records[0], title=HOSTILE, agency="某局\x1b[2J", id="hostile1")
    Archive(root).write_record(record)
    Archive(root).write_catalog()
    return root


@pytest.mark.parametrize("args", [["archive", "ls"], ["archive", "show", "hostile1"], ["archive", "validate"],
                                  ["archive", "ls", "--json"], ["archive", "stats"]])
def test_archive_printers_escape_scraped_controls(hostile_archive, args):
    proc = subprocess.run([sys.executable, "-m", "search_cli.cli", *args, "--archive", str(hostile_archive)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for stream in (proc.stdout, proc.stderr):
        assert not any(ch in stream for ch in "\x1b\x07\x9b\u202e\x00")
    if "--json" in args:   # JSON stays JSON, with the text escaped rather than lost
        assert any("某局" in json.loads(line)["agency"] for line in proc.stdout.splitlines())


def test_csv_export_escapes_scraped_controls(hostile_archive, tmp_path):
    out = tmp_path / "x.csv"
    proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "archive", "export", "--format", "csv", "--out", str(out),
                           "--archive", str(hostile_archive)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "某局" in text and not any(ch in text for ch in "\x1b\x07\x9b\u202e")


@pytest.mark.parametrize("args", [["--color", "never"], ["--color", "always"], ["--json"], ["--csv"]])
def test_gia_search_escapes_scraped_controls(hostile_archive, args):
    indexed = subprocess.run([sys.executable, "-m", "search_cli.cli", "index", "--archive", str(hostile_archive)],
                             cwd=REPO, capture_output=True, text=True, timeout=300)
    assert indexed.returncode == 0, indexed.stderr
    proc = subprocess.run([sys.executable, "-m", "search_cli.main", "报告", "--archive", str(hostile_archive), *args],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "某局" in proc.stdout
    steering = "\x07\x9b\u202e\x00" + ("" if "always" in args else "\x1b")
    for stream in (proc.stdout, proc.stderr):
        assert not any(ch in stream for ch in steering)
        # with --color always our own SGR styling passes, a scraped OSC link or screen clear never
        assert "\x1b]" not in stream and "\x1b[2J" not in stream
