"""Words the window shows in several places, translated once (Qt's .ts, context "words")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def input_name(source: str) -> str:
    """An audit row's input (``camera``, ``scanner``...) as the officer calls it."""
    tr = QCoreApplication.translate
    names = {"camera": tr("words", "camera"), "file": tr("words", "file"), "paste": tr("words", "pasted picture"),
             "drop": tr("words", "dropped file"), "text": tr("words", "typed text"),
             "scanner": tr("words", "scanner"), "stdin": tr("words", "command line")}
    return names.get(source, source)
