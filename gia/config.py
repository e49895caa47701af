"""Where things live: the archive folder and its well-known parts."""

import os
from pathlib import Path

ARCHIVE_ENV = "GIA_ARCHIVE"


def archive_dir(cli_value: str | os.PathLike | None = None) -> Path:
    """`--archive DIR`, else $GIA_ARCHIVE, else ./archive (contract.md)."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(ARCHIVE_ENV)
    if env:
        return Path(env)
    return Path("archive")


def add_archive_argument(parser) -> None:
    parser.add_argument(
        "--archive",
        metavar="DIR",
        default=None,
        help=f"archive folder (default: ${ARCHIVE_ENV}, else ./archive)",
    )
