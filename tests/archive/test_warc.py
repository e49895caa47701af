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


def _die(writer: WarcWriter) -> None:
    """What kill -9 does to a writer's hold on its open file (the kernel drops its flock)."""
    import fcntl

    fcntl.flock(writer._fh, fcntl.LOCK_UN)


def test_recover_leaves_the_file_of_a_live_writer_alone(tmp_path):
    writer, where = _write(tmp_path, [b"one" * 100])   # another worker of a shared crawl, still writing
    assert recover(tmp_path / "warc") == []
    writer.write_response("http://h/more.html", 200, [("Content-Type", "text/html")], b"more")
    writer.close()
    assert read_response(tmp_path / "warc", "r1-00001.warc.gz", where[0]["warc_offset"])[0] == b"one" * 100


def test_recover_cuts_a_torn_tail_and_drops_an_empty_file(tmp_path):
    writer, where = _write(tmp_path, [b"one" * 100, b"two" * 100])
    writer._fh.write(b"\x1f\x8b\x08\x00torn")   # kill -9 in the middle of a third record
    writer._fh.flush()
    _die(writer)
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
    for w in where:   # each the first record after its file's warcinfo
        assert [t for t, _h, _b in _records(tmp_path / "warc" / w["warc_file"])] == ["warcinfo", "response"]
        assert read_response(tmp_path / "warc", w["warc_file"], w["warc_offset"])[0]


def _records(path):
    from warcio.archiveiterator import ArchiveIterator
    with open(path, "rb") as fh:
        return [(r.rec_type, r.rec_headers, r.content_stream().read()) for r in ArchiveIterator(fh)]


def _request_lines(path) -> list[str]:
    from warcio.archiveiterator import ArchiveIterator
    with open(path, "rb") as fh:
        return [f"{r.http_headers.protocol} {r.http_headers.statusline} Host={r.http_headers.get_header('Host')}"
                for r in ArchiveIterator(fh) if r.rec_type == "request"]


def test_each_file_opens_with_warcinfo_and_each_response_is_followed_by_its_request(tmp_path):
    writer = WarcWriter(tmp_path / "warc", "r9", info={"description": "registry sites.toml"})
    get = writer.write_response("http://h/a.html?p=2", 200, [("Content-Type", "text/html")], b"<p>a</p>",
                                request=("GET", [("User-Agent", "gia")], b""))
    post = writer.write_response("http://h/list.aspx", 200, [("Content-Type", "text/html")], b"<p>2</p>",
                                 request=("POST", [("Content-Type", "application/x-www-form-urlencoded")],
                                          b"__EVENTTARGET=GridView1&__EVENTARGUMENT=Page%242"))
    writer.close()
    records = _records(tmp_path / "warc" / get["warc_file"])
    assert [t for t, _h, _b in records] == ["warcinfo", "response", "request", "response", "request"]
    info = records[0][2].decode()
    assert "software: gia/" in info and "isPartOf: gia crawl run r9" in info and "registry sites.toml" in info
    for response, request in ((records[1], records[2]), (records[3], records[4])):
        assert request[1].get_header("WARC-Concurrent-To") == response[1].get_header("WARC-Record-ID")
        assert request[1].get_header("WARC-Target-URI") == response[1].get_header("WARC-Target-URI")
    assert records[4][2] == b"__EVENTTARGET=GridView1&__EVENTARGUMENT=Page%242"   # a POST keeps its form
    assert records[4][1].get_header("WARC-Type") == "request"
    assert records[2][2] == b""
    assert _request_lines(tmp_path / "warc" / get["warc_file"]) == ["GET /a.html?p=2 HTTP/1.1 Host=h",
                                                                    "POST /list.aspx HTTP/1.1 Host=h"]
    # the response's address still reads the response, not the request after it
    for where, body in ((get, b"<p>a</p>"), (post, b"<p>2</p>")):
        assert read_response(tmp_path / "warc", where["warc_file"], where["warc_offset"])[0] == body


def test_payload_digest_is_sha256_and_warcio_check_verifies_it(tmp_path):
    import base64
    import hashlib
    writer = WarcWriter(tmp_path / "warc", "r8")
    body = "报告".encode() * 500
    where = writer.write_response("http://h/r.pdf", 200, [("Content-Type", "application/pdf")], body,
                                  request=("GET", [], b""))
    writer.close()
    [_info, (_t, headers, got), _req] = _records(tmp_path / "warc" / where["warc_file"])
    assert got == body
    assert headers.get_header("WARC-Payload-Digest") == "sha256:" + base64.b32encode(hashlib.sha256(body).digest()).decode()
    assert headers.get_header("WARC-Block-Digest")
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(tmp_path / "warc" / where["warc_file"])],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "digest pass" in proc.stdout, proc.stdout + proc.stderr


def test_a_damaged_digest_fails_warcio_check(tmp_path):
    """The broken sample beside the good one: a payload changed after writing fails the check."""
    writer = WarcWriter(tmp_path / "warc", "r7")
    where = writer.write_response("http://h/r.html", 200, [("Content-Type", "text/html")], b"<p>12</p>")
    writer.close()
    path = tmp_path / "warc" / where["warc_file"]
    raw = gzip.decompress(path.read_bytes()).replace(b"<p>12</p>", b"<p>13</p>")
    path.write_bytes(gzip.compress(raw))
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True)
    assert proc.returncode != 0
