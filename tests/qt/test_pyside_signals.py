"""PySide6 6.12.0 on Python 3.11 leaks a reference *from* ``True`` on every
``Signal.emit()``; once the count reaches zero Python aborts with
"bool_dealloc: deallocating True or False".  The window emits a signal per
camera frame, so the demo died after about two minutes.  pyproject.toml keeps
PySide6 below 6.12; this test fails on any release that has the bug.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    value = Signal(object)
    plain = Signal()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="True is immortal from Python 3.12: no count to lose")
@pytest.mark.parametrize("signal_name, args", [("value", (1,)), ("value", (None,)), ("plain", ())])
def test_emit_keeps_the_reference_count_of_true(qapp, signal_name, args):
    emitter = _Emitter()
    received = []
    getattr(emitter, signal_name).connect(lambda *a: received.append(a))
    before = sys.getrefcount(True)
    for _ in range(500):
        getattr(emitter, signal_name).emit(*args)
    after = sys.getrefcount(True)
    assert len(received) == 500  # the emits really happened
    # A few references may come and go elsewhere; the bug takes exactly one per emit.
    assert abs(after - before) < 50, f"{before - after} references to True lost over 500 emits"
