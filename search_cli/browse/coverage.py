"""`gia archive coverage`: for every agency the site registry knows and every year — is a report
archived, when was it published, was that on time, does its template fit the year, do its
identities hold, which of the six sections does it have; then a summary per site, level and
province. What transparency evaluators do by hand, from the archive.

The agencies of a site are the site's own agency (its `agency` hint, else its `name`) and every
agency whose reports were crawled from it (`source.site` of the records); archived reports of
sites the registry does not list are shown under "not in the registry", so none goes uncounted.
Years: `--year` (YEAR, A-B, comma list), else every year from the first to the last archived.
Deadlines and template generations are declared in search_cli.browse.deadlines (with the
provisions they come from); "as of" is today unless `--as-of DATE`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from crawler.registry import load_registry
from gia import spreadsheet
from gia.errors import GiaError
from gia.terminal import allow_style, neutralize_all
from reportparser.fields import agency_kind
from search_cli.browse import colour as colour_choice
from search_cli.browse import deadlines, labels, termtable
from search_cli.browse.records import failed_checks, sort_key, year_set

UNREGISTERED = "(not in the registry)"
SECTION_KEYS = tuple(labels.SECTIONS)
SECTION_MARKS = "一二三四五六"


@dataclass
class Agency:
    site: str
    site_name: str
    name: str
    kind: str | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    reports: dict[int, list[dict]] = field(default_factory=dict)


def _sections(record: dict) -> list[str]:
    secs = record.get("sections") if isinstance(record.get("sections"), dict) else {}
    return [k for k in SECTION_KEYS if str(secs.get(k) or "").strip()]


def _identities(record: dict) -> bool | None:
    if not record.get("checks"):
        return None
    return not failed_checks(record)


def _timeliness(record: dict, due: date | None) -> tuple[bool | None, int | None, str | None]:
    """(on time, days late, evidence): the publication date against the deadline, else the fetch
    time when that alone proves the report was online before it."""
    if due is None:
        return None, None, None
    published = deadlines.parse_day(record.get("published"))
    if published:
        late = (published - due).days
        return late <= 0, max(late, 0), "published"
    fetched = deadlines.parse_day((record.get("source") or {}).get("fetched_at"))
    if fetched and fetched <= due:
        return True, 0, "fetched"
    return None, None, None


def cell(agency: Agency, year: int, as_of: date) -> dict:
    klass = deadlines.agency_class(agency.kind, agency.level)
    rule = deadlines.deadline(year, klass)
    found = sorted(agency.reports.get(year, []), key=lambda r: (str(r.get("published") or "9999"), str(r.get("id"))))
    # missing once the deadline has passed (no statutory date: once every agency's has); nothing is due
    # for a year before the Regulations
    due_by = rule.due or (deadlines.latest_due(year) if year >= deadlines.FIRST_REPORT_YEAR else None)
    out = {"site": agency.site, "site_name": agency.site_name, "agency": agency.name, "agency_kind": agency.kind,
           "agency_class": klass, "level": agency.level, "province": agency.province, "city": agency.city,
           "county": agency.county, "year": year, "deadline": rule.due.isoformat() if rule.due else None,
           "deadline_basis": rule.basis or None, "reports": len(found), "archived": bool(found),
           "status": "archived" if found else ("missing" if due_by and as_of > due_by else "not due"),
           "id": None, "title": None, "published": None, "on_time": None, "days_late": None, "timeliness_from": None,
           "template": None, "expected_template": deadlines.expected_template(year), "template_fits": None,
           "identities_hold": None, "sections": [], "sections_missing": None}
    if found:
        first = found[0]
        on_time, late, evidence = _timeliness(first, rule.due)
        template = first.get("template")
        present = _sections(first)
        missing = [k for k in SECTION_KEYS if k not in present] if present else None   # none read: unknown
        out.update(id=first.get("id"), title=first.get("title"), published=first.get("published"), on_time=on_time,
                   days_late=late, timeliness_from=evidence, template=template,
                   template_fits=None if template in (None, "unknown") or not out["expected_template"]
                   else template == out["expected_template"],
                   identities_hold=_identities(first), sections=present, sections_missing=missing)
    return out


def own_agency(site) -> str | None:
    """The agency a site belongs to: its `agency` hint, else its name without a trailing annotation
    in brackets (洛阳市人民政府（繁體）, …(移动版)); none for a declared mirror of another site."""
    if site.mirror_of:
        return None
    return site.agency or re.sub(r"\s*[（(][^（）()]*[)）]\s*$", "", site.name).strip() or None


def agencies(sites, records: list[dict]) -> list[Agency]:
    """Every agency of every site (registry order), then agencies of sites the registry lacks.

    An agency belongs to the site whose own agency it is; else to the site most of its reports
    were crawled from. All its reports count, from whichever site they came: a department's
    report found on the city portal is the department's report."""
    names = {s.id: s.name for s in sites}
    owned: dict[str, Agency] = {}
    for site in sites:
        own = own_agency(site)
        if own and own not in owned:   # a second site of the same agency (a mirror, a mobile site) adds no row
            owned[own] = Agency(site.id, site.name, own, agency_kind(own), site.level, site.province,
                                site.city, site.county)
    by_name: dict[str, list[dict]] = defaultdict(list)
    for record in sorted(records, key=sort_key):
        if record.get("agency") and isinstance(record.get("year"), int):
            by_name[record["agency"]].append(record)   # the rest are counted as unattributed
    found: list[Agency] = []
    for name, reports in by_name.items():
        agency = owned.get(name)
        if agency is None:
            sites_seen = Counter(str((r.get("source") or {}).get("site") or "") for r in reports)
            sid = next((sid for sid, _n in sites_seen.most_common() if sid in names), UNREGISTERED)
            agency = Agency(sid, names.get(sid, UNREGISTERED), name)
            found.append(agency)
        first = reports[0]   # place and kind as the reports give them, the registry's hints otherwise
        for key in ("province", "city", "county", "level"):
            setattr(agency, key, first.get(key) or getattr(agency, key))
        agency.kind = first.get("agency_kind") or agency.kind
        for record in reports:
            agency.reports.setdefault(record["year"], []).append(record)
    order = {s.id: i for i, s in enumerate(sites)}
    everyone = list(owned.values()) + found
    own_names = set(owned)
    everyone.sort(key=lambda a: (order.get(a.site, len(order)), a.name not in own_names, a.name))
    return everyone


