"""Run a gia command in a child process and read that child's own peak memory (VmHWM), so a test's
memory bound is about the command alone, not about every child the test process ever had."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_RUN = ("import sys, runpy\n"
        "sys.argv = ['gia'] + sys.argv[1:]\n"
        "try:\n"
        "    runpy.run_module('search_cli.cli', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "else:\n"
        "    code = 0\n"
        "peak = next(l for l in open('/proc/self/status') if l.startswith('VmHWM:')).split()[1]\n"
        "print('PEAK_KIB', peak, file=sys.stderr)\n"
        "sys.exit(code)\n")


def run_with_peak(*args: str, timeout: float = 300) -> tuple[subprocess.CompletedProcess, int]:
    """(the finished process, its peak resident memory in KiB)."""
    proc = subprocess.run([sys.executable, "-c", _RUN, *args], cwd=REPO, capture_output=True, text=True, timeout=timeout)
    peak = next(int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK_KIB"))
    return proc, peak
