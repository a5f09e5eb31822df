"""From frames to a verdict: the loop every input shares (camera, file, video).

Kept apart from the reader and the engine so that the command line and the
window do exactly the same thing with a frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np

from verifier_app.dl1.credential import BARCODE_PREFIX, QR_PREFIX
from verifier_app.verify.engine import CodeKind, VerificationResult, Verifier, Verdict
from verifier_app.decode.readers import CodeReader, DecodedSymbol


@dataclass(frozen=True)
class ScanOutcome:
    result: VerificationResult | None  # None: no code was found at all
    symbols: tuple[DecodedSymbol, ...]  # every distinct code seen
    frames_read: int


def _rank(result: VerificationResult) -> tuple[int, int]:
    # A signed QR beats a bare barcode; among equals, VALID beats the rest.
    kind = {CodeKind.QR: 2, CodeKind.BARCODE: 1}.get(result.kind, 0)
    return kind, 1 if result.verdict is Verdict.VALID else 0


def looks_like_licence_code(text: str) -> bool:
    return text.startswith(QR_PREFIX) or text.startswith(BARCODE_PREFIX)


def best_result(results: Iterable[VerificationResult]) -> VerificationResult | None:
    best = None
    for result in results:
        if best is None or _rank(result) > _rank(best):
            best = result
    return best


def scan_frames(frames: Iterable[np.ndarray], *, reader: CodeReader, verifier: Verifier) -> ScanOutcome:
    """Decode frames until a QR code verifies as valid or the frames end.

    Each distinct text is verified once (a code sits in many frames).  Codes
    that are not licence codes at all are still reported in ``symbols``.
    """
    seen: dict[str, VerificationResult] = {}
    symbols: dict[str, DecodedSymbol] = {}
    count = 0
    for frame in frames:
        count += 1
        for symbol in reader.decode(frame):
            symbols.setdefault(symbol.text, symbol)
            if symbol.text in seen:
                continue
            seen[symbol.text] = verifier.verify(symbol.text)
        best = best_result(seen.values())
        if best is not None and best.kind is CodeKind.QR and best.verdict is Verdict.VALID:
            break
    licence_results = [r for t, r in seen.items() if looks_like_licence_code(t)]
    result = best_result(licence_results) or best_result(seen.values())
    return ScanOutcome(result, tuple(symbols.values()), count)
