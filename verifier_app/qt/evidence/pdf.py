"""Receipts on paper, through the system's print dialog (PDF files: ``verifier_app.printing``)."""

from __future__ import annotations

from verifier_app.printing.pdf import html_document


def print_html(html: str, parent=None) -> bool:
    """Through the system print dialog; False when the user cancels."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    html_document(html).print_(printer)
    return True
