"""`gia index --verify`: every index file against the sha256 hashes `gia index` wrote at the end
of the build (an index folder is trusted like code: Whoosh's TOC is a pickle)."""

import json

from gia.archive import Archive
from search_cli.cli import main as gia_main
from indexer import store, update_index
from tests.samples import make_record


def _built(tmp_path):
    a = Archive(tmp_path / "arch")
    for i in range(8):
        a.write_record(make_record(i))
    update_index(a.root)
    return a.root


def _verify(root, capsys):
    code = gia_main(["index", "--verify", "--archive", str(root)])
    return code, capsys.readouterr()


def test_a_fresh_index_verifies(tmp_path, capsys):
    root = _built(tmp_path)
    meta = json.loads((store.index_dir(root) / store.META_FILE).read_text())
    assert any(name.endswith(".toc") for name in meta["files"]) and all(len(v["sha256"]) == 64
                                                                        for v in meta["files"].values())
    code, out = _verify(root, capsys)
    assert code == 0 and "index verified" in out.out
    # an incremental run rewrites the hashes of the new generation
    Archive(root).write_record(make_record(100))
    update_index(root)
    assert _verify(root, capsys)[0] == 0


def test_planted_changed_and_missing_files_are_named(tmp_path, capsys):
    root = _built(tmp_path)
    folder = store.index_dir(root)
    (folder / "_reports_99.toc").write_bytes(b"\x80\x04planted")
    code, out = _verify(root, capsys)
    assert code == 1 and "_reports_99.toc: not written by gia index" in out.out and "NOT verified" in out.out
    (folder / "_reports_99.toc").unlink()
    toc = next(folder.glob("_reports_*.toc"))
    toc.write_bytes(toc.read_bytes()[:-1] + b"x")
    code, out = _verify(root, capsys)
    assert code == 1 and f"{toc.name}: changed since gia index wrote it" in out.out
    segment = next(folder.glob("*.trm"))
    segment.unlink()
    assert f"{segment.name}: missing" in _verify(root, capsys)[1].out


def test_no_hashes_or_no_index_is_one_line(tmp_path, capsys):
    root = _built(tmp_path)
    meta_path = store.index_dir(root) / store.META_FILE
    meta = json.loads(meta_path.read_text())
    del meta["files"]
    meta_path.write_text(json.dumps(meta))
    code, out = _verify(root, capsys)
    assert code == 1 and "no file hashes" in out.err and out.err.count("\n") == 1
    (tmp_path / "empty" / "reports").mkdir(parents=True)
    code, out = _verify(tmp_path / "empty", capsys)
    assert code == 1 and "no search index" in out.err
