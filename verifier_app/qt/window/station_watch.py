"""Notices station.json changed by someone else (``verifier admin configure``, another window).

The role, required category, freshness policy and retention are the
administrator's, and a running window must follow a change at once: the very
next verdict is shown and logged under the new role.  A QFileSystemWatcher on
the guarded folder says so within moments; and because a watcher can miss an
event (a folder on another file system, a replaced file no longer watched),
the window also asks ``changed()`` before each verification: station.json is a
few hundred bytes, so comparing its bytes with the last ones read costs
microseconds.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from verifier_app.services import config_path

_Seen = bytes | str | None  # the file's bytes; None: no file; text: why it can't be read


class StationConfigWatch(QObject):
    touched = Signal()  # the guarded folder or station.json changed on disk (may be a false alarm)

    def __init__(self, data_dir: str | os.PathLike[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path: Path = config_path(data_dir)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_disk)
        self._watcher.fileChanged.connect(self._on_disk)
        self._watch()
        self._seen: _Seen = self._read()

    def changed(self) -> bool:
        """Whether station.json differs from the last time it was looked at (then it counts as seen)."""
        now = self._read()
        if now == self._seen:
            return False
        self._seen = now
        return True

    def _read(self) -> _Seen:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"unreadable: {exc.errno}"

    def _watch(self) -> None:
        # The file is replaced on every save (atomic write): a watch on the old one ends with it, so the
        # folder is watched too and the file's watch is renewed each time.
        wanted = [p for p in (str(self.path.parent), str(self.path)) if os.path.exists(p)]
        missing = [p for p in wanted if p not in self._watcher.files() + self._watcher.directories()]
        if missing:
            self._watcher.addPaths(missing)

    def _on_disk(self, _path: str) -> None:
        self._watch()
        self.touched.emit()
