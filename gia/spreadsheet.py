"""What goes into a spreadsheet cell: scraped text never runs as a formula (CSV/formula injection).

Titles and agencies come from government web pages. Excel, LibreOffice and Numbers evaluate a CSV
field that begins with = + - @ (and a tab or carriage return before one of them) as a formula:
`=HYPERLINK("http://x","点我")` becomes a link, `+cmd|' /C calc'!A0` a DDE command. OWASP's remedy
is a single quote before such a field: the spreadsheet shows the text, quote included, and
evaluates nothing. The XLSX export uses the same value (and writes it as a text cell), so a title
reads the same in both files and survives a re-save as CSV.

A number stays a number: ints and floats are not strings, and a string that is only a number
("-12", "+3.5") is what Excel would read as that number anyway, so it is left as it is.

A carriage return becomes the line feed Excel uses for a line break inside a cell: Python's csv
writer does not quote a field for a bare CR (only for the line terminator's characters), and a
reader ends the row there, so the rest of the record would shift into the wrong columns.

Every CSV and XLSX writer of the project passes each cell through `cell`, which also shows
terminal control characters escaped (gia.terminal), as a CSV is read in terminals too.
"""

from __future__ import annotations

import re

from gia.terminal import neutralize

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")   # OWASP "CSV Injection": what makes a field a formula
_STARTS = (*FORMULA_START, "\n")                  # and the line feed a CR becomes here
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def cell(value):
    """`value` as a spreadsheet cell: text that would be a formula gets a leading single quote;
    numbers, None and booleans pass unchanged."""
    if not isinstance(value, str):
        return value
    text = neutralize(value).replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith(_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def row(values) -> list:
    """`cell` applied to every value of a row."""
    return [cell(v) for v in values]
