"""`gia archive cite ID`: GB/T 7714-2015 [EB/OL] and BibTeX (parsed back by pybtex, as BibTeX
reads it); parts the record lacks are left out, never made up."""

import pytest

from gia.archive import Archive
from search_cli.browse.cite import bibtex, gbt7714

RECORD = {"schema": 1, "id": "c1te0001", "title": "洛阳市司法局2020年政府信息公开工作年度报告", "agency": "洛阳市司法局",
          "year": 2020, "published": "2021-01-20", "template": "2021",
          "source": {"url": "https://sfj.ly.invalid/xxgk/ndbg/202101/t20210120_1.html",
                     "fetched_at": "2026-11-20T08:00:00Z", "sha256": "ab" * 32}}


def test_gbt7714_eb_ol(tmp_path, gia):
    Archive(tmp_path).write_record(RECORD)
    code, out, _err = gia("archive", "cite", "c1te", "--archive", tmp_path)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == ("洛阳市司法局. 洛阳市司法局2020年政府信息公开工作年度报告[EB/OL]. (2021-01-20)[2026-11-20]. "
                        "https://sfj.ly.invalid/xxgk/ndbg/202101/t20210120_1.html.")
    assert lines[1] == f"存档：报告年度 2020；存档时间 2026-11-20T08:00:00Z；SHA-256 {'ab' * 32}；gia 编号 c1te0001"


def test_missing_parts_are_left_out():
    record = dict(RECORD, published=None, agency=None)
    assert gbt7714(record) == ("洛阳市司法局2020年政府信息公开工作年度报告[EB/OL]. [2026-11-20]. "
                               "https://sfj.ly.invalid/xxgk/ndbg/202101/t20210120_1.html.")
    entry = bibtex(record)
    assert "  year = " not in entry and "  author = " not in entry and "urldate = {2026-11-20}" in entry


def test_bibtex_parses_as_bibtex(tmp_path, gia):
    database = pytest.importorskip("pybtex.database", reason="pip install pybtex (the [test] extra)")
    tricky = dict(RECORD, id="c1te0002", title="某局100%_完成 {公开} & #1 报告",
                  source=dict(RECORD["source"], url="https://x.invalid/a%20b_{c}.html"))
    Archive(tmp_path).write_record(tricky)
    code, out, _err = gia("archive", "cite", "c1te0002", "--archive", tmp_path, "--bibtex")
    assert code == 0
    entry = database.parse_string(out, "bibtex").entries["gia-c1te0002"]
    assert entry.type == "misc"
    assert entry.fields["title"] == r"{某局100\%\_完成 \{公开\} \& \#1 报告}"
    assert entry.fields["year"] == "2021" and entry.fields["urldate"] == "2026-11-20"
    assert entry.fields["url"] == "https://x.invalid/a%20b_%7Bc%7D.html"
    assert "ab" * 32 in entry.fields["note"] and "Report year 2020" in entry.fields["note"]
    (author,) = entry.persons["author"]   # one corporate author, kept whole (no first/last name split)
    assert author.last_names == ["{洛阳市司法局}"] and not author.first_names


def test_unknown_id_is_one_line(tmp_path, gia):
    Archive(tmp_path).write_record(RECORD)
    code, _out, err = gia("archive", "cite", "nope", "--archive", tmp_path)
    assert code == 1 and "no report with id" in err
