"""`gia index` / update_index: incremental add, change, remove; rebuild; crash safety; clear errors."""

import json
import os
import shutil

import pytest

from gia.archive import Archive
from search_cli.cli import main as gia_main
from indexer import update_index
from tests.samples import make_record
from indexer.store import IndexCorrupt, IndexMissing, index_dir, open_index
from search_cli import search


def _archive(tmp_path, n=12):
    a = Archive(tmp_path / "arch")
    paths = [a.write_record(make_record(i)) for i in range(n)]
    return a, paths


def _ids(root, query=""):
    return {h["id"] for h in search(root, query, limit=1000, facets=[], snippets=False)["hits"]}


def test_first_run_adds_everything_second_changes_nothing(tmp_path):
    a, _ = _archive(tmp_path)
    stats = update_index(a.root)
    assert (stats["added"], stats["total"], stats["rebuilt"]) == (12, 12, True)
    again = update_index(a.root)
    assert (again["added"], again["updated"], again["removed"], again["unchanged"]) == (0, 0, 0, 12)


def test_new_changed_and_removed_records(tmp_path):
    a, paths = _archive(tmp_path)
    update_index(a.root)
    a.write_record(make_record(100))                       # new
    changed = make_record(3)
    changed["title"] = "洛阳市测试局2020年政府信息公开工作年度报告 独一无二"
    os.utime(a.write_record(changed), ns=(1, 10**18))        # changed (new mtime and size)
    paths[5].unlink()                                        # removed
    stats = update_index(a.root)
    assert (stats["added"], stats["updated"], stats["removed"], stats["total"]) == (1, 1, 1, 12)
    assert _ids(a.root, "独一无二") == {"sample-000003"}
    assert "sample-000005" not in _ids(a.root)
    assert "sample-000100" in _ids(a.root)


def test_rebuild_and_unreadable_record(tmp_path):
    a, paths = _archive(tmp_path)
    paths[0].write_text("{ not json", encoding="utf-8")
    stats = update_index(a.root, rebuild=True)
    assert stats["skipped"] == 1 and stats["total"] == 11
    stats = update_index(a.root, rebuild=True)
    assert stats["rebuilt"] and stats["total"] == 11
    assert not index_dir(a.root).with_name("index.new").exists()


def test_crash_mid_index_keeps_previous_index(tmp_path, monkeypatch):
    a, _ = _archive(tmp_path)
    update_index(a.root)
    for i in range(200, 210):
        a.write_record(make_record(i))
    import indexer.update as upd

    calls = {"n": 0}
    real = upd.record_to_doc

    def exploding(record, rel, sig):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # the user hit ^C / the process died mid-way
        return real(record, rel, sig)

    monkeypatch.setattr(upd, "record_to_doc", exploding)
    with pytest.raises(KeyboardInterrupt):
        update_index(a.root)
    assert len(_ids(a.root)) == 12  # the previous index, intact and searchable
    with pytest.raises(KeyboardInterrupt):
        calls["n"] = 0
        update_index(a.root, rebuild=True)
    assert len(_ids(a.root)) == 12
    monkeypatch.setattr(upd, "record_to_doc", real)
    assert update_index(a.root)["total"] == 22


def test_missing_and_corrupt_index_messages(tmp_path):
    a, _ = _archive(tmp_path, n=3)
    with pytest.raises(IndexMissing, match="gia index"):
        open_index(a.root)
    update_index(a.root)
    for f in index_dir(a.root).glob("*.toc"):
        f.write_bytes(b"garbage")
    with pytest.raises(IndexCorrupt, match="--rebuild"):
        open_index(a.root)
    with pytest.raises(IndexCorrupt):
        update_index(a.root)
    assert update_index(a.root, rebuild=True)["total"] == 3


def test_damaged_segment_files_get_the_rebuild_message(tmp_path):
    """A readable table of contents but damaged term files: the damage shows when a searcher opens
    the segments, and gets the same one-line message, for searching and for `gia index`."""
    from indexer.store import searcher_cached, _OPEN
    from search_cli import search

    a, _ = _archive(tmp_path, n=3)
    update_index(a.root)
    for f in index_dir(a.root).glob("*.trm"):
        f.write_bytes(b"\x96\x93garbage" * 8)
    _OPEN.clear()  # a new process: the damaged files are what it finds
    with pytest.raises(IndexCorrupt, match="--rebuild"):
        searcher_cached(a.root)
    with pytest.raises(IndexCorrupt, match="--rebuild"):
        search(a.root, "复议 诉讼")
    with pytest.raises(IndexCorrupt, match="--rebuild"):
        update_index(a.root)
    assert update_index(a.root, rebuild=True)["total"] == 3


def test_gia_index_command(tmp_path, capsys):
    a, _ = _archive(tmp_path, n=4)
    assert gia_main(["index", "--archive", str(a.root)]) == 0
    assert "4 added" in capsys.readouterr().out
    assert gia_main(["index", "--archive", str(a.root), "--rebuild"]) == 0
    assert "rebuilt" in capsys.readouterr().out
    assert gia_main(["index", "--archive", str(tmp_path / "nope")]) == 1
    assert "no archive" in capsys.readouterr().err
    shutil.rmtree(index_dir(a.root))
    (index_dir(a.root)).mkdir()
    (index_dir(a.root) / "gia-index.json").write_text(json.dumps({"schema_version": 0}))
    assert gia_main(["index", "--archive", str(a.root)]) == 0  # not an index: built afresh
