"""What the index holds, by name: text fields, sections, facets, numbers (no Whoosh import).

Declared once here; `fields.py` builds the Whoosh schema and the documents from these
tables, and the search flags, `--sum` and docs/search.md read them.
"""

from __future__ import annotations

# 2: the character field `text` (units and bigrams, issue 18) and the words field `words`.
SCHEMA_VERSION = 2

# Text fields (name -> boost). A bare query searches DEFAULT_FIELD, whose indexed text
# starts with the title and the agency.
TEXT_FIELDS = {"title": 3.0, "agency": 2.0, "text": 1.0}
DEFAULT_FIELD = "text"
# jieba's words of the same indexed text: ranks what the character fields match.
RANK_FIELD = "words"
# Sections of the record (`review_litigation:复议`): position ranges of `text`, see sections.py.
SECTION_FIELDS = ("overview", "active", "applications", "review_litigation", "problems", "other")
# Keyword facets: exact values, counted in the facet output, filterable with flags.
FACETS = ("year", "province", "city", "county", "level", "agency_kind", "template", "site", "checks")
# Facets counted by default in search output (the others on request).
DEFAULT_FACETS = ("year", "province", "level", "template", "checks")

# Numeric fields: name -> (description, how to read it from a record).
# Application rows are 7-number lists whose last entry is the 总计 column; review and
# litigation lists are 5-number lists whose last entry is 总计 (contract.md).


def _app_total(key):
    return lambda r: _last(((r.get("tables") or {}).get("applications") or {}).get(key))


def _rl_total(key):
    return lambda r: _last(((r.get("tables") or {}).get("review_litigation") or {}).get(key))


def _rl_sum(*keys):
    def get(r):
        vals = [_rl_total(k)(r) for k in keys]
        vals = [v for v in vals if v is not None]
        return sum(vals) if vals else None
    return get


def _app_prefix_sum(prefix):
    def get(r):
        apps = (r.get("tables") or {}).get("applications") or {}
        vals = [_last(v) for k, v in apps.items() if k.startswith(prefix)]
        vals = [v for v in vals if v is not None]
        return sum(vals) if vals else None
    return get


NUMERIC_FIELDS = {
    "new_requests": ("new applications received this year (applications.new, 总计)", _app_total("new")),
    "carried_over": ("applications carried over from last year (applications.carried_over, 总计)",
                     _app_total("carried_over")),
    "disclosed": ("answered: disclosed in full (applications.disclosed, 总计)", _app_total("disclosed")),
    "partially_disclosed": ("answered: partly disclosed (applications.partially_disclosed, 总计)",
                            _app_total("partially_disclosed")),
    "withheld": ("answered: not disclosed, all withheld.* rows summed (总计)", _app_prefix_sum("withheld.")),
    "unavailable": ("answered: information unavailable, all unavailable.* rows summed (总计)",
                    _app_prefix_sum("unavailable.")),
    "not_processed": ("answered: not processed, all not_processed.* rows summed (总计)",
                      _app_prefix_sum("not_processed.")),
    "total_handled": ("applications answered in total (applications.total_handled, 总计)",
                      _app_total("total_handled")),
    "carried_forward": ("applications carried forward to next year (applications.carried_forward, 总计)",
                        _app_total("carried_forward")),
    "review_total": ("administrative reviews (review_litigation.review, 总计)", _rl_total("review")),
    "litigation_direct_total": ("lawsuits filed directly (review_litigation.litigation_direct, 总计)",
                                _rl_total("litigation_direct")),
    "litigation_after_review_total": ("lawsuits after review (review_litigation.litigation_after_review, 总计)",
                                      _rl_total("litigation_after_review")),
    "litigation_total": ("lawsuits in total (litigation_direct + litigation_after_review, 总计)",
                         _rl_sum("litigation_direct", "litigation_after_review")),
    "checks_failed": ("how many of the record's consistency checks fail", lambda r: sum(
        1 for c in (r.get("checks") or []) if isinstance(c, dict) and c.get("ok") is False)),
    "text_chars": ("length of the report's text in characters", lambda r: len(r.get("text") or "")),
}
NUMERIC_MISSING = -1  # stored for "not in the report"; excluded from sums and shown as blank


def _last(values):
    if isinstance(values, list) and values:
        v = values[-1]
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return int(v)
    return None
