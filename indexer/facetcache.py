"""Per-document facet values (and numbers) as compact arrays, saved beside the index for each generation.

Counting facets over 100,000 matches needs each document's value. Reading Whoosh columns
costs a Python call per document, and rebuilding the arrays from the posting lists costs
~40 ms per facet, which every `gia-search` process would pay. So `gia index` writes
`index/facets-<generation>-<documents>.bin` after each commit, and searches load it in
milliseconds. It is derived data: a missing, stale or unreadable file is simply rebuilt
(and rewritten when the folder is writable).

The file is data, never code (issue 12: a planted pickle would run when anyone searches a
shared archive): MAGIC, the length of a JSON table of contents, the table, then the
entries. An entry is JSON (value names, counts) or an array of 32-bit integers in
little-endian order (per-document value indexes, numbers), read lazily: a query counting 5
facets reads those 5 arrays, not the 24 arrays of every facet and number. A facet's value
names ("=facet") are kept apart from its per-document array (facet), so a result covering
every document, counted from the saved totals ("@facet"), reads no array at all.
"""

from __future__ import annotations

import json
import os
import sys
from array import array
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from indexer.names import FACETS, NUMERIC_FIELDS, NUMERIC_MISSING

PREFIX = "facets-"
SUFFIX = ".bin"
MAGIC = b"GIA-FACETS-4\n"
_ARRAY = "i"  # 32-bit signed (array's "i" is 4 bytes on every platform CPython supports)


def _keys() -> set[str]:
    return set(FACETS) | {p + f for f in FACETS for p in "@="} | {"#" + f for f in NUMERIC_FIELDS}


class LazyEntries(Mapping):
    """The saved entries, each decoded on first use. Holds the file open, so a newer
    `gia index` replacing (unlinking) it does not pull the data from under a running search."""

    def __init__(self, f, toc: dict):
        self._f, self._toc, self._done = f, toc, {}

    def __getitem__(self, key):
        if key not in self._done:
            offset, length, kind = self._toc[key]  # KeyError for an unknown key, as a dict
            raw = os.pread(self._f.fileno(), length, offset)
            if len(raw) != length:
                raise ValueError("truncated facet cache")
            self._done[key] = _decode(kind, raw)
        return self._done[key]

    def __iter__(self):
        return iter(self._toc)

    def __len__(self):
        return len(self._toc)

    def close(self):
        self._f.close()

    def __del__(self):
        f = getattr(self, "_f", None)
        if f is not None and not f.closed:
            f.close()


def _encode(value) -> tuple[str, bytes]:
    if isinstance(value, array):
        arr = value if value.typecode == _ARRAY else array(_ARRAY, value)
        if sys.byteorder != "little":
            arr = array(_ARRAY, arr)
            arr.byteswap()
        return "array", arr.tobytes()
    if isinstance(value, Counter):
        return "counts", json.dumps({str(k): n for k, n in value.items()}).encode("utf-8")
    return "json", json.dumps(value, ensure_ascii=False).encode("utf-8")


def _decode(kind: str, raw: bytes):
    if kind == "array":
        if len(raw) % array(_ARRAY).itemsize:
            raise ValueError("bad array in facet cache")
        arr = array(_ARRAY)
        arr.frombytes(raw)
        if sys.byteorder != "little":
            arr.byteswap()
        return arr
    value = json.loads(raw.decode("utf-8"))
    if kind == "counts":
        if not isinstance(value, dict):
            raise ValueError("bad counts in facet cache")
        return Counter({int(k): int(n) for k, n in value.items()})
    if kind == "json":
        return value
    raise ValueError(f"unknown entry kind {kind!r} in facet cache")


def _read(path: Path) -> LazyEntries:
    f = open(path, "rb")
    try:
        if f.read(len(MAGIC)) != MAGIC:
            raise ValueError("not a facet cache of this version")
        size = int.from_bytes(f.read(8), "little")
        if size > 1 << 24:
            raise ValueError("bad facet cache header")
        toc = json.loads(f.read(size).decode("utf-8"))
        if not isinstance(toc, dict) or not all(
                isinstance(v, list) and len(v) == 3 and isinstance(v[0], int) and isinstance(v[1], int)
                and v[2] in ("array", "counts", "json") for v in toc.values()):
            raise ValueError("bad table of contents")
        start = len(MAGIC) + 8 + size
        if os.fstat(f.fileno()).st_size < start + sum(n for _o, n, _k in toc.values()):
            raise ValueError("truncated facet cache")
        return LazyEntries(f, {k: (start + o, n, kind) for k, (o, n, kind) in toc.items()})
    except BaseException:
        f.close()
        raise


def _write(f, data: dict) -> None:
    blobs = {k: _encode(v) for k, v in data.items()}
    toc, offset = {}, 0
    for k, (kind, b) in blobs.items():  # offsets from the start of the entries
        toc[k] = (offset, len(b), kind)
        offset += len(b)
    head = json.dumps(toc, ensure_ascii=False).encode("utf-8")
    f.write(MAGIC)
    f.write(len(head).to_bytes(8, "little"))
    f.write(head)
    for _kind, b in blobs.values():
        f.write(b)


def file_name(searcher) -> str:
    reader = searcher.reader()
    gen = getattr(searcher, "_ix", None)
    gen = gen.latest_generation() if gen is not None else "x"
    return f"{PREFIX}{gen}-{reader.doc_count_all()}{SUFFIX}"


def _build(searcher) -> dict:
    from indexer.fast import term_ids

    reader = searcher.reader()
    n = reader.doc_count_all()
    out = {}
    for facet in FACETS:
        arr = array(_ARRAY, [-1]) * n
        values = []
        for vi, value in enumerate(reader.lexicon(facet)):
            values.append(value.decode("utf-8") if isinstance(value, bytes) else value)
            for d in term_ids(searcher, facet, value):
                arr[d] = vi
        out[facet] = arr
        out["=" + facet] = values
        out["@" + facet] = Counter(arr)  # counts over every live document, by value index
    for field in NUMERIC_FIELDS:  # the numbers too, for --sum (key "#field")
        # Always an entry (load() checks every key is there): no column = no report states it.
        if reader.has_column(field):
            out["#" + field] = array(_ARRAY, (NUMERIC_MISSING if v is None else int(v)
                                              for v in reader.column_reader(field)))
        else:
            out["#" + field] = array(_ARRAY, [NUMERIC_MISSING]) * n
    return out


def saved(searcher, index_dir: Path | None):
    """The saved file of the index's current generation, or None (missing, stale, damaged,
    of an older format)."""
    if not index_dir:
        return None
    try:
        data = _read(Path(index_dir) / file_name(searcher))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if set(data) >= _keys():
        return data
    data.close()
    return None


def load(searcher, index_dir: Path | None) -> Mapping:
    """{facet: per-document value index array (-1 = no value), "=facet": value names,
    "@facet": Counter of value indexes over every document, "#field": numbers}."""
    data = saved(searcher, index_dir)
    if data is not None:
        return data
    data = _build(searcher)
    if index_dir:
        save(Path(index_dir), Path(index_dir) / file_name(searcher), data)
    return data


def save(index_dir: Path, path: Path, data: dict) -> None:
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    try:
        with open(tmp, "wb") as f:
            _write(f, data)
        os.replace(tmp, path)
        for old in [*index_dir.glob(f"{PREFIX}*{SUFFIX}"), *index_dir.glob(f"{PREFIX}*.pickle")]:
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
