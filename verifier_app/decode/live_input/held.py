"""A code held in view needs reading a few times a second, not thirty.

Once a code's verdict is on screen the holder often keeps the phone up.
Decoding and verifying every frame of it then only warms the laptop (65–73 %
of a core in the demo).  While the frames keep giving the same code, the
camera's decoder waits ``held_period_s`` between reads; a different code or
an empty frame brings back full speed at once, so a new holder's code is
still read within a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class HeldCodePace:
    held_period_s: float = 0.25
    confirm_frames: int = 3  # the same code this many reads in a row counts as "held"
    _last: frozenset[str] = field(default_factory=frozenset)
    _streak: int = 0

    def read(self, texts: frozenset[str]) -> float:
        """Note the codes one frame gave; return how long to wait before the next read."""
        if texts and texts == self._last:
            self._streak += 1
        else:
            self._last, self._streak = texts, 1 if texts else 0
        return self.held_period_s if self._streak >= self.confirm_frames else 0.0
