"""The deferred Whoosh modules (indexer/lazy_imports.py) behave as the real ones when used."""

import subprocess
import sys

import pytest


def _run(code: str) -> str:
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_a_search_process_loads_none_of_them():
    code = """
import sys
import indexer
from indexer import lazy_imports
import whoosh.searching, whoosh.codec.whoosh3, whoosh.query, whoosh.analysis, whoosh.fields
loaded = [m for m in lazy_imports.DEFERRED
          if m in sys.modules and not getattr(sys.modules[m], "_gia_stub", False)]
print(loaded)
"""
    assert _run(code) == "[]"


VARIATIONS = """
import sys
import indexer  # installs the stand-in
from whoosh import query
assert getattr(sys.modules["whoosh.lang.morph_en"], "_gia_stub", False), "not deferred"
from whoosh.lang.morph_en import variations as stub_variations
from whoosh.query.terms import variations as bound
got = sorted(bound("rendering"))
assert not getattr(sys.modules["whoosh.lang.morph_en"], "_gia_stub", False), "real module not loaded"
from whoosh.lang import morph_en
assert got == sorted(morph_en.variations("rendering")) and "renderings" in got, got
assert sorted(stub_variations("render")) == sorted(morph_en.variations("render"))
print("ok")
"""

STEM = """
import pickle, sys
import indexer
from whoosh import analysis
# not deferred: a stand-in `stem` would make a stemming schema unpicklable
assert not getattr(sys.modules["whoosh.lang.porter"], "_gia_stub", False)
assert pickle.loads(pickle.dumps(analysis.StemmingAnalyzer())) is not None
print("ok")
"""

METAPHONE = """
import indexer
from whoosh import analysis
from whoosh.lang.dmetaphone import double_metaphone
import sys
assert getattr(sys.modules["whoosh.lang.dmetaphone"], "_gia_stub", False), "not deferred"
f = analysis.DoubleMetaphoneFilter()
assert [t.text for t in f(analysis.RegexTokenizer()("Smith"))] == ["SM0", "XMT"]
assert double_metaphone("Smith") == ("SM0", "XMT")
print("ok")
"""

HIGHLIGHT = """
import sys
import indexer
from whoosh import fields, query, searching
from whoosh.filedb.filestore import RamStorage
assert getattr(sys.modules["whoosh.highlight"], "_gia_stub", False), "not deferred"
ix = RamStorage().create_index(fields.Schema(t=fields.TEXT(stored=True)))
w = ix.writer(); w.add_document(t="the rendered pages"); w.commit()
with ix.searcher() as s:
    hit = s.search(query.Term("t", "rendered"))[0]
    print(hit.highlights("t"))
"""

@pytest.mark.parametrize("code,expected", [(VARIATIONS, "ok"), (STEM, "ok"), (METAPHONE, "ok"),
                                           (HIGHLIGHT, "the <b class=\"match term0\">rendered</b> pages")],
                         ids=["morph_en", "porter-not-deferred", "dmetaphone", "highlight"])
def test_deferred_module_works_when_used(code, expected):
    assert _run(code) == expected


def test_variations_query_still_expands():
    assert _run("import indexer\nfrom whoosh import query, fields\n"
                "from whoosh.filedb.filestore import RamStorage\n"
                "ix = RamStorage().create_index(fields.Schema(t=fields.TEXT(stored=True)))\n"
                "w = ix.writer(); w.add_document(t='rendered pages'); w.commit()\n"
                "with ix.searcher() as s: print(len(s.search(query.Variations('t', 'render'))))") == "1"
