"""Headline figures that legacy (2008-2018) reports state in prose.

Legacy reports have no fixed tables; their figures are taken from sentences and
stored apart from `tables` (never invented as table cells):
    record["prose_figures"] = {"active_disclosed": {"value": 425, "from": "prose", "quote": "…"}}
The patterns are declared here; the first match of each wins.
"""

from __future__ import annotations

import re

_N = r"(\d[\d,]*)"
_U = r"(?:(?:条|件|个|项|起)\s*)?"   # a statistics table prints the unit column before the number
PATTERNS: dict[str, tuple[str, ...]] = {
    "active_disclosed": (
        rf"主动公开(?:政府)?信息(?:数|总数)?(?:共|为|达)?\s*{_N}\s*(?:条|件)?",
        rf"(?:新增|共|累计)?主动公开(?:各类)?(?:政府)?信息[^。;；\d]{{0,10}}?{_N}\s*条",
    ),
    "applications_received": (
        rf"受理(?:依申请公开|政府信息公开申请|信息公开申请)[^。;；\d]{{0,8}}?(?:总数|数)?\s*{_U}{_N}",
        rf"(?:收到|受理)[^。;；\d]{{0,12}}?申请[^。;；\d]{{0,6}}?{_N}\s*(?:件|份|条)",
    ),
    "replies": (rf"对申请的答复(?:数|总数)?\s*{_U}{_N}",),
    "administrative_review": (rf"行政复议(?:案件)?(?:数|总数)\s*{_U}{_N}",
                              rf"行政复议[^。;；\d]{{0,6}}?{_N}\s*(?:件|起)"),
    "administrative_litigation": (rf"行政诉讼(?:案件)?(?:数|总数)\s*{_U}{_N}",
                                  rf"行政诉讼[^。;；\d]{{0,6}}?{_N}\s*(?:件|起)"),
}
_NONE = {"applications_received": r"(?:没有|未)(?:收到|受理)[^。]{0,10}申请",
         "administrative_review": r"(?:没有|未)(?:发生|出现|收到)?[^。]{0,12}行政复议",
         "administrative_litigation": r"(?:没有|未)(?:发生|出现)?[^。]{0,12}行政诉讼"}


def prose_figures(text: str) -> dict:
    out = {}
    for key, pats in PATTERNS.items():
        for pat in pats:
            m = re.search(pat, text)
            if m:
                out[key] = {"value": int(m.group(1).replace(",", "")), "from": "prose",
                            "quote": text[max(0, m.start() - 10): m.end() + 5].strip()}
                break
        else:
            if key in _NONE:
                m = re.search(_NONE[key], text)
                if m:
                    out[key] = {"value": 0, "from": "prose", "quote": m.group(0)}
    return out
