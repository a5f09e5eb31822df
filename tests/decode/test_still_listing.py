"""Listing every code in a still (``verifier decode``) within the still budget: the whole picture is read
by the first decoder alone, and the finder-pattern searches are begun each when its own cost fits."""

from __future__ import annotations

import numpy as np

from verifier_app.decode.readers import DecodedSymbol, ZbarReader, ZxingReader
from verifier_app.decode.still.costs import STARTING_RATES, Costs
from verifier_app.decode.still.pipeline import END_RESERVE, PipelineReader
from verifier_app.decode.still.picture import prepare
from verifier_app.issuer.render import qr_image

from tests.decode.test_finders import TEXT, _dim_code_beside_a_streak


class _Spy:
    """pyzbar, remembering the size of every image it was given."""

    def __init__(self) -> None:
        self.reader = ZbarReader()
        self.shapes: list[tuple[int, ...]] = []

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        self.shapes.append(image.shape[:2])
        return self.reader.decode(image)


def _two_codes() -> np.ndarray:
    page = np.full((1500, 2000), 235, np.uint8)
    for (x, y), text in (((200, 300), "FIRST"), ((1200, 700), "SECOND CODE")):
        code = qr_image(text, module_px=8)
        page[y : y + code.shape[0], x : x + code.shape[1]] = code
    return page


def test_listing_reads_the_whole_picture_with_the_first_decoder_only():
    """pyzbar on a whole 3-megapixel working copy took 60-160 ms of a 150-ms budget; it joins on the regions."""
    spy = _Spy()
    page = _two_codes()
    reader = PipelineReader(decoders=[ZxingReader(), spy], exhaustive=True, budget=float("inf"))
    assert {s.text for s in reader.decode(page)} == {"FIRST", "SECOND CODE"}
    assert page.shape not in spy.shapes


class _FrozenClock:
    """Time that never moves: each step is begun or not on its predicted cost alone."""

    def __call__(self) -> float:
        return 0.0


def test_the_working_copys_finder_search_is_made_when_the_finer_one_would_not_fit_too():
    """On a 12-megapixel photo the two searches together were predicted past the budget and neither was
    made; the working copy's alone fits, and finds the dim code that only a tight crop reads."""
    scene, _ = _dim_code_beside_a_streak()
    frame = prepare(scene, still=True)
    coarse = frame.work.size
    finer = frame.finder_search_pixels() - coarse
    assert finer > 0
    rate = Costs.MARGIN * STARTING_RATES[("finder patterns", 1)]
    # Room for the working copy's search and half the finer one: not for both.
    budget = rate * (coarse + finer / 2) / (1 - END_RESERVE)
    reader = PipelineReader(decoders=[ZxingReader(), ZbarReader()], exhaustive=True, budget=budget,
                            clock=_FrozenClock())
    assert TEXT in {s.text for s in reader.decode(scene)}


class _Counting:
    """Reads nothing, and counts what it is given."""

    def __init__(self) -> None:
        self.calls = 0

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        self.calls += 1
        return ()


def _patches() -> np.ndarray:
    """Separate patches of code-like contrast in which nothing can be read: every step is tried."""
    picture = np.full((900, 1200), 200, np.uint8)
    rng = np.random.default_rng(5)
    for n, (x, y, side) in enumerate(((60, 60, 500), (700, 80, 300), (700, 500, 240), (100, 650, 200))):
        blocks = rng.integers(0, 2, (side // 10, side // 10), dtype=np.uint8) * 255
        picture[y : y + side, x : x + side] = np.kron(blocks, np.ones((10, 10), np.uint8))
    return picture


def test_a_still_whose_regions_cannot_all_be_planned_plans_those_that_fit():
    """Planning the hard cases of every region at once was all or nothing: when it did not fit, a photo's
    hard cases were given up with time left.  Now the regions whose planning fits half of what is left
    are planned, and their attempts made."""
    picture = _patches()
    frame = prepare(picture, still=True)
    assert len(frame.code_like) >= 3
    sizes = [frame.region_pixels(r) for r in frame.code_like]
    rate = Costs.MARGIN * STARTING_RATES[("planning", 1)]
    # Too little for planning every region, enough for the smaller ones in half of it (the finder
    # searches, predicted dearer, are not made).
    budget = rate * 0.9 * sum(sizes) / (1 - END_RESERVE)
    assert rate * max(min(sizes), Costs.MIN_PIXELS) <= budget * (1 - END_RESERVE) / 2
    decoder = _Counting()
    reader = PipelineReader(decoders=[decoder], clock=_FrozenClock(), budget=budget)
    reader.decode(picture)
    cheap_steps = len(reader._first_looks) + len(frame.code_like)  # the whole picture's looks, each region
    assert decoder.calls > cheap_steps
