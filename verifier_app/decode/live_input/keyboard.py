"""Telling a handheld barcode scanner from a person at the keyboard.

USB scanners "type" a code as keystrokes, far faster than anyone can, and
end it with Enter.  A burst counts as a scan when it is long enough and
every gap between keys is short; anything slower is a person typing and is
ignored here (it goes wherever the focus is).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ScannerBurstDetector:
    max_gap_ms: float = 50.0  # scanners: 1-20 ms a key; people: 100 ms and more
    min_length: int = 6
    _chars: list[str] = field(default_factory=list)
    _last_ms: float | None = None

    def key(self, text: str, at_ms: float) -> None:
        """Feed the text of one key press (already translated by the keyboard layout)."""
        if self._last_ms is not None and at_ms - self._last_ms > self.max_gap_ms:
            self._chars.clear()
        self._chars.append(text)
        self._last_ms = at_ms

    def enter(self, at_ms: float) -> str | None:
        """Enter was pressed: the scanned text if this ends a burst, else None."""
        fast = self._last_ms is not None and at_ms - self._last_ms <= self.max_gap_ms
        text = "".join(self._chars)
        self.reset()
        if fast and len(text) >= self.min_length:
            return text
        return None

    def reset(self) -> None:
        self._chars.clear()
        self._last_ms = None
