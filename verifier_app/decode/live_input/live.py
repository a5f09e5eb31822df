"""Pieces of live scanning that need no GUI: the newest-frame mailbox, the frame
rate and the live scanner's pace (codes in view: in_view.py).  The Qt workers
are thin loops around these.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from verifier_app.decode.readers import CodeReader, DecodedSymbol, as_live_reader


class LatestFrameSlot:
    """A one-frame mailbox between the camera and the decoder.

    The camera overwrites; the decoder takes the newest.  Frames the decoder
    had no time for are dropped, so the verdict is always about *now*, never
    about a queue of old frames.
    """

    def __init__(self) -> None:
        self._frame: np.ndarray | None = None
        self._cond = threading.Condition()
        self.dropped = 0

    def put(self, frame: np.ndarray) -> None:
        with self._cond:
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._cond.notify()

    def take(self, timeout: float) -> np.ndarray | None:
        with self._cond:
            if self._frame is None:
                self._cond.wait(timeout)
            frame, self._frame = self._frame, None
            return frame


class FpsMeter:
    """Frames per second over a sliding second."""

    def __init__(self) -> None:
        self._times: list[float] = []

    def tick(self, at: float | None = None) -> float:
        now = time.monotonic() if at is None else at
        self._times.append(now)
        while self._times and now - self._times[0] > 1.0:
            self._times.pop(0)
        return float(len(self._times) - 1) / max(now - self._times[0], 1e-6) if len(self._times) > 1 else 0.0


class LiveScanner:
    """Decides, frame by frame, how much work a live camera frame deserves.

    While a code is being read, every frame gets the full pipeline.  After
    ``idle_after_s`` without a code it backs off: a frame gets only the cheap
    look (``decode_quick``: find code-like regions, about a millisecond, and
    one fast decoder on them), and the full pipeline runs on every
    ``idle_every``-th frame as a safety net — every ``idle_every_code_like``-th
    while something code-like is in view that the cheap look can't read (a
    code held up blurred, say; or a patterned shirt).  A sharp code that
    comes into view is read on its first frame, so the time to a verdict
    stays short while an empty counter costs little CPU.
    """

    def __init__(self, reader: CodeReader, *, idle_after_s: float = 1.0, idle_every: int = 10, idle_every_code_like: int = 4,
                 clock=time.monotonic) -> None:
        # A LiveReader as it is; a plain CodeReader through the documented adapter (full decoding
        # of every frame it is given, no cheap look).
        self.reader = as_live_reader(reader)
        self.idle_after_s, self.idle_every, self.idle_every_code_like = idle_after_s, idle_every, idle_every_code_like
        self._clock = clock
        self._last_seen = clock()
        self._since_full = 0
        self._code_like = False
        self.frames = self.decoded = 0

    @property
    def idle(self) -> bool:
        return self._clock() - self._last_seen > self.idle_after_s

    def scan(self, frame: np.ndarray) -> tuple[DecodedSymbol, ...] | None:
        """The codes in ``frame`` (possibly none), or None when the frame was skipped."""
        self.frames += 1
        if self.idle:
            self._since_full += 1
            every = self.idle_every_code_like if self._code_like else self.idle_every
            if self._since_full < every:
                look = self.reader.decode_quick(frame)
                self._code_like = look.code_like
                if not look.symbols:
                    return None
                self._seen()
                return look.symbols
            self._since_full = 0
        self.decoded += 1
        symbols = self.reader.decode_live(frame)
        if symbols:
            self._seen()
        return symbols

    def _seen(self) -> None:
        self._last_seen = self._clock()
        self._since_full = 0
