"""The crawler's own peak memory, for the run's statistics (crawler/extensions/finish.py)."""

from __future__ import annotations


def peak_rss_bytes() -> int | None:
    """This process's peak resident memory. /proc's VmHWM is the peak of this program's own memory;
    getrusage's ru_maxrss (what Scrapy's MEMUSAGE reports) survives fork + exec on Linux, so a
    crawl started by a large process (a benchmark serving the sites) would report its parent's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    except ImportError:  # pragma: no cover - Windows
        return None


def children_peak_rss_bytes() -> int | None:
    """Peak resident memory of the largest finished child process (the build's forkserver and
    parse workers, once the pool is closed): getrusage(RUSAGE_CHILDREN) covers every descendant
    that was waited for. An upper bound: Linux starts a forked child's count from its parent's
    size at the fork."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    except ImportError:  # pragma: no cover - Windows
        return None
    return peak or None
