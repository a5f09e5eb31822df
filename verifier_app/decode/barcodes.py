"""Code 128 barcodes held at an angle (placeholder, filled in below)."""

from __future__ import annotations

import numpy as np

from verifier_app.decode.readers import CodeReader, DecodedSymbol


def read_oblique_barcodes(grey: np.ndarray, decoder: CodeReader) -> tuple[DecodedSymbol, ...]:
    return ()
