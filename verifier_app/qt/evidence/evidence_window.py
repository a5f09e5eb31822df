"""The evidence side of the window: receipts, History, reopened entries, retention, About.

MainWindow inherits it (station_window.StationWindow, then this): one window, its methods in
modules that each fit in one reading.  Texts are translated in the "MainWindow" context, the
class the user sees (Qt looks a text up by the object's own class).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QMainWindow

from verifier_app.errors import VerifierError
from verifier_app.scan import ScanEvent
from verifier_app.services import AuditEntry, Clock, History, StationSettings

from verifier_app.qt.errors import show_error
from verifier_app.qt.file_dialogs import save_file
from verifier_app.qt.verdict.verdict_panel import VerdictPanel

log = logging.getLogger("verifier_app.qt")
translate = QCoreApplication.translate  # lupdate reads translate("MainWindow", ...) calls


class EvidenceWindow(QMainWindow):
    # Set by MainWindow.__init__:
    history: History
    settings: StationSettings
    clock: Clock
    language: str
    last_event: ScanEvent | None
    last_entry: AuditEntry | None
    verdict: VerdictPanel
    clear_timer: QTimer

    def apply_retention(self) -> None:
        try:
            self.history.purge(days=self.settings.retention_days, operator="retention", now=self.clock.now())
        except Exception as exc:  # noqa: BLE001 - retention must never stop the station
            log.error("audit retention failed: %s", type(exc).__name__)

    def _receipt_html(self, entry: AuditEntry) -> str:
        live = self.last_event.result if self.last_event and entry is self.last_entry else None
        return self.history.receipt_html(entry=entry, lang=self.language, live=live)

    def save_receipt(self, entry: AuditEntry | None = None, path: str | None = None) -> Path | None:
        entry = entry or self.last_entry
        if entry is None:
            self.statusBar().showMessage(translate("MainWindow", "No verdict to make a receipt for."), 4000)
            return None
        if path is None:
            path = save_file(self, translate("MainWindow", "Save receipt"), f"receipt-{entry.id}.pdf",
                             translate("MainWindow", "PDF (*.pdf)"))
            if not path:
                return None
        from verifier_app.printing.pdf import write_pdf

        try:
            write_pdf(self._receipt_html(entry), path)
        except (OSError, VerifierError) as exc:
            show_error(self, exc if isinstance(exc, VerifierError) else VerifierError(str(exc)))
            return None
        self.statusBar().showMessage(translate("MainWindow", "Receipt saved: {path}").format(path=path), 6000)
        return Path(path)

    def print_receipt(self) -> None:
        if self.last_entry is None:
            self.statusBar().showMessage(translate("MainWindow", "No verdict to make a receipt for."), 4000)
            return
        from verifier_app.qt.evidence.pdf import print_html

        print_html(self._receipt_html(self.last_entry), self)

    def open_history(self):  # -> HistoryDialog
        from verifier_app.qt.evidence.history import HistoryDialog

        dialog = HistoryDialog(self.history, self.language, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reopen.connect(self.show_entry)
        dialog.receipt.connect(lambda entry: self.save_receipt(entry))
        dialog.open()
        return dialog

    def show_entry(self, entry: AuditEntry) -> None:
        """A past verdict, with only what the log kept."""
        self.clear_timer.stop()
        self.last_event, self.last_entry = None, entry
        self.verdict.show_entry(entry)
        if self.settings.auto_clear_s:
            self.clear_timer.start(self.settings.auto_clear_s * 1000)

    def about_text(self) -> str:
        from PySide6.QtCore import qVersion

        from verifier_app.versions import collect_versions

        rows = collect_versions(qt_runtime=qVersion()).rows()
        return "\n".join(f"{name}: {version}" for name, version in rows)

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, translate("MainWindow", "About the Driving Licence Verifier"),
                          translate("MainWindow", "Driving Licence Verifier — checks electronic driving licences "
                                                  "offline.") + "\n\n" + self.about_text())
