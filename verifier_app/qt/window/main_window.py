"""The verifier window: camera on the left, verdict on the right.

It wires user actions to the core and results to the widgets, nothing more.
Every input — camera, image or video file, drag and drop, pasted image,
typed text, keyboard-wedge scanner — ends in the same ``_announce``.
"""

from __future__ import annotations

import logging
import time
from typing import Callable

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from verifier_app.services import (AdminLock, Arrival, AuditEntry, Clock, CodeReader, CodesInView, History, Station,
                                   StationSettings, SystemClock, VerificationResult, profile)
from verifier_app.errors import VerifierError
from verifier_app.scan import InputSource, ScanEvent, ScanService, verify_symbols

from verifier_app.qt.settings.admin_gate import AdminGate
from verifier_app.qt.camera.camera_control import CameraController, CameraFactory, open_camera
from verifier_app.qt.camera.camera_view import CameraView
from verifier_app.qt.errors import show_error
from verifier_app.qt.camera.file_scans import FileScans
from verifier_app.qt.window.input_window import InputWindow
from verifier_app.qt.window.placement import fit_into, place_on_screen, remember_geometry
from verifier_app.qt.window.scanner_input import KeyboardScannerFilter
from verifier_app.qt.window.sounds import Sounds
from verifier_app.qt.timers import make_timer
from verifier_app.qt.verdict.verdict_panel import VerdictPanel
from verifier_app.qt.camera.workers import CameraStatus, LiveCandidate

log = logging.getLogger("verifier_app.qt")
__all__ = ["MainWindow", "fit_into", "open_camera"]


