"""Data files of the parser (divisions.tsv: see reportparser/regions.py for its source)."""
