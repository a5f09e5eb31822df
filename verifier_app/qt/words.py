"""Words the window shows in several places, translated once (Qt's .ts, context "words")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def input_name(source: str) -> str:
    """An audit row's input (``camera``, ``scanner``...) as the officer calls it."""
    names = {
        "camera": QCoreApplication.translate("words", "camera"),
        "file": QCoreApplication.translate("words", "file"),
        "paste": QCoreApplication.translate("words", "pasted picture"),
        "paste-text": QCoreApplication.translate("words", "pasted text"),
        "drop": QCoreApplication.translate("words", "dropped file"),
        "text": QCoreApplication.translate("words", "typed text"),
        "scanner": QCoreApplication.translate("words", "scanner"),
        "stdin": QCoreApplication.translate("words", "command line"),
    }
    return names.get(source, source)
