"""A live frame's budget, and where its hard cases stand between frames.

The pipeline (``decode/still/pipeline.py``) gives a camera frame :data:`LIVE_BUDGET`; what a frame has
no time for, a later one does: the hard-case turn carries over (while the hard cases are about the
same place), and a frame left with no time owes the next one an attempt, made past the budget but
never past the hard stop.  Measured on the hard live frames of ``benchmarks/bench_decoders.py``
(docs/benchmarks.md): with a 25 ms budget and owed attempts made whatever the clock said, p95 was
21-33 ms and the slowest frames 42-58 ms, each an owed deconvolution of a 640-px region (25-50 ms of
CPU) or a kind of work made for the first time with nothing to predict it by.
"""

from __future__ import annotations

from verifier_app.decode.geometry import Rect
from verifier_app.decode.still.attempts import LIVE_DEBLUR_SIDES
from verifier_app.decode.still.costs import Costs

# Seconds for a live frame: p95 <= 20 ms on the hard live frames (docs/benchmarks.md), so that a frame
# fits its 33 ms slot at 30 frames a second with room to spare.  18 ms read 2-4 fewer of those frames'
# codes than the 25 ms before (a frame's deconvolution fits less often), 19 ms as many.
LIVE_BUDGET = 0.019
# An attempt a live frame owes (see LiveTurn.owes) is made only when predicted to end within this many
# budgets of the frame's start; no attempt predicted to cost more than a whole budget is made live.
LIVE_HARD_STOP = 1.5
# A live frame's work is predicted from the median of its last costs (a still's: the largest, with a
# margin of Costs.MARGIN), with no margin: its work is small and even (a deconvolution at 448 px,
# zxing-cpp on a reduced region), an overrun is bounded by the hard stop and by passing over what can't
# fit a frame, and with the still's way a deconvolution that took 6-10 ms was predicted at 15-22 ms and
# fitted no frame after its first look (the hard live frames read 246 codes with a margin of 1.2,
# 249-251 without).
LIVE_MARGIN = 1.0


class LiveTurn:
    """Where the hard cases stand between live frames (one reader's camera stream).

    ``turn`` is where in the list of attempts the next frame starts, ``starved`` how many frames in a
    row had hard cases to do and made none, ``made`` how many attempts live frames have made (the turn
    also moves past attempts passed over as too dear).
    """

    def __init__(self, start_turn: int = 0) -> None:
        self.turn = start_turn
        self.starved = 0
        self.made = 0
        self._place: Rect | None = None  # where the hard cases the turn is about were

    def follow(self, place: Rect) -> None:
        """The turn carries over while the hard cases are about the same thing: when the first region worth
        them is somewhere else (another code, another scene), the search starts again at the most
        promising attempt rather than wherever the last thing's search had got to.  (The debt of a
        frame left with no time stays: it is about the machine's time, not the thing.)"""
        last, self._place = self._place, place
        if last is not None and not (last.overlap(place) >= 0.5
                                     and max(last.area, place.area) <= 2 * min(last.area, place.area)):
            self.turn = 0

    def owes(self, now: float, until: float, budget_s: float) -> bool:
        """Whether this live frame makes an attempt past its budget (up to :meth:`hard_stop`): after a frame
        that made none, when half its budget is still left; after three such frames, in any case.  So a
        busy machine slows the hard cases down but never stops them, and a frame whose cheap steps were
        slow (glare and noise make zxing-cpp slow on a region) passes the debt on."""
        return self.starved >= 3 or (self.starved >= 1 and until - now >= budget_s / 2)

    def hard_stop(self, start: float, budget_s: float) -> float:
        """When an owed attempt must be predicted to end: :data:`LIVE_HARD_STOP` budgets after the frame's
        start; after three frames without an attempt, whenever it begins (it is still no dearer than a
        whole frame: dearer work is passed over)."""
        return float("inf") if self.starved >= 3 else start + LIVE_HARD_STOP * budget_s


def deblur_side(costs: Costs, kind: str, room: float) -> int:
    """The longest side at which a live frame's deconvolution of ``kind`` is predicted to fit in ``room``
    seconds (the smallest of LIVE_DEBLUR_SIDES when none does)."""
    for side in LIVE_DEBLUR_SIDES:
        if costs.predict(kind, 1, side * side) <= room:
            return side
    return LIVE_DEBLUR_SIDES[-1]
