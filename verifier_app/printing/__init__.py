"""Receipts as PDF files, for the window and the command line alike.

The one room outside the window allowed to load Qt: its PDF writer (QPdfWriter, QtGui, no widgets),
loaded only when a PDF is written.  Printing on paper goes through a dialog, so it stays in the
window (``qt/evidence/pdf.py``).
"""
