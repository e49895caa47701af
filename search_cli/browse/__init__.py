"""Browse the archive: `gia archive ls|show|stats|validate|export|compare` and `gia serve`.

One module per job: `records` (load, filter, find), `labels` (Chinese row labels from the
parser's template declaration), `flatten` (record -> one flat row; the column declaration),
`show`, `stats` (stats + validate), `export`, `compare` (year over year), `serve` (web view),
`command` (the argparse wiring). See docs/archive-browse.md.
"""
