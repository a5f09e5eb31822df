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
from verifier_app.qt.shutdown import keep_running


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
        # Methods, not lambdas: Qt drops what is queued for them once this object is destroyed.
        worker.finished_scan.connect(self._decoded)
        worker.failed.connect(self._failed)
        worker.progress.connect(self._progress)
        worker.finished.connect(self._finished)
        self.workers.append(worker)
        # Kept alive until finished, and cancelled if the window is destroyed without stop_all().
        keep_running(worker, worker.cancel, self)
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

    def _worker(self) -> FramesScanWorker | None:
        sender = self.sender()
        return sender if isinstance(sender, FramesScanWorker) else None

    def _decoded(self, decoded: object) -> None:
        worker = self._worker()
        if worker is not None:
            self.decoded.emit(worker, decoded)

    def _failed(self, exc: object) -> None:
        worker = self._worker()
        if worker is not None and not worker.cancelled:
            self.failed.emit(worker, exc)

    def _progress(self, progress: object) -> None:
        worker = self._worker()
        if worker is not None and not worker.cancelled:
            self.progress.emit(progress)

    def _finished(self) -> None:
        worker = self._worker()
        if worker is not None:
            self._ended(worker)

    def _ended(self, worker: FramesScanWorker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
        if not self.running:
            self.running_changed.emit(False)
