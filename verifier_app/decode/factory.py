"""Building the station's code reader.

Apart from :mod:`verifier_app.decode.readers` because the reader it builds
(the pipeline) is itself made of those readers: with the factory in
``readers``, readers and pipeline imported each other.  Here the
dependencies run one way: factory -> pipeline -> readers.
"""

from __future__ import annotations

from typing import Any

from verifier_app.decode.still.pipeline import PipelineReader
from verifier_app.decode.readers import ZbarReader, ZxingReader
from verifier_app.errors import DecoderUnavailable


def create_reader(*, exhaustive: bool = False, **options: Any) -> PipelineReader:
    """The station's code reader (the pipeline); raises DecoderUnavailable with the fix.

    ``exhaustive`` lists every code in a picture instead of stopping at the first QR code.
    ``options`` go to :class:`PipelineReader` (``budget``, ``live_budget``, ``clock``,
    ``start_turn``): tests use them to take the machine's speed out of the budget.
    """
    # ZbarReader first: when libzbar is missing, its DecoderUnavailable names what to install.
    zbar = ZbarReader()
    return PipelineReader(zbar=zbar, zxing=optional_zxing(), exhaustive=exhaustive, **options)


def optional_zxing() -> ZxingReader | None:
    try:
        return ZxingReader()
    except DecoderUnavailable:
        return None  # pyzbar alone still works; the pipeline is just less robust
