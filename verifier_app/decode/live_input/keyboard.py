"""Telling a handheld barcode scanner from a person at the keyboard.

USB scanners "type" a code as keystrokes, far faster than anyone can, and
end it with Enter.  A burst counts as a scan when it ends fast, is long
enough and starts like a code; anything slower is a person typing and is
ignored here (it goes wherever the focus is).

The times fed in should be the key events' own (when the key was pressed,
as the platform stamps it), not when the window got round to them: a busy
event loop delivers a scanner's keys in clumps, and measuring the gaps on
arrival split one code in two and judged only its tail.  Where a gap does
show inside a code (a platform without key timestamps), the pieces before
it are kept: a burst that does not start like a code is never judged on its
own, the text back to the piece that does start like one is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ANY_TEXT = re.compile("")


@dataclass
class ScannerBurstDetector:
    max_gap_ms: float = 50.0  # scanners: 1-20 ms a key; people: 100 ms and more
    min_length: int = 6
    # How a code's text starts (the window passes the DL1 format's prefixes; decoding knows no format).
    code_start: re.Pattern[str] = ANY_TEXT
    max_pieces: int = 4  # a code split by a few stalls; a person's typing is one piece a key
    max_chars: int = 8192  # the longest code text the format allows
    _pieces: list[list[str]] = field(default_factory=list)  # runs of keys with only short gaps between
    _last_ms: float | None = None

    def key(self, text: str, at_ms: float) -> None:
        """Feed the text of one key press (already translated by the keyboard layout)."""
        if not self._pieces or not self._fast(at_ms):
            self._pieces.append([])
            del self._pieces[: -self.max_pieces]
        self._pieces[-1].append(text)
        if sum(map(len, self._pieces)) > self.max_chars:  # longer than any code: forget its start
            self._pieces[0].pop(0)
            if not self._pieces[0]:
                self._pieces.pop(0)
        self._last_ms = at_ms

    def enter(self, at_ms: float) -> str | None:
        """Enter was pressed: the scanned text if this ends a burst, else None."""
        fast = self._pieces and self._fast(at_ms)
        pieces = ["".join(p) for p in self._pieces]
        self.reset()
        if not fast:
            return None
        text = ""
        for piece in reversed(pieces):  # back to the piece a code starts with
            text = piece + text
            if self.code_start.match(text):
                return text if len(text) >= self.min_length else None
        return None

    def reset(self) -> None:
        self._pieces.clear()
        self._last_ms = None

    def _fast(self, at_ms: float) -> bool:
        # A time running backwards (a clock wrapped, or two sources of stamps) is a break too.
        return self._last_ms is not None and 0 <= at_ms - self._last_ms <= self.max_gap_ms
