"""Browse the archive: `gia archive ls|show|stats|validate|export|compare|coverage|wacz|cite` and `gia serve`.

One module per job: `records` (load, filter, find), `labels` (Chinese row labels from the
parser's template declaration), `flatten` (record -> one flat row; the column declaration),
`cells` (record -> one row per printed cell), `fts` (Chinese full-text columns for SQLite FTS5),
`sqlitedb` (the SQLite export and its Datasette metadata), `xlsx` (the Excel export), `export`
(the export command), `show`, `stats` (stats + validate), `compare` (year over year),
`deadlines` (when a report is due, which template its year calls for), `coverage` (the
coverage and timeliness scorecard), `wacz` (WACZ packaging), `cite` (citations), `colour`
(--color / NO_COLOR), `outfile` (atomic output files), `termtable`, `serve` (web view),
`command` (the argparse wiring). See docs/archive-browse.md.
"""
