"""Section search: `review_litigation:复议` matches only inside that section of the text."""

import pytest

from gia.archive import Archive
from indexer import update_index
from indexer.sections import locate
from search_cli import search


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("sections") / "arch")
    base = {"schema": 1, "title": "测试报告", "agency": "测试局", "year": 2020, "province": "河南省",
            "city": "洛阳市", "level": "city", "template": "2021", "checks": []}
    overview = "本机关推进农业发展信息公开。"
    review = "本年度发生行政复议3起。"
    a.write_record(dict(base, id="a", text=f"{overview}\n{review}\n其他。",
                        sections={"overview": overview, "review_litigation": review}))
    a.write_record(dict(base, id="b", text="本年度发生行政复议1起。\n没有农业内容。",
                        sections={"overview": "本年度发生行政复议1起。", "review_litigation": "没有农业内容。"}))
    # a section the text does not contain (normalised by a parser): still searchable
    a.write_record(dict(base, id="c", text="全文。", sections={"problems": "勾稽关系不平衡。"}))
    update_index(a.root)
    return a.root


def _ids(root, q):
    return {h["id"] for h in search(root, q, limit=100, facets=[], snippets=False)["hits"]}


def test_section_terms_and_phrases(root):
    assert _ids(root, "行政复议") == {"a", "b"}
    assert _ids(root, "review_litigation:行政复议") == {"a"}
    assert _ids(root, "review_litigation:复议") == {"a"}
    assert _ids(root, 'review_litigation:"行政 复议"') == {"a"}
    assert _ids(root, "overview:复议") == {"b"}
    assert _ids(root, "overview:农业") == {"a"}
    assert _ids(root, "review_litigation:农业") == {"b"}
    assert _ids(root, "problems:勾稽关系") == {"c"}
    assert _ids(root, "overview:农业 OR problems:勾稽关系") == {"a", "c"}


def test_locate_appends_missing_sections():
    text, spans = locate("甲乙", {"overview": "甲", "other": "丙"})
    assert text[slice(*spans["overview"])] == "甲" and text[slice(*spans["other"])] == "丙"


def test_section_match_is_marked_in_snippet(root):
    hit = search(root, "review_litigation:复议", limit=1, facets=[], snippet_style=("[", "]"))["hits"][0]
    assert "[复议]" in hit["snippet"]
