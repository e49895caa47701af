"""pdfplumber's per-object dicts, built faster for characters; single-glyph cell text.

pdfplumber turns every pdfminer layout object into a dict (`Page.process_object`),
running `resolve_all` on each of a character's ~15 attributes and re-decoding its
colour-space name char by char. Report PDFs hold ~1,000 characters a page, and
that conversion was a fifth of PDF reading time. `page_object` builds the same
dict — same keys, same order, same values — with scalars and tuples of scalars
taken as they are (`resolve_all` would return them unchanged) and colour-space
names decoded once. Anything but a plain `LTChar` goes to pdfplumber's own method.
tests/parser/test_formats_pdf.py compares the two on every object of sample PDFs,
so a pdfplumber upgrade that changes the dicts fails there, not silently.

`cell_text` is pdfplumber's `extract_text` for a table cell's characters, answered
directly for the common cell of one glyph (a single digit): two thirds of all cells.
"""

from __future__ import annotations

from functools import lru_cache
from unicodedata import normalize as normalize_unicode

import pdfplumber
from pdfminer.layout import LTChar
from pdfplumber.utils import extract_text

# The copy follows pdfplumber's internals of these releases (the comparison test ran on them);
# with any other release, or if those internals moved, pdfplumber's own code runs: slower, never wrong.
TESTED_PDFPLUMBER = ("0.11.10",)
try:
    from pdfplumber.page import ALL_ATTRS, Page, fix_fontname_bytes
    from pdfplumber.utils import resolve_all, resolve_and_decode
    from pdfplumber.utils.text import LIGATURES
    ENABLED = pdfplumber.__version__ in TESTED_PDFPLUMBER
except ImportError:  # pragma: no cover - a pdfplumber that reorganised its modules
    ENABLED = False

_PLAIN = frozenset((float, int, str, bool, type(None)))


def use_fast_objects(page) -> None:
    """Make `page` build its object dicts with `page_object` (pdfplumber calls
    `self.process_object`, so an instance attribute takes its place); a no-op unless ENABLED."""
    if ENABLED:
        page.process_object = lambda obj: page_object(page, obj)


def page_object(page, obj) -> dict:
    """`Page.process_object(page, obj)`, faster for characters."""
    if type(obj) is not LTChar:
        return Page.process_object(page, obj)
    attr = {k: v if type(v) in _PLAIN or (type(v) is tuple and all(type(e) in _PLAIN for e in v))
            else resolve_all(v)
            for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = "char"
    attr["page_number"] = page.page_number
    for cs in ("ncs", "scs"):
        if hasattr(obj, cs):
            name = getattr(obj, cs).name
            attr[cs] = _decoded_name(name) if type(name) is str else resolve_and_decode(name)
    text = obj.get_text()
    norm = page.pdf.unicode_norm
    attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    gs = obj.graphicstate
    attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
    attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
    if isinstance(attr["fontname"], bytes):
        attr["fontname"] = fix_fontname_bytes(attr["fontname"])
    # pdfplumber's coordinates: top-down, and shifted by the MediaBox origin (its #1181)
    mb_x0, mb_top = page.mediabox[:2]
    attr["top"] = (page.height - attr["y1"]) + mb_top
    attr["bottom"] = (page.height - attr["y0"]) + mb_top
    attr["doctop"] = page.initial_doctop + attr["top"]
    if mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr


@lru_cache(maxsize=256)     # a handful of colour spaces per file; bounded for hostile ones
def _decoded_name(name: str) -> str:
    return resolve_and_decode(name)


def cell_text(chars: list) -> str:
    """`extract_text(chars)` (pdfplumber's defaults). One glyph needs no line or word
    clustering: blank glyphs are dropped, ligatures expanded, anything else is its text."""
    if len(chars) == 1 and ENABLED:
        text = chars[0]["text"]
        return "" if text.isspace() else LIGATURES.get(text, text)
    return extract_text(chars)
