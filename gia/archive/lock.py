"""One writer at a time: an exclusive lock on the archive for crawls, reparses and index builds —
or the workers of one shared crawl together.

Two writers on one archive (two crawls, or a crawl and a reparse) would interleave WARC files and
records and race on the crawl state. A writer takes `ARCHIVE/.lock` with flock(2) — released by
the kernel when the process dies, so kill -9 never leaves a stale lock — and writes its pid into
it, so a second writer can say who holds the archive. Readers (search, browse, serve) take no lock.

The workers of one distributed crawl (`gia crawl --redis`) write into one archive folder side by
side: each writes WARC files of its own name and the crawl state is SQLite (WAL, safe for several
processes). They take `.lock` shared (LOCK_SH), so they coexist while every exclusive writer
(`gia index`, `gia reparse`, a plain `gia crawl`) is kept out; and each holds a file of its own in
`.lock.d/` naming its crawl, so that the workers of another shared crawl are kept out too. A dead
worker's file is no longer locked and is cleared by the next worker that joins.
"""

from __future__ import annotations

import os
from pathlib import Path

from gia.errors import GiaError

LOCK_NAME = ".lock"
WORKERS_DIR = ".lock.d"


class ArchiveBusy(GiaError):
    """Another process is writing to this archive."""


class ArchiveLock:
    """`shared_crawl`: the identity of a distributed crawl whose workers may hold the archive
    together (None: this process alone)."""

    def __init__(self, root: str | os.PathLike, purpose: str, shared_crawl: str | None = None):
        self.path = Path(root) / LOCK_NAME
        self.purpose = purpose
        self.shared_crawl = shared_crawl
        self._fd: int | None = None
        self._worker_fd: int | None = None
        self._worker_path: Path | None = None

    def acquire(self) -> "ArchiveLock":
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared_crawl else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._workers_holding() or os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise ArchiveBusy(f"archive {self.path.parent} is in use ({holder}); "
                              f"wait for it to finish before {self.purpose}") from None
        if self.shared_crawl:
            try:
                self._join_workers()
            except BaseException:
                os.close(fd)
                raise
        else:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()}: {self.purpose}\n".encode(), 0)
        self._fd = fd
        return self

    def _join_workers(self) -> None:
        """Hold `.lock.d/<pid>` (naming this crawl) after checking that no live worker of another
        crawl holds the archive; a file nobody locks is a dead worker's and goes."""
        import fcntl

        folder = self.path.parent / WORKERS_DIR
        folder.mkdir(exist_ok=True)
        for other in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
            crawl = _live_holder(other)
            if crawl is not None and crawl != self.shared_crawl:
                raise ArchiveBusy(f"archive {self.path.parent} is in use by the workers of another shared crawl "
                                  f"({crawl}); wait for it to finish before {self.purpose}")
        path = folder / f"{os.uname().nodename}-{os.getpid()}"
        temp = folder / f".{path.name}"   # locked before it gets the name others look at: never seen unlocked
        fd = os.open(temp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o666)
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.pwrite(fd, f"{self.shared_crawl}\n".encode(), 0)
        os.replace(temp, path)
        self._worker_fd, self._worker_path = fd, path

    def _workers_holding(self) -> str | None:
        folder = self.path.parent / WORKERS_DIR
        crawls = {c for c in (_live_holder(p) for p in sorted(folder.iterdir()) if not p.name.startswith(".")) if c} if folder.is_dir() else set()
        return f"workers of the shared crawl {', '.join(sorted(crawls))}" if crawls else None

    def release(self) -> None:
        if self._worker_fd is not None:
            self._worker_path.unlink(missing_ok=True)
            os.close(self._worker_fd)
            self._worker_fd = None
        if self._fd is not None:
            if not self.shared_crawl:
                os.ftruncate(self._fd, 0)
            os.close(self._fd)   # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> "ArchiveLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _live_holder(path: Path) -> str | None:
    """The crawl a live worker's `.lock.d` file names; None (and the file removed) for a dead one's."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return os.pread(fd, 500, 0).decode("utf-8", "replace").strip() or "?"
        path.unlink(missing_ok=True)   # nobody holds it: its worker is gone
        return None
    finally:
        os.close(fd)
