"""indexer/pool.py: the chunked posting pool gives exactly the postings of Whoosh's own pool,
also when the pool spills to several run files (a tiny limitmb forces that)."""

from gia.archive import Archive
from indexer import pool, update_index
from indexer.samples import make_record
from indexer.store import open_index


def _postings(root):
    ix = open_index(root)
    with ix.reader() as r:
        out = {}
        for field, text in r.all_terms():
            m = r.postings(field, text)
            fmt = "positions" if field == "text" else "weight"
            try:
                out[(field, text)] = list(m.items_as(fmt))
            except Exception:  # a field whose format has no positions
                out[(field, text)] = list(m.items_as("weight"))
        return out, r.doc_count(), sorted(d["path"] for d in r.all_stored_fields())


def _build(tmp_path, name, monkeypatch, patched: bool):
    a = Archive(tmp_path / name)
    for i in range(60):
        a.write_record(make_record(i))
    runs = []
    real = pool.speed_up

    def spy(writer):
        if patched:
            real(writer)
        save = writer.pool.save
        writer.pool.save = lambda: (runs.append(len(writer.pool.current)), save())[1]

    monkeypatch.setattr(pool, "speed_up", spy)
    update_index(a.root, limitmb=1)
    return _postings(a.root), runs


def test_chunked_runs_give_whoosh_s_postings(tmp_path, monkeypatch):
    ours, runs = _build(tmp_path, "ours", monkeypatch, patched=True)
    theirs, runs_whoosh = _build(tmp_path, "whoosh", monkeypatch, patched=False)
    assert len([n for n in runs if n]) >= 2, "the tiny pool must spill to several runs"
    assert runs == runs_whoosh  # same size estimate -> same runs
    assert ours[1] == theirs[1] == 60 and ours[2] == theirs[2]
    assert ours[0] == theirs[0] and len(ours[0]) > 1000


def test_chunks_cross_run_boundaries(monkeypatch, tmp_path):
    monkeypatch.setattr(pool, "CHUNK", 7)  # many chunks per run, a partial one at the end
    ours, _ = _build(tmp_path, "small", monkeypatch, patched=True)
    theirs, _ = _build(tmp_path, "whoosh", monkeypatch, patched=False)
    assert ours == theirs and ours[1] == 60
