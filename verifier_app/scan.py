"""The one scan service: input → decode → verify → evidence → event.

Every front end (the camera and file threads of the window, a paste, a
keyboard-wedge scanner, typed text, the command line) hands its input here
and gets back one immutable ``ScanEvent``.  The steps after a verdict happen
in one order, in one place: the audit row is committed first (nobody acts on
a verdict the log doesn't hold), then the station's clock floor is raised for
a valid signed code.  The front ends only show or print the event.

Decoder state (the last code's place, the hard-case rotation) belongs to one
stream of pictures, so each stream asks for its own reader through
``ScanService.new_reader`` instead of sharing one between threads.
"""

from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from verifier_app.decode.sources.video import probe_video
from verifier_app.decode.readers import CodeReader, DecodedSymbol, as_live_reader
from verifier_app.dl1.credential import BARCODE_PREFIX, QR_PREFIX
from verifier_app.errors import VerifierError
from verifier_app.station.evidence.audit import AuditEntry, AuditLog
from verifier_app.station.roles import Role
from verifier_app.station.trust.store import StationStore
from verifier_app.verify.clock import Clock, SystemClock
from verifier_app.verify.engine import CodeKind, VerificationResult, Verifier, Verdict

log = logging.getLogger("verifier_app.scan")


class InputSource(str, enum.Enum):
    """Where a scanned code came from (kept in the audit log)."""

    CAMERA = "camera"
    FILE = "file"
    PASTE = "paste"  # a pasted picture
    PASTE_TEXT = "paste-text"  # pasted code text (not a picture: the log says which)
    DROP = "drop"
    TEXT = "text"
    SCANNER = "scanner"
    STDIN = "stdin"


@dataclass(frozen=True)
class ScanOutcome:
    """What decoding a run of frames found, before any evidence is written."""

    result: VerificationResult | None  # None: no code was found at all
    symbols: tuple[DecodedSymbol, ...]  # every distinct code seen
    frames_read: int


@dataclass(frozen=True)
class ScanEvent:
    """One verdict, with its evidence: what every front end shows or prints."""

    result: VerificationResult
    symbols: tuple[DecodedSymbol, ...]
    source: str  # an InputSource value
    label: str = ""  # the file name or stdin line, for messages
    entry: AuditEntry | None = None  # None only when the audit log could not be written
    evidence_error: VerifierError | None = None  # why the entry is missing
    decode_ms: float = 0.0
    frames_read: int = 0


def _rank(result: VerificationResult) -> tuple[int, int]:
    # A signed QR beats a bare barcode; among equals, VALID beats the rest.
    kind = {CodeKind.QR: 2, CodeKind.BARCODE: 1}.get(result.kind, 0)
    return kind, 1 if result.verdict is Verdict.VALID else 0


def looks_like_licence_code(text: str) -> bool:
    return text.startswith(QR_PREFIX) or text.startswith(BARCODE_PREFIX)


def best_result(results: Iterable[VerificationResult]) -> VerificationResult | None:
    best = None
    for result in results:
        if best is None or _rank(result) > _rank(best):
            best = result
    return best


@dataclass(frozen=True)
class VideoSampling:
    """Which frames of a video are decoded, and how hard.

    A code held up to a camera stays in view for a second or more, so a few
    frames per second of video find it: each sampled frame gets the quick
    live decode, and one frame every ``still_every_s`` seconds of video the
    full still decode (blur, glare, small codes; up to the still budget each).  A 30-second clip is read in
    seconds instead of at the pace it plays.
    """

    fps: float
    live_per_second: float = 5.0
    still_every_s: float = 3.0


Progress = Callable[[int], None]  # frames read so far


