"""For Excel: `--format xlsx` read back with openpyxl (报告 and 数据 sheets, Chinese headers,
frozen header row, text never a formula), and `--format csv --bom`."""

import csv
import io

import openpyxl

from gia import spreadsheet
from gia.archive import Archive
from search_cli.browse.cells import cells
from search_cli.browse.flatten import COLUMNS


def test_xlsx_reads_back(new_browse_archive, gia, tmp_path):
    root, records = new_browse_archive(2)
    formula = dict(records[0], id="formula01", title="=HYPERLINK(\"http://x\",\"点我\")", agency="+cmd|' /C calc'!A0")
    Archive(root).write_record(formula)
    records = records + [formula]
    out = tmp_path / "reports.xlsx"
    code, _o, err = gia("archive", "export", "--archive", root, "--format", "xlsx", "--out", out)
    assert code == 0 and "sheet 报告" in err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["报告", "数据"]
    reports, data = wb["报告"], wb["数据"]
    assert reports.freeze_panes == "A2" and data.freeze_panes == "A2"
    header = [c.value for c in reports[1]]
    headers = {c.name: c.header for c in COLUMNS}
    assert header[:4] == ["编号", "标题", "机关", "机关类别"]
    assert headers["app_disclosed_natural_person"] in header
    assert headers["app_disclosed_natural_person"] == "表三 （一）予以公开 · 自然人"
    rows = {r[0]: dict(zip(header, r)) for r in reports.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {r["id"] for r in records}
    for rec in records:
        assert rows[rec["id"]][headers["app_new_total"]] == rec["tables"]["applications"]["new"][6]
        assert rows[rec["id"]]["标题"] == spreadsheet.cell(rec["title"])  # a formula-like title keeps its quote
    cell = next(c for c in reports["B"] if c.value == "'" + formula["title"])
    assert cell.data_type == "s"                       # a scraped '=…' stays text, not a formula
    data_header = [c.value for c in data[1]]
    assert data_header == ["报告编号", "表", "行键", "行", "列键", "列", "数值", "推定", "宽表列名"]
    long = list(data.iter_rows(min_row=2, values_only=True))
    assert len(long) == sum(len(list(cells(r))) for r in records)
    assert ("（一）予以公开", "自然人") in {(r[3], r[5]) for r in long}
    assert {r[2] for r in wb["列说明"].iter_rows(min_row=2, values_only=True)} >= {"app_new_total", "value"}


def test_xlsx_needs_out(browse_archive, gia):
    root, _ = browse_archive
    code, _o, err = gia("archive", "export", "--archive", root, "--format", "xlsx")
    assert code == 1 and "--out" in err


def test_csv_bom(browse_archive, gia, tmp_path):
    root, records = browse_archive
    out = tmp_path / "excel.csv"
    assert gia("archive", "export", "--archive", root, "--bom", "--out", out)[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0].keys() >= {"id", "title"} and len(rows) == len(records)
    code, text, _e = gia("archive", "export", "--archive", root, "--bom")
    assert code == 0 and text.startswith("\ufeffid,")
    code, plain, _e = gia("archive", "export", "--archive", root)
    assert not plain.startswith("\ufeff")
    code, _o, err = gia("archive", "export", "--archive", root, "--bom", "--format", "jsonl")
    assert code == 1 and "--bom is for --format csv" in err
