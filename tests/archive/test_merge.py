"""gia.archive.merge.merge_records: records merged by content — a text the destination has (as
its current record or an earlier version) is not added again, another text of a report is kept
as an earlier version, a report the destination lacks comes with its versions; again: nothing."""

from __future__ import annotations

import json

from gia.archive import Archive
from gia.archive.merge import merge_records


def _record(text_hash: str, rid: str = "abc123") -> dict:
    return {"schema": 1, "id": rid, "title": "洛阳市司法局2023年政府信息公开工作年度报告", "agency": "洛阳市司法局",
            "province": "河南省", "city": "洛阳市", "year": 2023, "text": "…", "source": {"content_sha256": text_hash, "url": "u"}}


def _hashes(archive: Archive, rid: str = "abc123") -> tuple[list, str]:
    path = archive.root / archive.record_relpath(_record("", rid))
    current = json.loads(path.read_text(encoding="utf-8"))
    older = [json.loads(p.read_text(encoding="utf-8"))["source"]["content_sha256"] for p in archive.versions_of(path)]
    return older, current["source"]["content_sha256"]


def test_texts_are_merged_once_and_versions_kept(tmp_path):
    src, dst = Archive(tmp_path / "src"), Archive(tmp_path / "dst")
    src.write_version(_record("old-text"))
    src.write_version(_record("new-text"))            # src: v1 old-text, current new-text
    src.write_version(_record("only-here", rid="def456"))
    dst.write_version(_record("new-text"))            # dst knows the current text only
    counts = merge_records(src.root, dst.root)
    assert counts == {"added": 1, "versions_added": 1, "already_there": 1}
    assert _hashes(dst) == (["old-text"], "new-text")   # the other text kept as an earlier version, listed in the record
    current = json.loads((dst.root / dst.record_relpath(_record("", "abc123"))).read_text(encoding="utf-8"))
    assert current["source"]["previous_versions"] == [f"{dst.record_relpath(_record('')).stem}.v1.json"]
    assert _hashes(dst, "def456") == ([], "only-here")
    assert merge_records(src.root, dst.root) == {"added": 0, "versions_added": 0, "already_there": 3}


def test_with_crawl_state_only_earlier_versions_are_merged(tmp_path):
    src, dst = Archive(tmp_path / "src"), Archive(tmp_path / "dst")
    src.write_version(_record("old-text"))
    src.write_version(_record("partial-text"))        # a worker's own record of what it fetched: rebuilt instead
    src.write_version(_record("x", rid="def456"))
    dst.write_version(_record("rebuilt-text"))
    counts = merge_records(src.root, dst.root, earlier_only=True)
    assert counts == {"added": 0, "versions_added": 1, "already_there": 0}
    assert _hashes(dst) == (["old-text"], "rebuilt-text")
    assert not (dst.root / dst.record_relpath(_record("", "def456"))).exists()
