"""Flaws real reports carry, applied to the numbers as printed: blank cells, wrong sums, a missing
row 四. The truth is always what is printed: blank → None, a wrong sum stays wrong, a missing row is
absent (never invented).
"""

from __future__ import annotations

import random

from reportgen.templates import APPLICATION_ROWS


def blank_cells(rng: random.Random, tables: dict, template: str) -> list[str]:
    """Print some zero cells as blank (and sometimes the whole 总计 column of the detail rows).
    Returns where blanks went (for the record's notes)."""
    notes = []
    apps = tables.get("applications")
    if apps:
        detail = [k for k, g, _l, kind in APPLICATION_ROWS[template] if kind == "outcome" and g and k in apps]
        if rng.random() < 0.35:
            for k in detail:
                apps[k][6] = None
            notes.append("总计 column blank on detail rows")
        rate = rng.uniform(0.15, 0.6)
        for k in detail:
            row = apps[k]
            for c in range(6):
                if row[c] == 0 and rng.random() < rate:
                    row[c] = None
        notes.append("zero cells blank in table 3 detail rows")
    review = tables.get("review_litigation")
    if review and rng.random() < 0.5:
        for row in review.values():
            for c in range(4):
                if row[c] == 0 and rng.random() < 0.5:
                    row[c] = None
        notes.append("zero cells blank in table 4")
    active = tables.get("active")
    if active and rng.random() < 0.5:
        for row in active["rows"].values():
            for c, v in enumerate(row):
                if v == 0 and rng.random() < 0.4:
                    row[c] = None
        notes.append("zero cells blank in table 2")
    return notes


def break_identities(rng: random.Random, tables: dict, template: str) -> list[str]:
    """Make 1–3 printed sums wrong, the way real reports do (a total off by a few, a typo)."""
    notes = []
    apps = tables.get("applications")
    choices = ["row_total", "outcome_total", "balance", "review_total"]
    for what in rng.sample(choices, rng.randint(1, 3)):
        delta = rng.choice([-3, -2, -1, 1, 1, 2, 5, 10])
        if what == "row_total" and apps:
            key = rng.choice(["new", "disclosed", "total_handled"])
            if apps[key][6] is not None:
                apps[key][6] = max(0, apps[key][6] + delta) if apps[key][6] + delta >= 0 else apps[key][6] + abs(delta)
                notes.append(f"applications {key} 总计 off")
        elif what == "outcome_total" and apps:
            c = rng.randrange(6)
            v = apps["total_handled"][c]
            if v is not None:
                apps["total_handled"][c] = v + abs(delta)
                notes.append(f"（七）总计 column {c} off")
        elif what == "balance" and apps:
            c = rng.randrange(6)
            v = apps["carried_over"][c]
            if v is not None:
                apps["carried_over"][c] = v + abs(delta)
                apps["carried_over"][6] = sum(x or 0 for x in apps["carried_over"][:6])
                notes.append(f"上年结转 column {c} inconsistent")
        elif what == "review_total" and tables.get("review_litigation"):
            key = rng.choice(list(tables["review_litigation"]))
            row = tables["review_litigation"][key]
            row[4] = row[4] + abs(delta)
            notes.append(f"{key} 总计 off")
    return notes


# Options about how tables are printed (read by tablestyles, the flaws below and the renderers);
# declared here so truth.build accepts them (reportgen/table_classes.py names the classes they make).
TABLE_OPTIONS = {"placeholder_header", "placeholder_replace", "index_column", "label_digits", "label_typos",
                 "short_labels", "header_variants", "lone_blanks", "single_other_processing", "narrow_columns",
                 "framed_paragraphs", "legacy_phrasings"}


def lone_blanks(rng: random.Random, tables: dict, template: str) -> list[str]:
    """In about a third of the rows of tables 2 and 3, one zero cell printed blank: the blank a
    shattered row (numbers space-separated under their label) loses without a trace."""
    hit = 0
    rows = list((tables.get("applications") or {}).values()) + list(((tables.get("active") or {}).get("rows") or {}).values())
    for row in rows:
        zeros = [c for c, v in enumerate(row) if v == 0]
        if zeros and rng.random() < 0.35:
            row[rng.choice(zeros)] = None
            hit += 1
    return [f"one zero cell blank in {hit} rows"] if hit else []


def single_other_processing(tables: dict, template: str) -> list[str]:
    """A 2021 table that keeps the 2019 single （六）其他处理 row: the three 2021 sub-rows printed as
    their sum on one row (as some agencies still print it)."""
    apps = tables.get("applications")
    subs = [k for k, *_ in APPLICATION_ROWS[template] if k.startswith("other_processing.")]
    if template != "2021" or not apps or not all(k in apps for k in subs):
        return []
    rows = [apps.pop(k) for k in subs]
    apps["other_processing"] = [sum(v for v in col if v is not None) for col in zip(*rows)]
    return ["2021 table printed with the single （六）其他处理 row"]
