"""Choosing among a row's readings, and saying which cells the choice decided.

A row's printed text may allow several readings (`digitruns.row_candidates`): a digit run cut
in more than one way, a row that lost a blank cell without a trace (which cell is blank?), a row
whose blank cells' columns depend on how its separators are counted. The template identities
(`_violations`: row totals, 本年新收 + 上年结转 = 总计 + 结转, the outcome rows summing to 总计,
table 4's totals) choose across the whole table, then the priors (`digitruns.prior_cost`).

What the choice decided is never passed off as printed (`settle`):
- a cell whose value differs between the row's readings is `inferred`: the record says so;
- when readings that place a lost blank differently are equally good, the cells they disagree
  on cannot be told: they are left null, and the row is named in a warning (a cell they only
  disagree on as blank-or-0 reads 0, inferred). A number is never moved into another column
  on a guess.
Blank cells count as 0 in the identities used for choosing (a blank is an empty zero cell in
these tables); the record's checks still treat a blank as "cannot check".
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from reportparser import digitruns
from reportparser.templates import Template

MAX_JOINT = 4000          # readings tried together exhaustively; beyond, coordinate descent
GAP_COST = 2.0            # prior cost of a blank cell no blank mark accounts for


@dataclass
class Reading:
    """A row as the record holds it."""
    values: list
    inferred: list[bool]
    undetermined: list[int] = field(default_factory=list)   # cells left null: the readings tie


def settle(cands: list[list], chosen: list, ties: list[list], tokens) -> Reading:
    """The chosen reading, with the cells it decided marked inferred. When readings that place
    lost blanks differently tie with it, a cell they disagree on is left null — except where they
    only disagree on whether it is blank or 0: a blank in these tables is an empty zero, so it
    reads 0 (inferred: 'a blank filled'), as the row's other zeros do."""
    n = len(chosen)
    differ = [len({c[i] for c in cands}) > 1 for i in range(n)]
    values = digitruns.values(chosen)
    undetermined: list[int] = []
    if len(ties) > 1 and any(digitruns.gaps(t, tokens) for t in ties):
        for i in range(n):
            seen = {t[i] for t in ties}
            if len(seen) < 2:
                continue
            numbers = {digitruns.to_number(x) for x in seen if x is not None}
            if None in seen and numbers == {0}:
                values[i] = 0
            else:
                values[i] = None
                undetermined.append(i)
    return Reading(values, [d and i not in undetermined for i, d in enumerate(differ)], undetermined)


# ------------------------------------------------------------ table 3

def _app_violations(assign: dict, tpl: Template) -> int:
    def z(v):
        return 0 if v is None else v
    bad = 0
    for vals in assign.values():
        if len(vals) == 7 and vals[6] is not None and abs(sum(map(z, vals[:6])) - vals[6]) > 1e-9:
            bad += 1
    expected = tpl.expected_outcomes(assign)
    complete = all(k in assign for k in expected)
    for col in range(7):
        def v(key):
            row = assign.get(key)
            return None if row is None else row[col]
        a, b, t, f = v("new"), v("carried_over"), v("total_handled"), v("carried_forward")
        if t is not None and all(k in assign for k in ("new", "carried_over", "carried_forward")) \
                and abs(z(a) + z(b) - t - z(f)) > 1e-9:
            bad += 1
        if t is not None and expected and complete and abs(sum(z(v(k)) for k in expected) - t) > 1e-9:
            bad += 1
    return bad


def joint_score(choice: dict, tpl: Template, tokens: dict):
    assign = {k: digitruns.values(c) for k, c in choice.items()}
    gap_total = sum(digitruns.gaps(c, tokens[k]) for k, c in choice.items())
    return (_app_violations(assign, tpl), gap_total,
            round(sum(digitruns.prior_cost(c) for c in choice.values()), 6))


def solve_joint(options: dict[str, list], tpl: Template, tokens: dict) -> dict:
    """The readings of all rows that break the fewest identities (then lose the fewest blanks,
    then cost least by the priors)."""
    choice = {k: c[0] for k, c in options.items()}
    multi = [k for k, c in options.items() if len(c) > 1]
    if not multi:
        return choice
    total = 1
    for k in multi:
        total *= len(options[k])
    if total <= MAX_JOINT:
        best, best_score = None, None
        for combo in itertools.product(*(options[k] for k in multi)):
            trial = dict(choice)
            trial.update(zip(multi, combo))
            score = joint_score(trial, tpl, tokens)
            if best_score is None or score < best_score:
                best, best_score = trial, score
        return best
    for _ in range(3):  # coordinate descent when the product is too large
        for k in multi:
            choice[k] = min(options[k], key=lambda c: joint_score({**choice, k: c}, tpl, tokens))
    return choice


def ties(options: dict[str, list], chosen: dict, key: str, tpl: Template, tokens: dict) -> list:
    """The readings of row `key` as good as the chosen one, the other rows held."""
    best = joint_score(chosen, tpl, tokens)
    return [c for c in options[key] if joint_score({**chosen, key: c}, tpl, tokens) == best]


# ------------------------------------------------------------ one row alone (tables 2 and 4)

def choose_alone(cands: list[list], cost, tokens, violations=None) -> tuple[list, list[list]]:
    """(best reading, the readings tied with it): fewest broken identities (`violations`, table 4's
    totals; none for table 2), then `cost` plus GAP_COST a lost blank. A lost blank is never
    placed by priors alone: placements of the same numbers that break no more identities tie."""
    def broken(c):
        return violations(c) if violations else 0

    def total(c):
        return (broken(c), cost(c) + GAP_COST * digitruns.gaps(c, tokens))
    scored = sorted(cands, key=total)
    first = scored[0]
    if digitruns.gaps(first, tokens):
        tied = [c for c in scored if broken(c) == broken(first) and _same_split(c, first)]
    else:
        tied = [c for c in scored if total(c) == total(first)]
    return first, tied


def _same_split(a: list, b: list) -> bool:
    """The same numbers in the same order (the readings differ only in where blanks stand)."""
    return [x for x in a if x is not None] == [x for x in b if x is not None]
