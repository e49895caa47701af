"""site_corpus/site_truths: the same agencies over several years, consistent year to year."""

from __future__ import annotations

from reportgen import site_corpus, site_truths


def _series(truths):
    by_agency: dict[str, list[dict]] = {}
    for t in truths:
        by_agency.setdefault(t["agency"], []).append(t)
    return by_agency


def test_carried_over_links_years_and_in_force_carries():
    truths = site_truths(4, 6, range(2017, 2025))
    series = _series(truths)
    assert len(series) == 6 and all(len(s) == 8 for s in series.values())
    linked = 0
    for items in series.values():
        assert [t["year"] for t in items] == list(range(2017, 2025))
        assert [t["template"] for t in items] == ["legacy"] * 2 + ["2019"] * 2 + ["2021"] * 4
        for prev, cur in zip(items, items[1:]):
            if "legacy" in (prev["template"], cur["template"]):
                continue
            assert cur["tables"]["applications"]["carried_over"] == prev["tables"]["applications"]["carried_forward"]
            linked += 1
            if prev["template"] == cur["template"] == "2021":
                p = prev["tables"]["active"]["rows"]["normative_documents"]
                c = cur["tables"]["active"]["rows"]["normative_documents"]
                assert c[2] == max(0, p[2] + c[0] - c[1])
            if prev["template"] == cur["template"] == "2019":
                p = prev["tables"]["active"]["rows"]["licensing"]
                assert cur["tables"]["active"]["rows"]["licensing"][0] == max(0, p[0] + p[1])
        assert all(c["ok"] for t in items for c in t["expected_checks"])
    assert linked == 6 * 5


def test_site_corpus_renders_the_same_records_deterministically():
    reports = site_corpus(2, 2, [2021, 2022], shape=["html", "txt-lines"])
    assert [r.shape for r in reports] == ["html", "txt-lines", "html", "txt-lines"]
    truths = site_truths(2, 2, [2021, 2022])
    assert [r.truth["tables"] for r in reports] == [t["tables"] for t in truths]
    again = site_corpus(2, 2, [2021, 2022], shape=["html", "txt-lines"])
    assert [r.data for r in reports] == [r.data for r in again]