def default_years(records: list[dict]) -> list[int]:
    years = [r["year"] for r in records if isinstance(r.get("year"), int)]
    if not years:
        raise GiaError("no archived report has a year: give --year YEAR[-YEAR]")
    return list(range(min(years), max(years) + 1))


def _tally(rows: list[dict]) -> dict:
    due = [r for r in rows if r["status"] != "not due"]
    archived = [r for r in rows if r["archived"]]
    judged = [r for r in archived if r["on_time"] is not None]
    on_time = sum(1 for r in judged if r["on_time"])
    return {"agencies": len({(r["site"], r["agency"]) for r in rows}), "due": len(due), "archived": len(archived),
            "missing": sum(1 for r in rows if r["status"] == "missing"),
            "share_archived": round(len([r for r in due if r["archived"]]) / len(due), 4) if due else None,
            "on_time": on_time, "late": len(judged) - on_time, "timeliness_unknown": len(archived) - len(judged),
            "share_on_time": round(on_time / len(judged), 4) if judged else None,
            "template_fits": sum(1 for r in archived if r["template_fits"] is True),
            "template_mismatch": sum(1 for r in archived if r["template_fits"] is False),
            "identities_hold": sum(1 for r in archived if r["identities_hold"] is True),
            "identities_fail": sum(1 for r in archived if r["identities_hold"] is False),
            "all_sections": sum(1 for r in archived if r["sections_missing"] == []),
            "sections_unread": sum(1 for r in archived if r["sections_missing"] is None)}


def summary(rows: list[dict]) -> dict:
    out: dict = {"total": _tally(rows)}
    for key, name in (("site", "by_site"), ("level", "by_level"), ("province", "by_province")):
        groups: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            groups[str(row[key] or "unknown")].append(row)
        out[name] = {k: _tally(v) for k, v in groups.items()}
    return out


def coverage(sites, records: list[dict], years: list[int], as_of: date) -> dict:
    rows = [cell(a, y, as_of) for a in agencies(sites, records) for y in years]
    unattributed = sum(1 for r in records if not r.get("agency") or not isinstance(r.get("year"), int))
    return {"as_of": as_of.isoformat(), "years": years, "rows": rows, "summary": summary(rows),
            "unattributed_reports": unattributed}


# --- printers ---------------------------------------------------------------------------------------

CSV_FIELDS = ("site", "site_name", "agency", "agency_kind", "agency_class", "level", "province", "city", "county",
              "year", "status", "reports", "id", "title", "published", "deadline", "on_time", "days_late",
              "timeliness_from", "deadline_basis", "template", "expected_template", "template_fits",
              "identities_hold", "sections", "sections_missing")


