"""Whether a `gia archive` printer colours its output: one rule for all of them.

`--color auto|always|never` (gia-search's spelling; `--no-colour` is kept as `never`). `auto`
colours only a terminal, and never when the NO_COLOR environment variable is set to anything
but the empty string (https://no-color.org: an explicit `--color always` still wins over it).
"""

from __future__ import annotations

import argparse
import os
import sys

CHOICES = ("auto", "always", "never")


def add_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=CHOICES, default="auto",
                        help="auto (default): colour on a terminal unless NO_COLOR is set")
    parser.add_argument("--no-colour", "--no-color", dest="color", action="store_const", const="never",
                        help=argparse.SUPPRESS)


def wanted(args, stream=None) -> bool:
    choice = getattr(args, "color", None) or "auto"
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream if stream is not None else sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())
