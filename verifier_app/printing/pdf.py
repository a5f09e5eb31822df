"""Receipts in PDF, with Qt's own writer (no extra service).

The one module outside ``qt/`` that imports Qt, on purpose: QPdfWriter lays out the receipt for the
window and for ``verifier receipt`` alike, and it shows no window (import-linter: "Only the window
imports Qt (and printing, for its PDF writer)" and "Printing writes PDF files, it shows no window").
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from verifier_app.atomic import atomic_write


def html_document(html: str) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(html)
    return document


def write_pdf(html: str, path: str | os.PathLike[str]) -> None:
    """Render ``html`` as an A4 PDF at ``path``; written aside, then moved into place."""
    target = Path(path)
    with tempfile.TemporaryDirectory(dir=target.parent if target.parent.exists() else None) as tmp:
        scratch = Path(tmp) / "receipt.pdf"
        writer = QPdfWriter(str(scratch))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        writer.setResolution(300)
        writer.setTitle("Driving licence verification receipt")
        writer.setCreator("DL Verifier")
        document = html_document(html)
        document.print_(writer)
        del writer  # flushes the file
        atomic_write(target, scratch.read_bytes())


def write_pdf_headless(html: str, path: str | os.PathLike[str]) -> None:
    """``write_pdf`` from a command line: a PDF needs a Qt application, not a screen."""
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    write_pdf(html, path)
    del app
