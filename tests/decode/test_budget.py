"""A still's budget is kept: no hard-case attempt is begun that its measured cost says would overrun it."""

from __future__ import annotations

import numpy as np
import pytest

from verifier_app.decode.still.costs import FIXED_COSTS, STARTING_RATES, Costs
from verifier_app.decode.still.pipeline import PipelineReader
from verifier_app.decode.readers import DecodedSymbol

BUDGET = 0.3
SECONDS_PER_PIXEL = 2e-7  # a 300x300 region's variant "costs" 18 ms, twice upscaled 72 ms


class _Clock:
    """Time that moves only when the fake decoder works: reading it costs nothing."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class _SlowDecoder:
    """Reads nothing, and takes a known time per pixel of what it is given (on the fake clock)."""

    def __init__(self, clock: _Clock, seconds_per_pixel: float = SECONDS_PER_PIXEL) -> None:
        self.clock = clock
        self.rate = seconds_per_pixel

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        self.clock.now += image.shape[0] * image.shape[1] * self.rate
        return ()


def _no_code_but_code_like() -> np.ndarray:
    """A photo with a patch of code-like contrast in which nothing can be read: every hard case is tried."""
    picture = np.full((600, 800), 200, np.uint8)
    rng = np.random.default_rng(3)
    blocks = rng.integers(0, 2, (30, 30), dtype=np.uint8) * 255
    picture[150:450, 250:550] = np.kron(blocks, np.ones((10, 10), np.uint8))
    return picture


def test_a_still_never_begins_an_attempt_that_would_overrun_its_budget() -> None:
    clock = _Clock()
    reader = PipelineReader(decoders=[_SlowDecoder(clock)], clock=clock, budget=BUDGET)
    picture = _no_code_but_code_like()
    reader.decode(picture)  # the first picture measures what each kind of attempt costs here
    for _ in range(3):
        start = clock.now
        assert reader.decode(picture) == ()
        assert clock.now - start <= BUDGET + 1e-9, f"{clock.now - start:.3f} s for a {BUDGET} s budget"


def test_the_budget_still_buys_attempts() -> None:
    """Not begun when it would overrun is not never begun: the picture still gets most of its budget."""
    clock = _Clock()
    reader = PipelineReader(decoders=[_SlowDecoder(clock)], clock=clock, budget=BUDGET)
    picture = _no_code_but_code_like()
    reader.decode(picture)
    start = clock.now
    reader.decode(picture)
    assert clock.now - start > BUDGET / 2


def test_work_never_measured_is_predicted_from_the_starting_rates() -> None:
    """A reader's first picture (the window's first file, the command line's only one) has measured
    nothing: each kind of work is predicted at its starting rate, not as free, until measured here."""
    costs = Costs(STARTING_RATES)
    pixels = 500_000
    for (kind, decoders), rate in STARTING_RATES.items():
        assert costs.predict(kind, decoders, pixels) == pytest.approx(Costs.MARGIN * rate * pixels)
    costs.measured("CLAHE", 2, pixels, 0.010)
    assert costs.predict("CLAHE", 2, pixels) == pytest.approx(Costs.MARGIN * 0.010)
    # A kind with no starting rate: at the cheapest rate measured with the same decoders.
    assert costs.predict("something new", 2, pixels) == pytest.approx(Costs.MARGIN * 0.010)


def _many_regions() -> np.ndarray:
    """A big photo of many separate patches of code-like contrast: reading each region costs time too."""
    picture = np.full((3000, 4000), 200, np.uint8)
    rng = np.random.default_rng(5)
    for row in range(3):
        for col in range(3):
            blocks = rng.integers(0, 2, (40, 40), dtype=np.uint8) * 255
            y, x = 200 + row * 950, 300 + col * 1250
            picture[y : y + 800, x : x + 800] = np.kron(blocks, np.ones((20, 20), np.uint8))
    return picture


def test_reading_the_regions_keeps_the_budget() -> None:
    """Step 2 (the first decoder on each region) is predicted like the hard cases: in a photo with many big
    regions, a region is not read when reading it would overrun the budget."""
    clock = _Clock()
    budget = 0.15
    # zxing-cpp's pace on this project's machine: the whole 3-MP working copy 60 ms, each of the nine
    # regions 21 ms, so the budget runs out in the middle of the regions.
    reader = PipelineReader(decoders=[_SlowDecoder(clock, 2e-8)], clock=clock, budget=budget)
    picture = _many_regions()
    for _ in range(3):  # the first picture measures what a region read costs
        start = clock.now
        assert reader.decode(picture) == ()
        assert clock.now - start <= budget + 1e-9, f"{clock.now - start:.3f} s for a {budget} s budget"


def test_costs_are_kept_by_size_so_a_big_region_is_not_predicted_from_small_ones() -> None:
    """A decoder's cost per pixel on a big noisy region ran twice that on small ones."""
    costs = Costs(STARTING_RATES)
    costs.measured("median", 2, 50_000, 0.005)  # small regions: 1e-7 s a pixel
    assert costs.predict("median", 2, 1_000_000) == pytest.approx(Costs.MARGIN * 0.1)  # no big one yet
    costs.measured("median", 2, 300_000, 0.015)  # middling ones: 5e-8 s a pixel (a fixed cost spread)
    assert costs.predict("median", 2, 1_000_000) == pytest.approx(Costs.MARGIN * 0.05)  # the closest size
    costs.measured("median", 2, 1_000_000, 0.2)  # a big one: 2e-7 s a pixel
    assert costs.predict("median", 2, 1_200_000) == pytest.approx(Costs.MARGIN * 0.24)
    assert costs.predict("median", 2, 60_000) == pytest.approx(Costs.MARGIN * 0.006)  # small ones as measured


def test_work_with_a_fixed_cost_is_never_predicted_below_it() -> None:
    """The profile reader fits the whole code on a region reduced to 480 px: 20-45 ms whenever it finds an
    outline, however small the region (a few ms measured once where it found none must not make it look cheap)."""
    costs = Costs(STARTING_RATES)
    costs.measured("bars profile", 1, 30_000, 0.002)
    assert costs.predict("bars profile", 1, 30_000) == pytest.approx(FIXED_COSTS["bars profile"])
