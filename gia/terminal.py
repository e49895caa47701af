"""What reaches a terminal: scraped text never drives it.

Titles, agencies and texts come from government web pages; one carrying ESC/CSI/OSC sequences
(`\\x1b]8;;…`, `\\x1b[2J`), other C0/C1 control characters or bidi overrides (U+202E) would move the
cursor, rewrite the screen or reorder what the user reads if printed raw. `neutralize` shows each
such character as a visible escape (`\\u001b`, `\\u202e`) and keeps tab and newline; `SafeStream`
applies it to everything written to stdout/stderr, and every gia command runs behind it (see
gia.errors.run_reporting_errors), so no printer can forget. JSON output is unchanged by it: JSON
already escapes C0 controls, and the C1 and bidi characters it leaves raw are shown escaped here.

gia's own colours (SGR: `ESC[…m`, and the progress line's erase `ESC[2K`) pass only after a command
that decided to colour calls `allow_style()`; printers that colour neutralize the scraped fields
first (`neutralize`), so even then a scraped SGR shows as text.
"""

from __future__ import annotations

import re

# C0 controls but tab/newline/carriage return, DEL, C1 controls, and the bidi embedding/override/isolate marks
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match) -> str:
    code = ord(match.group(0))
    return f"\\u{code:04x}"   # valid inside a JSON string too (it decodes back to the character)


def neutralize(text: str) -> str:
    """`text` with every character that could steer a terminal shown as a visible escape."""
    return _UNSAFE.sub(_visible, text) if _UNSAFE.search(text) else text


def neutralize_all(value):
    """`neutralize` applied to every string inside a JSON-like value (a record before a coloured printer)."""
    if isinstance(value, str):
        return neutralize(value)
    if isinstance(value, dict):
        return {neutralize_all(k): neutralize_all(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [neutralize_all(v) for v in value]
    return value


_STYLE = re.compile(r"(\x1b\[[0-9;]{0,16}[mK])")
_style_allowed = False


def allow_style(allowed: bool = True) -> None:
    """Let gia's own colour and line-erase sequences through SafeStream (the command chose colour)."""
    global _style_allowed
    _style_allowed = allowed


def _neutralize_keeping_style(text: str) -> str:
    return "".join(part if i % 2 else neutralize(part) for i, part in enumerate(_STYLE.split(text)))


class SafeStream:
    """A text stream that neutralizes what is written to it, delegating everything else."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        if _UNSAFE.search(text):
            text = _neutralize_keeping_style(text) if _style_allowed else neutralize(text)
        self._stream.write(text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)
