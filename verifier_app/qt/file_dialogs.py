"""Open and save dialogs in the window's language.

Qt's own dialog, not the desktop's: a desktop dialog follows the desktop's language, not the one
chosen in Settings.  Qt's dialog takes its words from Qt's catalogue (plus the few it lacks, in
ours: see ``QT_WORDS``), but formats sizes and dates in the system's locale ("117 KiB",
"4 12 2026"); a proxy formats them in the window's locale instead.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QIdentityProxyModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QWidget

# Words Qt's file dialog shows that Qt's Chinese catalogue (qtbase_zh_CN) lacks: our catalogue holds
# them under Qt's own contexts, and is searched first.
QT_WORDS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Unknown"),
)
SIZE_COLUMN, DATE_COLUMN = 1, 3  # QFileSystemModel's columns: name, size, type, date modified


class LocaleFileModel(QIdentityProxyModel):
    """The file system model with sizes and dates in the window's locale (QLocale's default)."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        source = self.sourceModel()
        if (role == Qt.ItemDataRole.DisplayRole and index.column() in (SIZE_COLUMN, DATE_COLUMN)
                and isinstance(source, QFileSystemModel)):
            info = source.fileInfo(self.mapToSource(index))
            if index.column() == DATE_COLUMN:
                return QLocale().toString(info.lastModified(), QLocale.FormatType.ShortFormat)
            return QLocale().formattedDataSize(info.size()) if info.isFile() else ""
        return super().data(index, role)


def _dialog(parent: QWidget | None, caption: str, directory: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, directory, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setProxyModel(LocaleFileModel(dialog))
    return dialog


def open_file(parent: QWidget | None, caption: str, directory: str = "", filters: str = "") -> str:
    """The chosen existing file's path, or "" when cancelled."""
    dialog = _dialog(parent, caption, directory, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def save_file(parent: QWidget | None, caption: str, path: str = "", filters: str = "") -> str:
    """The path to save to (the dialog asked before replacing a file), or "" when cancelled."""
    dialog = _dialog(parent, caption, path, filters)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