def to_csv(result: dict) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in result["rows"]:
        joined = {**row, "sections": ";".join(row["sections"]),
                  "sections_missing": ";".join(row["sections_missing"] or []) if row["sections_missing"] is not None else None}
        writer.writerow({k: spreadsheet.cell(v) for k, v in joined.items()})  # no scraped formula reaches Excel (gia.spreadsheet)
    return buf.getvalue()


def mark(row: dict) -> str:
    """One grid cell: ✓ on time, +Nd late, ? no publication date, ○ archived (no deadline applies or is known),
    ✗ missing, … not yet due; then T (template does not fit the year), ≠ (an identity fails),
    and the numbers of the missing sections (一…六), or §? when no section heading was read."""
    if row["status"] == "missing":
        return "✗"
    if row["status"] == "not due":
        return "…"
    if row["on_time"] is True:
        text = "✓"
    elif row["on_time"] is False:
        text = f"+{row['days_late']}d"
    else:
        text = "○" if row["deadline"] is None else "?"
    text += "T" if row["template_fits"] is False else ""
    text += "≠" if row["identities_hold"] is False else ""
    if row["sections_missing"] is None:
        return text + " §?"
    gone = "".join(SECTION_MARKS[SECTION_KEYS.index(k)] for k in row["sections_missing"])
    return text + (f" -{gone}" if gone else "")


LEGEND = ("✓ on time · +Nd days late · ? publication date unknown · ○ archived, no statutory date known · ✗ missing · "
          "… not yet due · T template does not fit the year · ≠ an identity fails · -五六 sections missing · "
          "§? no section heading read")


def _pct(share) -> str:
    return "" if share is None else f"{share:.0%}"


def to_text(result: dict, colour: bool = False) -> str:
    years = result["years"]
    grid: dict[tuple, dict[int, dict]] = {}
    for row in result["rows"]:
        grid.setdefault((row["site"], row["site_name"], row["agency"]), {})[row["year"]] = row
    parts, current = [f"coverage {years[0]}–{years[-1]}, as of {result['as_of']}"], None
    table: list[list] = []
    marks: set = set()

    def flush():
        if current is not None:
            heading = current[1] if current[0] == UNREGISTERED else f"{current[1]} ({current[0]})"
            parts.append(heading + "\n" + termtable.render(
                ["agency", *map(str, years)], table, marks=marks if colour else set(), colour=colour, numeric_from=99))

    for (site, site_name, agency), by_year in grid.items():
        if current != (site, site_name):
            flush()
            current, table, marks = (site, site_name), [], set()
        line = [agency]
        for i, year in enumerate(years, 1):
            row = by_year[year]
            line.append(mark(row))
            if row["status"] == "missing" or row["on_time"] is False:
                marks.add((len(table), i))
        table.append(line)
    flush()
    parts.append(LEGEND)
    s = result["summary"]
    head = ["", "agencies", "due", "archived", "%", "missing", "on time", "late", "% on time", "no verdict",
            "tpl≠", "ids≠", "6 sections"]
    for name, title in (("by_site", "by site"), ("by_level", "by level"), ("by_province", "by province")):
        body = [[k, t["agencies"], t["due"], t["archived"], _pct(t["share_archived"]), t["missing"], t["on_time"],
                 t["late"], _pct(t["share_on_time"]), t["timeliness_unknown"], t["template_mismatch"],
                 t["identities_fail"], t["all_sections"]] for k, t in s[name].items()]
        parts.append(title + "\n" + termtable.render(head, body))
    t = s["total"]
    parts.append(f"total: {t['archived']} of {t['due']} agency-years due are archived ({_pct(t['share_archived'])}), "
                 f"{t['missing']} missing; {t['on_time']} on time, {t['late']} late, {t['timeliness_unknown']} "
                 f"without a verdict" + (f"; {result['unattributed_reports']} report(s) with no agency or year read"
                                         if result["unattributed_reports"] else ""))
    return "\n\n".join(parts)


def run(archive, pairs, args) -> int:
    registry = load_registry(args.sites)
    records = [r for _p, r in pairs]
    years = sorted(year_set(args.year)) if args.year else default_years(records)
    if args.as_of:
        as_of = deadlines.parse_day(args.as_of)
        if as_of is None:
            raise GiaError(f"--as-of {args.as_of}: use YYYY-MM-DD")
    else:
        as_of = date.today()
    result = coverage(registry.sites, records, years, as_of)
    result["registry"] = str(registry.path)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif args.csv:
        print(to_csv(result), end="")
    else:
        colour = colour_choice.wanted(args)
        if colour:
            allow_style()   # our colours pass the terminal guard; scraped names are escaped first
        print(to_text(neutralize_all(result), colour))
    return 0
