"""The administrator passphrase prompt, asked once for a few minutes of administration.

Installing a root, importing a bundle, or changing the role, policy, category
or retention each need the passphrase.  An administrator setting up a station
does several of those in a row, so one correct entry unlocks administration
for ``unlock_s`` seconds (a station setting), after which the lock closes by
itself.  Cancel on the prompt is the user changing their mind: nothing is
shown as an error.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from verifier_app.errors import VerifierError
from verifier_app.station.admin_lock import AdminLock

from .errors import show_error

DEFAULT_UNLOCK_S = 300.0


class AdminGate:
    def __init__(self, lock: AdminLock, parent: QWidget, *, ask: Callable[[str], str | None] | None = None,
                 unlock_s: float = DEFAULT_UNLOCK_S, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.lock, self._parent = lock, parent
        self.ask = ask or self._ask
        self.unlock_s = unlock_s
        self._monotonic = monotonic
        self._unlocked_until = float("-inf")

    @property
    def unlocked(self) -> bool:
        return self._monotonic() < self._unlocked_until

    def relock(self) -> None:
        self._unlocked_until = float("-inf")

    def authorize(self, what: str) -> bool:
        """True when administration is open: no passphrase set, unlocked a moment ago, or given now."""
        try:
            if not self.lock.is_set or self.unlocked:
                return True
            passphrase = self.ask(what)
            if passphrase is None:
                return False  # Cancel: the user changed their mind, not an error
            self.lock.check(passphrase)
        except VerifierError as exc:
            show_error(self._parent, exc)
            return False
        self._unlocked_until = self._monotonic() + self.unlock_s
        return True

    def _ask(self, what: str) -> str | None:
        tr = QCoreApplication.translate
        text, ok = QInputDialog.getText(
            self._parent, tr("MainWindow", "Administrator"),
            tr("MainWindow", "{what} needs the administrator passphrase:").format(what=what),
            QLineEdit.EchoMode.Password)
        return text if ok else None
