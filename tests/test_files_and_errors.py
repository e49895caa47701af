"""Files gia writes respect the umask; the machine's refusals (disk full, a vanished file) and
memory exhaustion reach the user as one line, never a traceback."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gia.atomic import atomic_write_json
from gia.errors import run_reporting_errors

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))   # importlib mode: the shared helper
from peak_memory import run_with_peak  # noqa: E402


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_atomic_writes_respect_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        path = atomic_write_json(tmp_path / "r.json", {"a": 1})
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == mode


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_exports_written_by_path_respect_the_umask_and_leave_nothing_on_failure(tmp_path, umask, mode):
    """search_cli.browse.outfile: the SQLite/XLSX/WACZ exports' writer (mkstemp would give 0600)."""
    from gia.atomic import replacing

    old = os.umask(umask)
    try:
        with replacing(tmp_path / "out.db") as tmp:
            tmp.write_bytes(b"data")
        with pytest.raises(RuntimeError), replacing(tmp_path / "broken.db") as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("the writer failed")
    finally:
        os.umask(old)
    assert (tmp_path / "out.db").stat().st_mode & 0o777 == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.db"]


@pytest.mark.parametrize("exc, shown", [
    (OSError(errno.ENOSPC, "No space left on device", "/archive/reports/x.json"), "No space left on device: /archive/reports/x.json"),
    (OSError(errno.EROFS, "Read-only file system", "/archive/index"), "Read-only file system: /archive/index"),
    (MemoryError(), "out of memory"),
])
def test_the_machines_refusals_are_one_line(exc, shown, capsys):
    def action():
        raise exc

    assert run_reporting_errors("gia export", action) == 1
    err = capsys.readouterr().err
    assert err == f"gia export: {shown}\n"


def test_writing_to_a_full_disk_is_one_line(tmp_path):
    page = tmp_path / "r.html"
    page.write_text("<html><body><h1>某县人民政府2020年政府信息公开工作年度报告</h1><p>正文</p></body></html>", encoding="utf-8")
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "parse", str(page)], cwd=REPO, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert proc.returncode == 1 and len(lines) == 1 and "No space left on device" in lines[0], proc.stderr


def test_parse_reads_no_more_than_its_cap_of_a_huge_file(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:   # 3 GB, sparse: nothing on disk, everything on read
        fh.truncate(3 * 1024 ** 3)
    proc, peak_kib = run_with_peak("parse", "--no-text", str(huge))
    assert proc.returncode == 0 and "cut to" in proc.stdout
    assert peak_kib < 1024 * 1024   # < 1 GiB (it was 3.2 GB)


def test_parse_of_an_endless_device_stops_at_its_cap():
    """/dev/zero has no size to stat: the cap holds while reading (it was a MemoryError traceback)."""
    proc, peak_kib = run_with_peak("parse", "--no-text", "/dev/zero")
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr[-2000:]
    assert "cut to" in proc.stdout + proc.stderr
    assert peak_kib < 1024 * 1024


def test_show_of_a_truncated_record_is_one_line_per_problem(tmp_path):
    sys.path.insert(0, str(REPO / "tests" / "browse"))
    from conftest import make_archive

    root = tmp_path / "archive"
    records = make_archive(root, n_agencies=1, years=(2020,))
    path = next((root / "reports").rglob("*.json"))
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "archive", "show", records[0]["id"], "--archive", str(root)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert 1 <= len(proc.stderr.strip().splitlines()) <= 2 and path.name in proc.stderr


def test_a_file_name_that_is_not_utf8_gives_valid_json(tmp_path):
    name = os.fsencode(tmp_path) + b"/\xb6\xfe\xc1\xe3\xb6\xfe\xb6\xfe.html"   # GBK bytes of a Chinese name
    with open(name, "wb") as fh:
        fh.write("<html><body><p>某县人民政府2020年政府信息公开工作年度报告</p></body></html>".encode("utf-8"))
    proc = subprocess.run([sys.executable.encode(), b"-m", b"search_cli.cli", b"parse", b"--no-text", name], cwd=REPO,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    import json

    record = json.loads(proc.stdout.decode("utf-8"))   # strict UTF-8: no lone surrogates
    assert record["source"]["filename"].endswith(".html") and "\ufffd" in record["source"]["path"]
