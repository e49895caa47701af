from pathlib import Path

import pytest

from gia.archive import Archive
from gia.safe_names import safe_name


@pytest.mark.parametrize("raw", ["../../etc/passwd", "/abs/path", "a\x00b", "..", ".", "", "CON", "nul.txt", "a\\b", "x" * 400, "司" * 200])
def test_safe_name_is_one_harmless_component(raw):
    name = safe_name(raw)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert name not in (".", "..")
    assert len(name.encode()) <= 120
    assert name.split(".")[0].lower() not in {"con", "nul"}


def test_chinese_names_stay_readable():
    assert safe_name("洛阳市司法局") == "洛阳市司法局"


def test_record_path_never_escapes_archive(tmp_path):
    archive = Archive(tmp_path)
    record = {"id": "../x", "agency": "../../../evil", "province": "/etc", "city": "..", "year": 2020}
    path = archive.write_record(record)
    assert tmp_path.resolve() in path.resolve().parents
    assert list(archive.iter_records()) == [record]


@pytest.mark.parametrize("raw", ["某局\u202e反转", "某局\u2066隔离\u2069", "某局\x9b2J", "\ufeff某局"])
def test_bidi_and_c1_controls_never_reach_a_file_name(raw):
    name = safe_name(raw)
    assert "某局" in name and not any(ch in name for ch in "\u202e\u2066\u2069\x9b\ufeff")
