"""The archive store: atomic records, versions kept on change, safe paths, crash-safe WARC."""

from __future__ import annotations

import json

from gia.archive import Archive, CrawlStore


def _record(text_hash: str, **kw) -> dict:
    base = {"schema": 1, "id": "abc123", "title": "洛阳市司法局2023年政府信息公开工作年度报告", "agency": "洛阳市司法局",
            "province": "河南省", "city": "洛阳市", "year": 2023, "text": "…", "source": {"content_sha256": text_hash, "url": "u"}}
    base.update(kw)
    return base


def test_new_unchanged_updated_changed(tmp_path):
    archive = Archive(tmp_path)
    path, outcome = archive.write_version(_record("h1"))
    assert outcome == "new" and json.loads(path.read_text(encoding="utf-8"))["version"] == 1
    assert archive.write_version(_record("h1"))[1] == "unchanged"
    assert archive.write_version(_record("h1", title="洛阳市司法局2023年政府信息公开工作年度报告（更新）"))[1] == "updated"
    path2, outcome = archive.write_version(_record("h2"))
    assert outcome == "changed" and path2 == path
    current = json.loads(path.read_text(encoding="utf-8"))
    assert current["version"] == 2 and current["source"]["previous_versions"] == [f"{path.stem}.v1.json"]
    (old,) = archive.versions_of(path)
    assert json.loads(old.read_text(encoding="utf-8"))["source"]["content_sha256"] == "h1"
    assert list(archive.record_paths()) == [path]  # old versions are not current records
    archive.write_version(_record("h3"))
    assert [p.name for p in archive.versions_of(path)] == [f"{path.stem}.v1.json", f"{path.stem}.v2.json"]


def test_scraped_names_never_escape_the_archive(tmp_path):
    archive = Archive(tmp_path / "a")
    path, _ = archive.write_version(_record("h", agency="../../etc/passwd", province="/", city="NUL\x00", id="../x"))
    assert path.resolve().is_relative_to((tmp_path / "a" / "reports").resolve())


def test_torn_warc_tail_is_cut_and_the_file_closed(tmp_path):
    store = CrawlStore(tmp_path, run="r1")
    for i in range(3):
        store.record_response(f"http://h/{i}.html", 200, [("Content-Type", "text/html")], f"<p>{i}</p>".encode() * 50, "s")
    open_files = list((tmp_path / "warc").glob("*.open"))
    assert len(open_files) == 1
    with open(open_files[0], "ab") as fh:  # a kill -9 in the middle of the 4th record
        fh.write(b"\x1f\x8b\x08\x00garbage")
    store.db.close()  # no close_warc(): the process "died"
    import fcntl

    fcntl.flock(store.warc._fh, fcntl.LOCK_UN)   # as the kernel drops a killed process's hold on its open file
    store2 = CrawlStore(tmp_path, run="r2")
    assert not list((tmp_path / "warc").glob("*.open"))
    for i in range(3):
        body, _ = store2.read_body(store2.fetch(f"http://h/{i}.html"))
        assert body == f"<p>{i}</p>".encode() * 50
    store2.close()


def test_relocate_moves_a_record_and_its_versions(tmp_path):
    archive = Archive(tmp_path)
    archive.write_version(_record("h1", agency="%PDF-1.4"))
    path, _ = archive.write_version(_record("h2", agency="%PDF-1.4"))
    archive.write_catalog()
    old = archive.catalog_paths()["abc123"]
    new = archive.record_relpath(_record("h2"))
    archive.relocate(old, new)
    assert not (tmp_path / old).exists() and not path.parent.exists()
    assert (tmp_path / new).exists() and [p.name for p in archive.versions_of(tmp_path / new)] == [f"{new.stem}.v1.json"]
