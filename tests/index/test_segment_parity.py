"""rjieba (jieba-rs) gives exactly jieba's output with the same dictionary, on what we feed it.

Over the labelled corpus's text files (skipped when ../shared/corpus is absent) and over
generated report text. The domain words stay whole in both.
"""

import json

import pytest

from indexer.dictionary import DOMAIN_WORDS
from tests.samples import make_record
from indexer.segment import Segmenter
from tests.conftest import corpus_files


@pytest.fixture(scope="module")
def both():
    pytest.importorskip("rjieba")
    return Segmenter("rjieba"), Segmenter("jieba")


def _corpus_texts():
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in corpus_files("*.txt")]
    for p in corpus_files("*.gold.json"):
        try:
            gold = json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            continue
        texts.extend(v for v in gold.values() if isinstance(v, str))
    return texts


def _assert_same(fast, slow, text):
    masked = fast.masked(text)
    assert fast._cut(masked) == slow._cut(masked)
    assert fast.words(text) == slow.words(text)


def test_identical_over_the_corpus(both, corpus_dir):
    texts = _corpus_texts()
    assert texts, f"no text in {corpus_dir}"
    for text in texts:
        _assert_same(*both, text)


def test_identical_over_generated_text(both):
    for seed in range(30):
        record = make_record(seed)
        _assert_same(*both, record["text"])
    _assert_same(*both, "本機關依申請公開的行政覆議案件共５件, 2020-01-20 a 三安全一稳定 12.5% ab 𠀀中文")


def test_search_mode_subwords_identical(both):
    fast, slow = both
    for word in ("中华人民共和国", "政府信息公开", "依申请公开", "农业发展", "行政复议机关", "三安全一稳定"):
        assert fast.subwords(word) == slow.subwords(word)
        assert fast.parts(word) == slow.parts(word)


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_domain_words_stay_whole(backend):
    if backend == "rjieba":
        pytest.importorskip("rjieba")
    seg = Segmenter(backend)
    for word in DOMAIN_WORDS:
        text = f"本年度{word}情况"
        assert word in [w.text for w in seg.words(text)], (backend, word)


def test_falls_back_to_jieba_without_rjieba(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "rjieba", None)  # `import rjieba` now raises ImportError
    seg = Segmenter()
    assert seg.backend_name == "jieba"
    assert [w.text for w in seg.words("行政复议")] == ["行政复议"]
