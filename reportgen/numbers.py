"""Realistic table numbers for one report, with every identity holding (then broken on purpose).

Numbers follow the agency's size: most departments receive 0–30 requests and most outcome rows are
0; a big city government receives thousands. `history` (last year's truth of the same agency) makes
a consistent series: last year's 结转下年度 is this year's 上年结转, and 现行有效 carries forward.
"""

from __future__ import annotations

import random

from reportgen.templates import ACTIVE, APPLICATION_ROWS, REVIEW_GROUPS

SIZE_REQUESTS = {"tiny": (0, 8), "small": (0, 30), "medium": (5, 200), "large": (80, 1500), "huge": (600, 5000)}
SIZE_SCALE = {"tiny": 0.3, "small": 1, "medium": 4, "large": 20, "huge": 60}
APPLICANT_WEIGHTS = [0.86, 0.07, 0.004, 0.006, 0.03, 0.03]
# Typical share of each outcome; "rare" rows are switched on for only some reports.
OUTCOME_WEIGHTS = {
    "disclosed": 0.42, "partially_disclosed": 0.07,
    "withheld.state_secret": 0.004, "withheld.prohibited_by_law": 0.006, "withheld.security_stability": 0.004,
    "withheld.third_party": 0.02, "withheld.internal_affairs": 0.01, "withheld.process_info": 0.02,
    "withheld.enforcement_file": 0.006, "withheld.administrative_query": 0.01,
    "unavailable.not_held": 0.24, "unavailable.needs_creation": 0.04, "unavailable.unclear_after_correction": 0.02,
    "not_processed.complaint": 0.04, "not_processed.repeated": 0.03, "not_processed.publication": 0.008,
    "not_processed.excessive": 0.004, "not_processed.confirm_existing": 0.01,
    "other_processing": 0.05, "other_processing.no_correction": 0.03, "other_processing.no_fee": 0.002,
    "other_processing.other": 0.03,
}
COMMON_OUTCOMES = {"disclosed", "unavailable.not_held"}


