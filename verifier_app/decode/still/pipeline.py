"""The decoding pipeline: faster and more robust than any single decoder.

Measured in benchmarks/bench_decoders.py (results in docs/benchmarks.md).
For each frame, cheapest first, stopping as soon as a QR code is read
(unless it lists every code: ``exhaustive``):

1. grey once, and a working copy of a big photo (``decode/still/picture.py``:
   a 12-megapixel still is not searched at full size);
   find *code-like regions* on a 320-px-wide copy (640 for a big still):
   gradient energy, closed into blobs, well under a millisecond; frames
   without anything code-like stop here in live scanning (``LiveScanner``).
   A still picture is first read whole at that working size, as zxing-cpp
   alone would read it, on the verify path for QR codes alone (a third of
   the cost), then for barcodes: most photos end here.  A photo taken in the
   dark is read whole once more, its contrast equalised;
2. zxing-cpp on each region (a crop is much cheaper than the frame), the
   region where the last code was first; a region is cut from the full
   picture and reduced only when it is big (``picture.REGION_SIDE``).  In a
   still, big regions are then zoomed into (a sheet holding several small
   codes) and the smaller regions found in them read the same way; then QR
   finder patterns cut tight regions around codes (``decode/still/finders.py``: a
   dim code beside a glare streak is one loose blob with it), read and given
   CLAHE and local contrast first (the working copy's search, then the
   finer one in the biggest regions, each when its own cost fits);
3. when there is no code-like region at all: a live frame gets zxing-cpp
   on a half-size copy, which still reads a code filling the view and
   costs a quarter as much, and that is all;
4. the hard cases, most promising first (``decode/still/attempts.py``): the
   deconvolution of a region's measured blur, a live frame's whole frame,
   pyzbar on the regions, a still's colour channels, image variants.  A still
   picture goes through them in order within 150 ms.  A live frame has
   19 ms and the next frame carries on where it stopped (while the hard
   cases are about the same place), so a code held up for half a second
   gets them all; its variants go to zxing-cpp only and are made from
   regions reduced to a live frame's size, its deconvolutions at 448 px
   (cut smaller when a frame can't hold that; at 640 px later in the
   turn, for dense codes).  A frame left with no time owes the next one
   an attempt, made past the budget up to a hard stop at 1.5 budgets;
   work predicted to cost more than a whole frame is passed over.
   A region that looks like bars (a Code 128 barcode, maybe held at an
   angle) is rectified along them and scanned line by line, or read from
   its profile (``decode/bars/barcodes.py``): first in a still, right after the
   deconvolutions in a live frame.

Every step after the first look is begun only when its predicted cost
(:class:`~verifier_app.decode.still.costs.Costs`: measured here, per kind of work and size) fits what is left
of the budget, less the last 5 % (a live frame's: the median of its recent costs, with no margin).

A still picture with contrast everywhere but no separate code-like region (a
code filling the picture, an artistic QR code) is taken whole as one region;
a live frame like that gets one cheap look, since the next frame is 33 ms away.

A Code 128 barcode alone never stops the search: the phone shows the QR
code and the barcode together, and the QR code is the one that proves
something.  Listing every code (``verifier decode``), the whole picture is
read by the first decoder (the others join on the regions: pyzbar on a whole
3-megapixel copy took most of the budget) and the hard cases go on for every
region in which no code was read yet; a still whose hard regions can't all be
planned in time plans those that fit.
"""

from __future__ import annotations

import time
from typing import Callable, Sequence

import numpy as np

from verifier_app.decode.still.attempts import plan_attempts
from verifier_app.decode.still.costs import LIVE_STARTING_RATES, STARTING_RATES, Costs
from verifier_app.decode.still.finders import tight_attempts
from verifier_app.decode.still.hard_cases import Found, hard_regions, plannable, work_through
from verifier_app.decode.still.live_turn import LIVE_BUDGET, LIVE_HARD_STOP, LIVE_MARGIN, LiveTurn, deblur_side
from verifier_app.decode.geometry import Rect
from verifier_app.decode.still.picture import Frame, may_hold_a_qr_code, prepare, zoomed_regions
from verifier_app.decode.readers import CodeReader, DecodedSymbol, QuickLook, Symbology, ZbarReader, ZxingReader, narrowed
from verifier_app.decode.scaling import shrink_by

# Seconds for a still picture on the verify path: its p95 target.  The photos in which no code can be read
# run the whole budget; 300 ms read a QR code in 205 of the BoofCV photos, 150 ms in 194 (docs/benchmarks.md).
STILL_BUDGET = 0.15
LISTING_BUDGET = 1.0  # seconds for a still picture when every code is listed (``verifier decode``)
# The last part of a budget is kept for what can't be predicted (work running over its predicted
# cost, the bookkeeping after the last attempt): no work is begun that would run into it.
END_RESERVE = 0.05


