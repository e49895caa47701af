"""`gia archive coverage`: every registry agency × year — archived, published on time (2007
Regulations art. 31; 2019 Regulations art. 49), template fits the year, identities hold, sections
present — on generated archives with missing years, late and undated reports."""

import copy
import csv
import io
import json

import pytest

from gia.archive import Archive
from reportgen import site_truths
from reportparser.fields import agency_kind

AS_OF = "2023-02-15"
YEARS = (2018, 2019, 2020, 2021, 2022)
GOV, DEPT, TOWN = "洛阳市西工区人民政府", "洛阳市西工区司法局", "洛阳市西工区王城路街道办事处"
STATS = "洛阳市西工区统计局"   # has a site of its own, but its report was crawled from the district portal
SITES = """
[[site]]
id = "s-gov"
name = "洛阳市西工区人民政府"
start_url = "https://www.xigong.invalid/zfxxgk/ndbg/"
province = "河南省"
city = "洛阳市"
county = "西工区"

[[site]]
id = "s-dept"
name = "开封市财政局"
start_url = "https://czj.kaifeng.invalid/xxgk/nb/"
province = "河南省"
city = "开封市"

[[site]]
id = "s-stats"
name = "洛阳市西工区统计局"
start_url = "https://tjj.xigong.invalid/nb/"

[[site]]
id = "s-gov-big5"
name = "洛阳市西工区人民政府（繁體）"
start_url = "https://www.xigong.invalid/big5/zfxxgk/ndbg/"
"""
# (agency, level, year) -> published date (None: not printed), fetched_at; absent = not archived
PLAN = {
    (GOV, "county", 2018): ("2019-03-31", "2023-01-05T00:00:00Z"),   # 2007 rule: 31 March, on the day
    (GOV, "county", 2019): ("2020-03-31", "2023-01-05T00:00:00Z"),
    (GOV, "county", 2021): ("2022-04-05", "2023-01-05T00:00:00Z"),   # 5 days late
    (DEPT, "county", 2018): ("2019-02-20", "2023-01-05T00:00:00Z"),  # before 2019 departments too had until 31 March
    (DEPT, "county", 2019): ("2020-02-03", "2023-01-05T00:00:00Z"),  # art. 49: 31 January -> 3 days late
    (DEPT, "county", 2020): ("2021-01-31", "2023-01-05T00:00:00Z"),  # on the day
    (DEPT, "county", 2021): (None, "2022-01-10T03:00:00Z"),          # no date printed, but fetched before the deadline
    (TOWN, "township", 2021): ("2022-03-01", "2023-01-05T00:00:00Z"),  # art. 49 sets no date for 街道
    (STATS, "county", 2021): ("2022-01-20", "2023-01-05T00:00:00Z"),   # no section heading read (below)
}


def _records():
    base = [t for t in site_truths(7, 1, YEARS)]
    by_year = {t["year"]: t for t in base}
    out = []
    for n, ((agency, level, year), (published, fetched)) in enumerate(PLAN.items()):
        r = copy.deepcopy(by_year[year])
        r.update(id=f"cov{n:03d}", agency=agency, agency_kind=agency_kind(agency), level=level, province="河南省",
                 city="洛阳市", county="西工区", year=year, published=published, title=f"{agency}{year}年政府信息公开工作年度报告")
        r["checks"] = r.pop("expected_checks", [])
        r["source"] = {"url": f"https://www.xigong.invalid/{n}.html", "fetched_at": fetched, "site": "s-gov",
                       "sha256": "0" * 64}
        r.setdefault("warnings", [])
        if agency == STATS:
            r["sections"] = {k: "" for k in r["sections"]}
        out.append({k: v for k, v in r.items() if not k.startswith("_")})
    odd = copy.deepcopy(by_year[2022])   # a site the registry does not list; old template; broken identity; 2 sections gone
    odd.update(id="cov-odd", agency="郑州市教育局", agency_kind="教育局", level="city", province="河南省", city="郑州市",
               county=None, published="2023-01-20", template="2019",
               checks=[{"rule": "applications.balance", "ok": False, "where": "自然人", "detail": "1 ≠ 2"}],
               source={"url": "https://jyj.zhengzhou.invalid/1.html", "fetched_at": "2023-02-01T00:00:00Z",
                       "site": "elsewhere"}, warnings=[])
    odd["sections"] = {k: v for k, v in odd["sections"].items() if k not in ("problems", "other")}
    odd.pop("expected_checks", None)
    nameless = dict(copy.deepcopy(odd), id="cov-anon", agency=None)
    return out + [{k: v for k, v in odd.items() if not k.startswith("_")},
                  {k: v for k, v in nameless.items() if not k.startswith("_")}]


