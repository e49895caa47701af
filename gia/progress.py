"""Progress for long commands: a redrawn bar on a terminal, plain lines when piped.

    from gia.progress import Progress
    with Progress("export", total=len(items)) as bar:
        for item in items:
            ...
            bar.advance()            # or bar.advance(note="河南省")

On a terminal the bar is redrawn in place on stderr (at most ~10 times a second).
When stderr is not a terminal (CI, `2> log`), it prints a plain line every
`every` items and at the end, so logs stay readable. `total` may be None (a count
with no bar). Reusable by any command: crawl, index, export.
"""

from __future__ import annotations

import sys
import time
from typing import IO

from gia.terminal import allow_style


class Progress:
    def __init__(self, label: str, total: int | None = None, *, stream: IO[str] | None = None,
                 tty: bool | None = None, every: int | None = None, width: int = 30):
        self.label = label
        self._every_given = every
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        if self.tty:
            allow_style()   # the bar redraws itself with \r ESC[2K (gia.terminal lets our own sequences through)
        self.width = width
        self.done = 0
        self.note = ""
        self._started = time.monotonic()
        self._last_draw = 0.0

    @property
    def total(self) -> int | None:
        return self._total

    @total.setter
    def total(self, value: int | None) -> None:
        """The total may be learnt after the start (a build counts its jobs first): piped, about ten
        lines for a known total, else one line per 100 items."""
        self._total = value
        self.every = self._every_given or (max(1, value // 10) if value else 100)

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.finish()

    def advance(self, n: int = 1, note: str = "") -> None:
        self.done += n
        self.note = note or self.note
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw >= 0.1 or (self.total and self.done >= self.total):
                self._last_draw = now
                self._draw()
        elif self.done % self.every == 0 and (self.total is None or self.done < self.total):
            self._line()

    def render(self) -> str:
        """The bar as one line (no control characters)."""
        elapsed = time.monotonic() - self._started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        if self.total:
            frac = min(1.0, self.done / self.total)
            filled = int(frac * self.width)
            bar = "█" * filled + "░" * (self.width - filled)
            text = f"{self.label} {bar} {self.done}/{self.total} {frac:4.0%} {rate:.0f}/s"
        else:
            text = f"{self.label} {self.done} {rate:.0f}/s"
        return f"{text} {self.note}".rstrip()

    def _draw(self) -> None:
        self.stream.write("\r\x1b[2K" + self.render())
        self.stream.flush()

    def _line(self) -> None:
        total = f"/{self.total}" if self.total else ""
        self.stream.write(f"{self.label}: {self.done}{total}{' ' + self.note if self.note else ''}\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self._draw()
            self.stream.write("\n")
        else:
            self._line()
        self.stream.flush()
