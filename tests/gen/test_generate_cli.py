"""`gia generate` writes the files and a truth.jsonl line per file."""

from __future__ import annotations

import json

from search_cli.cli import main


def test_generate_writes_files_and_truth(tmp_path, capsys):
    out = tmp_path / "gen"
    rc = main(["generate", "--count", "4", "--out", str(out), "--shape", "html,txt-tabs", "--template", "2019",
               "--seed", "3", "--blank-cells"])
    assert rc == 0
    records = [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4
    for rec in records:
        assert (out / rec["file"]).is_file()
        assert rec["template"] == "2019" and rec["shape"] in ("html", "txt-tabs")
    assert [r["seed"] for r in records] == [3, 4, 5, 6]
    assert "wrote 4 report(s)" in capsys.readouterr().out


def test_unknown_shape_is_one_line_error(tmp_path, capsys):
    rc = main(["generate", "--out", str(tmp_path), "--shape", "bogus"])
    assert rc == 1
    err = capsys.readouterr().err
    assert "unknown shape" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_generate_site_set(tmp_path):
    out = tmp_path / "site"
    assert main(["generate", "--out", str(out), "--agencies", "2", "--years", "2020-2022", "--shape", "txt-lines"]) == 0
    records = [json.loads(line) for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 6 and len({r["agency"] for r in records}) == 2
    by = {(r["agency"], r["year"]): r for r in records}
    for agency in {r["agency"] for r in records}:
        for year in (2021, 2022):
            assert by[(agency, year)]["tables"]["applications"]["carried_over"] == \
                by[(agency, year - 1)]["tables"]["applications"]["carried_forward"]


def test_bad_years_is_one_line_error(tmp_path, capsys):
    assert main(["generate", "--out", str(tmp_path), "--agencies", "2", "--years", "soon"]) == 1
    assert "--years" in capsys.readouterr().err
