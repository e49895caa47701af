"""gia.archive.warc: the one writer and reader of raw responses, with broken files beside good ones."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys

import pytest

from gia.archive import warc
from gia.archive.warc import WarcRecordMissing, WarcWriter, read_response, recover


def _write(tmp_path, bodies: list[bytes], run: str = "r1") -> tuple[WarcWriter, list[dict]]:
    writer = WarcWriter(tmp_path / "warc", run)
    where = [writer.write_response(f"http://h/{i}.html", 200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], b)
             for i, b in enumerate(bodies)]
    return writer, where


def test_records_read_back_at_their_offsets_while_open_and_after_close(tmp_path):
    bodies = [f"<p>{i}</p>".encode() * (i + 1) * 40 for i in range(4)]
    writer, where = _write(tmp_path, bodies)
    assert all(w["warc_file"] == "r1-00001.warc.gz" for w in where)
    for w, body in zip(where, bodies):   # still `.open`: the reader finds the file being written
        assert read_response(tmp_path / "warc", w["warc_file"], w["warc_offset"])[0] == body
    writer.close()
    assert not list((tmp_path / "warc").glob("*.open"))
    for w, body in zip(where, bodies):
        got, headers = read_response(tmp_path / "warc", w["warc_file"], w["warc_offset"])
        assert got == body
        names = {k.lower(): v for k, v in headers}
        assert "content-encoding" not in names and names["content-length"] == str(len(body))  # the payload as stored


def test_each_record_is_its_own_gzip_member(tmp_path):
    writer, where = _write(tmp_path, [b"a" * 100, b"b" * 100])
    writer.close()
    raw = (tmp_path / "warc" / where[1]["warc_file"]).read_bytes()
    member = raw[where[1]["warc_offset"]: where[1]["warc_offset"] + where[1]["warc_length"]]
    assert gzip.decompress(member).startswith(b"WARC/1.")


def test_warcio_check_passes(tmp_path):
    writer, where = _write(tmp_path, [b"x" * 10, b"y" * 2000])
    writer.close()
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(tmp_path / "warc" / where[0]["warc_file"])],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_name_is_never_a_path_out_of_the_warc_folder(tmp_path):
    writer, where = _write(tmp_path, [b"secret"])
    writer.close()
    (tmp_path / "outside.warc.gz").write_bytes((tmp_path / "warc" / where[0]["warc_file"]).read_bytes())
    with pytest.raises(WarcRecordMissing):
        read_response(tmp_path / "warc", "../outside.warc.gz", 0)


@pytest.mark.parametrize("damage", ["missing file", "offset past the end", "garbage at the offset"])
def test_broken_addresses_raise_one_named_error(tmp_path, damage):
    writer, where = _write(tmp_path, [b"x" * 500])
    writer.close()
    name, offset = where[0]["warc_file"], where[0]["warc_offset"]
    if damage == "missing file":
        name = "nope.warc.gz"
    elif damage == "offset past the end":
        offset = 10_000_000
    else:
        (tmp_path / "warc" / "junk.warc.gz").write_bytes(b"not a warc at all" * 10)
        name = "junk.warc.gz"
    with pytest.raises(WarcRecordMissing) as info:
        read_response(tmp_path / "warc", name, offset)
    assert name in str(info.value) and "\n" not in str(info.value)


def test_recover_cuts_a_torn_tail_and_drops_an_empty_file(tmp_path):
    writer, where = _write(tmp_path, [b"one" * 100, b"two" * 100])
    writer._fh.write(b"\x1f\x8b\x08\x00torn")   # kill -9 in the middle of a third record
    writer._fh.flush()
    (tmp_path / "warc" / "r0-00001.warc.gz.open").write_bytes(b"\x1f\x8b")   # died before its first record
    fixed = recover(tmp_path / "warc")
    assert sorted(fixed) == ["r0-00001.warc.gz", "r1-00001.warc.gz"]
    assert not (tmp_path / "warc" / "r0-00001.warc.gz").exists()
    path = tmp_path / "warc" / "r1-00001.warc.gz"
    assert path.stat().st_size == where[1]["warc_offset"] + where[1]["warc_length"]
    assert read_response(tmp_path / "warc", path.name, where[1]["warc_offset"])[0] == b"two" * 100


def test_files_rotate_past_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(warc, "WARC_ROTATE_BYTES", 1000)
    writer, where = _write(tmp_path, [os.urandom(2000) for _ in range(3)])   # incompressible: each member > 1000 B
    writer.close()
    assert [w["warc_file"] for w in where] == ["r1-00001.warc.gz", "r1-00002.warc.gz", "r1-00003.warc.gz"]
    assert all(w["warc_offset"] == 0 for w in where)
