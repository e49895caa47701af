"""The parser over every labelled corpus file (../shared/corpus): each labelled cell and field.

Accuracy over labelled cells is printed and must reach 99.5%; every metadata field must match.
PDF files need the formats helper's PDF reader; without it they skip with the reason.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import corpus_files

META = ("agency", "year", "province", "city", "county", "template")
REVIEW_KEYS = ("review", "litigation_direct", "litigation_after_review")
CASES = [p for p in corpus_files("*.gold.json")]


def _source(gold_path):
    stem = gold_path.name[: -len(".gold.json")]
    found = [p for p in gold_path.parent.glob(stem + ".*") if not p.name.endswith(".gold.json")]
    return found[0] if found else None


def compare(gold: dict, record: dict) -> tuple[int, int, list[str]]:
    """(right, total, misses) over labelled cells."""
    right = total = 0
    misses = []
    tables = record.get("tables", {})

    def cell(where, want, got):
        nonlocal right, total
        total += 1
        if want == got:
            right += 1
        else:
            misses.append(f"{where}: want {want!r} got {got!r}")

    apps = gold.get("applications")
    if apps:
        got = tables.get("applications", {})
        for key, row in apps.items():
            if row is None:
                cell(f"applications.{key}", None, got.get(key))
                continue
            g = got.get(key) or [None] * 7
            for i, v in enumerate(row):
                cell(f"applications.{key}[{i}]", v, g[i] if i < len(g) else None)
    rl = gold.get("review_litigation")
    if rl:
        got = tables.get("review_litigation", {})
        flat = sum(((got.get(k) or [None] * 5) for k in REVIEW_KEYS), [])
        for i, v in enumerate(rl):
            cell(f"review_litigation[{i}]", v, flat[i])
    active = gold.get("active")
    if active:
        rows = tables.get("active", {}).get("rows", {})
        for key, row in active.items():
            if row is None:
                cell(f"active.{key}", None, rows.get(key))
                continue
            g = rows.get(key) or [None] * len(row)
            for i, v in enumerate(row):
                cell(f"active.{key}[{i}]", v, g[i] if i < len(g) else None)
    for table in ("applications", "review_litigation", "active"):
        if gold.get(table) is None and table in gold:
            cell(f"{table} (absent)", None, tables.get(table))
    return right, total, misses


def _parse(gold_path):
    src = _source(gold_path)
    if src is None:
        pytest.skip(f"no source file beside {gold_path.name}")
    from reportparser import parse_file
    return json.loads(gold_path.read_text(encoding="utf-8")), parse_file(src)


@pytest.mark.corpus
@pytest.mark.parametrize("gold_path", CASES, ids=[p.name.split(".")[0] for p in CASES])
def test_metadata(gold_path):
    gold, record = _parse(gold_path)
    assert {k: record.get(k) for k in META} == {k: gold[k] for k in META}


@pytest.mark.corpus
def test_cell_accuracy(corpus_dir, capsys):
    right = total = 0
    misses = []
    for gold_path in CASES:
        src = _source(gold_path)
        assert src is not None, f"no source file beside {gold_path.name}"
        from reportparser import parse_file
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        r, t, m = compare(gold, parse_file(src))
        right += r
        total += t
        misses += [f"{gold_path.name}: {x}" for x in m]
    assert total > 0
    share = right / total
    with capsys.disabled():
        print(f"\ncorpus cell accuracy: {right}/{total} = {share:.2%}; misses: {len(misses)}")
        for m in misses:
            print("   ", m)
    assert share >= 0.995, misses


# How the labels' notes state a legacy report's headline figures (the label is free text): the
# figures are read from each file's own .gold.json, never written here.
NOTE_FIGURES = {
    "active_disclosed": r"主动公开(?:信息数)?\s*(\d+)",
    "applications_received": r"受理依申请公开信息总数\s*(\d+)|(no) applications received",
    "replies": r"对申请的答复数\s*(\d+)",
    "administrative_review": r"行政复议数?\s*(\d+)",
    "administrative_litigation": r"行政诉讼数?\s*(\d+)",
}
LEGACY = [p for p in CASES if json.loads(p.read_text(encoding="utf-8"))["template"] == "legacy"]


def _stated(notes: str) -> dict:
    out = {}
    for key, pattern in NOTE_FIGURES.items():
        m = re.search(pattern, notes)
        if m:
            out[key] = 0 if m.group(m.lastindex) == "no" else int(m.group(1))
    return out


@pytest.mark.corpus
@pytest.mark.parametrize("gold_path", LEGACY, ids=[p.name.split(".")[0] for p in LEGACY])
def test_legacy_prose_figures(gold_path):
    gold, rec = _parse(gold_path)
    assert rec["template"] == "legacy" and rec["tables"] == {}
    got = {k: v["value"] for k, v in rec.get("prose_figures", {}).items()}
    stated = _stated(gold.get("notes", ""))
    assert stated, "the label states no headline figure"
    assert got == stated
    assert all(v["from"] == "prose" and v["quote"] for v in rec["prose_figures"].values())
