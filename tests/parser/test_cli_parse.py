"""`gia parse`: one pretty record, JSON Lines for several, one-line error for an unreadable file."""

import json

from search_cli.cli import main
from tests.parser.test_digitruns import generated_text

TEXT, TRUTH = generated_text(3, shape="txt-tabs")


def _write(tmp_path, name="a.txt"):
    p = tmp_path / name
    p.write_text(TEXT, encoding="utf-8")
    return p


def test_parse_one_file_pretty(tmp_path, capsys):
    p = _write(tmp_path)
    assert main(["parse", str(p), "--url", "https://x.gov.cn/a.htm"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["source"]["url"] == "https://x.gov.cn/a.htm"
    assert rec["tables"]["applications"]["new"] == TRUTH["tables"]["applications"]["new"]


def test_parse_several_files_json_lines_and_errors(tmp_path, capsys):
    a, b = _write(tmp_path, "a.txt"), _write(tmp_path, "b.txt")
    rc = main(["parse", str(a), str(tmp_path / "missing.txt"), str(b)])
    out, err = capsys.readouterr()
    assert rc == 1
    lines = out.strip().splitlines()
    assert len(lines) == 2 and all(json.loads(line)["schema"] == 1 for line in lines)
    assert err.count("\n") == 1 and "missing.txt" in err


def test_parse_unreadable_single_file(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "nope.html")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "nope.html" in err and "Traceback" not in err
