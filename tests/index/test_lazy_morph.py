"""The deferred English morphology module behaves as the real one when used."""

import subprocess
import sys

CODE = """
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


def test_variations_work_through_the_stand_in():
    proc = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_variations_query_still_expands():
    proc = subprocess.run([sys.executable, "-c", "import indexer\nfrom whoosh import query, fields\n"
                           "from whoosh.filedb.filestore import RamStorage\n"
                           "ix = RamStorage().create_index(fields.Schema(t=fields.TEXT(stored=True)))\n"
                           "w = ix.writer(); w.add_document(t='rendered pages'); w.commit()\n"
                           "with ix.searcher() as s: print(len(s.search(query.Variations('t', 'render'))))"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "1"
