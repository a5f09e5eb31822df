"""The hard cases' turn: where they are tried, how much planning a still can afford, and working
through the attempts within the budget (a live frame carrying on where the last one stopped).

Apart from :mod:`~verifier_app.decode.still.pipeline`, which decides when to begin them, because this
is the part that spends the budget: every attempt's predicted cost against the time left, and its
measured cost after.  ``Found`` is the codes read so far, shared by every step.
"""

from __future__ import annotations

from typing import Callable, Iterable

from verifier_app.decode.geometry import Rect
from verifier_app.decode.readers import DecodedSymbol, Symbology
from verifier_app.decode.still.attempts import Attempt
from verifier_app.decode.still.costs import Costs
from verifier_app.decode.still.live_turn import LiveTurn
from verifier_app.decode.still.picture import Frame


class Found:
    """The codes read so far (each text once), and whether the search can stop."""

    def __init__(self, *, stop_at_qr: bool) -> None:
        self.symbols: dict[tuple[Symbology, str], DecodedSymbol] = {}
        self.stop_at_qr = stop_at_qr

    def add(self, symbols: Iterable[DecodedSymbol], origin: Rect | None = None, factor: float = 1.0,
            warped: bool = False) -> bool:
        """Take ``symbols`` (read in an image of ``origin`` scaled by ``factor``, or warped from it);
        True: stop searching."""
        for s in symbols:
            rect = s.rect if origin is None else origin if warped else s.rect.to_frame(origin, factor)
            self.symbols.setdefault((s.symbology, s.text), DecodedSymbol(s.symbology, s.text, rect, s.inverted))
        return self.done

    @property
    def done(self) -> bool:
        return self.stop_at_qr and any(s.symbology is Symbology.QR for s in self.symbols.values())

    def covers(self, rect: Rect) -> bool:
        """The codes read fill most of ``rect`` (listing: its hard cases are not needed).  A region
        holding two codes, one read, is not covered: the other one may need the hard cases."""
        inside = sum(s.rect.overlap(rect) * min(s.rect.area, rect.area) for s in self.symbols.values())
        return inside >= 0.4 * rect.area


def hard_regions(frame: Frame, code_like: list[Rect], regions: list[Rect], live: bool) -> list[Rect]:
    """Where the hard cases are tried: the code-like regions (the last code's place is one of them
    when the code is still there), else that place; in a still picture with contrast nearly
    everywhere, the whole of it first (a code filling it, an artistic QR code), even when
    smaller regions stand out too (the print around a code that fills most of the picture).
    A picture with nothing code-like at all (an empty room, a video's frames before the phone
    comes up) got its one look: it is not worth a budget of variants."""
    if frame.busy and not live:  # a blob of contrast filling the picture may be the code itself
        return [frame.rect] + (code_like or regions)
    return code_like or regions


def plannable(frame: Frame, hard: list[Rect], costs: Costs, now: float, until: float) -> list[Rect]:
    """A still's hard regions whose planning fits half of what is left, in their order (a region
    too dear is passed over for the smaller ones after it); the other half is kept for the attempts.
    Planning them all (a 12-megapixel photo's whole picture and its regions: 60-85 ms predicted)
    used to be all or nothing: the photo's hard cases were given up."""
    left = (until - now) / 2
    kept: list[Rect] = []
    pixels = 0
    for rect in hard:
        more = frame.region_pixels(rect)
        if costs.predict("planning", 1, pixels + more) <= left:
            kept.append(rect)
            pixels += more
    return kept


def work_through(attempts: list[Attempt], found: Found, costs: Costs, *, clock: Callable[[], float], turn: LiveTurn,
                 live: bool, until: float, owed: bool = False, planning: tuple[int, float] | None = None,
                 hard_stop: float = 0.0, frame_s: float = float("inf")) -> bool:
    """Step 4 while time allows; True once the search can stop.

    A still picture goes through the attempts in order and stops at its budget; a live frame
    starts where the last frame stopped, so a code held up for a few frames gets them all.  An
    attempt is begun only while the budget lasts: a live frame whose cheap steps took it all
    leaves its turn to a later frame, which then makes one attempt whatever the clock says
    (``owed``: see LiveTurn.owes) if it is predicted to end by ``hard_stop``.  An attempt predicted to cost
    more than a whole frame (``frame_s``) is passed over.  A region of bars in which the rectified
    barcode was read needs nothing more.
    """
    first = turn.turn % len(attempts) if live and attempts else 0
    made_before = turn.made
    try:
        return _attempt_each(attempts, first, found, costs, clock=clock, turn=turn, live=live, until=until, owed=owed,
                             planning=planning, hard_stop=hard_stop, frame_s=frame_s)
    finally:
        if live and attempts:
            turn.starved = turn.starved + 1 if turn.made == made_before else 0


def _attempt_each(attempts: list[Attempt], first: int, found: Found, costs: Costs, *, clock: Callable[[], float],
                  turn: LiveTurn, live: bool, until: float, owed: bool, planning: tuple[int, float] | None,
                  hard_stop: float, frame_s: float) -> bool:
    """The attempts from ``first`` on, while the budget lasts (one past it if ``owed``: by ``hard_stop``).

    An attempt whose predicted cost (:class:`~verifier_app.decode.still.costs.Costs`) would take it past the budget is not begun:
    a still goes on to cheaper ones that may still fit; a live frame stops there, and the next
    frame starts with it (and makes it past the budget, up to the hard stop, if this frame made
    none).  A live frame passes over an attempt predicted to cost more than a whole frame
    (``frame_s``): made anyway, it would be the frame that misses its slot (see Costs.passed_over
    for how a cost measured in a hiccup does not keep it out for good)."""
    barcodes: set[Rect] = set()  # regions of bars in which a barcode was read: done
    running: tuple[Attempt, float] | None = None  # the attempt under way and when it began
    try:
        for n in range(len(attempts)):
            attempt = attempts[(first + n) % len(attempts)]
            if attempt.origin in barcodes:
                continue
            now = clock()
            if planning is not None:  # the first clock read here ends the planning: its cost
                costs.measured("planning", 1, planning[0], now - planning[1])
                planning = None
            if running is not None:  # the clock read here ends the last attempt: its cost
                costs.measured_attempt(running[0], now - running[1])
                running = None
            predicted = costs.predict(attempt.kind, len(attempt.decoders), attempt.pixels)
            if now + predicted > until and live and predicted > frame_s:
                costs.passed_over(attempt.kind, len(attempt.decoders), attempt.pixels)
                turn.turn += 1
                continue
            if now + predicted > until and not (owed and now + predicted <= hard_stop):
                if now > until or live:
                    return False
                continue  # a still: a cheaper attempt further on may still fit
            owed = False
            if live:
                turn.turn += 1
                turn.made += 1
            running = (attempt, now)
            image = attempt.make()
            for decoder in attempt.decoders:
                symbols = decoder.decode(image)
                if found.add(symbols, attempt.origin, attempt.factor, attempt.warped):
                    return True
                if attempt.warped and symbols:  # the region's barcode is read: pyzbar need not read it too
                    barcodes.add(attempt.origin)
                    break
        return False
    finally:
        if running is not None:
            costs.measured_attempt(running[0], clock() - running[1])