class MainWindow(InputWindow):
    verdict_shown = Signal(object)  # VerificationResult, after it is on screen (tests, audit later)

    def __init__(
        self,
        *,
        station: Station,
        settings: StationSettings,
        reader: CodeReader,
        camera_factory: CameraFactory = open_camera,
        clock: Clock | None = None,
        demo_roots: frozenset[str] = frozenset(),
        save_settings: Callable[[StationSettings], None] = lambda s: None,
        apply_language: Callable[[str], str] = lambda lang: lang,
        demo: bool = False,
        camera_retry_s: float = 1.0,
        history: History | None = None,  # the station's audit log, opened by the caller (it closes it)
        admin_lock: AdminLock | None = None,
        ask_passphrase: Callable[[str], str | None] | None = None,
        reader_factory: Callable[[], CodeReader] | None = None,
        window_state: QSettings | None = None,  # remembers the window's size and place
        monotonic: Callable[[], float] = time.monotonic,  # the camera's reads are timed by it (tests inject one)
    ) -> None:
        super().__init__()
        self.station = station
        self.settings = settings
        self.reader = reader
        self.clock = clock or SystemClock()
        self.demo_roots = demo_roots
        self.demo = demo
        self.history = history if history is not None else station.open_history()
        self.admin = AdminGate(admin_lock if admin_lock is not None else station.admin_lock(), self,
                               ask=ask_passphrase, now=self.clock.now, operator=lambda: self.operator)
        self.last_entry: AuditEntry | None = None
        self.last_event: ScanEvent | None = None
        self._save_settings = save_settings
        self._apply_language = apply_language
        self.language = apply_language(settings.language)
        self.in_view = CodesInView()  # the camera announces a code when it comes into view, not every read
        self._input_seq = 0  # bumped by every new input: the newest input's verdict wins
        self._screen_source: str | None = None  # the input whose verdict or notice is on screen
        self.verifier = self._make_verifier()
        # Each stream (the camera, each file scan) gets its own reader from the factory; a
        # window built with just a reader (tests) shares that one.
        self.scan = station.scan_service(verifier=self.verifier, history=self.history,
                                         reader_factory=reader_factory or (lambda: reader),
                                         role=settings.role, operator=self.operator)
        self.camera = CameraController(camera_factory, self.scan, retry_s=camera_retry_s, parent=self,
                                       clock=monotonic)
        self.camera.status.connect(self._camera_status)
        self.camera.preview.connect(self._camera_preview)
        self.camera.candidate.connect(self._camera_scan)
        self.file_scans = FileScans(self.scan, self)
        self.file_scans.decoded.connect(self._frames_decoded)
        self.file_scans.failed.connect(self._scan_failed)
        self.file_scans.progress.connect(self._scan_progress)
        self.file_scans.running_changed.connect(self._scan_running)
        self._watch_station_config()  # station.json changed elsewhere applies at once
        self._build()
        self._sound = Sounds(self)
        self.clear_timer = make_timer(self, self.clear_result, single_shot=True)
        self.trust_timer = make_timer(self, self._show_trust_state, interval_ms=60_000)
        self.trust_timer.start()
        self.scanner_filter = KeyboardScannerFilter(self)
        self.scanner_filter.scanned.connect(self._scanner_burst)
        _app().installEventFilter(self.scanner_filter)
        self.setAcceptDrops(True)
        self._window_state = window_state
        place_on_screen(self, window_state)
        self.retranslate()
        self.apply_retention()
        self.start_camera()

    # ------------------------------------------------------------------ build

    def _build(self) -> None:
        self.camera_view = CameraView()
        self.camera_view.mirror = self.settings.mirror_preview
        self.verdict = VerdictPanel()
        self.verdict.language = self.language
        self.verdict.trust_scope = self.station.trust.scope
        self.manual = QLineEdit()
        self.manual.setObjectName("manualEntry")
        self.manual.returnPressed.connect(self._verify_manual)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self._verify_manual)
        entry = QHBoxLayout()
        entry.addWidget(self.manual, 1)
        entry.addWidget(self.verify_button)
        left = QWidget()
        left_layout = self.left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.camera_view, 1)
        left_layout.addLayout(entry)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.verdict)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        # Before any scan, a station without trust data says so, with the button that fixes it:
        # otherwise its first "not verified" would look like a verdict on the holder.
        self.setup_banner = QWidget()
        self.setup_banner.setObjectName("setupBanner")
        self.setup_banner.setStyleSheet("#setupBanner { background: #fff4e5; border: 2px solid #8a5300; }")
        banner_layout = QHBoxLayout(self.setup_banner)
        self.setup_text = QLabel()
        self.setup_text.setWordWrap(True)
        self.setup_text.setStyleSheet("font-size: 15px; color: #4a2c00;")
        self.setup_button = QPushButton()
        self.setup_button.clicked.connect(self.open_trust_settings)
        banner_layout.addWidget(self.setup_text, 1)
        banner_layout.addWidget(self.setup_button)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.addWidget(self.station_banner)
        central_layout.addWidget(self.setup_banner)
        central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self._build_commands()
        self._build_status_bar()

    def _build_commands(self) -> None:
        self.commands: dict[str, QAction] = {}  # by name; QWidget.actions() stays Qt's
        for name, shortcut, slot in (
            ("open", QKeySequence.StandardKey.Open, self.open_file_dialog),
            ("paste", QKeySequence.StandardKey.Paste, self.paste),
            ("clear", QKeySequence(Qt.Key.Key_Escape), self.cancel_or_clear),
            ("settings", QKeySequence("Ctrl+,"), self.open_settings),
            ("history", QKeySequence("Ctrl+H"), self.open_history),
            ("receipt", QKeySequence.StandardKey.Save, self.save_receipt),
            ("print", QKeySequence.StandardKey.Print, self.print_receipt),
            ("quit", QKeySequence.StandardKey.Quit, self.close),
            ("about", QKeySequence(Qt.Key.Key_F1), self.show_about),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.commands[name] = action
        self.toolbar = self.addToolBar("main")
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        for name in ("open", "paste", "clear", "history", "receipt", "print", "settings", "about"):
            self.toolbar.addAction(self.commands[name])
        self.addAction(self.commands["quit"])

    def _build_status_bar(self) -> None:
        self.trust_label = QLabel()
        self.trust_label.setObjectName("trustState")
        self.camera_label = QLabel()
        self.role_label = QLabel()
        self.role_label.setObjectName("roleAndCategory")
        self.statusBar().addPermanentWidget(self.role_label)
        self.statusBar().addPermanentWidget(self.camera_label)
        self.statusBar().addPermanentWidget(self.trust_label)
        self._build_scan_row()

    def _build_scan_row(self) -> None:
        self.scan_label = QLabel()
        self.scan_label.setMinimumWidth(1)  # a long file name is cut, never widens the window
        self.scan_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.scan_bar = QProgressBar()
        self.scan_bar.setMaximumWidth(160)
        self.scan_bar.setTextVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelScan")
        self.cancel_button.clicked.connect(self.cancel_file_scan)
        # Under the camera, not in the status bar: a status bar's widgets add up to the window's
        # minimum width, and on a 1366-pixel screen that pushed the verdict off the edge.
        self.scan_row = QHBoxLayout()
        self.scan_row.addWidget(self.scan_label, 1)
        self.scan_row.addWidget(self.scan_bar)
        self.scan_row.addWidget(self.cancel_button)
        self.left_layout.insertLayout(1, self.scan_row)
        for widget in (self.scan_label, self.scan_bar, self.cancel_button):
            widget.hide()

    def retranslate(self) -> None:
        title = self.tr("Driving Licence Verifier")
        self.setWindowTitle(title + (" — " + self.tr("DEMO") if self.demo else ""))
        texts = {
            "open": (self.tr("&Open image or video…"), self.tr("Verify a code in an image or video file (Ctrl+O)")),
            "paste": (self.tr("&Paste image"), self.tr("Verify a code in a copied picture (Ctrl+V)")),
            "clear": (self.tr("&Clear result"), self.tr("Clear the result now, for the next holder (Esc)")),
            "settings": (self.tr("&Settings and trust…"), self.tr("Camera, role, policy, language, trust data")),
            "history": (self.tr("&History…"), self.tr("Search past verifications, reopen, export (Ctrl+H)")),
            "receipt": (self.tr("Save &receipt…"), self.tr("Save the shown verdict's receipt as PDF (Ctrl+S)")),
            "print": (self.tr("Pr&int receipt…"), self.tr("Print the shown verdict's receipt (Ctrl+P)")),
            "quit": (self.tr("&Quit"), ""),
            "about": (self.tr("&About"), self.tr("Version of the verifier and of the libraries it uses (F1)")),
        }
        for name, (text, tip) in texts.items():
            self.commands[name].setText(text)
            # A toolbar button shows the icon text, which Qt derives by dropping the "&": set it, so the
            # button keeps its Alt+letter (underlined) in every language.
            self.commands[name].setIconText(text.replace("…", ""))
            self.commands[name].setToolTip(tip)
            self.commands[name].setStatusTip(tip)
        self.manual.setPlaceholderText(self.tr("Type or paste the code text (DL1:… or DLN:…) and press Enter"))
        self.manual.setAccessibleName(self.tr("Code text"))
        self.verify_button.setText(self.tr("&Verify"))
        self.setup_text.setText(self.tr(
            "This station is not set up: install the issuing authority's root certificate and import a trust "
            "bundle. Until then no licence code can be checked."))
        self.setup_button.setText(self.tr("Install trust data…"))
        self.verify_button.setAccessibleName(self.tr("Verify the typed code"))
        self.cancel_button.setText(self.tr("Cancel scan (Esc)"))
        self._show_role()
        self.camera_view.retranslate()
        self.verdict.retranslate(self.language)
        self._show_trust_state()
        self._show_camera_label()

    # ---------------------------------------------------------------- camera

    def start_camera(self) -> None:
        self.camera.start(self.settings)

    def stop_camera(self) -> None:
        self.camera.stop()
        self._show_camera_label()

    def _camera_status(self, status: CameraStatus) -> None:
        self.camera_view.set_status(status)
        self._show_camera_label()

    def _camera_preview(self, preview) -> None:
        self.camera_view.show_frame(preview)
        self.camera.preview_shown()
        self._show_camera_label()

    def _show_camera_label(self) -> None:
        state = self.camera_view.state.value
        names = {"live": self.tr("Camera: {fps:.0f} frames/s").format(fps=self.camera_view.fps),
                 "starting": self.tr("Camera: starting"), "missing": self.tr("Camera: not available"),
                 "lost": self.tr("Camera: reconnecting"), "stopped": self.tr("Camera: off")}
        self.camera_label.setText(names[state])

    def _camera_scan(self, candidate: LiveCandidate) -> None:
        # A code held up is read many times a second: it is announced (and recorded) when it comes into
        # view.  Still in view, it has been judged: it never replaces a newer input's verdict.  A renewed
        # code of the licence in view (the holder's app renews it) updates the camera's own verdict only.
        if not self.check_station_config():
            return  # the banner says why; a code in view is judged once station.json is fixed
        result = candidate.result
        if candidate.judged_by is not self.verifier:  # judged before the settings or trust changed
            again = verify_symbols(candidate.symbols, self.verifier)
            if again is None:
                return
            result = again
        arrival = self.in_view.look(result.credential_hash, result.document_number, candidate.seen_at)
        if arrival is Arrival.IN_VIEW or (arrival is Arrival.RENEWED and not self._camera_owns_screen()):
            return
        self._input_started(InputSource.CAMERA.value)
        self._announce(self.scan.record(result, source=InputSource.CAMERA, symbols=candidate.symbols,
                                        decode_ms=candidate.decode_ms))

    def _camera_owns_screen(self) -> bool:
        """Nothing is shown, or the camera's own verdict (not another input's, nor a past one reopened)."""
        return self.verdict.entry is None and self._screen_source in (None, InputSource.CAMERA.value)

    # ---------------------------------------------------------- other inputs

    def verify_text(self, text: str, source: str = "text") -> VerificationResult | None:
        if not self._ready_to_verify(source):
            return None
        self._input_started(source)
        event = self.scan.verify_text(text, source)
        self._announce(event)
        return event.result

    def _scanner_burst(self, text: str) -> None:
        # A burst typed while the text box has the focus landed in the box too: it is a scan,
        # so take it back out instead of letting scans pile up there.
        typed = self.manual.text()
        if typed.endswith(text):
            self.manual.setText(typed[: -len(text)])
        self.verify_text(text, "scanner")

    def _verify_manual(self) -> None:
        text = self.manual.text().strip()
        if text:
            self.verify_text(text, "text")
            self.manual.clear()

    # ---------------------------------------------------------------- verdict

    def _announce(self, event: ScanEvent) -> None:
        # The scan service has already committed the evidence (audit row, clock floor).
        result = event.result
        if event.evidence_error is not None or event.entry is None:
            # Fail closed: a verdict the log doesn't hold is not shown as if recorded (the CLI refuses
            # the same way); the dialog names the real cause (disk full, read-only folder, damage).
            self._forget_shown()
            self.verdict.show_not_recorded()
            show_error(self, event.evidence_error or VerifierError("The audit log could not be written."),
                       self.tr("Verdict not recorded"))
            return
        self.verdict.show_result(result, profile(self.settings.role))
        self.last_entry = event.entry
        if self.settings.sound:
            self._sound.play(result.verdict)
        if self.settings.auto_clear_s:
            self.clear_timer.start(self.settings.auto_clear_s * 1000)
        self.last_event = event
        self.verdict_shown.emit(result)

    def closeEvent(self, event) -> None:  # noqa: N802
        remember_geometry(self, self._window_state)
        self.stop_camera()
        self.file_scans.stop_all()
        _app().removeEventFilter(self.scanner_filter)
        super().closeEvent(event)


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the window needs a QApplication"
    return app

