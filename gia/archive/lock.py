"""One writer at a time: an exclusive lock on the archive for crawls, reparses and index builds.

Two writers on one archive (two crawls, or a crawl and a reparse) would interleave WARC files and
records and race on the crawl state. A writer takes `ARCHIVE/.lock` with flock(2) — released by
the kernel when the process dies, so kill -9 never leaves a stale lock — and writes its pid into
it, so a second writer can say who holds the archive. Readers (search, browse, serve) take no lock.
"""

from __future__ import annotations

import os
from pathlib import Path

from gia.errors import GiaError

LOCK_NAME = ".lock"


class ArchiveBusy(GiaError):
    """Another process is writing to this archive."""


class ArchiveLock:
    def __init__(self, root: str | os.PathLike, purpose: str):
        self.path = Path(root) / LOCK_NAME
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> "ArchiveLock":
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise ArchiveBusy(f"archive {self.path.parent} is in use ({holder}); "
                              f"wait for it to finish before {self.purpose}") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {self.purpose}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)   # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> "ArchiveLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
