"""Consistent sets of reports: the same agencies over several years, as a site publishes them.

Within a series, last year's 四、结转下年度继续办理 is this year's 二、上年结转 (column by column),
the 2021 table 2 现行有效件数 carries forward (last year's + 制发 − 废止), and the 2019 table 2
上一年项目数量 is last year's 上一年项目数量 + 本年增/减. Years ≤2018 are legacy, 2019–2020 use
the 2019 template, 2021 on the 2021 template (unless `template=` forces one).
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterable

from reportgen.places import Agency, pick_agency
from reportgen.templates import template_for_year
from reportgen.truth import build


def report_seed(seed: int, agency_index: int, year: int) -> int:
    return zlib.crc32(f"{seed}:{agency_index}:{year}".encode())


def agencies(seed: int, n_agencies: int, region: str | None = None) -> list[Agency]:
    """n distinct agencies (distinct names), deterministic by seed."""
    rng = random.Random(f"site:{seed}")
    out: list[Agency] = []
    names: set[str] = set()
    tries = 0
    while len(out) < n_agencies and tries < n_agencies * 50:
        tries += 1
        a = pick_agency(rng, region=region)
        if a.name not in names:
            names.add(a.name)
            out.append(a)
    return out


def history_from(prev: dict | None, template: str) -> dict | None:
    """What last year's truth carries into this year's report of the same agency (None for none)."""
    if not prev or prev["template"] == "legacy" or template == "legacy":
        return None
    apps = prev["tables"].get("applications", {})
    new = apps.get("new") or [None] * 7
    return {"carried_forward": apps.get("carried_forward"), "new_total": new[6],
            # table 2 columns differ between the 2019 and 2021 templates: carry only within one
            "active_rows": prev["tables"].get("active", {}).get("rows", {}) if prev["template"] == template else {}}


def series(seed: int, n_agencies: int, years: Iterable[int], *, template: str | None = None,
           region: str | None = None, **options):
    """Yield (agency_index, year, report_seed, template, history) for every report of the set."""
    years = sorted(years)
    for i, agency in enumerate(agencies(seed, n_agencies, region)):
        prev = None
        for year in years:
            tpl = template or template_for_year(year)
            rseed = report_seed(seed, i, year)
            history = history_from(prev, tpl)
            truth, _plan = build(rseed, tpl, agency=agency, year=year, history=history, **options)
            yield i, year, rseed, tpl, history, truth
            prev = truth


def site_truths(seed: int, n_agencies: int, years: Iterable[int], **options) -> list[dict]:
    """The records of a consistent set, no rendering (fast)."""
    return [truth for *_rest, truth in series(seed, n_agencies, years, **options)]


def iter_site_corpus(seed: int, n_agencies: int, years: Iterable[int], shape: str | Iterable[str] = "html",
                     script: str = "simplified", **options):
    """Rendered reports of a consistent set, one at a time. `shape` may be a list to rotate through."""
    from reportgen.generate import generate  # noqa: PLC0415

    shapes = [shape] if isinstance(shape, str) else list(shape)
    chosen = agencies(seed, n_agencies, options.get("region"))
    opts = {k: v for k, v in options.items() if k not in ("template", "region")}
    for n, (i, year, rseed, tpl, history, _truth) in enumerate(series(seed, n_agencies, years, **options)):
        yield generate(rseed, tpl, shapes[n % len(shapes)], script, agency=chosen[i], year=year, history=history, **opts)


def site_corpus(seed: int, n_agencies: int, years: Iterable[int], shape: str | Iterable[str] = "html",
                script: str = "simplified", **options) -> list:
    """Rendered reports of a consistent set (a list; see iter_site_corpus for big sets)."""
    return list(iter_site_corpus(seed, n_agencies, years, shape, script, **options))
