"""A one-line progress indicator on standard error, for long runs on a terminal.

Shown only when the stream is a terminal and the run has many files; never when output
is captured (CI logs, tests, pipes). Redrawn at most ten times a second, erased at the end.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

MIN_FILES = 200
_INTERVAL = 0.1


class Progress:
    def __init__(self, total: int, stream: TextIO | None = None, *, min_files: int = MIN_FILES, enabled: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.total = total
        self.done = 0
        self._last = 0.0
        try:
            tty = self.stream.isatty()
        except (AttributeError, ValueError):
            tty = False
        self.enabled = enabled and tty and total >= min_files

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= _INTERVAL or self.done >= self.total:
            self._last = now
            width = len(str(self.total))
            self.stream.write(f"\rvfr-lint: {self.done:>{width}}/{self.total} files")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