def allocate(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """Split n over len(weights) bins: draw by draw for small n, proportionally for large n."""
    k = len(weights)
    out = [0] * k
    if n <= 0 or not any(weights):
        if n > 0:
            out[0] = n
        return out
    if n <= 64:
        for i in rng.choices(range(k), weights=weights, k=n):
            out[i] += 1
        return out
    total = sum(weights)
    for i, w in enumerate(weights):
        out[i] = int(n * w / total * rng.uniform(0.85, 1.15))
    rest = n - sum(out)
    while rest < 0:  # the jitter overshot: take back from the largest bins
        i = out.index(max(out))
        take = min(out[i], -rest)
        out[i] -= take
        rest += take
    for i in rng.choices(range(k), weights=weights, k=min(rest, 64)):
        out[i] += 1
    rest -= min(rest, 64)
    out[max(range(k), key=lambda j: weights[j])] += rest
    return out


def applications(rng: random.Random, template: str, size: str, history: dict | None = None) -> dict:
    rows = APPLICATION_ROWS[template]
    lo, hi = SIZE_REQUESTS[size]
    # Skewed: many agencies sit at the low end of their range.
    total_new = lo + int((hi - lo) * rng.random() ** 2.2)
    if size in ("tiny", "small") and rng.random() < 0.3:
        total_new = 0
    if history and history.get("new_total"):  # an agency's volume drifts, it does not jump
        total_new = max(0, int(history["new_total"] * rng.uniform(0.6, 1.5)))
    wts = [w * rng.uniform(0.5, 1.5) for w in APPLICANT_WEIGHTS]
    new = allocate(rng, total_new, wts)
    if history and history.get("carried_forward"):
        carried = [v or 0 for v in history["carried_forward"][:6]]
    else:
        share = rng.choice([0, 0, 0.02, 0.05, 0.1])
        carried = [int(v * share * rng.uniform(0, 2)) for v in new]
    fwd_share = rng.choice([0, 0, 0.02, 0.05, 0.08])
    forward = [int((a + b) * fwd_share * rng.uniform(0, 2)) for a, b in zip(new, carried)]
    outcome_keys = [k for k, _g, _l, kind in rows if kind == "outcome"]
    weights = []
    for k in outcome_keys:
        w = OUTCOME_WEIGHTS[k] * rng.uniform(0.4, 1.6)
        if k not in COMMON_OUTCOMES and rng.random() < 0.55:
            w = 0.0
        weights.append(w)
    per_row = {k: [0] * 6 for k in outcome_keys}
    for c in range(6):
        handled = new[c] + carried[c] - forward[c]
        for k, v in zip(outcome_keys, allocate(rng, handled, weights)):
            per_row[k][c] = v
    table: dict[str, list] = {}
    for key, _group, _label, kind in rows:
        if kind == "input":
            six = new if key == "new" else carried
        elif kind == "outcome":
            six = per_row[key]
        elif kind == "total":
            six = [sum(per_row[k][c] for k in outcome_keys) for c in range(6)]
        else:
            six = forward
        table[key] = list(six) + [sum(six)]
    return table


def review_litigation(rng: random.Random, size: str) -> dict:
    scale = SIZE_SCALE[size]
    out = {}
    for key, _a, _b in REVIEW_GROUPS:
        mean = scale * (0.6 if key == "review" else 0.3)
        n = int(rng.expovariate(1 / mean)) if mean and rng.random() < min(0.9, 0.25 + scale / 10) else 0
        four = allocate(rng, n, [0.6, 0.12, 0.18, 0.1])
        out[key] = four + [sum(four)]
    return out


def _money(rng: random.Random, scale: float, decimals: bool) -> float | int:
    v = rng.expovariate(1 / (30 * scale)) if rng.random() < 0.6 else 0
    if decimals:
        return round(v, rng.choice([2, 3, 4]))
    return int(v)


def active(rng: random.Random, template: str, size: str, level: str, *, kind: str = "", decimals: bool = False,
           money_unit: bool = False, history: dict | None = None) -> dict:
    """Table 2 values: {"columns": {row: [labels]}, "rows": {row: [values]}}."""
    scale = SIZE_SCALE[size]
    hist_rows = (history or {}).get("active_rows") or {}
    columns: dict[str, list[str]] = {}
    rows: dict[str, list] = {}
    # Only province/city governments (and their offices) make 规章.
    issues_rules = level in ("province", "city") and ("政府" in kind or kind == "办公厅")
    for _heading, cols, items in ACTIVE[template]:
        labels = [c for c, _k in cols]
        for key, _label in items:
            columns[key] = labels
            prev = hist_rows.get(key)
            if labels[0] in ("本年新制作数量", "本年制发件数"):
                made = 0 if key == "regulations" and not issues_rules else int(rng.expovariate(1 / (2 + 3 * scale)))
                if key == "regulations" and rng.random() < 0.7:
                    made = 0
                if template == "2019":
                    published = made if rng.random() < 0.8 else max(0, made - rng.randint(0, 2))
                    base = prev[2] if prev and prev[2] is not None else int(made * rng.uniform(2, 12))
                    rows[key] = [made, published, base + published if prev else max(base, published)]
                else:
                    repealed = int(rng.expovariate(1)) if made else (1 if rng.random() < 0.1 else 0)
                    base = prev[2] if prev and prev[2] is not None else int(made * rng.uniform(3, 15)) + repealed
                    rows[key] = [made, repealed, max(0, base + made - repealed)]
            elif labels[0] == "上一年项目数量":
                if prev and prev[0] is not None and prev[1] is not None:
                    items_before = max(0, prev[0] + prev[1])
                else:
                    items_before = int(rng.expovariate(1 / (4 + 10 * scale))) if rng.random() < 0.7 else 0
                change = rng.choice([0, 0, 0, rng.randint(-5, 5), -min(items_before, rng.randint(0, 6))])
                row = [items_before, change]
                if len(labels) == 3:
                    row.append(int(rng.expovariate(1 / (20 + 100 * scale))) if items_before else 0)
                rows[key] = row
            elif labels[0] == "本年处理决定数量":
                rows[key] = [int(rng.expovariate(1 / (15 + 120 * scale))) if rng.random() < 0.6 else 0]
            elif labels[0].startswith("本年收费金额"):
                rows[key] = [_money(rng, scale, True)]
            elif labels[0] == "采购项目数量":
                projects = int(rng.expovariate(1 / (2 + 5 * scale))) if rng.random() < 0.6 else 0
                if money_unit:
                    amount = int(projects * rng.uniform(5_000, 400_000)) // 100 * 100
                else:
                    amount = _money(rng, scale, decimals) if projects else 0
                rows[key] = [projects, amount]
    return {"columns": columns, "rows": rows}
