"""A live frame's budget: owed attempts end by the hard stop, attempts dearer than a frame are passed over
(a deconvolution is cut smaller instead), and a cost measured in a hiccup does not keep work out for good.

Time is a fake clock that moves only when the fake decoders work, so nothing here depends on the machine.
"""

from __future__ import annotations

import numpy as np
import pytest

from verifier_app.decode.readers import DecodedSymbol
from verifier_app.decode.still.attempts import LIVE_DEBLUR_SIDES, plan_attempts
from verifier_app.decode.still.costs import LIVE_STARTING_RATES, Costs
from verifier_app.decode.still.live_turn import LIVE_BUDGET, LIVE_HARD_STOP, deblur_side
from verifier_app.decode.still.pipeline import PipelineReader
from verifier_app.decode.still.picture import prepare


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _Decoder:
    """Reads nothing and takes ``rate`` seconds a pixel of what it is given (on the fake clock)."""

    def __init__(self, clock: _Clock, rate: float) -> None:
        self.clock, self.rate, self.calls = clock, rate, 0

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        self.calls += 1
        self.clock.now += image.shape[0] * image.shape[1] * self.rate
        return ()


def _live_frame() -> np.ndarray:
    """A 1280x720 frame with a patch of code-like contrast in which nothing can be read: the hard cases run."""
    frame = np.full((720, 1280), 180, np.uint8)
    blocks = np.random.default_rng(7).integers(0, 2, (40, 40), dtype=np.uint8) * 255
    frame[160:560, 440:840] = np.kron(blocks, np.ones((10, 10), np.uint8))
    return frame


def _frame_times(reader: PipelineReader, clock: _Clock, frames: int) -> list[float]:
    image, times = _live_frame(), []
    for _ in range(frames):
        start = clock.now
        assert reader.decode_live(image) == ()
        times.append(clock.now - start)
    return times


def test_no_live_frame_runs_past_the_hard_stop() -> None:
    """zxing-cpp's pace on a slow machine, twice the starting rates: a region read costs 5 ms, the whole
    frame 28 ms.  A frame left with no time used to owe the next one an attempt made whatever the clock
    said (the whole frame after its region: 34 ms, again and again); an owed attempt is now made only
    when predicted to end by the hard stop, and an attempt dearer than a whole frame is passed over.
    (The first time a kind of work is made it can only be predicted at its starting rate: the whole
    frame's second frame runs over, once.)"""
    clock = _Clock()
    reader = PipelineReader(decoders=[_Decoder(clock, 3e-8)], clock=clock)
    times = _frame_times(reader, clock, 60)[4:]
    assert max(times) <= LIVE_HARD_STOP * LIVE_BUDGET + 1e-9, f"{max(times) * 1000:.1f} ms"


def test_the_hard_cases_still_go_on_frame_after_frame() -> None:
    """Not past the hard stop is not never: over a second of frames the hard cases get most frames' spare time."""
    clock = _Clock()
    decoder = _Decoder(clock, 3e-8)
    reader = PipelineReader(decoders=[decoder], clock=clock)
    times = _frame_times(reader, clock, 30)
    region_reads = 30  # the frame's one code-like region, read first in every frame
    assert decoder.calls - region_reads >= 15
    assert sum(times) / len(times) > LIVE_BUDGET / 2


def test_an_attempt_dearer_than_a_frame_is_passed_over() -> None:
    """pyzbar on a live region cost 30 ms and more; made as an owed attempt it was the frame that missed its
    slot.  It is passed over (the frames go on with the attempts after it), however many frames it waits."""
    clock = _Clock()
    zxing, pyzbar = _Decoder(clock, 1e-8), _Decoder(clock, 2e-7)  # pyzbar: 32 ms on the 400x400 region
    reader = PipelineReader(decoders=[zxing, pyzbar], clock=clock)
    times = _frame_times(reader, clock, 60)
    assert pyzbar.calls == 0
    assert max(times) <= LIVE_HARD_STOP * LIVE_BUDGET + 1e-9
    assert zxing.calls > 2 * 60  # the attempts after it: zxing-cpp on the variants


