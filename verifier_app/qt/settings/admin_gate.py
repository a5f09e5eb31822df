"""The administrator passphrase prompt, asked once for a few minutes of administration.

Installing a root, importing a bundle, or changing the role, policy, category
or retention each need the passphrase.  An administrator setting up a station
does several of those in a row, so one correct entry unlocks administration
for ``unlock_s`` seconds (a station setting), after which the lock closes by
itself.  Cancel on the prompt is the user changing their mind: nothing is
shown as an error.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from verifier_app.errors import VerifierError
from verifier_app.services import AdminLock, AdminSession

from verifier_app.qt.errors import show_error


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class AdminGate:
    def __init__(self, lock: AdminLock, parent: QWidget, *, ask: Callable[[str], str | None] | None = None,
                 unlock_s: int | None = None, now: Callable[[], dt.datetime] = _utc_now,
                 operator: Callable[[], str] | None = None) -> None:
        self.lock, self._parent = lock, parent
        self.session = AdminSession(lock, unlock_s=unlock_s)  # None: the station's admin_unlock_s
        self.ask = ask or self._ask
        self._now = now
        self._operator = operator or (lambda: "")

    @property
    def unlocked(self) -> bool:
        return self.lock.is_set and self.session.is_unlocked(self._now())

    def relock(self) -> None:
        self.session.lock()

    def authorize(self, what: str) -> bool:
        """True when administration is open: no passphrase set, unlocked a moment ago, or given now."""
        now = self._now()
        try:
            # A deleted passphrase file the audit chain remembers: say so, don't ask in vain.
            self.lock.ensure_intact()
            if self.session.is_unlocked(now):
                return True
            passphrase = self.ask(what)
            if passphrase is None:
                return False  # Cancel: the user changed their mind, not an error
            self.session.unlock(passphrase, now, operator=self._operator() or None)
        except VerifierError as exc:
            show_error(self._parent, exc)
            return False
        return True

    def _ask(self, what: str) -> str | None:
        text, ok = QInputDialog.getText(
            self._parent, QCoreApplication.translate("MainWindow", "Administrator"),
            QCoreApplication.translate("MainWindow", "{what} needs the administrator passphrase:").format(what=what),
            QLineEdit.EchoMode.Password)
        return text if ok else None