def scan_frames(frames: Iterable[np.ndarray], *, reader: CodeReader, verifier: Verifier,
                sampling: VideoSampling | None = None, progress: Progress | None = None) -> ScanOutcome:
    """Decode frames until a QR code verifies as valid or the frames end.

    Without ``sampling`` every frame gets the full decode (a still, a pasted
    picture, a test's frames).  Each distinct text is verified once (a code
    sits in many frames).  Codes that are not licence codes at all are still
    reported in ``symbols``.
    """
    seen: dict[str, VerificationResult] = {}
    symbols: dict[str, DecodedSymbol] = {}
    count = 0
    plan = _SamplePlan(sampling, reader)
    for frame in frames:
        count += 1
        if progress is not None:
            progress(count)
        decode = plan.decoder_for(count - 1)
        if decode is None:
            continue
        for symbol in decode(frame):
            symbols.setdefault(symbol.text, symbol)
            if symbol.text in seen:
                continue
            seen[symbol.text] = verifier.verify(symbol.text)
        best = best_result(seen.values())
        if best is not None and best.kind is CodeKind.QR and best.verdict is Verdict.VALID:
            break
    licence_results = [r for t, r in seen.items() if looks_like_licence_code(t)]
    result = best_result(licence_results) or best_result(seen.values())
    return ScanOutcome(result, tuple(symbols.values()), count)


def video_sampling(path: str | Path) -> tuple[VideoSampling | None, int | None]:
    """How to read a file: (None, None) for a picture; the sampling and frame count for a video."""
    info = probe_video(path)
    if info is None:
        return None, None
    return VideoSampling(fps=info.fps), info.frame_count


class _SamplePlan:
    """Frame index → the decode to run on it (None: skip the frame).  Counted in frames, not
    seconds, so rounding never drifts the sampling."""

    def __init__(self, sampling: VideoSampling | None, reader: CodeReader) -> None:
        self._sampling = sampling
        self._still = reader.decode
        self._live = as_live_reader(reader).decode_live
        if sampling is not None:
            self._live_step = max(1, round(sampling.fps / sampling.live_per_second))
            self._still_step = max(self._live_step, round(sampling.fps * sampling.still_every_s))

    def decoder_for(self, index: int) -> Callable[[np.ndarray], tuple[DecodedSymbol, ...]] | None:
        if self._sampling is None or index % self._still_step == 0:
            return self._still
        if index % self._live_step == 0:
            return self._live
        return None


def rejudged(outcome: ScanOutcome, verifier: Verifier) -> ScanOutcome:
    """The codes a scan found, judged again by ``verifier`` (the station's settings or trust changed
    while they were read: the verdict shown and logged must be the new settings' one)."""
    results = {s.text: verifier.verify(s.text) for s in outcome.symbols}
    licence_results = [r for t, r in results.items() if looks_like_licence_code(t)]
    return replace(outcome, result=best_result(licence_results) or best_result(results.values()))


def verify_symbols(symbols: Iterable[DecodedSymbol], verifier: Verifier) -> VerificationResult | None:
    """The best verdict among the licence codes in one live frame (None: none there)."""
    return best_result(verifier.verify(s.text) for s in symbols if looks_like_licence_code(s.text))


