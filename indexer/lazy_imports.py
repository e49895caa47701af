"""Defer modules Whoosh imports at start-up but a search never uses (~6 ms of every process).

Importing Whoosh's reading side pulls in modules that only serve features gia does not use:

| module | imported by | used for | cost |
|---|---|---|---|
| whoosh.lang.morph_en | whoosh.query.terms | the `Variations` query (English word forms) | ~4 ms |
| whoosh.lang.dmetaphone | whoosh.analysis.morph | phonetic matching | ~0.4 ms |
| whoosh.highlight | whoosh.searching | Whoosh's own highlighter (gia marks snippets itself) | ~1.7 ms |

`defer()` puts a stand-in module in place of each: it has the functions its importers bind
by name at import time (`from whoosh.lang.morph_en import variations`), each importing the real
module on first call and delegating to it; any other attribute imports the real module too.
So behaviour is unchanged for anyone who does use them (tests/index/test_lazy_imports.py);
they just load when first used instead of at start-up.

Not deferred: `whoosh.lang.porter` (~0.8 ms). Its `stem` is the default argument of
`StemFilter`, pickled by reference with any schema that stems; a stand-in function there
would make such a schema unpicklable. `hashlib` (~2 ms, OpenSSL): the index's term table
hashes its keys with `md5`, so every search uses it.
"""

from __future__ import annotations

import importlib
import sys
import types

# module -> names its importers bind at import time (become delegating functions)
DEFERRED = {
    "whoosh.lang.morph_en": ("variations",),
    "whoosh.lang.dmetaphone": ("double_metaphone",),
    "whoosh.highlight": (),
}


def _real(name: str):
    stub = sys.modules.get(name)
    if getattr(stub, "_gia_stub", False):
        del sys.modules[name]
    return importlib.import_module(name)


def _delegate(module: str, attr: str):
    def call(*args, **kwargs):
        return getattr(_real(module), attr)(*args, **kwargs)

    call.__module__, call.__name__, call.__qualname__ = module, attr, attr
    return call


def _stub(name: str, names) -> types.ModuleType:
    stub = types.ModuleType(name, f"stand-in for {name}, loaded on first use (indexer/lazy_imports.py)")
    stub._gia_stub = True
    for attr in names:
        setattr(stub, attr, _delegate(name, attr))

    def other(attr):
        # Dunder names (`__spec__`, `__path__`, asked by the import system and by repr)
        # must not trigger the real import.
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(_real(name), attr)

    stub.__getattr__ = other
    return stub


def defer() -> None:
    """Install the stand-ins (before anything imports Whoosh); a module already loaded stays."""
    for name, names in DEFERRED.items():
        if name not in sys.modules:
            sys.modules[name] = _stub(name, names)
