"""A code held in view is read a few times a second; anything new is read at full speed."""

from verifier_app.decode.live_input.held import HeldCodePace


def test_the_same_code_held_up_slows_the_reads_and_a_new_one_speeds_them_up():
    pace = HeldCodePace(held_period_s=0.25, confirm_frames=3)
    a, b = frozenset({"DL1:A"}), frozenset({"DL1:B"})
    assert [pace.read(a) for _ in range(4)] == [0.0, 0.0, 0.25, 0.25]
    assert pace.read(b) == 0.0  # the next holder's code: full speed at once
    assert pace.read(frozenset()) == 0.0 and pace.read(frozenset()) == 0.0  # nothing in view is never "held"
    assert pace.read(b) == 0.0
