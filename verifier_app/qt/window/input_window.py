"""The window's inputs other than the camera and typed text: files, videos, pasted and dropped
pictures, and what the verdict panel shows while an input is read or when it gives no verdict.

MainWindow inherits it (through it station_window.StationWindow).  Texts are translated in the
"MainWindow" context, the class the user sees.  The newest input wins: the moment one starts,
older file scans are cancelled and the shown verdict is forgotten, so nothing on screen can pass
for a result of the input being read, or of one that failed.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QMimeData, QTimer
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QProgressBar, QPushButton

from verifier_app.services import VerificationResult, iter_file_frames
from verifier_app.errors import VerifierError
from verifier_app.scan import InputSource, ScanEvent, rejudged, video_sampling

from verifier_app.qt.errors import show_error
from verifier_app.qt.file_dialogs import open_file
from verifier_app.qt.camera.file_scans import FileScans
from verifier_app.qt.window.pasted import Handed, handed_over
from verifier_app.qt.window.station_window import StationWindow
from verifier_app.qt.camera.workers import DecodedFrames, FramesScanWorker, ScanProgress

log = logging.getLogger("verifier_app.qt")
translate = QCoreApplication.translate  # lupdate reads translate("MainWindow", ...) calls
BUNDLE_SUFFIXES = {".dltrust", ".dlstatus"}  # a bundle, or a status list or delta (the header tells)


class InputWindow(StationWindow):
    # Set by MainWindow.__init__ and _build:
    file_scans: FileScans
    clear_timer: QTimer
    scan_label: QLabel
    scan_bar: QProgressBar
    cancel_button: QPushButton
    _input_seq: int  # bumped by every new input: the newest input's verdict wins
    _screen_source: str | None  # the input whose verdict or notice is on screen

    def _announce(self, event: ScanEvent) -> None:
        raise NotImplementedError

    def verify_text(self, text: str, source: str = "text") -> VerificationResult | None:
        raise NotImplementedError

    def _input_started(self, source: str) -> None:
        """A new input: older scans are cancelled and the shown verdict forgotten at once, so that
        nothing on screen can pass for this input's result while it is read or if it fails."""
        self.file_scans.cancel()
        self._input_seq += 1
        self._forget_shown()
        self._screen_source = source

    def _show_notice(self, word: str, subtitle: str) -> None:
        """Not a verdict on a licence: what the window is doing, or why an input gave no verdict."""
        self._forget_shown()
        self.verdict.word.setText(word)
        self.verdict.subtitle.setText(subtitle)
        self.verdict.banner.setAccessibleDescription(f"{word}. {subtitle}")

    def _input_failed(self, subtitle: str) -> None:
        self._show_notice(translate("MainWindow", "NO RESULT"), subtitle)

    def _ready_to_verify(self, source: str) -> bool:
        """Station.json re-read if it changed (the new role applies to this very input); while it can't
        be used the input gets no verdict, and the panel says why instead."""
        if self.check_station_config():
            return True
        self._input_started(source)
        self._show_notice(translate("MainWindow", "NOT CHECKED"), self.station_problem_text())
        return False

    def scan_file(self, path: Path) -> None:
        if path.suffix.lower() in BUNDLE_SUFFIXES:
            self.import_bundle(path)
            return
        sampling, total = video_sampling(path)  # a video is sampled, so it reads faster than it plays
        self._scan_frames(lambda: iter_file_frames(path), InputSource.FILE.value, path.name, sampling=sampling,
                          total_frames=total)

    def scan_image(self, image: np.ndarray, source: str = "paste") -> None:
        self._scan_frames(lambda: [image], source, translate("MainWindow", "the pasted picture"))

    def _scan_frames(self, frames, source: str, label: str, **plan) -> None:
        if not self._ready_to_verify(source):
            return
        self._input_started(source)
        reading = translate("MainWindow", "Reading {name}…").format(name=label)
        self._show_notice(translate("MainWindow", "READING…"), reading)
        self.file_scans.start(frames, source=source, label=label, input_seq=self._input_seq, **plan)
        self.scan_label.setText(reading)
        self.scan_bar.setRange(0, 0)

    def cancel_file_scan(self) -> bool:
        if self.file_scans.cancel():
            self.clear_result()  # "Reading…" no more
            self.statusBar().showMessage(translate("MainWindow", "Scan cancelled."), 4000)
            return True
        return False

    def _scan_progress(self, progress: ScanProgress) -> None:
        if progress.total:
            self.scan_bar.setRange(0, progress.total)
            self.scan_bar.setValue(min(progress.frames_read, progress.total))
        self.scan_label.setText(translate("MainWindow", "Reading {name}: frame {n}").format(
            name=progress.label, n=progress.frames_read))

    def _scan_running(self, running: bool) -> None:
        for widget in (self.scan_label, self.scan_bar, self.cancel_button):
            widget.setVisible(running)

    def _frames_decoded(self, worker: FramesScanWorker, decoded: DecodedFrames) -> None:
        if worker.input_seq != self._input_seq:
            log.info("a superseded %s scan finished; its result is dropped", worker.source)
            return
        if not self._ready_to_verify(worker.source):
            return
        outcome = decoded.outcome
        if decoded.judged_by is not self.verifier:  # settings or trust changed while it was read
            outcome = rejudged(outcome, self.verifier)
        self._announce(self.scan.finish(outcome, source=worker.source, label=worker.label,
                                        decode_ms=decoded.decode_ms))

    def _scan_failed(self, worker: FramesScanWorker, exc: VerifierError) -> None:
        if worker.input_seq != self._input_seq:
            return  # superseded: a newer input's verdict (or notice) is on screen
        self._input_failed(translate("MainWindow", "{name} could not be read, so nothing was verified.").format(
            name=worker.label))
        show_error(self, exc)

    def open_file_dialog(self) -> None:
        path = open_file(
            self, translate("MainWindow", "Open image, video or trust bundle"), "",
            translate("MainWindow", "Images and videos (*.png *.jpg *.jpeg *.bmp *.webp *.mp4 *.avi *.mov *.mkv);;"
                                    "Trust bundles (*.dltrust *.dlstatus);;All files (*)"))
        if path:
            self.scan_file(Path(path))

    def paste(self) -> None:
        focus = QApplication.focusWidget()
        clipboard = QGuiApplication.clipboard()
        if self._scan_handed(clipboard.mimeData(), InputSource.PASTE.value,
                             translate("MainWindow", "the pasted picture")):
            return
        if isinstance(focus, QLineEdit):
            focus.paste()
        elif clipboard.text().strip():
            self.verify_text(clipboard.text().strip(), InputSource.PASTE_TEXT.value)
        else:  # a paste that gives nothing is an input too: the last holder's verdict isn't its result
            self._input_started(InputSource.PASTE.value)
            self._input_failed(translate("MainWindow", "The clipboard holds no picture and no code text."))

    def _scan_handed(self, mime: QMimeData | None, source: str, label: str) -> bool:
        """Scan the files or the picture a paste or drop hands over, bounded like a file before
        anything decodes it (qt/window/pasted.py); False when it holds neither."""
        try:
            handed = handed_over(mime, label) if mime is not None else Handed()
        except VerifierError as exc:  # a picture too big: refused before any copy is made
            self._input_started(source)
            self._input_failed(exc.message)
            show_error(self, exc)
            return True
        for path in handed.files:
            self.scan_file(path)
        if handed.frames is not None:
            self._scan_frames(handed.frames, source, label)
        return bool(handed.files) or handed.frames is not None

    # ----------------------------------------------------------- drag & drop

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() or event.mimeData().hasImage():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        self._scan_handed(event.mimeData(), InputSource.DROP.value, translate("MainWindow", "the dropped picture"))
        event.acceptProposedAction()

    # ----------------------------------------------------------------- clear

    def cancel_or_clear(self) -> None:
        """Esc: stop a running file scan first; else clear the result for the next holder."""
        if not self.cancel_file_scan():
            self.clear_result()

    def clear_result(self) -> None:
        """Forget the shown result at once (privacy for the next holder)."""
        self._forget_shown()
        self._screen_source = None

    def _forget_shown(self) -> None:
        self.clear_timer.stop()
        self.verdict.show_result(None, None)
        self.last_event = None
        self.last_entry = None


def qimage_to_array(image: QImage) -> np.ndarray:
    from verifier_app.qt.holder.holder_display import qimage_to_bgr

    return qimage_to_bgr(image)