class ScanService:
    """Turns any input into a recorded ``ScanEvent``.

    The verifier (trust snapshot and policy) is replaced when settings or
    trust change; ``role`` and ``operator`` decide what the audit row keeps.
    ``simulated_now`` marks verdicts judged at another time (``--now``): they
    are logged with it and never move the clock floor.
    """

    def __init__(self, *, verifier: Verifier, audit: AuditLog, store: StationStore,
                 reader_factory: Callable[[], CodeReader], role: Role | str, operator: str,
                 wall_clock: Clock | None = None, simulated_now: str | None = None) -> None:
        self.verifier = verifier
        self.audit = audit
        self.store = store
        self.role = Role(role)
        self.operator = operator
        self._reader_factory = reader_factory
        self._wall_clock = wall_clock or SystemClock()
        self._simulated_now = simulated_now

    def new_reader(self) -> CodeReader:
        """A reader for one stream of pictures (its state is that stream's alone)."""
        return self._reader_factory()

    # ------------------------------------------------------------ inputs

    def verify_text(self, text: str, source: InputSource | str, label: str = "") -> ScanEvent:
        result = self.verifier.verify(text)
        return self.record(result, source=source, label=label)

    def too_long(self, length: int, limit: int, text_sha256: str, source: InputSource | str,
                 label: str = "") -> ScanEvent:
        """A text input too long to be one scan: judged (``input_too_long``) and logged without its text."""
        return self.record(self.verifier.too_long(length, limit, text_sha256), source=source, label=label)

    def scan_frames(self, frames: Iterable[np.ndarray], *, source: InputSource | str, label: str,
                    reader: CodeReader | None = None, sampling: VideoSampling | None = None,
                    progress: Progress | None = None) -> ScanEvent:
        """A still or a video, read until a code verifies; 'no code' is an outcome too."""
        start = time.perf_counter()
        outcome = self.decode_frames(frames, reader=reader or self.new_reader(), sampling=sampling,
                                     progress=progress)
        return self.finish(outcome, source=source, label=label, decode_ms=(time.perf_counter() - start) * 1000)

    def decode_frames(self, frames: Iterable[np.ndarray], *, reader: CodeReader,
                      sampling: VideoSampling | None = None, progress: Progress | None = None,
                      verifier: Verifier | None = None) -> ScanOutcome:
        """The decoding half of ``scan_frames``: safe on any thread, writes nothing."""
        return scan_frames(frames, reader=reader, verifier=verifier or self.verifier, sampling=sampling,
                           progress=progress)

    def finish(self, outcome: ScanOutcome, *, source: InputSource | str, label: str,
               decode_ms: float = 0.0) -> ScanEvent:
        """The evidence half: on the thread that owns the audit log."""
        result = outcome.result or self.verifier.no_code(label)
        return self.record(result, source=source, label=label, symbols=outcome.symbols, decode_ms=decode_ms,
                           frames_read=outcome.frames_read)

    # ---------------------------------------------------------- evidence

    def record(self, result: VerificationResult, *, source: InputSource | str, label: str = "",
               symbols: tuple[DecodedSymbol, ...] = (), decode_ms: float = 0.0,
               frames_read: int = 0) -> ScanEvent:
        """Commit the audit row, then raise the clock floor; return the event to show."""
        source = InputSource(source).value
        entry: AuditEntry | None = None
        problem: VerifierError | None = None
        try:
            entry = self.audit.record(
                result, source=source, operator=self.operator, role=self.role,
                at=self._wall_clock.now(),  # the log keeps when it really happened
                details={"simulated_now": self._simulated_now} if self._simulated_now else None)
        except VerifierError as exc:
            problem = exc
        except Exception as exc:  # noqa: BLE001 - sqlite3/OS errors become one named error
            log.error("audit log write failed: %s", type(exc).__name__)
            problem = VerifierError(f"The audit log could not be written ({exc}).",
                                    "Tell your administrator: verdicts are not being recorded.")
        if entry is not None:
            log.debug("verified: entry=%s verdict=%s reasons=%s", entry.id, result.verdict.value,
                      ",".join(result.codes))
        self._raise_clock_floor(result)
        return ScanEvent(result, symbols, source, label, entry, problem, decode_ms, frames_read)

    def _raise_clock_floor(self, result: VerificationResult) -> None:
        if self._simulated_now or result.verdict is not Verdict.VALID or result.kind is not CodeKind.QR:
            return
        if result.generated_at is None:
            return
        try:  # the station has now seen this time: a clock set back later is noticed
            self.store.record_accepted(int(result.generated_at.timestamp()))
        except VerifierError as exc:
            log.warning("clock floor not raised: %s", exc)


__all__ = ["InputSource", "ScanEvent", "ScanOutcome", "ScanService", "VideoSampling", "best_result", "video_sampling",
           "looks_like_licence_code", "rejudged", "scan_frames", "verify_symbols"]
