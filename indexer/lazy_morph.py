"""Defer Whoosh's English morphology table until something uses it (~4 ms of every process).

`whoosh.query.terms` does `from whoosh.lang.morph_en import variations` at import time, and
that module builds a large table of English inflection rules when imported. Only the
`Variations` query (English word forms) calls it, which gia never builds; yet every
`gia-search` process imports `whoosh.query`. `defer()` puts a stand-in module whose
`variations` imports the real one on first call and delegates to it, so behaviour is
unchanged for anyone who does use it (tests/index/test_lazy_morph.py).
"""

from __future__ import annotations

import sys

NAME = "whoosh.lang.morph_en"


def _real():
    stub = sys.modules.get(NAME)
    if getattr(stub, "_gia_stub", False):
        del sys.modules[NAME]
    import importlib

    real = importlib.import_module(NAME)
    return real


def variations(word):
    return _real().variations(word)


def _other_name(attr):
    """Any other public name: from the real module. Dunder names (`__spec__`, `__loader__`,
    asked by the import system and by repr) must not trigger the real import."""
    if attr.startswith("__"):
        raise AttributeError(attr)
    return getattr(_real(), attr)


def defer() -> None:
    """Install the stand-in unless the real module is already loaded."""
    if NAME in sys.modules:
        return
    import types

    stub = types.ModuleType(NAME, __doc__)
    stub._gia_stub = True
    stub.variations = variations
    stub.__getattr__ = _other_name
    sys.modules[NAME] = stub
