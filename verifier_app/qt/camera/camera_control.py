"""The camera stream of the window: a capture thread and a decoder thread, started and stopped as one.

The window only sees three signals: the camera's state, a preview to paint and
a licence code found in a frame.  Signals a stopped pair queued before it
stopped are dropped here, so a restarted camera (new device, new resolution)
never shows a frame or a code from the old one.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QObject, Signal

from verifier_app.services import FrameSource, LatestFrameSlot, OpenCvSource, StationSettings
from verifier_app.scan import ScanService

from verifier_app.qt.shutdown import keep_running
from verifier_app.qt.camera.workers import CameraState, CameraStatus, CaptureWorker, DecodeWorker, LivePace

CameraFactory = Callable[[StationSettings], FrameSource]


def open_camera(settings: StationSettings) -> FrameSource:
    """A real webcam through OpenCV, asked for the chosen resolution and a one-frame buffer."""
    import cv2

    # A missing camera is shown as a banner and retried every second: OpenCV's own warning
    # each time ("can't open camera by index") would flood the terminal and the logs.
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)

    source = OpenCvSource(settings.camera_index)
    capture = source._capture  # noqa: SLF001 - the one place that tunes the device
    capture.set(cv2.CAP_PROP_FRAME_WIDTH, settings.resolution[0])
    capture.set(cv2.CAP_PROP_FRAME_HEIGHT, settings.resolution[1])
    capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of old ones
    return source


class CameraController(QObject):
    status = Signal(object)  # CameraStatus
    preview = Signal(object)  # PreviewFrame; call preview_shown() once painted
    candidate = Signal(object)  # LiveCandidate

    def __init__(self, factory: CameraFactory, service: ScanService, *, retry_s: float = 1.0,
                 parent: QObject | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._factory, self._service, self._retry_s = factory, service, retry_s
        self.clock = clock  # the decoder stamps its reads with it (tests inject one)
        self.slot = LatestFrameSlot()
        self.capture: CaptureWorker | None = None
        self.decoder: DecodeWorker | None = None

    def start(self, settings: StationSettings) -> None:
        self.stop()
        factory = self._factory
        pace = LivePace()  # the decoder tells the capture thread when fewer frames will do
        capture = self.capture = CaptureWorker(lambda: factory(settings), self.slot, retry_s=self._retry_s, pace=pace)
        decoder = self.decoder = DecodeWorker(self.slot, self._service, pace=pace, clock=self.clock)
        # Methods, not lambdas: Qt drops what is queued for them once this controller is destroyed.
        capture.status.connect(self._capture_status)
        capture.preview.connect(self._capture_preview)
        decoder.scanned.connect(self._decoder_scanned)
        # Kept alive until finished, and asked to stop if this controller is destroyed without stop()
        # (a window garbage-collected unclosed): Qt aborts when a running QThread's object is deleted.
        keep_running(decoder, decoder.request_stop, self)
        keep_running(capture, capture.request_stop, self)

    # Signals already queued by a stopped worker may still arrive: only the current pair counts.
    def _capture_status(self, status: CameraStatus) -> None:
        if self.sender() is self.capture:
            self.status.emit(status)

    def _capture_preview(self, preview: object) -> None:
        if self.sender() is self.capture:
            self.preview.emit(preview)

    def _decoder_scanned(self, candidate: object) -> None:
        if self.sender() is self.decoder:
            self.candidate.emit(candidate)

    def preview_shown(self) -> None:
        if self.capture is not None:
            self.capture.preview_shown()

    def stop(self) -> None:
        for worker in (self.capture, self.decoder):
            if worker is not None:
                worker.stop()
        self.capture = self.decoder = None
        self.status.emit(CameraStatus(CameraState.STOPPED))
