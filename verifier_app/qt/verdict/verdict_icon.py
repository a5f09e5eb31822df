"""The verdict's drawn symbol and colours: a check, a cross or a question mark on the banner's colour.

Apart from the panel (``verdict_panel``) because the symbol is painted, not laid out: colour *and* a
drawn shape *and* a word (the panel's) make the verdict read the same for colour-blind operators, on
washed-out screens and in print, and no font can lose a drawn shape.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from verifier_app.services import Verdict

COLOURS = {
    Verdict.VALID: QColor("#1b6e32"),
    Verdict.INVALID: QColor("#b3261e"),
    Verdict.UNVERIFIED: QColor("#8a5300"),
    Verdict.NO_CODE: QColor("#546e7a"),  # neutral: not a verdict on the holder
    None: QColor("#455a64"),
}
PAST_COLOUR = QColor("#757575")  # a reopened log entry: never the green or red of a live verdict


class VerdictIcon(QWidget):
    """A drawn symbol (check, cross, question mark): no font can lose it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict: Verdict | None = None
        self.setFixedSize(96, 96)

    def set_verdict(self, verdict: Verdict | None) -> None:
        self.verdict = verdict
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(4, 4, self.width() - 8, self.height() - 8)
        p.setBrush(QColor("white"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(r)
        pen = QPen(COLOURS[self.verdict], 11, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        w, h = r.width(), r.height()
        x, y = r.x(), r.y()
        if self.verdict is Verdict.VALID:
            path = QPainterPath(QPointF(x + w * 0.26, y + h * 0.52))
            path.lineTo(QPointF(x + w * 0.44, y + h * 0.70))
            path.lineTo(QPointF(x + w * 0.76, y + h * 0.32))
            p.drawPath(path)
        elif self.verdict is Verdict.INVALID:
            p.drawLine(QPointF(x + w * 0.3, y + h * 0.3), QPointF(x + w * 0.7, y + h * 0.7))
            p.drawLine(QPointF(x + w * 0.7, y + h * 0.3), QPointF(x + w * 0.3, y + h * 0.7))
        elif self.verdict is Verdict.UNVERIFIED:
            path = QPainterPath(QPointF(x + w * 0.36, y + h * 0.36))
            path.cubicTo(QPointF(x + w * 0.36, y + h * 0.16), QPointF(x + w * 0.66, y + h * 0.16),
                         QPointF(x + w * 0.64, y + h * 0.38))
            path.cubicTo(QPointF(x + w * 0.62, y + h * 0.50), QPointF(x + w * 0.50, y + h * 0.48),
                         QPointF(x + w * 0.50, y + h * 0.60))
            p.drawPath(path)
            p.drawPoint(QPointF(x + w * 0.50, y + h * 0.78))
        else:  # idle: a viewfinder
            pen.setWidth(7)
            p.setPen(pen)
            for cx, cy, dx, dy in ((0.25, 0.25, 1, 1), (0.75, 0.25, -1, 1), (0.25, 0.75, 1, -1), (0.75, 0.75, -1, -1)):
                px, py = x + w * cx, y + h * cy
                p.drawLine(QPointF(px, py), QPointF(px + dx * w * 0.15, py))
                p.drawLine(QPointF(px, py), QPointF(px, py + dy * h * 0.15))
        p.end()
