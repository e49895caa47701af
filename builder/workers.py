"""The build's worker processes, which die with the process that started them.

The build parses in a process pool (forkserver: workers start clean, without a copy of the
crawler's memory). A parent killed with SIGKILL cannot stop its pool, and nothing else would:
pool workers block on their task pipe, and the forkserver stays up while any worker holds its
"alive" pipe — so each worker watches the process that made the pool and exits when it is gone
(a pidfd, which becomes readable when that process exits; a once-a-second check where there is
none). The forkserver and multiprocessing's resource tracker then see their pipes close and
exit too: nothing is left of a killed `gia crawl` or `gia reparse`."""

from __future__ import annotations

import multiprocessing
import os
import select
import threading
import time
from concurrent.futures import ProcessPoolExecutor


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's (cannot happen for our parent, but say so)
        return True
    return True


def _watch(pid: int, pidfd: int | None) -> None:
    if pidfd is not None:
        select.select([pidfd], [], [])
    else:
        while _exists(pid):
            time.sleep(1.0)
    os._exit(1)  # the pool's owner is gone: no one wants this worker's results


def die_with(pid: int) -> None:
    """Pool initializer: end this worker when process `pid` (the pool's owner) ends."""
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux ≥ 5.3
        pidfd = None
    if not _exists(pid):
        os._exit(1)
    threading.Thread(target=_watch, args=(pid, pidfd), name="die-with-parent", daemon=True).start()


def _start_worker(pid: int, setup) -> None:
    die_with(pid)
    if setup is not None:
        setup()


def worker_pool(workers: int, setup=None) -> ProcessPoolExecutor:
    """A forkserver process pool of `workers` processes that end when this process does;
    `setup` (a picklable function) runs once in each worker after that."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=_start_worker, initargs=(os.getpid(), setup))
