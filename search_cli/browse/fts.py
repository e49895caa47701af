"""Full-text search of report text inside the SQLite export (an FTS5 table), for Chinese.

SQLite's tokenizers do not fit Chinese: `unicode61` takes a whole run of Han characters for one
token (行政复议决定书 is one word, so 复议 finds nothing), and `trigram` cannot match anything
shorter than three characters (复议). So the text is segmented here and stored as space-separated
tokens that `unicode61` then keeps as they are, in two columns of `reports_fts`:

- `words`: the jieba words of every Han run (cut_for_search: 行政复议 gives 行政, 复议, 行政复议)
  plus every single Han character, each once per report — what a search box (Datasette's
  `_search`, one query word = one token) finds: any jieba word, any single character;
- `grams`: the overlapping character bigrams of every Han run, in order (行政复议 -> 行政 政复 复议),
  so any string of Han characters is the phrase of its bigrams: `grams : "行政 政复 复议"` matches
  exactly the reports whose text contains 行政复议 — at any length, whatever jieba made of it —
  and a two-character query is one bigram token (复议 matches in this column even where jieba
  cut the text otherwise). `match_expression` builds such queries; `search` runs them.

Other text (digits, Latin) goes in as it is and is tokenized by unicode61 in both columns. The
segmenter is rjieba (jieba-rs), else jieba: the same dictionary-driven segmentation the search
index uses, called here directly so the export does not depend on the indexer's internals.
Rows are keyed by the `reports` row's rowid (Datasette: `fts_table: reports_fts`, `fts_pk: rowid`).
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache

FTS_TABLE = "reports_fts"
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@lru_cache(maxsize=1)
def _cut_for_search():
    try:
        import rjieba
        return rjieba.cut_for_search
    except ImportError:  # pragma: no cover - rjieba is a dependency; jieba is its pure-Python twin
        import jieba
        jieba.setLogLevel(60)
        return lambda text: list(jieba.cut_for_search(text))


def _runs(text: str):
    """(is_han, run) pieces of text in order."""
    pos = 0
    for m in _HAN_RUN.finditer(text):
        if m.start() > pos:
            yield False, text[pos:m.start()]
        yield True, m.group(0)
        pos = m.end()
    if pos < len(text):
        yield False, text[pos:]


def bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a Han run; a single character stands for itself."""
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def words_column(text: str) -> str:
    """jieba words and single characters of the Han runs, other text as it is; each token once."""
    cut = _cut_for_search()
    seen: dict[str, None] = {}
    for han, run in _runs(text):
        if han:
            for word in cut(run):
                seen.setdefault(word)
            for ch in run:
                seen.setdefault(ch)
        else:
            seen.setdefault(" ".join(run.split()))
    return " ".join(t for t in seen if t)


def grams_column(text: str) -> str:
    """The Han runs as ordered bigrams, other text as it is, runs kept apart."""
    parts = []
    for han, run in _runs(text):
        parts.append(" ".join(bigrams(run)) if han else " ".join(run.split()))
    return " ".join(p for p in parts if p)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression for `query`: every whitespace-separated term must occur.

    A term of Han characters matches exactly the texts containing it (its bigram phrase in
    `grams`; a single character in `words`); other pieces of a term are matched as words."""
    clauses = []
    for term in query.split():
        for han, run in _runs(term):
            if not han:
                run = run.strip(" \"'")
                if run:
                    clauses.append(_phrase(run))
            elif len(run) == 1:
                clauses.append("words : " + _phrase(run))
            else:
                clauses.append("grams : " + _phrase(" ".join(bigrams(run))))
    if not clauses:
        raise ValueError("empty search")
    return " AND ".join(clauses)


def create(db: sqlite3.Connection) -> None:
    db.execute(f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(words, grams, tokenize = 'unicode61')")


def document(record: dict) -> str:
    """What is indexed of a report: its title and its full text."""
    return "\n".join(str(record.get(k) or "") for k in ("title", "text"))


def add(db: sqlite3.Connection, rowid: int, record: dict) -> None:
    text = document(record)
    db.execute(f"INSERT INTO {FTS_TABLE}(rowid, words, grams) VALUES (?, ?, ?)",
               (rowid, words_column(text), grams_column(text)))


def search(db: sqlite3.Connection, query: str, table: str = "reports") -> list[str]:
    """Ids of the reports matching `query` (see match_expression), in report order."""
    sql = (f"SELECT id FROM {table} WHERE rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?) "
           "ORDER BY rowid")
    return [r[0] for r in db.execute(sql, (match_expression(query),))]


# A Datasette canned query (metadata "queries"): exact substring search for a string of Han
# characters, built in SQL the way match_expression builds it (a recursive CTE makes the bigram
# phrase); anything else falls back to a quoted phrase over both columns.
CONTAINS_SQL = f"""with recursive
  q(s) as (select replace(trim(:text), '"', '')),
  g(i, phrase) as (
    select 1, '' union all
    select i + 1, phrase || ' ' || substr((select s from q), i, 2) from g where i < length((select s from q))
  )
select reports.id, reports.year, reports.agency, reports.title from reports
where reports.rowid in (
  select rowid from {FTS_TABLE} where {FTS_TABLE} match (
    select case
      when s glob '*[^㐀-䶿一-鿿豈-﫿]*' then '"' || s || '"'
      when length(s) = 1 then 'words : "' || s || '"'
      else 'grams : "' || (select trim(phrase) from g order by i desc limit 1) || '"' end
    from q))
order by reports.year, reports.agency"""
