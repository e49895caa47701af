"""A whole `gia-search` process stays light: no Scrapy, and no segmenter dictionary load when
the query's words are already index terms (the 0.2-0.6 s a segmenter costs per process)."""

import subprocess
import sys

from gia.archive import Archive
from indexer import update_index
from tests.samples import make_record

PROBE = """
import sys
from search_cli.main import main
code = main(sys.argv[1:])
import indexer.segment as seg
print("exit", code, "scrapy" in sys.modules, seg._DEFAULT is not None)
"""


def _run(*argv):
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_known_words_need_no_segmenter(tmp_path):
    a = Archive(tmp_path / "arch")
    for i in range(5):
        a.write_record(make_record(i))
    update_index(a.root)
    assert _run("行政复议", "--archive", str(a.root)) == "exit 0 False False"
    assert _run("行政複議 OR 复议", "--archive", str(a.root), "--json") == "exit 0 False False"
    # a query that is not an index term is segmented for ranking (the segmenter is loaded)
    assert _run("信息公", "--archive", str(a.root)) == "exit 0 False True"