@pytest.fixture(scope="module")
def cov_archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("coverage") / "archive"
    archive = Archive(root)
    for record in _records():
        archive.write_record(record)
    sites = root.parent / "sites.toml"
    sites.write_text(SITES, encoding="utf-8")
    return root, sites


@pytest.fixture(scope="module")
def result(cov_archive):
    import subprocess
    import sys
    root, sites = cov_archive
    proc = subprocess.run([sys.executable, "-m", "search_cli.cli", "archive", "coverage", "--archive", str(root),
                           "--sites", str(sites), "--as-of", AS_OF, "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _row(result, agency, year):
    return next(r for r in result["rows"] if r["agency"] == agency and r["year"] == year)


def test_every_registry_agency_and_year_is_a_row(result):
    assert result["years"] == list(YEARS)
    agencies = [(r["site"], r["agency"]) for r in result["rows"] if r["year"] == 2018]
    assert agencies == [("s-gov", GOV), ("s-gov", DEPT), ("s-gov", TOWN), ("s-dept", "开封市财政局"),
                        ("s-stats", STATS), ("(not in the registry)", "郑州市教育局")]
    # the big5 mirror's name, less its annotation, is the district government's: no second row
    assert result["unattributed_reports"] == 1


@pytest.mark.parametrize("agency, year, status, on_time, late, evidence", [
    (GOV, 2018, "archived", True, 0, "published"),
    (GOV, 2019, "archived", True, 0, "published"),
    (GOV, 2020, "missing", None, None, None),
    (GOV, 2021, "archived", False, 5, "published"),
    (GOV, 2022, "not due", None, None, None),          # governments: until 31 March 2023
    (DEPT, 2018, "archived", True, 0, "published"),
    (DEPT, 2019, "archived", False, 3, "published"),
    (DEPT, 2020, "archived", True, 0, "published"),
    (DEPT, 2021, "archived", True, 0, "fetched"),
    (DEPT, 2022, "missing", None, None, None),         # departments: 31 January 2023 has passed
    (TOWN, 2021, "archived", None, None, None),        # no statutory date: no verdict
    (TOWN, 2022, "not due", None, None, None),
    ("开封市财政局", 2019, "missing", None, None, None),
])
def test_status_and_timeliness(result, agency, year, status, on_time, late, evidence):
    row = _row(result, agency, year)
    assert (row["status"], row["on_time"], row["days_late"], row["timeliness_from"]) == (status, on_time, late, evidence)


def test_deadlines_cite_their_provision(result):
    assert _row(result, DEPT, 2019)["deadline"] == "2020-01-31" and "第四十九条" in _row(result, DEPT, 2019)["deadline_basis"]
    assert _row(result, GOV, 2019)["deadline"] == "2020-03-31"
    assert _row(result, DEPT, 2018)["deadline"] == "2019-03-31" and "第三十一条" in _row(result, DEPT, 2018)["deadline_basis"]
    assert _row(result, TOWN, 2021)["deadline"] is None and _row(result, TOWN, 2021)["agency_class"] == "no statutory date"


def test_template_identities_and_sections(result):
    odd = _row(result, "郑州市教育局", 2022)
    assert (odd["template"], odd["expected_template"], odd["template_fits"]) == ("2019", "2021", False)
    assert odd["identities_hold"] is False
    assert odd["sections_missing"] == ["problems", "other"] and len(odd["sections"]) == 4
    gov = _row(result, GOV, 2018)
    assert (gov["template"], gov["expected_template"], gov["template_fits"]) == ("legacy", "legacy", True)
    dept = _row(result, DEPT, 2021)
    assert dept["template_fits"] is True and dept["identities_hold"] is True and dept["sections_missing"] == []
    stats = _row(result, STATS, 2021)   # no heading read: which sections it has is unknown, not "none"
    assert stats["sections"] == [] and stats["sections_missing"] is None
    assert _row(result, GOV, 2020)["sections_missing"] is None   # not archived


def test_summary_per_site_level_province(result):
    s = result["summary"]
    gov = s["by_site"]["s-gov"]
    assert (gov["agencies"], gov["due"], gov["archived"], gov["missing"]) == (3, 13, 8, 5)
    assert (gov["on_time"], gov["late"], gov["timeliness_unknown"]) == (5, 2, 1)
    assert gov["share_archived"] == round(8 / 13, 4) and gov["share_on_time"] == round(5 / 7, 4)
    assert s["by_site"]["s-dept"]["archived"] == 0 and s["by_site"]["s-dept"]["missing"] == 5
    assert s["by_site"]["s-stats"]["archived"] == 1 and s["by_site"]["s-stats"]["sections_unread"] == 1
    assert s["by_level"]["township"]["agencies"] == 1 and s["by_level"]["county"]["archived"] == 8
    assert set(s["by_province"]) == {"河南省"} and s["by_province"]["河南省"]["agencies"] == 6
    total = s["total"]
    assert total["archived"] == 10 and total["template_mismatch"] == 1 and total["identities_fail"] == 1


def test_year_option_keeps_agencies_known_from_other_years(cov_archive, gia):
    root, sites = cov_archive
    code, out, _err = gia("archive", "coverage", "--archive", root, "--sites", sites, "--as-of", AS_OF,
                          "--year", "2020", "--json")
    rows = json.loads(out)["rows"]
    assert code == 0 and {r["year"] for r in rows} == {2020}
    assert {r["agency"]: r["status"] for r in rows}[TOWN] == "missing"


def test_text_and_csv(cov_archive, gia):
    root, sites = cov_archive
    code, out, _err = gia("archive", "coverage", "--archive", root, "--sites", sites, "--as-of", AS_OF)
    assert code == 0
    gov_line = next(line for line in out.splitlines() if line.startswith(GOV) and "(s-gov)" not in line)
    assert gov_line.split() == [GOV, "✓", "✓", "✗", "+5d", "…"]
    assert next(line for line in out.splitlines() if line.startswith("郑州市教育局")).split()[-2:] == ["✓T≠", "-五六"]
    assert next(line for line in out.splitlines() if line.startswith(STATS) and "(" not in line).split()[4:6] == \
        ["✓", "§?"]
    assert "by province" in out and "total: 10 of" in out and "\x1b[" not in out
    code, out, _err = gia("archive", "coverage", "--archive", root, "--sites", sites, "--as-of", AS_OF, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6 * len(YEARS)
    late = next(r for r in rows if r["agency"] == GOV and r["year"] == "2021")
    assert (late["on_time"], late["days_late"], late["deadline"]) == ("False", "5", "2022-03-31")


def test_bad_input_is_one_line(cov_archive, gia, tmp_path):
    root, sites = cov_archive
    code, _o, err = gia("archive", "coverage", "--archive", root, "--sites", sites, "--as-of", "2023/02/15")
    assert code == 1 and "--as-of" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("[[site]\n", encoding="utf-8")
    code, _o, err = gia("archive", "coverage", "--archive", root, "--sites", bad)
    assert code == 1 and "not valid TOML" in err and len(err.strip().splitlines()) == 1


def test_nothing_is_due_before_the_regulations(cov_archive, gia):
    root, sites = cov_archive
    code, out, _err = gia("archive", "coverage", "--archive", root, "--sites", sites, "--as-of", AS_OF,
                          "--year", "2007", "--json")
    assert code == 0 and {r["status"] for r in json.loads(out)["rows"]} == {"not due"}
