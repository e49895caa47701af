"""Malformed queries are usage errors (exit 2, one line saying what is wrong), never a silent
match of everything or nothing, never a traceback (issue 12, item 10)."""

import pytest

from gia.archive import Archive
from indexer import update_index
from search_cli.main import main as search_main
from tests.samples import make_record


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("validation") / "arch")
    for i in range(10):
        a.write_record(make_record(i))
    update_index(a.root)
    return a.root


@pytest.mark.parametrize("query, message", [
    ("year:[2019 TO garbage]", "'garbage' is not a year"),
    ("year:[abc TO def]", "'abc' is not a year"),
    ("year:[2021 TO 2019]", "ends before it starts"),
    ("year:>20x", "is not a year"),
    ("new_requests:>", "has no value"),
    ("new_requests:>abc", "not a valid number"),
    ("new_requests:[1 TO x]", "'x' is not a valid number"),
    ("new_requests:[ TO ]", "no bound"),
    ("new_requests:=5", "exact value"),
    ("province:[a TO b]", "ranges and comparisons work on year"),
    ("复*", "wildcards"),
    ("title:司法*", "wildcards"),
    ("(" * 1000 + "复议" + ")" * 1000, "nested 1000 deep"),
    ("(" * 40 + "复议" + ")" * 40, "nested 40 deep"),
])
def test_usage_errors(root, capsys, query, message):
    assert search_main([query, "--archive", str(root)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err


@pytest.mark.parametrize("query", ["year:[2019 TO 2021]", "year:>2019", "year:[2019 TO]", "new_requests:>=5",
                                   "new_requests:[1 TO 5]", "review_total:<3", "(" * 20 + "复议" + ")" * 20,
                                   "year:2020", "new_requests:5"])
def test_valid_ranges_and_nesting(root, capsys, query):
    assert search_main([query, "--archive", str(root), "--limit", "0"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("flags, message", [(["--year", "20x"], "--year"), (["--year", "2021-2019"], "ends before"),
                                            (["--year", "2019,,2020"], "--year")])
def test_bad_year_flags(root, capsys, flags, message):
    assert search_main(["复议", "--archive", str(root), *flags]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1, err
