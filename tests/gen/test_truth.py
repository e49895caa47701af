"""make_truth: the record's shape, determinism, and every identity holding unless broken on purpose."""

from __future__ import annotations

import pytest

from reportgen import make_truth
from reportgen.checks import expected_checks
from reportgen.templates import APPLICANT_COLUMNS, APPLICATION_ROWS

FIELDS = {"agency", "agency_kind", "level", "province", "city", "county", "year", "published", "template",
          "title", "script", "sections", "tables", "expected_checks"}
SECTIONS = {"overview", "active", "applications", "review_litigation", "problems", "other"}


@pytest.mark.parametrize("template", ["2019", "2021", "legacy"])
def test_record_has_contract_fields(template):
    t = make_truth(7, template=template)
    assert FIELDS <= set(t)
    assert set(t["sections"]) == SECTIONS
    assert t["template"] == template
    assert t["level"] in {"province", "city", "county", "township"}
    assert t["published"][:4] == str(t["year"] + 1) and t["published"][5:7] in {"01", "02", "03"}
    assert t["agency"] in t["title"] and str(t["year"]) in t["title"]


def test_same_seed_same_record_and_seeds_differ():
    assert make_truth(42) == make_truth(42)
    assert len({make_truth(s)["agency"] for s in range(30)}) > 20


def test_options_do_not_move_the_agency_or_table_3():
    plain, flawed = make_truth(9, template="2019"), make_truth(9, template="2019", units=True, thousands=True)
    assert plain["agency"] == flawed["agency"] and plain["year"] == flawed["year"]
    assert plain["tables"]["applications"] == flawed["tables"]["applications"]


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_identity_holds_in_clean_records(template):
    rows = [k for k, *_ in APPLICATION_ROWS[template]]
    for seed in range(150):
        t = make_truth(seed, template=template)
        apps = t["tables"]["applications"]
        assert list(apps) == rows
        assert all(len(v) == 7 for v in apps.values())
        checks = t["expected_checks"]
        assert checks and all(c["ok"] for c in checks), (seed, [c for c in checks if not c["ok"]])
        # the identities themselves, independently of checks.py
        for c in range(7):
            assert apps["new"][c] + apps["carried_over"][c] == apps["total_handled"][c] + apps["carried_forward"][c]
        for key, row in t["tables"]["review_litigation"].items():
            assert sum(row[:4]) == row[4], key


def test_sizes_are_realistic():
    totals = [make_truth(s)["tables"]["applications"]["new"][6] for s in range(400)]
    small = sum(1 for v in totals if v <= 30)
    assert small > len(totals) * 0.6  # most agencies receive few requests
    assert max(totals) > 300  # some big governments receive hundreds or thousands


def test_break_identities_is_recorded():
    for seed in range(60):
        t = make_truth(seed, template="2021", break_identities=True)
        broken = [c for c in t["expected_checks"] if not c["ok"]]
        assert broken, seed
        assert t["expected_checks"] == expected_checks(t["tables"], "2021")  # checks describe the printed numbers
        assert all(c["detail"] for c in broken)


def test_blank_cells_are_null_and_never_invented():
    found_null = False
    for seed in range(40):
        t = make_truth(seed, template="2019", blank_cells=True)
        for row in t["tables"]["applications"].values():
            found_null |= None in row
        assert all(c["ok"] for c in t["expected_checks"])  # blanks stand for zeros: nothing broken
    assert found_null


def test_omit_carried_forward_removes_the_key():
    t = make_truth(3, template="2021", omit_carried_forward=True)
    assert "carried_forward" not in t["tables"]["applications"]
    assert not [c for c in t["expected_checks"] if c["rule"] == "applications.balance"]


def test_truncate_keeps_a_prefix_of_table_3():
    t = make_truth(5, template="2021", truncate=True)
    kept = t["truncated"]["rows_kept"]
    assert list(t["tables"]["applications"]) == kept
    assert kept == [k for k, *_ in APPLICATION_ROWS["2021"]][: len(kept)]
    assert 3 <= len(kept) < len(APPLICATION_ROWS["2021"])
    assert "review_litigation" not in t["tables"] and "other" not in t["sections"]


def test_legacy_has_headline_and_no_template_tables():
    t = make_truth(11, template="legacy")
    assert t["tables"] == {} and 2008 <= t["year"] <= 2018
    assert f"主动公开信息{t['headline']['active_published']}条" in t["sections"]["active"]
    assert f"收到政府信息公开申请{t['headline']['applications_received']}件" in t["sections"]["applications"]


def test_active_table_shapes():
    t19 = make_truth(1, template="2019")["tables"]["active"]
    assert t19["columns"]["regulations"] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    assert len(t19["rows"]["fees"]) == 2 and len(t19["rows"]["licensing"]) == 3
    t21 = make_truth(1, template="2021")["tables"]["active"]
    assert t21["columns"]["normative_documents"] == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert "other_services" not in t21["rows"] and len(t21["rows"]["licensing"]) == 1


def test_applicant_columns_order():
    assert APPLICANT_COLUMNS == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def test_places_are_real_and_shared_names_resolve():
    gulou = {"福州市": "福建省", "南京市": "江苏省", "徐州市": "江苏省", "开封市": "河南省"}
    seen = set()
    for seed in range(300):
        t = make_truth(seed, template="2021", region="鼓楼区", level="county")
        assert t["county"] == "鼓楼区" and gulou[t["city"]] == t["province"], t["agency"]
        seen.add(t["city"])
    assert len(seen) >= 3  # the same name in several cities, each with its own province


def test_unknown_option_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown generator option"):
        make_truth(1, colour="red")
