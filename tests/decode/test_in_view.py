"""A phone held up to the camera is one presentation: when a code counts as come into view."""

from __future__ import annotations

from verifier_app.decode.live_input.in_view import Arrival, CodesInView


def test_a_code_is_new_when_it_comes_into_view_and_not_while_it_stays():
    view = CodesInView(leave_after_s=3)
    assert view.look("a", "BJ1", at=0) is Arrival.NEW
    assert view.look("a", "BJ1", at=2.9) is Arrival.IN_VIEW
    assert view.look("a", "BJ1", at=5.8) is Arrival.IN_VIEW  # read every few seconds: still the same one
    assert view.look("b", "BJ2", at=6) is Arrival.NEW  # a different licence come into view
    assert view.look("a2", "BJ1", at=7) is Arrival.RENEWED  # BJ1's app renewed its code, still in view
    assert view.look("a2", "BJ1", at=8) is Arrival.IN_VIEW
    assert view.look("a2", "BJ1", at=11.5) is Arrival.NEW  # gone for longer than the gap: shown again
    assert view.look("x", None, at=12) is Arrival.NEW  # no licence number known (a forged code): by its text
    assert view.look("y", None, at=12.1) is Arrival.NEW
