"""CSV/XLSX formula injection: a scraped title beginning with = + - @ (or a tab or carriage return)
is not a formula in any CSV or XLSX the project writes (gia.spreadsheet.cell, OWASP's leading
quote); numbers stay numbers. The files are read back as a spreadsheet user would get them."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from gia import spreadsheet
from gia.archive import Archive
from indexer import update_index
from search_cli.browse import coverage
from search_cli.browse.serve import api
from search_cli.main import main as search_main
from tests.samples import make_record

# what a scraped title could begin with, for each character that starts a formula
PAYLOADS = {start: f"{start}HYPERLINK(\"http://x\",\"点我\")" if start in "=+-@" else f"{start}=1+1"
            for start in spreadsheet.FORMULA_START}
PAYLOADS["dde"] = "+cmd|' /C calc'!A0"
PAYLOADS["minus-sum"] = "-2+3"


@pytest.mark.parametrize("start", sorted(PAYLOADS))
def test_formula_text_gets_a_leading_quote(start):
    text = PAYLOADS[start]
    assert spreadsheet.cell(text) == "'" + text.replace("\r", "\n")  # a CR is the cell's line feed


def quoted(text: str) -> str:
    return "'" + text.replace("\r", "\n")


def test_a_carriage_return_cannot_end_a_csv_row():
    assert spreadsheet.cell("某局\r\n2023年报告\r附件") == "某局\n2023年报告\n附件"


@pytest.mark.parametrize("value", [12, -3, 0.5, -2.75, None, True, "-12", "+3.5", "1e3", "某局2023年报告", "a=b", " =x"])
def test_numbers_and_ordinary_text_unchanged(value):
    assert spreadsheet.cell(value) == value
    assert type(spreadsheet.cell(value)) is type(value)


def test_controls_still_shown_escaped():
    assert spreadsheet.cell("=\x1b[2J") == "'=\\u001b[2J"


@pytest.fixture(scope="module")
def formula_archive(tmp_path_factory, new_browse_archive):
    root, records = new_browse_archive(1)
    injected = [dict(records[0], id=f"formula{i:02d}", title=title, agency=title)
                for i, title in enumerate(PAYLOADS.values())]
    for record in injected:
        Archive(root).write_record(record)
    return root, records[0], injected


def test_csv_export_reads_back_as_text(formula_archive, gia, tmp_path):
    root, plain, injected = formula_archive
    out = tmp_path / "x.csv"
    assert gia("archive", "export", "--archive", root, "--bom", "--out", out)[0] == 0
    with open(out, encoding="utf-8-sig", newline="") as f:  # newline="": a quoted CR stays in its field
        rows = {r["id"]: r for r in csv.DictReader(f)}
    for record in injected:
        assert rows[record["id"]]["title"] == quoted(record["title"])
        assert rows[record["id"]]["agency"] == quoted(record["agency"])
    assert rows[plain["id"]]["title"] == plain["title"]
    # numbers stay numbers: the count cell is the bare integer
    assert rows[plain["id"]]["app_new_total"] == str(plain["tables"]["applications"]["new"][6])


def test_xlsx_export_reads_back_as_text(formula_archive, gia, tmp_path):
    root, plain, injected = formula_archive
    out = tmp_path / "x.xlsx"
    assert gia("archive", "export", "--archive", root, "--format", "xlsx", "--out", out)[0] == 0
    sheet = openpyxl.load_workbook(out)["报告"]
    header = [c.value for c in sheet[1]]
    by_id = {r[0].value: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2)}
    for record in injected:
        title = by_id[record["id"]]["标题"]
        assert title.value == quoted(record["title"]) and title.data_type == "s"
    count = by_id[plain["id"]]["表三 （一）予以公开 · 自然人"]
    assert count.data_type == "n" and isinstance(count.value, int)


def test_gia_search_csv(tmp_path, capsys):
    archive = Archive(tmp_path / "arch")
    evil = dict(make_record(3), id="formula-search", title="=HYPERLINK(\"http://x\",\"复议\")")
    archive.write_record(evil)
    archive.write_record(make_record(4))
    update_index(archive.root)
    assert search_main(["--archive", str(archive.root), "--csv"]) == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["formula-search"]["title"] == "'" + evil["title"]
    assert rows["sample-000004"]["title"] == make_record(4)["title"]
    assert rows["sample-000004"]["year"] == str(make_record(4)["year"])


def test_coverage_and_web_csv():
    row = {"site": "s", "agency": "@SUM(A1:A9)", "year": 2023, "title": "-1+1", "reports": 2, "sections": [],
           "sections_missing": None}
    [read] = list(csv.DictReader(io.StringIO(coverage.to_csv({"rows": [row]}))))
    assert read["agency"] == "'@SUM(A1:A9)" and read["title"] == "'-1+1" and read["reports"] == "2"
    assert list(csv.reader(io.StringIO(api._rows([["=1+1", 3, -4]]).decode()))) == [["'=1+1", "3", "-4"]]
