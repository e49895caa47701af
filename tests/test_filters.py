"""gia/filters.py: the one parser of the year syntax and of filter-value lists."""

import pytest

from gia.errors import UsageError
from gia.filters import Years, given, parse_values, parse_year, parse_years


@pytest.mark.parametrize("spec, inside, outside", [
    ("2020", [2020, "2020"], [2019, 2021, "2020年", None, True]),
    ("2019-2021", [2019, 2020, 2021], [2018, 2022]),
    ("2019–2021", [2019, 2021], [2022]),
    ("2019..2021", [2020], [2018]),
    ("2019 TO 2021", [2020], [2022]),
    ("2019,2021", [2019, 2021], [2020]),
    ("2019，2021", [2019, 2021], [2020]),
    ("2016, 2019-2021", [2016, 2019, 2020, 2021], [2017, 2022]),
    (" 2020 ", [2020], [2021]),
])
def test_accepted_forms(spec, inside, outside):
    years = parse_years(spec)
    assert all(y in years for y in inside) and not any(y in years for y in outside)


@pytest.mark.parametrize("spec", ["", "twenty", "20", "2020-", "-2020", "2019-2021-2023", "2019,,2021", "2020年",
                                  "2021-2019", "20201", None, "2019 - x"])
def test_rejected_forms_are_one_line_usage_errors(spec):
    with pytest.raises(UsageError) as err:
        parse_years(spec, "--year")
    assert "\n" not in str(err.value) and "--year" in str(err.value)


def test_select_keeps_order_and_ignores_non_years():
    assert parse_years("2019-2020").select(["2018", "2019", "x", "2020", "2021"]) == ["2019", "2020"]
    assert parse_years("2019,2021") == Years([(2019, 2019), (2021, 2021)])


def test_one_year_and_values():
    assert parse_year(" 2020 ") == 2020
    with pytest.raises(UsageError, match="not a year"):
        parse_year("garbage", "year:[2019 TO garbage]")
    assert parse_values("河南, 江苏，广东,") == ["河南", "江苏", "广东"]
    assert parse_values(["a,b", "c"]) == ["a", "b", "c"] and parse_values(None) == []
    assert not given("") and not given(None) and not given([]) and given("2020")
