"""An output file written under a temporary name beside its target and renamed into place, for
writers that want a path rather than bytes (SQLite, openpyxl, the wacz tool): a failed export
leaves no half file, and the finished file has ordinary permissions (0666 less the umask, not
mkstemp's 0600), as gia.atomic gives the files it writes."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def replacing(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces `target`."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
