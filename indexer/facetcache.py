"""Per-document facet values (and numbers) as compact arrays, saved beside the index for each generation.

Counting facets over 100,000 matches needs each document's value. Reading Whoosh columns
costs a Python call per document, and rebuilding the arrays from the posting lists costs
~40 ms per facet, which every `gia-search` process would pay. So `gia index` writes
`index/facets-<generation>.pickle` (value lists + one `array('i')` per facet) after each
commit, and searches load it in milliseconds. It is derived data: a missing, stale or
unreadable file is simply rebuilt (and rewritten when the folder is writable).
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections import Counter
from pathlib import Path

from indexer.fields import FACETS, NUMERIC_FIELDS, NUMERIC_MISSING

PREFIX = "facets-"


def _key(searcher) -> str:
    reader = searcher.reader()
    gen = getattr(searcher, "_ix", None)
    gen = gen.latest_generation() if gen is not None else "x"
    return f"{gen}-{reader.doc_count_all()}"


def _build(searcher) -> dict:
    from indexer.docsets import term_ids

    reader = searcher.reader()
    n = reader.doc_count_all()
    out = {}
    for facet in FACETS:
        arr = array("i", [-1]) * n
        values = []
        for vi, value in enumerate(reader.lexicon(facet)):
            values.append(value.decode("utf-8") if isinstance(value, bytes) else value)
            for d in term_ids(searcher, facet, value):
                arr[d] = vi
        out[facet] = (values, arr)
        out["@" + facet] = Counter(arr)  # counts over every document, by value index
    for field in NUMERIC_FIELDS:  # the numbers too, for --sum (key "#field")
        if reader.has_column(field):
            out["#" + field] = array("i", (NUMERIC_MISSING if v is None else int(v)
                                           for v in reader.column_reader(field)))
    return out


def load(searcher, index_dir: Path | None) -> dict:
    """{facet: (values, per-document value index array)}; -1 = no value."""
    key = _key(searcher)
    path = index_dir / f"{PREFIX}{key}.pickle" if index_dir else None
    if path is not None:
        try:
            with open(path, "rb") as f:
                data = pickle.load(f)
            if set(data) >= set(FACETS) | {"#" + f for f in NUMERIC_FIELDS} | {"@" + f for f in FACETS}:
                return data
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError):
            pass
    data = _build(searcher)
    if path is not None:
        save(index_dir, path, data)
    return data


def save(index_dir: Path, path: Path, data: dict) -> None:
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        with open(tmp, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in index_dir.glob(f"{PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only archive: search still works, just without the saved copy
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def refresh(archive_root) -> None:
    """Write the cache for the index's current generation (called by update_index)."""
    from indexer import store

    ix = store.open_index(archive_root)
    with ix.searcher() as searcher:
        searcher._ix = ix
        load(searcher, store.index_dir(archive_root))
