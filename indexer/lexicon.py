"""The words field's longer Chinese words, saved per generation: which words contain a query.

A report whose words field holds a word T contains T, so it contains every part of T: the
reports of 工作年度报告 all contain 年度报告. `docsets` uses this to prove a phrase's
matches without reading positions (jieba keeping a longer word whole is the usual reason a
report has no word for the query). Finding the words that contain a query needs the
lexicon; reading it from Whoosh's term table costs a call per term, so `gia index` writes
`index/words-<generation>-<documents>.txt` after each commit: every Han word of three or
more characters, one a line, UTF-8 text (data, like the facet cache; a missing or stale file
is rebuilt and rewritten when the folder is writable). Searched with one regular expression.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from indexer.names import RANK_FIELD

PREFIX = "words-"
SUFFIX = ".txt"
MIN_CHARS = 3  # shorter queries are one term of the character field: nothing to prove


def file_name(searcher) -> str:
    ix = getattr(searcher, "_ix", None)
    gen = ix.latest_generation() if ix is not None else "x"
    return f"{PREFIX}{gen}-{searcher.reader().doc_count_all()}{SUFFIX}"


def _build(searcher) -> str:
    from indexer.grams import is_han

    words = []
    for term in searcher.reader().lexicon(RANK_FIELD):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        if len(word) >= MIN_CHARS and is_han(word):
            words.append(word)
    return "\n".join(words)


def _text(searcher) -> str:
    reader = searcher.reader()
    cached = getattr(reader, "_gia_lexicon", None)
    if cached is not None:
        return cached
    folder = getattr(searcher, "_gia_index_dir", None)
    text = None
    if folder:
        try:
            text = (Path(folder) / file_name(searcher)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
    if text is None:
        text = _build(searcher)
        if folder:
            save(Path(folder), file_name(searcher), text)
    reader._gia_lexicon = text
    return text


def containing(searcher, text: str) -> list[str]:
    """The words of the words field (3+ Han characters) that contain `text`."""
    if len(text) < MIN_CHARS:
        return []
    return re.findall(rf"^.*{re.escape(text)}.*$", _text(searcher), re.M)


def save(folder: Path, name: str, text: str) -> None:
    path = folder / name
    tmp = folder / f".tmp-{os.getpid()}-{name}"
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        for old in folder.glob(f"{PREFIX}*{SUFFIX}"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # a read-only archive: the words are found from the term table each time
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def refresh(archive_root) -> None:
    """Write the file for the index's current generation (called by update_index)."""
    from indexer import store

    ix = store.open_index(archive_root)
    with ix.searcher() as searcher:
        searcher._ix = ix
        save(store.index_dir(archive_root), file_name(searcher), _build(searcher))
