"""One record schema: malformed record files are skipped with one line each, everything else still works,
`gia archive validate` lists them, and docs/record.schema.json is the schema the code checks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gia.archive import Archive
from gia.archive.schema import RECORD_SCHEMA, problems

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "browse"))   # importlib mode: the browse fixtures' archive maker
from conftest import make_archive  # noqa: E402

BROKEN = {   # file name -> content: the kinds of damage seen in shared archives
    "a-list.json": "[1, 2, 3]",
    "year-text.json": None,          # a good record with "year": "2020年"
    "tables-list.json": None,        # a good record whose tables are a list
    "truncated.json": '{"id": "x", "source": {"url": "u"}, "title": "某局',
    "not-utf8.json": b"\xff\xfe{\x00}",
}


def _break(root: Path, good: dict) -> list[Path]:
    folder = root / "reports" / "河南省" / "洛阳市" / "坏记录"
    folder.mkdir(parents=True)
    out = []
    for name, content in BROKEN.items():
        path = folder / f"2020-{name}"
        if name == "year-text.json":
            content = json.dumps({**good, "id": "bad-year", "year": "2020年"}, ensure_ascii=False)
        elif name == "tables-list.json":
            content = json.dumps({**good, "id": "bad-tables", "tables": [1]}, ensure_ascii=False)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        out.append(path)
    return out


@pytest.fixture()
def damaged_archive(tmp_path):
    root = tmp_path / "archive"
    records = make_archive(root, n_agencies=2)
    bad = _break(root, records[0])
    return root, records, bad


def test_every_generated_record_fits_the_schema(tmp_path):
    for record in make_archive(tmp_path / "a", n_agencies=3):
        assert problems(record) == [], record["id"]


def test_malformed_files_are_skipped_with_one_line_each(damaged_archive, capsys):
    root, records, bad = damaged_archive
    got = list(Archive(root).iter_records())
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in records)
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(err) == len(bad) and all(any(p.name in ln for ln in err) for p in bad)
    assert any("year" in ln and "2020年" in ln for ln in err)


def _gia(*args):
    return subprocess.run([sys.executable, "-m", "search_cli.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [["archive", "ls"], ["archive", "stats"], ["archive", "export", "--format", "jsonl"],
                                     ["index"]])
def test_commands_keep_working_beside_malformed_files(damaged_archive, command, tmp_path):
    root, records, _bad = damaged_archive
    extra = ["--out", str(tmp_path / "out.jsonl")] if "export" in command else []
    proc = _gia(*command, "--archive", str(root), *extra)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_validate_lists_the_unusable_files_and_strict_fails(damaged_archive):
    root, _records, bad = damaged_archive
    proc = _gia("archive", "validate", "--archive", str(root))
    assert proc.returncode == 0 and all(p.name in proc.stdout for p in bad), proc.stdout + proc.stderr
    assert _gia("archive", "validate", "--strict", "--archive", str(root)).returncode == 1


def test_published_schema_is_the_checked_one():
    assert json.loads((REPO / "docs" / "record.schema.json").read_text(encoding="utf-8")) == RECORD_SCHEMA


def test_a_check_a_blank_cell_leaves_undecided_is_valid():
    """The parser writes `ok: null` when a blank cell prevents a check (reportparser/checks.py):
    such a record is a good record, not one to skip."""
    record = {"id": "x", "checks": [{"rule": "applications.balance", "ok": None, "where": "自然人"},
                                    {"rule": "applications.row_total", "ok": True}]}
    assert problems(record) == []
    assert problems({"id": "x", "checks": [{"rule": "r", "ok": "yes"}]})
