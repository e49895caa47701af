"""index/facets-<generation>-<documents>.bin: written by gia index, read lazily (only the
facets a query counts), rebuilt when missing, of an older format, or truncated; data, never a
pickle (a planted pickle in its place is not run)."""

import pickle

import pytest

from gia.archive import Archive
from indexer import facetcache, update_index
from indexer.fields import FACETS, NUMERIC_FIELDS
from tests.samples import make_record
from indexer.store import index_dir
from search_cli import search


@pytest.fixture()
def root(tmp_path):
    a = Archive(tmp_path / "arch")
    for i in range(30):
        a.write_record(make_record(i))
    update_index(a.root)
    return a.root


def _cache_file(root):
    files = list(index_dir(root).glob(f"{facetcache.PREFIX}*{facetcache.SUFFIX}"))
    assert len(files) == 1
    return files[0]


def _facets(root):
    return search(root, "", limit=0, facets=list(FACETS), sum_field="new_requests", by="province")


def test_written_by_index_and_read_lazily(root):
    path = _cache_file(root)
    assert path.read_bytes().startswith(facetcache.MAGIC)
    data = facetcache._read(path)
    assert set(data) >= set(FACETS) | {"#" + f for f in NUMERIC_FIELDS}
    assert data._done == {}  # nothing decoded yet
    values = data["=province"]
    assert "河南省" in values and set(data._done) == {"=province"}  # names without the array
    arr = data["province"]
    assert len(arr) == 30 and sorted(values[i] for i in arr) == sorted(make_record(i)["province"] for i in range(30))


def test_a_result_of_every_document_reads_no_per_document_array(root):
    from indexer.store import searcher_cached
    from search_cli.counting import _saved

    res = search(root, "*", limit=0, facets=["province", "year"])
    assert res["total"] == 30 and sum(res["facets"]["province"].values()) == 30
    done = set(_saved(searcher_cached(root))._done)
    assert {"=province", "@province", "=year", "@year"} <= done and not done & {"province", "year"}
    # a partial result does read them, and counts the same as its hits say
    res = search(root, "year:2020", limit=0, facets=["province"])
    assert "province" in _saved(searcher_cached(root))._done
    assert sum(res["facets"]["province"].values()) == res["total"]


def test_counts_equal_a_freshly_built_cache(root):
    expected = _facets(root)
    assert expected["facets"]["province"]["河南省"] == sum(
        1 for i in range(30) if make_record(i)["province"] == "河南省")
    path = _cache_file(root)
    path.unlink()
    update_index(root)  # nothing changed: refresh rewrites the cache
    assert _cache_file(root).exists()
    assert _facets(root) == expected


class _Planted:
    """A pickle that would create a file when unpickled."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.mark.parametrize("damage", ["old_format", "truncated", "garbage", "planted_pickle"])
def test_damaged_or_old_cache_is_rebuilt(root, damage, tmp_path):
    import indexer.store as store

    expected = _facets(root)
    path = _cache_file(root)
    raw = path.read_bytes()
    marker = tmp_path / "pwned"
    if damage == "old_format":  # the format before round 5: a pickle per entry
        path.write_bytes(b"GIA-FACETS-3\n" + raw[len(facetcache.MAGIC):])
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "planted_pickle":
        path.write_bytes(pickle.dumps({"province": _Planted(marker)}))
        (path.parent / "facets-1-30.pickle").write_bytes(pickle.dumps(_Planted(marker)))
    else:
        path.write_bytes(b"not a cache")
    store._OPEN.clear()  # a new process: the damaged file is what it finds
    assert _facets(root) == expected
    assert not marker.exists()  # nothing in the folder was unpickled
    update_index(root)
    assert _cache_file(root).read_bytes().startswith(facetcache.MAGIC)
    assert not list(path.parent.glob("facets-*.pickle"))


def test_facet_cache_module_imports_no_pickle():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(facetcache))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not imported & {"pickle", "_pickle", "marshal", "shelve"}