def test_a_cost_measured_in_a_hiccup_is_forgotten_after_its_work_was_passed_over_many_times() -> None:
    costs = Costs(LIVE_STARTING_RATES, margin=1.0, typical=True)
    pixels = 200_000
    costs.measured("median", 1, pixels, 0.2)  # the machine stalled during one
    for _ in range(Costs.FORGET_AFTER - 1):
        costs.passed_over("median", 1, pixels)
        assert costs.predict("median", 1, pixels) == pytest.approx(0.2)  # truly too dear: tried again rarely
    costs.passed_over("median", 1, pixels)
    assert costs.predict("median", 1, pixels) == pytest.approx(LIVE_STARTING_RATES[("median", 1)] * pixels)
    for _ in range(Costs.FORGET_AFTER):
        costs.passed_over("median", 1, pixels)  # nothing left to forget: no error


def test_a_live_deconvolution_is_cut_to_what_a_frame_can_hold() -> None:
    """A deconvolution of a 448-px region took 10-15 ms of a live frame; where a frame has less room (or the
    machine is slower) it is made smaller rather than left too dear for any frame."""
    costs = Costs(LIVE_STARTING_RATES, margin=1.0, typical=True)
    costs.measured("deblurred", 1, 448 * 448, 0.012)
    assert deblur_side(costs, "deblurred", 0.015) == 448
    assert deblur_side(costs, "deblurred", 0.008) == 320
    assert deblur_side(costs, "deblurred", 0.001) == LIVE_DEBLUR_SIDES[-1]
    # The plan follows: every deconvolution of a blurred 600-px region is made at the side given.
    blurred = np.kron(np.random.default_rng(1).integers(0, 2, (60, 60), dtype=np.uint8) * 255,
                      np.ones((10, 10), np.uint8))
    import cv2
    frame = np.full((720, 1280), 200, np.uint8)
    frame[60:660, 340:940] = cv2.GaussianBlur(blurred, (0, 0), 4.0)
    picture = prepare(frame, still=False)
    regions = [picture.region(r) for r in picture.code_like]
    for side in (448, 320):
        attempts = plan_attempts(None, regions, [_Decoder(_Clock(), 0.0)], live=True, deblur_side=lambda kind: side)
        first = [a for a in attempts if a.kind.startswith("deblurred")]
        assert first and first[0].pixels <= side * side


def test_the_last_codes_place_is_read_once_when_a_code_like_region_is_there() -> None:
    """The last code's place used to be cut and read, and then the code-like region about there read again:
    a zxing-cpp read more in most live frames (the median frame was 1.1x zxing-cpp's whole-frame read).
    Now the region there is read first, in its stead; the place is read only when nothing code-like is there."""
    clock = _Clock()
    decoder = _Decoder(clock, 0.0)
    reader = PipelineReader(decoders=[decoder], clock=clock)
    frame = _live_frame()
    region = prepare(frame, still=False).code_like[0]
    size = (1280, 720)
    reader.hint = (region.grown(20, 20, prepare(frame, still=False).rect), size)
    reader.decode_quick(frame)
    assert decoder.calls == 1
    elsewhere = type(region)(0, 0, 200, 200)
    decoder.calls = 0
    reader.hint = (elsewhere, size)
    reader.decode_quick(frame)
    assert decoder.calls == 2  # the place (the code may be there, not code-like under glare), then the region


def test_the_turn_carries_over_while_the_hard_cases_are_about_the_same_place() -> None:
    """A code held up goes on where the last frame stopped; something in another place (another code,
    another scene) starts at the most promising attempt, not wherever the last thing's search had got to."""
    from verifier_app.decode.geometry import Rect
    from verifier_app.decode.still.live_turn import LiveTurn

    turn = LiveTurn(start_turn=5)
    turn.follow(Rect(400, 100, 500, 500))
    assert turn.turn == 5  # the first frame: as left by earlier frames
    turn.turn, turn.starved = 7, 2
    turn.follow(Rect(420, 90, 480, 520))  # the same code, held a little to the right
    assert turn.turn == 7
    turn.follow(Rect(0, 0, 300, 300))  # something else
    assert turn.turn == 0
    assert turn.starved == 2  # the debt is about the machine's time, not the thing: it stays
