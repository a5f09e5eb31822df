"""Finding and reading codes in images.

The reader sits behind a small interface (:class:`CodeReader`) with a
factory, like Electrum's QR reader: when the native zbar library is missing
the factory raises :class:`DecoderUnavailable` saying what to install,
instead of an ImportError deep in a scan.

Only the two symbologies DL1 uses are enabled (QR and Code 128): fewer
symbologies means less work per frame and fewer false reads.  Phones in
dark mode show light-on-dark codes, so a failed pass is retried inverted.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

import cv2
import numpy as np

from verifier_app.decode.geometry import Rect
from verifier_app.errors import DecoderUnavailable, InputUnreadable


class Symbology(str, enum.Enum):
    QR = "QR-Code"
    CODE128 = "Code 128"


@dataclass(frozen=True)
class DecodedSymbol:
    symbology: Symbology
    text: str
    rect: Rect  # where it is in the frame
    inverted: bool = False


@dataclass(frozen=True)
class QuickLook:
    """What the cheap idle-time look at a live frame saw (``decode_quick``)."""

    symbols: tuple[DecodedSymbol, ...]
    code_like: bool  # something code-like is in view, read or not


@runtime_checkable
class CodeReader(Protocol):
    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        """All codes in a BGR or grey image; empty when there are none."""
        ...


@runtime_checkable
class LiveReader(CodeReader, Protocol):
    """A reader that knows camera frames come 33 ms apart (the pipeline is one).

    ``LiveScanner`` drives these two methods; a plain :class:`CodeReader`
    goes through :func:`as_live_reader` first.  Spelled out as a protocol so
    that a wrapper (a timing shim in a test, say) that forgets one of them is
    caught by the type checker, instead of silently losing the cheap idle
    look as it did when the scanner probed with ``getattr``.
    """

    def decode_live(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        """One camera frame, within a frame period's budget."""
        ...

    def decode_quick(self, image: np.ndarray) -> QuickLook:
        """The cheap idle-time look: fast decoding of code-like regions only."""
        ...


class _PlainLiveReader:
    """A plain CodeReader seen as a LiveReader: every live frame gets ``decode``, and there is no quick look."""

    def __init__(self, reader: CodeReader) -> None:
        self.reader = reader

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        return self.reader.decode(image)

    def decode_live(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        return self.reader.decode(image)

    def decode_quick(self, image: np.ndarray) -> QuickLook:
        # Nothing read and nothing code-like seen: while idle, LiveScanner then skips the frame
        # and keeps to its slow safety-net rate, as it always did for a reader without a quick look.
        return QuickLook((), code_like=False)


def as_live_reader(reader: CodeReader) -> LiveReader:
    """``reader`` itself when it has both live methods, else an adapter.

    The adapter decodes every live frame in full (``decode``) and has no
    cheap look, so an idle ``LiveScanner`` skips all but its safety-net
    frames.  A reader with only one of the live methods is treated as plain:
    half a live reader is more likely a mistake than a design.
    """
    if isinstance(reader, LiveReader):
        return reader
    return _PlainLiveReader(reader)


def to_grey(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
    if image.ndim == 3 and image.shape[2] == 3:
        return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    raise InputUnreadable("the image has an unsupported pixel layout")


# zbar reads one- and two-character Code 128 symbols out of printed text and textures (a lone "C" in
# the ZXing corpus's code128-2 photos); no code DL1 uses is that short.
MIN_ZBAR_CODE128_CHARS = 3


class ZbarReader:
    """pyzbar on OpenCV images: a normal pass, then an inverted one (``only``: one kind of code)."""

    def __init__(self, *, only: Symbology | None = None) -> None:
        try:
            from pyzbar import pyzbar  # type: ignore[import-untyped]
        except ImportError as exc:  # pyzbar raises ImportError when libzbar is missing
            raise DecoderUnavailable(f"The barcode library libzbar could not be loaded ({exc}).") from None
        self._pyzbar = pyzbar
        self._names = {"QRCODE": Symbology.QR, "CODE128": Symbology.CODE128}
        self._symbols = [getattr(pyzbar.ZBarSymbol, name) for name, s in self._names.items() if only in (None, s)]

    def _pass(self, grey: np.ndarray, inverted: bool) -> list[DecodedSymbol]:
        found = []
        for symbol in self._pyzbar.decode(grey, symbols=self._symbols):
            try:
                text = symbol.data.decode("utf-8")
            except UnicodeDecodeError:
                text = symbol.data.decode("latin-1")
            if symbol.type == "CODE128" and len(text) < MIN_ZBAR_CODE128_CHARS:
                continue
            r = symbol.rect
            found.append(DecodedSymbol(self._names[symbol.type], text, Rect(r.left, r.top, r.width, r.height), inverted))
        return found

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        grey = np.ascontiguousarray(to_grey(image))
        if grey.size == 0:
            return ()
        found = self._pass(grey, inverted=False)
        if not found:
            found = self._pass(cv2.bitwise_not(grey), inverted=True)
        unique: dict[tuple[Symbology, str], DecodedSymbol] = {}
        for symbol in found:
            unique.setdefault((symbol.symbology, symbol.text), symbol)
        return tuple(unique.values())


class ZxingReader:
    """zxing-cpp, limited to QR and Code 128 (its default, all formats, is about six times slower).

    ``only``: one kind of code.  QR codes alone cost a third as much (looking for Code 128 scans
    every line of the picture): the verify path's first look, which only a QR code can end.
    """

    def __init__(self, *, only: Symbology | None = None) -> None:
        try:
            import zxingcpp
        except ImportError as exc:
            raise DecoderUnavailable(f"zxing-cpp could not be loaded ({exc}).",
                                     "Reinstall the verifier: pip install zxing-cpp") from None
        self._zx = zxingcpp
        self._names = {zxingcpp.BarcodeFormat.QRCode: Symbology.QR, zxingcpp.BarcodeFormat.Code128: Symbology.CODE128}
        self._formats = tuple(f for f, s in self._names.items() if only in (None, s))

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        grey = np.ascontiguousarray(to_grey(image))
        if grey.size == 0:  # zxing-cpp raises on an empty view
            return ()
        found = []
        # zxing-cpp 3 asks for a tuple (``|`` is deprecated); its stub still says BarcodeFormats.
        for r in self._zx.read_barcodes(grey, formats=self._formats):  # type: ignore[arg-type]
            if not r.valid or r.format not in self._names:
                continue
            xs = [r.position.top_left.x, r.position.top_right.x, r.position.bottom_left.x, r.position.bottom_right.x]
            ys = [r.position.top_left.y, r.position.top_right.y, r.position.bottom_left.y, r.position.bottom_right.y]
            found.append(DecodedSymbol(self._names[r.format], r.text, Rect.from_corners(min(xs), min(ys), max(xs), max(ys)),
                                       bool(getattr(r, "is_inverted", False))))
        return tuple(found)


def narrowed(reader: CodeReader, symbology: Symbology) -> CodeReader | None:
    """The same decoder looking for one kind of code alone (cheaper); None where it can't be narrowed."""
    if isinstance(reader, ZxingReader):
        return ZxingReader(only=symbology)
    if isinstance(reader, ZbarReader):
        return ZbarReader(only=symbology)
    return None


class FakeReader:
    """A reader that returns given texts (for tests of code above the reader)."""

    def __init__(self, results: Sequence[Sequence[DecodedSymbol]]) -> None:
        self._results = list(results)

    def decode(self, image: np.ndarray) -> tuple[DecodedSymbol, ...]:
        return tuple(self._results.pop(0)) if self._results else ()
