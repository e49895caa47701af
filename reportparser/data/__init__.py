"""Build scripts of the parser's data (the division table itself is gia/data/, see gia/divisions.py)."""
