"""Scans of files and pictures, each on its own thread, the newest one alone allowed to finish.

Reading a video takes seconds; meanwhile the officer may scan something else.
Starting a scan cancels the ones still running (their verdict would no longer
be the newest input's), and the window can cancel the running one (Esc or the
Cancel button next to its progress).
"""

from __future__ import annotations

from typing import Callable, Iterable

import numpy as np
from PySide6.QtCore import QObject, Signal

from verifier_app.scan import ScanService, VideoSampling

from verifier_app.qt.camera.workers import FramesScanWorker


class FileScans(QObject):
    decoded = Signal(object, object)  # (FramesScanWorker, DecodedFrames)
    failed = Signal(object, object)  # (FramesScanWorker, VerifierError)
    progress = Signal(object)  # ScanProgress
    running_changed = Signal(bool)  # a scan started / the last one ended

    def __init__(self, service: ScanService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.workers: list[FramesScanWorker] = []

    @property
    def running(self) -> bool:
        return any(not w.cancelled for w in self.workers)

    def start(self, frames: Callable[[], Iterable[np.ndarray]], *, source: str, label: str, input_seq: int,
              sampling: VideoSampling | None = None, total_frames: int | None = None) -> FramesScanWorker:
        self.cancel()  # superseded: their verdicts would no longer be the newest input's
        worker = FramesScanWorker(frames, self._service, source, label, sampling=sampling,
                                  total_frames=total_frames)
        worker.input_seq = input_seq
        worker.finished_scan.connect(lambda decoded, w=worker: self.decoded.emit(w, decoded))
        worker.failed.connect(lambda exc, w=worker: None if w.cancelled else self.failed.emit(w, exc))
        worker.progress.connect(lambda p, w=worker: None if w.cancelled else self.progress.emit(p))
        worker.finished.connect(lambda w=worker: self._ended(w))
        self.workers.append(worker)
        worker.start()
        self.running_changed.emit(True)
        return worker

    def cancel(self) -> bool:
        """Cancel every running scan without waiting; True when there was one."""
        live = [w for w in self.workers if not w.cancelled]
        for worker in live:
            worker.cancel()
        if live:
            self.running_changed.emit(False)
        return bool(live)

    def stop_all(self) -> None:
        for worker in list(self.workers):
            worker.stop()

    def _ended(self, worker: FramesScanWorker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        if not self.running:
            self.running_changed.emit(False)
