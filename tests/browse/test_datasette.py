"""The SQLite export opened by Datasette (its own test client, as `datasette F.db -m F.json` does):
the metadata describes every table and column in Chinese and English, facets count right, the
search box and the canned query run."""

import asyncio
import json
import re
import sqlite3
from collections import Counter

import pytest

datasette_app = pytest.importorskip("datasette.app", reason="pip install datasette (the [test] extra)")


@pytest.fixture(scope="module")
def exported(browse_archive, tmp_path_factory):
    from search_cli.cli import main

    root, records = browse_archive
    out = tmp_path_factory.mktemp("ds") / "gia.db"
    meta = out.with_name("gia.json")
    assert main(["archive", "export", "--archive", str(root), "--format", "sqlite", "--out", str(out),
                 "--metadata", str(meta)]) == 0
    return out, json.loads(meta.read_text(encoding="utf-8")), records


def _get(ds, path):
    async def go():
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response
    return asyncio.run(go())


def test_metadata_describes_every_table_and_column_in_both_languages(exported):
    out, meta, _records = exported
    assert meta["title"] and meta["source"] and meta["license"]
    tables = meta["databases"][out.stem]["tables"]
    db = sqlite3.connect(out)
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                      "AND name NOT LIKE 'reports_fts_%'")]
    assert set(names) == {"reports", "cells", "checks", "warnings", "reports_fts"}
    han = re.compile(r"[\u4e00-\u9fff]")
    for table in names:
        described = tables[table]
        assert han.search(described["description"]) and re.search(r"[A-Za-z]{4}", described["description"])
        cols = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
        assert set(cols) == set(described["columns"]), table
        for col, text in described["columns"].items():
            assert han.search(text) and re.search(r"[A-Za-z]{3}", text), (table, col, text)


def test_facets_and_search_through_datasette(exported):
    out, meta, records = exported
    ds = datasette_app.Datasette([str(out)], metadata=meta)
    page = _get(ds, f"/{out.stem}/reports.json?_facet=year&_facet=template&_size=0").json()
    years = {str(f["value"]): f["count"] for f in page["facet_results"]["year"]["results"]}
    assert years == {str(k): v for k, v in Counter(r["year"] for r in records).items()}
    templates = {f["value"]: f["count"] for f in page["facet_results"]["template"]["results"]}
    assert templates == dict(Counter(r["template"] for r in records))
    cells = _get(ds, f"/{out.stem}/cells.json?_facet=column_label&table=applications&row_key=new&_size=0").json()
    labels = {f["value"] for f in cells["facet_results"]["column_label"]["results"]}
    assert {"自然人", "商业企业", "总计"} <= labels
    wanted = {r["id"] for r in records if "行政复议" in (r.get("title") or "") + "\n" + (r.get("text") or "")}
    assert wanted, "the generated reports print 行政复议 in their section 四 heading"
    hits = _get(ds, f"/{out.stem}/reports.json?_search=复议&_col=id&_shape=objects&_size=max").json()
    assert {r["id"] for r in hits["rows"]} == wanted
    page = _get(ds, f"/{out.stem}/reports")
    assert "search" in page.text.lower() and "每份报告一行" in page.text   # the search box and the description


def test_export_message_names_the_datasette_command(browse_archive, gia, tmp_path):
    root, _records = browse_archive
    code, _out, err = gia("archive", "export", "--archive", root, "--format", "sqlite", "--out", tmp_path / "x.db")
    assert code == 0 and f"datasette {tmp_path / 'x.db'} -m {tmp_path / 'x.metadata.json'}" in err
    code, _out, err = gia("archive", "export", "--archive", root, "--format", "csv", "--metadata", tmp_path / "m.json")
    assert code == 1 and "--metadata is for --format sqlite" in err
