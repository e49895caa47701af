"""gia.archive.cdxj and `gia archive cdxj`: the archive's CDXJ index — every capture, sorted, at
offsets that read back; POSTs keyed apart; only new WARC files read; a broken WARC file named in
one line with the old index kept; the same lines webrecorder's own indexer writes."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from gia.archive.cdxj import build_index
from gia.archive.warc import WarcWriter, read_response
from gia.errors import GiaError


def _crawl(root, run: str, urls: list[str], post: str | None = None) -> list[dict]:
    writer = WarcWriter(root / "warc", run)
    where = []
    for url in urls:
        body = f"<html><body>{url}</body></html>".encode()
        request = ("GET", [("User-Agent", "gia-test")], b"")
        where.append(writer.write_response(url, 200, [("Content-Type", "text/html")], body, request=request))
    if post:
        for page in (2, 3):   # one URL, two pages of a postback list: two captures, told apart by their form
            form = f"__EVENTTARGET=GridView1&__EVENTARGUMENT=Page%24{page}".encode()
            where.append(writer.write_response(post, 200, [("Content-Type", "text/html")], f"<p>page {page}</p>".encode(),
                                               request=("POST", [("Content-Type", "application/x-www-form-urlencoded")], form)))
    writer.close()
    return where


def _lines(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _entry(line: str) -> tuple[str, str, dict]:
    key, ts, blob = line.split(" ", 2)
    return key, ts, json.loads(blob)


def test_every_capture_is_listed_sorted_at_an_offset_that_reads_back(tmp_path):
    urls = [f"https://www.gov{i % 3}.example.invalid/xxgk/{i}.html" for i in range(12)]
    where = _crawl(tmp_path, "r1", urls)
    done = build_index(tmp_path)
    lines = _lines(done.path)
    assert done.path == tmp_path / "indexes" / "index.cdxj"
    assert done.lines == len(lines) == len(urls)   # responses only; requests and warcinfo are not captures
    assert lines == sorted(lines)
    for line in lines:
        _key, ts, entry = _entry(line)
        assert len(ts) == 14 and ts.isdigit()
        body, _headers = read_response(tmp_path / "warc", entry["filename"], int(entry["offset"]))
        assert body.decode() == f"<html><body>{entry['url']}</body></html>"
    assert {w["warc_offset"] for w in where} == {int(_entry(l)[2]["offset"]) for l in lines}


def test_posts_to_one_url_are_captures_of_their_own(tmp_path):
    _crawl(tmp_path, "r1", [], post="https://www.gov.example.invalid/list.aspx")
    entries = [_entry(line) for line in _lines(build_index(tmp_path).path)]
    keys = [key for key, _ts, _e in entries]
    assert len(keys) == len(set(keys)) == 2
    assert all("__wb_method=post" in k for k in keys)
    assert sorted(e["requestBody"] for _k, _t, e in entries) == [f"__EVENTTARGET=GridView1&__EVENTARGUMENT=Page${n}" for n in (2, 3)]
    assert {e["method"] for _k, _t, e in entries} == {"POST"}


def test_only_new_warc_files_are_read_and_removed_ones_leave(tmp_path):
    _crawl(tmp_path, "r1", ["https://a.example.invalid/1.html"])
    assert build_index(tmp_path).indexed == 1
    again = build_index(tmp_path)
    assert (again.indexed, again.files, again.lines) == (0, 1, 1)
    _crawl(tmp_path, "r2", ["https://a.example.invalid/2.html", "https://a.example.invalid/3.html"])
    more = build_index(tmp_path)
    assert (more.indexed, more.files, more.lines) == (1, 2, 3)
    (tmp_path / "warc" / "r1-00001.warc.gz").unlink()
    less = build_index(tmp_path)
    assert (less.files, less.lines) == (1, 2)
    assert not (tmp_path / "indexes" / "files" / "r1-00001.warc.gz.cdxj").exists()


def test_a_file_still_being_written_is_left_out(tmp_path):
    _crawl(tmp_path, "r1", ["https://a.example.invalid/1.html"])
    open_writer = WarcWriter(tmp_path / "warc", "r2")
    open_writer.write_response("https://a.example.invalid/open.html", 200, [("Content-Type", "text/html")], b"x")
    try:
        assert all("open.html" not in line for line in _lines(build_index(tmp_path).path))
    finally:
        open_writer.close()


def test_a_broken_warc_file_is_named_and_the_old_index_stays(tmp_path):
    _crawl(tmp_path, "r1", ["https://a.example.invalid/1.html"])
    before = _lines(build_index(tmp_path).path)
    (tmp_path / "warc" / "r2-00001.warc.gz").write_bytes(gzip.compress(b"this is no WARC record\r\n" * 50))
    with pytest.raises(GiaError, match=r"r2-00001\.warc\.gz: not a readable WARC file"):
        build_index(tmp_path)
    assert _lines(tmp_path / "indexes" / "index.cdxj") == before
    assert not list((tmp_path / "indexes").rglob(".tmp-*"))


def test_a_warc_file_cut_anywhere_is_named_or_indexed_only_where_whole(tmp_path):
    """A WARC file copied short (cut at any byte): either one error naming it, the old index kept,
    or an index whose every line is a whole record that reads back — never a traceback."""
    _crawl(tmp_path, "r1", [f"https://a.example.invalid/{i}.html" for i in range(8)])
    whole = (tmp_path / "warc" / "r1-00001.warc.gz").read_bytes()
    named = 0
    for cut in range(1, len(whole), 97):
        (tmp_path / "warc" / "r2-00001.warc.gz").unlink(missing_ok=True)
        before = _lines(build_index(tmp_path).path)   # r1 alone, as the last good run left it
        (tmp_path / "warc" / "r2-00001.warc.gz").write_bytes(whole[:cut])
        try:
            lines = _lines(build_index(tmp_path).path)
        except GiaError as exc:
            assert "r2-00001.warc.gz: not a readable WARC file" in str(exc)
            assert _lines(tmp_path / "indexes" / "index.cdxj") == before
            named += 1
            continue
        for line in lines:
            entry = _entry(line)[2]
            body, _h = read_response(tmp_path / "warc", entry["filename"], int(entry["offset"]))
            assert body.decode() == f"<html><body>{entry['url']}</body></html>"
        assert not list((tmp_path / "indexes").rglob(".tmp-*"))
    assert named   # some cuts are unreadable, and say so


def test_no_warc_files_is_a_one_line_error(tmp_path):
    (tmp_path / "warc").mkdir()
    with pytest.raises(GiaError, match="nothing to index"):
        build_index(tmp_path)


def test_lines_are_webrecorders_own(tmp_path):
    """Differential: the merged index equals cdxj-indexer's own command over the same files, sorted."""
    _crawl(tmp_path, "r1", [f"https://b.example.invalid/{i}.html" for i in range(5)], post="https://b.example.invalid/l.aspx")
    _crawl(tmp_path, "r2", [f"https://a.example.invalid/{i}.html" for i in range(4)])
    files = sorted(str(p) for p in (tmp_path / "warc").glob("*.warc.gz"))
    theirs = subprocess.run([sys.executable, "-c", "from cdxj_indexer.main import main; main()", "--post-append", "--sort", *files],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    assert _lines(build_index(tmp_path).path) == sorted(theirs)


def test_the_command_writes_the_index_or_prints_it(tmp_path, capsys):
    from search_cli.cli import main

    _crawl(tmp_path, "r1", ["https://a.example.invalid/1.html", "https://a.example.invalid/2.html"])
    assert main(["archive", "cdxj", "--archive", str(tmp_path)]) == 0
    assert "2 captures from 1 WARC file(s)" in capsys.readouterr().err
    assert len(_lines(tmp_path / "indexes" / "index.cdxj")) == 2
    assert main(["archive", "cdxj", "--archive", str(tmp_path), "--out", "-"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == _lines(tmp_path / "indexes" / "index.cdxj")
    out = tmp_path / "elsewhere.cdxj"
    assert main(["archive", "cdxj", "--archive", str(tmp_path), "--out", str(out)]) == 0
    assert _lines(out) == printed
