"""The six sections, found by their numbered headings (一、 一. （一） 1、 …).

A heading is a Chinese numeral with a mark, followed within a few characters by
one of the section's heading words (templates.SECTIONS). Numerals must rise, so
table rows like '四、结转下年度继续办理' (no heading word) are never taken.
"""

from __future__ import annotations

import re

from reportparser.templates import SECTIONS

_NUMERALS = "一二三四五六七八九十"
_REJECT = ("结转", "本年度办理结果", "本年新收", "上年结转")


def find_headings(text: str) -> list[tuple[int, int, str]]:
    """[(start, body_start, key)] in order."""
    out = []
    last_num = 0
    used: set[str] = set()
    for m in re.finditer(r"([一二三四五六七八九十])\s*[、.．]\s*", text):
        num = _NUMERALS.index(m.group(1)) + 1
        if num <= last_num:
            continue
        window = text[m.end(): m.end() + 24]
        if any(r in window[:10] for r in _REJECT):
            continue
        key = _classify(window)
        if key is None or key in used:
            continue
        out.append((m.start(), m.end(), key))
        used.add(key)
        last_num = num
    return out


def _classify(window: str) -> str | None:
    compact = re.sub(r"\s+", "", window)
    for key, _, words in SECTIONS:
        for w in words:
            i = compact.find(w)
            if 0 <= i <= 10:
                return key
    return None


def split_sections(text: str) -> dict[str, str]:
    heads = find_headings(text)
    out = {key: "" for key, _, _ in SECTIONS}
    for i, (start, body, key) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(text)
        out[key] = text[start:end].strip()
    return out
