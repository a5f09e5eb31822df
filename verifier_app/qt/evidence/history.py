"""History: search the audit log, reopen a past verdict, export, receipts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from verifier_app.services import AuditEntry, History, title, words
from verifier_app.errors import VerifierError

from verifier_app.qt.errors import show_error
from verifier_app.qt.file_dialogs import save_file
from verifier_app.qt.words import input_name


class HistoryDialog(QDialog):
    reopen = Signal(object)  # AuditEntry
    receipt = Signal(object)  # AuditEntry

    def __init__(self, history: History, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.language = language
        self.entries: list[AuditEntry] = []
        self.setWindowTitle(self.tr("History"))
        today = QDate.currentDate()
        self.since, self.until = QDateEdit(today.addDays(-7)), QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.verdict = QComboBox()
        for label, value in ((self.tr("Any verdict"), ""), (self.tr("Valid"), "valid"),
                             (self.tr("Invalid"), "invalid"), (self.tr("Not verified"), "unverified"),
                             (self.tr("No code read"), "no_code")):
            self.verdict.addItem(label, value)
        self.number = QLineEdit()
        self.number.setPlaceholderText(self.tr("full licence number"))
        search = QPushButton(self.tr("&Search"))
        search.setDefault(True)
        search.clicked.connect(self.search)
        form = QFormLayout()
        for caption, widget in ((self.tr("&From"), self.since), (self.tr("&To"), self.until),
                                (self.tr("&Verdict"), self.verdict), (self.tr("Licence &number"), self.number)):
            buddy = QLabel(caption)
            buddy.setBuddy(widget)
            widget.setAccessibleName(caption.replace("&", ""))
            form.addRow(buddy, widget)
        self.table = QTableWidget(0, 8)
        zone = words.zone_label()  # the offset once, in the header, not in every row
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("Time ({zone})").format(zone=zone),
                                              self.tr("Verdict"), self.tr("Reasons"),
                                              self.tr("Licence"), self.tr("Input"), self.tr("Operator (login)"),
                                              self.tr("Trust")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _: self._reopen())
        self.table.setAccessibleName(self.tr("Past verifications"))
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("&Reopen"), self._reopen), (self.tr("Receipt (&PDF)…"), self._receipt),
                           (self.tr("Export &CSV…"), lambda: self._export("csv")),
                           (self.tr("Export &JSON lines…"), lambda: self._export("jsonl"))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.chain = QLabel()
        self.chain.setObjectName("chainState")
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(search, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chain)
        layout.addLayout(buttons)
        self.resize(900, 560)
        self.search()

    def search(self) -> None:
        first, last = self.since.date(), self.until.date().addDays(1)
        since = dt.datetime(first.year(), first.month(), first.day()).astimezone()  # local midnight
        until = dt.datetime(last.year(), last.month(), last.day()).astimezone()
        self.entries = self.history.search(since=since, until=until, verdict=self.verdict.currentData() or None,
                                           document_number=self.number.text().strip() or None)
        self.table.setRowCount(len(self.entries))
        for row, e in enumerate(self.entries):
            reasons = ", ".join(title(code, self.language) for code in e.reason_codes)
            # The banner's own words (NOT VERIFIED, not "unverified"), times in the station's zone.
            # The free-text operator and the system login that wrote the row; whose trust judged it.
            operator = f"{e.operator} ({e.os_login})" if e.os_login and e.os_login != e.operator else e.operator
            trust = {"system": self.tr("administrator"), "per_user": self.tr("this account"),
                     "demo": self.tr("demo")}.get(e.trust_scope, "")
            values = (str(e.id), words.local_time_text(e.at_datetime, self.language, zone=False),
                      words.verdict_text(e.verdict, self.language), reasons, e.document_ref,
                      input_name(e.source), operator, trust)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        report = self.history.verify_chain()
        self.chain.setText(self.tr("Audit chain intact ({n} entries)").format(n=report.entries) if report.ok else
                           self.tr("AUDIT CHAIN BROKEN at entry {id}: {problem}").format(
                               id=report.first_bad_id, problem=report.problem))
        self.chain.setStyleSheet("" if report.ok else "color: #b3261e; font-weight: bold;")

    def selected(self) -> list[AuditEntry]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.entries[r] for r in rows] if rows else list(self.entries)

    def _current(self) -> AuditEntry | None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return self.entries[rows[0]] if rows else None

    def _reopen(self) -> None:
        entry = self._current()
        if entry is not None:
            self.reopen.emit(entry)

    def _receipt(self) -> None:
        entry = self._current()
        if entry is not None:
            self.receipt.emit(entry)

    def _export(self, kind: str, path: str | None = None) -> Path | None:
        if path is None:
            pattern = self.tr("CSV (*.csv)") if kind == "csv" else self.tr("JSON lines (*.jsonl)")
            from PySide6.QtCore import QStandardPaths

            documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            path = save_file(self, self.tr("Export"), str(Path(documents) / f"verifications.{kind}"), pattern)
        if not path:
            return None
        try:
            self.history.export(entries=self.selected(), fmt=kind, path=path)
        except (OSError, VerifierError) as exc:
            show_error(self, exc if isinstance(exc, VerifierError) else VerifierError(str(exc)))
            return None
        self.export_message = self.tr("Exported {count} entries to {path}").format(count=len(self.selected()),
                                                                                  path=path)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Export"), self.export_message,
                          QMessageBox.StandardButton.Ok, self)
        box.open()  # non-blocking: says where the file went
        return Path(path)
