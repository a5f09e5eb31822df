"""The camera and decoder threads.

Modelled on napari's status checker: each is a QThread whose ``run()`` loop
emits immutable values through ``Signal(object)`` and never touches a
widget.  The camera thread only reads frames (newest one into a one-slot
mailbox, a preview out); the decoder thread takes the newest frame, decodes
and verifies.  A slow decode therefore drops frames instead of building a
backlog, and the GUI thread never decodes anything.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
from PySide6.QtCore import QThread, Signal

from verifier_app.services import (CodeReader, DecodedSymbol, FpsMeter, FrameSource, HeldCodePace, LatestFrameSlot,
                                   LiveScanner, VerificationResult, Verifier)
from verifier_app.errors import VerifierError
from verifier_app.scan import ScanOutcome, ScanService, VideoSampling, verify_symbols


# In standby (nothing read for a long while) the capture thread reads, and the decoder looks at, a
# frame this often: still 2.5 looks a second, so a code held up is read within half a second.  One
# number for both threads: a decoder looking more often than frames come would look at the same frame.
STANDBY_PERIOD_S = 0.4


class CameraState(str, enum.Enum):
    STARTING = "starting"
    LIVE = "live"
    MISSING = "missing"  # could not be opened (absent, busy, no permission)
    LOST = "lost"  # stopped delivering frames mid-scan (unplugged)
    STOPPED = "stopped"


@dataclass(frozen=True)
class CameraStatus:
    state: CameraState
    detail: str = ""


@dataclass(frozen=True)
class PreviewFrame:
    image: np.ndarray  # BGR, as read
    fps: float


@dataclass(frozen=True)
class LiveCandidate:
    """The best verdict in one camera frame, not yet announced or recorded (the GUI
    drops repeats of a code held in view, then hands the new ones to the scan service)."""

    result: VerificationResult
    symbols: tuple[DecodedSymbol, ...]
    decode_ms: float
    seen_at: float = 0.0  # when the decoder read the frame (its clock, monotonic seconds)
    judged_by: Verifier | None = None  # the settings and trust it was judged under


@dataclass(frozen=True)
class DecodedFrames:
    """A file or picture decoded off the GUI thread; the scan service records it."""

    outcome: ScanOutcome
    decode_ms: float
    judged_by: Verifier | None = None  # the settings and trust it was judged under


class LivePace:
    """Shared by a camera's two threads: the decoder says when nothing new is happening (no code
    for a while, or the same code held up), and the capture thread then reads fewer frames."""

    def __init__(self) -> None:
        self.relaxed = False  # bools written by the decoder thread only
        self.standby = False  # nothing read for a long while: fewer frames still


SourceFactory = Callable[[], FrameSource]
log = logging.getLogger("verifier_app.qt")


class CaptureWorker(QThread):
    status = Signal(object)  # CameraStatus
    preview = Signal(object)  # PreviewFrame

    PREVIEW_PERIOD_S = 1 / 15  # smooth enough to aim a phone; half the painting of 30 frames/s
    RELAXED_PERIOD_S = 1 / 12  # frames read while nothing new happens (each read decodes a JPEG)
    STANDBY_PERIOD_S = STANDBY_PERIOD_S  # and after a long while with nothing read at all

    def __init__(self, factory: SourceFactory, slot: LatestFrameSlot, *, retry_s: float = 1.0,
                 pace: LivePace | None = None) -> None:
        super().__init__()
        self.pace = pace or LivePace()
        self._factory = factory
        self._slot = slot
        self._retry_s = retry_s
        self._stop = threading.Event()
        self._preview_free = threading.Event()
        self._preview_free.set()

    def preview_shown(self) -> None:
        """The GUI painted the last preview: the next one may be sent."""
        self._preview_free.set()

    def request_stop(self) -> None:
        """Ask the loop to end, without waiting (its owner is gone; the thread keeper waits)."""
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        self.wait(5000)

    def run(self) -> None:
        while not self._stop.is_set():
            self.status.emit(CameraStatus(CameraState.STARTING))
            try:
                source = self._factory()
            except VerifierError as exc:
                self.status.emit(CameraStatus(CameraState.MISSING, exc.message))
                self._stop.wait(self._retry_s)
                continue
            except Exception as exc:  # a driver error must not kill the thread
                self.status.emit(CameraStatus(CameraState.MISSING, str(exc)))
                self._stop.wait(self._retry_s)
                continue
            self.status.emit(CameraStatus(CameraState.LIVE))
            fps = FpsMeter()
            last_preview = last_read = float("-inf")
            try:
                while not self._stop.is_set():
                    if self.pace.relaxed:
                        period = self.STANDBY_PERIOD_S if self.pace.standby else self.RELAXED_PERIOD_S
                        self._stop.wait(max(0.0, last_read + period - time.monotonic()))
                    last_read = time.monotonic()
                    try:
                        frame = source.read()
                    except Exception:  # a driver error mid-stream is an unplugged camera, not the end
                        frame = None
                    if frame is None:
                        self.status.emit(CameraStatus(CameraState.LOST))
                        break
                    self._slot.put(frame)
                    rate = fps.tick()
                    # Only one preview in flight: a busy GUI skips frames, never queues them.
                    now = time.monotonic()
                    if self._preview_free.is_set() and now - last_preview >= self.PREVIEW_PERIOD_S:
                        self._preview_free.clear()
                        last_preview = now
                        self.preview.emit(PreviewFrame(frame, rate))
            finally:
                source.close()
            self._stop.wait(self._retry_s)
        self.status.emit(CameraStatus(CameraState.STOPPED))


class DecodeWorker(QThread):
    scanned = Signal(object)  # LiveCandidate, for every frame that held a licence code
    idle = Signal()  # a frame with no licence code

    IDLE_PERIOD_S = 0.1  # a code coming into view is still read within a tenth of a second
    STANDBY_AFTER_S = 10.0  # nothing read for this long: the counter is empty, look less often
    STANDBY_PERIOD_S = STANDBY_PERIOD_S
    STANDBY_FULL_EVERY = 10  # a full decode every 4 s (instead of every 4th look) as the safety net

    def __init__(self, slot: LatestFrameSlot, service: ScanService, *, pace: LivePace | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock  # stamps each read: the window tells a code still in view from one come back
        self.live_pace = pace or LivePace()
        self._slot = slot
        self._service = service  # its verifier is replaced from the GUI thread when settings or trust change
        self.scanner = LiveScanner(service.new_reader())  # this stream's own reader; backs off when idle
        self.held = HeldCodePace()
        self._full_every = self.scanner.idle_every_code_like
        self._last_code = time.monotonic()  # when a frame last gave any code
        self._last_start = float("-inf")
        self._stop = threading.Event()

    def request_stop(self) -> None:
        """Ask the loop to end, without waiting (its owner is gone; the thread keeper waits)."""
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        self.wait(5000)

    def run(self) -> None:
        while not self._stop.is_set():
            if self.scanner.idle:  # nothing read for a while: ten looks a second are plenty
                standby = time.monotonic() - self._last_code > self.STANDBY_AFTER_S
                self.live_pace.relaxed, self.live_pace.standby = True, standby
                self.scanner.idle_every_code_like = self.STANDBY_FULL_EVERY if standby else self._full_every
                period = self.STANDBY_PERIOD_S if standby else self.IDLE_PERIOD_S
                self._stop.wait(max(0.0, self._last_start + period - time.monotonic()))
            frame = self._slot.take(timeout=0.1)
            if frame is None:
                continue
            self._last_start = time.monotonic()
            start = time.perf_counter()
            try:
                symbols = self.scanner.scan(frame)
            except Exception:  # a bad frame must not end scanning
                continue
            if symbols is None:  # only glanced at: nothing code-like while idle
                self.idle.emit()
                continue
            wait_s = self.held.read(frozenset(s.text for s in symbols))
            self.live_pace.relaxed = bool(wait_s) or (not symbols and self.scanner.idle)
            if symbols:
                self.live_pace.standby = False
                self._last_code = time.monotonic()
            verifier = self._service.verifier  # replaced by the GUI thread when settings or trust change
            try:
                best = verify_symbols(symbols, verifier)
            except Exception:  # the engine answers every input, but scanning must outlive any surprise
                log.exception("verification failed")
                continue
            if best is None:
                self.idle.emit()
                continue
            self.scanned.emit(LiveCandidate(best, symbols, (time.perf_counter() - start) * 1000, self.clock(),
                                            verifier))
            if wait_s:
                self._stop.wait(wait_s)  # the same code held up: read it a few times a second


@dataclass(frozen=True)
class ScanProgress:
    """How far a file scan has read (``total`` None: the length is unknown or it is a picture)."""

    label: str
    frames_read: int
    total: int | None


class FramesScanWorker(QThread):
    """One-off scan of an image, a video or a pasted picture, off the GUI thread."""

    finished_scan = Signal(object)  # DecodedFrames (its outcome may hold no code)
    failed = Signal(object)  # VerifierError
    progress = Signal(object)  # ScanProgress, a few times a second at most

    PROGRESS_EVERY_S = 0.2

    def __init__(self, frames: Callable[[], Iterable[np.ndarray]], service: ScanService, source: str,
                 label: str, *, sampling: VideoSampling | None = None, total_frames: int | None = None) -> None:
        super().__init__()
        self._frames, self._service = frames, service
        self._reader: CodeReader = service.new_reader()  # this scan's own decoder state
        self.source, self.label = source, label
        self._sampling, self._total = sampling, total_frames
        self._last_progress = 0.0
        self._stop = threading.Event()
        self.input_seq = 0  # the window's input number this scan belongs to

    def _progress(self, frames_read: int) -> None:
        now = time.monotonic()
        if now - self._last_progress >= self.PROGRESS_EVERY_S:
            self._last_progress = now
            self.progress.emit(ScanProgress(self.label, frames_read, self._total))

    def stop(self) -> None:
        self._stop.set()
        self.wait(10000)

    def cancel(self) -> None:
        """Stop soon, without waiting (a newer input superseded this scan, or the user cancelled it)."""
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def _until_stopped(self, frames: Iterable[np.ndarray]):
        for frame in frames:
            if self._stop.is_set():
                return
            yield frame

    def run(self) -> None:
        start = time.perf_counter()
        verifier = self._service.verifier
        try:
            outcome = self._service.decode_frames(self._until_stopped(self._frames()), reader=self._reader,
                                                  sampling=self._sampling, progress=self._progress,
                                                  verifier=verifier)
            if self._stop.is_set():
                return
        except VerifierError as exc:
            self.failed.emit(exc)
            return
        except Exception as exc:
            self.failed.emit(VerifierError(f"{self.label} could not be read ({exc})."))
            return
        self.finished_scan.emit(DecodedFrames(outcome, (time.perf_counter() - start) * 1000, verifier))
