"""The analyzer: word-ordinal positions, sub-words for recall, nothing dropped, right offsets.

Each known defect of jieba's bundled ChineseAnalyzer (jieba.analyse.ChineseAnalyzer) is shown
next to our behaviour on the same tiny index.
"""

import pytest
from whoosh import fields
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from indexer.analyzer import ChineseAnalyzer, word_positions
from indexer.fields import ChineseText

TEXT = "本机关全年办理行政复议案件5件，依申请公开的信息共a类，农业发展情况良好。"


def _index(field):
    schema = fields.Schema(body=field)
    ix = RamStorage().create_index(schema)
    with ix.writer() as w:
        w.add_document(body=TEXT)
    return ix


def _hits(ix, query):
    with ix.searcher() as s:
        return len(s.search(QueryParser("body", ix.schema).parse(query)))


@pytest.fixture(scope="module")
def ours():
    return _index(ChineseText(analyzer=ChineseAnalyzer(), phrase=True, multitoken_query="phrase"))


@pytest.fixture(scope="module")
def jiebas():
    analyse = pytest.importorskip("jieba.analyse")
    return _index(fields.TEXT(analyzer=analyse.ChineseAnalyzer(), phrase=True))


@pytest.mark.parametrize("query", ["行政复议", "复议", "行政", '"行政 复议"', '"行政复议案件"', '"依申请公开的"',
                                   "农业", "诉讼 OR 农业", "5", "a", "的", "申请"])
def test_queries_hit(ours, query):
    assert _hits(ours, query) == 1, query


@pytest.mark.parametrize("query", ['"复议 行政"', "诉讼", '"行政 案件"', "b"])
def test_non_matches(ours, query):
    assert _hits(ours, query) == 0, query


def test_defect_char_offsets_as_positions(ours, jiebas):
    # jieba's analyzer uses character offsets as positions: 行政 at 7, 复议 at 9, so the
    # phrase "行政 复议" (positions n, n+1) never matches. Ours: word ordinals.
    assert _hits(jiebas, '"行政 复议"') == 0
    assert _hits(ours, '"行政 复议"') == 1
    assert _hits(jiebas, '"依申请 公开 的"') == 0  # no multi-word phrase can match there
    assert _hits(ours, '"依申请公开的"') == 1


def test_defect_single_non_cjk_chars_dropped(ours, jiebas):
    # jieba's analyzer drops any one-character non-CJK token: the count 5 and the letter a.
    assert _hits(jiebas, "5") == 0 and _hits(jiebas, "a") == 0
    assert _hits(ours, "5") == 1 and _hits(ours, "a") == 1


def test_defect_stop_words(ours, jiebas):
    # jieba's analyzer removes 的/和/了 (and English stop words): 的 cannot be searched at all.
    assert _hits(jiebas, "的") == 0
    assert _hits(ours, "的") == 1


def test_positions_are_word_ordinals():
    postings = word_positions("行政复议案件")
    # 行政复议 is one word spanning two positions: 行政 (0) 复议 (1); 案件 follows at 2.
    assert postings["行政复议"] == [0]
    assert postings["行政"] == [0]
    assert postings["复议"] == [1]
    assert postings["案件"] == [2]


def test_fast_path_equals_token_stream():
    an = ChineseAnalyzer()
    for text in (TEXT, "中华人民共和国政府信息公开条例规定，三安全一稳定。ＡＢ 12.5%", "政府資訊公開"):
        expected = {}
        for t in an(text, positions=True, mode="index"):
            expected.setdefault(t.text, []).append(t.pos)
        assert {k: sorted(v) for k, v in expected.items()} == word_positions(text)


def test_offsets_mark_the_original_characters():
    text = "本機關的行政複議案件"  # traditional: folded for matching, offsets into this text
    an = ChineseAnalyzer()
    spans = {t.text: text[t.startchar:t.endchar] for t in an(text, positions=True, chars=True, mode="index")}
    assert spans["行政复议"] == "行政複議"
    assert spans["复议"] == "複議"
    assert spans["机关"] == "機關"


def test_traditional_query_matches_simplified_text(ours):
    assert _hits(ours, "行政複議") == 1
    assert _hits(ours, '"依申請公開的"') == 1


def test_query_mode_whole_word_is_one_term():
    an = ChineseAnalyzer()
    assert [t.text for t in an("行政复议", mode="query")] == ["行政复议"]
    assert [t.text for t in an("依申请公开的", mode="query")] == ["依", "申请", "公开", "的"]


def test_mark_positions_follow_words():
    text = "行政复议案件。农业发展"
    postings, at = word_positions(text, [0, 7, len(text)])
    assert at[0] == 0 and at[1] == postings["农业"][0] and at[2] == max(max(v) for v in postings.values()) + 1