def _hint_first(hint: list[Rect], code_like: list[Rect]) -> list[Rect]:
    """The regions to read, the last code's place first: a code-like region about there, else the place."""
    for rect in code_like if hint else ():
        if rect.overlap(hint[0]) >= 0.5 and max(rect.area, hint[0].area) <= 2 * min(rect.area, hint[0].area):
            return [rect] + [r for r in code_like if r is not rect]
    return hint + code_like


class PipelineReader:
    """A CodeReader (and LiveReader) built from zxing-cpp and pyzbar; see the module docstring.

    The decoders come either as ``zbar``/``zxing`` (the station's: zxing-cpp
    first, it is the faster) or as ``decoders``, in order of preference: the
    first one does the cheap looks, the others join in on the hard cases.

    ``budget`` and ``live_budget`` are seconds per still picture and per
    camera frame, as measured by ``clock`` (a still's: :data:`STILL_BUDGET`
    on the verify path, :data:`LISTING_BUDGET` listing every code).  The clock is injectable so that
    tests can drive the budget (a clock that advances a fixed step per call,
    or an infinite budget) and never depend on how busy the machine is.

    ``exhaustive`` lists every code in a picture (``verifier decode``)
    instead of stopping at the first QR code (the verify path).

    ``start_turn`` is where in the hard-case rotation the first live frame
    starts, as if earlier frames of something else had left it there.
    """

    def __init__(self, *, zbar: ZbarReader | None = None, zxing: ZxingReader | None = None,
                 decoders: Sequence[CodeReader] | None = None, budget: float | None = None,
                 live_budget: float = LIVE_BUDGET,
                 clock: Callable[[], float] = time.perf_counter, exhaustive: bool = False,
                 start_turn: int = 0) -> None:
        if decoders is None:
            decoders = [d for d in (zxing, zbar) if d is not None]
        elif zbar is not None or zxing is not None:
            raise TypeError("give either decoders or zbar/zxing, not both")
        if not decoders:
            raise ValueError("the pipeline needs at least one decoder")
        if start_turn < 0:
            raise ValueError("start_turn must not be negative")
        self.decoders: tuple[CodeReader, ...] = tuple(decoders)
        self.budget_s = budget if budget is not None else LISTING_BUDGET if exhaustive else STILL_BUDGET
        self.live_budget_s = live_budget
        self._clock = clock
        self._live = LiveTurn(start_turn)  # where the hard cases stand between live frames
        # How long each kind of work takes here: none is begun that would overrun.  Kept apart for stills
        # and live frames (a live frame's variants are made from reduced regions, its deconvolutions
        # are smaller), each with its own starting rates.
        self._still_costs = Costs(STARTING_RATES)
        self._live_costs = Costs(LIVE_STARTING_RATES, margin=LIVE_MARGIN, typical=True)
        # The verify path's first look at a still: QR codes, then barcodes (see _read_whole).
        qr, bars = (narrowed(self.decoders[0], kind) for kind in (Symbology.QR, Symbology.CODE128))
        self._first_looks = (qr, bars) if qr is not None and bars is not None else self.decoders[:1]
        self.exhaustive = exhaustive
        # Where the last QR code was, and the size of the frame it was in; one tuple, so that the
        # camera's thread and a file's never see the place of one with the size of the other.
        self.hint: tuple[Rect, tuple[int, int]] | None = None

    def decode_quick(self, image: np.ndarray) -> QuickLook:
        """Steps 1-2 only, and whether anything code-like was in view (live scanning while idle)."""
        symbols, code_like = self._decode(image, quick=True, budget_s=self.budget_s, live=True)
        return QuickLook(symbols, code_like)

    def decode_live(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        """One camera frame: a frame period's budget, and successive frames take turns at the variants."""
        return self.decode(image, budget_s=self.live_budget_s, live=True)

    def decode(self, image: np.ndarray, *, quick: bool = False, budget_s: float | None = None,
               live: bool = False) -> tuple[DecodedSymbol, ...]:
        """``quick``: only the first decoder on the code-like regions (see ``decode_quick``).

        ``live``: a camera frame, with a frame period's budget; a frame with nothing code-like gets
        one cheap look, since the next frame comes soon.  A still picture gets 150 ms, and when
        contrast is everywhere but nothing stands out as code-like, the whole picture is searched.
        """
        return self._decode(image, quick=quick, budget_s=self.budget_s if budget_s is None else budget_s,
                            live=live)[0]

    def _decode(self, image: np.ndarray, *, quick: bool, budget_s: float,
                live: bool) -> tuple[tuple[DecodedSymbol, ...], bool]:
        """The codes found, and whether anything code-like was in view."""
        start = self._clock()
        until = start + budget_s * (1 - END_RESERVE)
        frame = prepare(image, still=not live)
        found = Found(stop_at_qr=not self.exhaustive)
        still = not live and not quick
        costs = self._live_costs if live else self._still_costs

        def finish() -> tuple[tuple[DecodedSymbol, ...], bool]:
            # A code read is something code-like in view: the regions need not be looked for then.
            return self._done(found, frame.rect), bool(found.symbols) or bool(frame.code_like)

        if still and self._read_whole(frame, found):
            return finish()
        if still and frame.dark:  # a photo taken in the dark: once more, its contrast equalised
            if found.add(self.decoders[0].decode(frame.lifted()), frame.rect, frame.work_factor):
                return finish()
        code_like = list(frame.code_like)
        # A live frame's code-like region at the last code's place is read first, instead of that place cut
        # anew (reading both cost a frame a zxing-cpp read more); the place itself when nothing code-like is there.
        regions = _hint_first(self._hint_within(frame.rect), code_like) if live else self._hint_within(frame.rect) + code_like
        read_bars: list[Rect] = []  # regions in which a barcode was read
        # The first regions are read whatever the clock says (a live frame's hint and largest region, a
        # still's largest region, the idle look's hint and three regions); the others when they fit.
        free = 4 if quick else 1 if still else 2
        if self._read_regions(frame, regions, found, read_bars, costs, until=until, free=free) or quick:
            return finish()
        if still:
            done, code_like = self._look_closer(frame, code_like, found, read_bars, costs, until=until)
            if done:
                return finish()
        if not regions and (live or not frame.busy):  # nothing code-like: one look is all it is worth
            if live:
                self._one_look(frame, found)
            return finish()
        hard = hard_regions(frame, code_like, regions, live)
        if live and hard:
            self._live.follow(hard[0])
        if self.exhaustive:
            hard = [r for r in hard if not found.covers(r)]
        # Planning the hard cases (cutting the regions, measuring their blur and bars) costs milliseconds
        # a region too: only when that is predicted to fit (or owed: see LiveTurn.owes).
        planned = sum(frame.region_pixels(r) for r in hard)
        began = self._clock()
        owed = live and self._live.owes(began, until, budget_s)
        hard_stop = self._live.hard_stop(start, budget_s)
        planning = costs.predict("planning", 1, planned)
        if began + planning > (hard_stop if owed else until):
            if still:  # a still plans the regions that fit instead of giving the hard cases up
                hard = plannable(frame, hard, costs, began, until)
                planned = sum(frame.region_pixels(r) for r in hard)
                planning = costs.predict("planning", 1, planned)
            if not hard or live:
                self._live.starved += live
                return finish()
        if read_bars and not self.exhaustive:
            # The verify path with a barcode read and no QR code: only regions that may hold a QR code
            # are worth the hard cases (a picture of a barcode alone is done here, not after the whole budget).
            hard = [r for r in hard if may_hold_a_qr_code(frame.region(r).grey)]
        whole = frame.whole() if live else None  # a still's whole picture was read first
        # A deconvolution is cut to what an owed frame can hold (a frame with less room passes it on), and
        # never left dearer than a whole frame: then it would be passed over (see _attempt_each).
        room = min(start + LIVE_HARD_STOP * budget_s - began - planning, budget_s)
        attempts = plan_attempts(whole, [frame.region(r, colour=not live) for r in hard], self.decoders, live=live,
                                 deblur_side=(lambda kind: deblur_side(costs, kind, room)) if live else None)
        work_through(attempts, found, costs, clock=self._clock, turn=self._live, live=live, until=until, owed=owed, planning=(planned, began),
                           hard_stop=hard_stop, frame_s=budget_s)
        return finish()

    def _look_closer(self, frame: Frame, code_like: list[Rect], found: Found, read_bars: list[Rect], costs: Costs,
                     *, until: float) -> tuple[bool, list[Rect]]:
        """A still's step 2b: big regions zoomed into, then tight regions around QR finder patterns
        (``decode/still/finders.py``: a dim code beside a glare streak reads from a tight crop only), read and
        given CLAHE and local contrast.  True once the search can stop; and the code-like regions with
        the new ones (the tight ones first in line for the hard cases)."""
        zoomed = [sub for rect in code_like[:3] for sub in zoomed_regions(frame, rect)]
        if self._read_regions(frame, zoomed, found, read_bars, costs, until=until, free=0):
            return True, code_like
        code_like = code_like + zoomed
        # The working copy's search first, then the finer one in the biggest regions: each begun only when
        # its own predicted cost fits (together, on a 12-megapixel photo, they never did).
        rects: list[Rect] = []
        for kind, pixels_of, codes_of in (
                ("finder patterns", frame.coarse_search_pixels, lambda: frame.coarse_finder_codes),
                ("finer finder patterns", frame.finer_search_pixels, lambda: frame.finer_finder_codes)):
            began, pixels = self._clock(), pixels_of()
            if not pixels or began + costs.predict(kind, 1, pixels) > until:
                continue
            codes = codes_of()
            costs.measured(kind, 1, pixels, self._clock() - began)
            tight = [c for c in codes if not found.covers(c.rect)]
            rects += [c.rect for c in tight]
            tight_work = tight_attempts([(frame.region(c.rect), c.module) for c in tight], self.decoders)
            if (self._read_regions(frame, [c.rect for c in tight], found, read_bars, costs, until=until, free=0)
                    or work_through(tight_work, found, costs, clock=self._clock, turn=self._live, live=False, until=until)):
                return True, rects + code_like
        return False, rects + code_like

    def _read_regions(self, frame: Frame, regions: list[Rect], found: Found, read_bars: list[Rect],
                      costs: Costs, *, until: float, free: int) -> bool:
        """Step 2: the first decoder on each region; True once the search can stop.  The regions in
        which a barcode was read go into ``read_bars``.  The first ``free`` regions are read whatever
        the clock says; the others only when their predicted cost (:class:`~verifier_app.decode.still.costs.Costs`) still fits."""
        first = self.decoders[0]
        running: tuple[int, float] | None = None  # the region being read (its pixels) and when it began
        try:
            for n, rect in enumerate(regions):
                if n >= free:  # (the free ones don't read the clock: a test's step clock counts reads)
                    now = self._clock()
                    if running is not None:  # the clock read here ends the last read: its cost
                        costs.measured("region", 1, running[0], now - running[1])
                        running = None
                    pixels = frame.region_pixels(rect)
                    if now + costs.predict("region", 1, pixels) > until:
                        if now > until:
                            return False
                        continue  # a smaller region may still fit
                    running = (pixels, now)
                region = frame.region(rect)
                symbols = first.decode(region.grey)
                if found.add(symbols, rect, region.factor):
                    return True
                if any(s.symbology is Symbology.CODE128 for s in symbols):
                    read_bars.append(rect)
            return False
        finally:
            if running is not None:
                costs.measured("region", 1, running[0], self._clock() - running[1])

    def _read_whole(self, frame: Frame, found: Found) -> bool:
        """Step 1b, a still's: the whole (working-size) picture, as zxing-cpp alone would read it, by the
        first decoder.  True once the search can stop.

        On the verify path it looks for QR codes first, alone: only a QR code ends the search, and
        most photos end here at a third of the cost; then for barcodes.  Listing every code, it looks
        for both at once, and the other decoders are left to the regions: pyzbar on a whole
        3-megapixel working copy took 60-160 ms (its line scans, twice when the inverted pass runs),
        most of a 150-ms budget, and every code it read there was read in a region or a tight crop
        too (the BoofCV photos, docs/benchmarks.md)."""
        for decoder in self.decoders[:1] if self.exhaustive else self._first_looks:
            if found.add(decoder.decode(frame.work), frame.rect, frame.work_factor):
                return True
        return False

    def _one_look(self, frame: Frame, found: Found) -> None:
        """Step 3: nothing code-like stands out.  If contrast is everywhere, a code may fill the view,
        so the whole frame; otherwise one look at a half-size copy, at a quarter of the cost."""
        work, factor = frame.work, frame.work_factor
        if work.shape[1] > 800 and not frame.busy:
            work, factor = shrink_by(work, 0.5), factor * 0.5
        found.add(self.decoders[0].decode(work), frame.rect, factor)


    def _hint_within(self, frame: Rect) -> list[Rect]:
        """The last code's place, if it was found in a frame of this size (not some other picture)."""
        hint = self.hint
        return [hint[0]] if hint is not None and hint[1] == (frame.width, frame.height) else []

    def _done(self, found: Found, frame: Rect) -> tuple[DecodedSymbol, ...]:
        qr = [s for s in found.symbols.values() if s.symbology is Symbology.QR]
        if qr:
            r = qr[0].rect
            self.hint = (r.grown(r.width // 3 + 8, r.height // 3 + 8, frame), (frame.width, frame.height))
            self._live.turn = 0  # the next code starts at the most promising attempt
        else:
            self.hint = None
        return tuple(found.symbols.values())
