"""The pipeline's newer stages, each on an image the test makes: a barcode at an angle, a QR code
with coloured finder patterns, a picture with several codes listed whole."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from verifier_app.decode.bars.barcodes import bar_direction, looks_like_bars, read_oblique_barcodes, rectified
from verifier_app.decode.factory import create_reader
from verifier_app.decode.geometry import Rect
from verifier_app.decode.still.picture import prepare
from verifier_app.decode.readers import Symbology, ZbarReader, ZxingReader
from verifier_app.issuer.render import code128_image, qr_image
from verifier_app.issuer.scenes import oblique_barcode_scene

LICENCE_NUMBER = "DLN:110101199001011234"


def _infinite_budget():
    return create_reader(budget=float("inf"))


@pytest.mark.parametrize("tilt, roll, size", [(45, 20, (1280, 720)), (60, -10, (1280, 720)), (30, -25, (640, 480))])
def test_a_barcode_at_an_angle_is_rectified_along_its_bars_and_read(tilt, roll, size):
    scene = oblique_barcode_scene(code128_image(LICENCE_NUMBER), tilt_deg=tilt, roll_deg=roll, size=size, seed=3)
    assert LICENCE_NUMBER not in {s.text for s in ZxingReader().decode(scene)}  # else this proves nothing
    assert LICENCE_NUMBER not in {s.text for s in ZbarReader().decode(scene)}
    [symbol] = [s for s in _infinite_budget().decode(scene) if s.text == LICENCE_NUMBER]
    assert symbol.symbology is Symbology.CODE128


def test_rectifying_stands_the_bars_upright_and_levels_the_code():
    barcode = code128_image(LICENCE_NUMBER)
    turned = cv2.warpAffine(np.pad(barcode, 60, constant_values=255),
                            cv2.getRotationMatrix2D((barcode.shape[1] / 2 + 60, barcode.shape[0] / 2 + 60), 25, 1.0),
                            (barcode.shape[1] + 120, barcode.shape[0] + 120), borderValue=255)
    assert looks_like_bars(turned) and not looks_like_bars(qr_image("not bars", module_px=4))
    direction = bar_direction(turned)
    assert abs(((direction.across_deg + 25) + 90) % 180 - 90) < 3  # the bars turned 25 degrees
    upright = rectified(turned, direction.across_deg)
    h, w = upright.shape
    assert abs(bar_direction(upright[h // 3 : 2 * h // 3, w // 3 : 2 * w // 3]).across_deg) < 6
    [symbol] = read_oblique_barcodes(turned, [ZxingReader()], Rect.of_image(turned))
    assert symbol.text == LICENCE_NUMBER and symbol.rect == Rect.of_image(turned)


def _coloured_finders(text: str) -> np.ndarray:
    """An 'artistic' QR code on a grey card: the finder patterns printed in a yellow-green exactly as
    light as the card, so grey conversion makes them vanish."""
    module = 6
    grey = qr_image(text, module_px=module)
    image = cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)
    side = grey.shape[0]
    quiet, finder = 4 * module, 7 * module
    for x0, y0 in ((quiet, quiet), (side - quiet - finder, quiet), (quiet, side - quiet - finder)):
        patch = image[y0 : y0 + finder, x0 : x0 + finder]
        patch[grey[y0 : y0 + finder, x0 : x0 + finder] == 0] = (0, 255, 180)  # BGR yellow-green, luminance 203
    image[grey == 0] = np.where(image[grey == 0] == (0, 0, 0), (90, 40, 0), image[grey == 0])  # dark blue ink
    image[grey == 255] = (203, 203, 203)  # the card
    return np.pad(image, ((40, 40), (40, 40), (0, 0)), constant_values=203)


def test_a_code_with_coloured_finder_patterns_is_read_from_its_colour_channels():
    text = "HTTPS://EXAMPLE.ORG/ARTISTIC-CODE-42"
    image = _coloured_finders(text)
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    assert text not in {s.text for s in ZxingReader().decode(grey)}  # grey throws the finders away
    assert text not in {s.text for s in ZbarReader().decode(grey)}
    assert text in {s.text for s in _infinite_budget().decode(image)}


def _several_codes() -> tuple[np.ndarray, set[str]]:
    """A 12-megapixel 'photo' with three QR codes and a licence barcode, one code small."""
    rng = np.random.default_rng(3)
    canvas = np.clip(rng.normal(120, 10, (3000, 4000)), 0, 255).astype(np.uint8)
    places = {"FIRST CODE ON THE DESK": (300, 400, 16), "SECOND CODE, FURTHER AWAY": (2300, 500, 12),
              "THIRD": (2901, 2101, 2)}
    for text, (x, y, module) in places.items():
        code = qr_image(text, module_px=module)
        canvas[y : y + code.shape[0], x : x + code.shape[1]] = code
    texts = set(places)
    bar = code128_image(LICENCE_NUMBER)
    bar = cv2.resize(bar, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)
    canvas[2300 : 2300 + bar.shape[0], 400 : 400 + bar.shape[1]] = bar
    return canvas, texts | {LICENCE_NUMBER}


def test_a_picture_with_several_codes_is_listed_whole():
    picture, texts = _several_codes()
    listed = {s.text for s in create_reader(exhaustive=True, budget=float("inf")).decode(picture)}
    assert listed == texts
    # The verify path stops at the first QR code it reads, and reads one.
    assert any(s.symbology is Symbology.QR for s in _infinite_budget().decode(picture))


def test_listing_goes_on_after_the_whole_picture_pass_found_one():
    """The whole-picture pass (on the working copy of a big photo) reads the big codes only; listing
    still finds the small one, in its region cut from the full picture."""
    picture, texts = _several_codes()
    work = prepare(picture, still=True).work
    whole = {s.text for s in ZxingReader().decode(work)} | {s.text for s in ZbarReader().decode(work)}
    assert whole and whole != texts  # else this proves nothing
    assert {s.text for s in create_reader(exhaustive=True, budget=float("inf")).decode(picture)} == texts


def _qr_and_barcode() -> np.ndarray:
    page = np.full((700, 900), 255, np.uint8)
    qr = qr_image("the QR code", module_px=6)
    page[40 : 40 + qr.shape[0], 40 : 40 + qr.shape[1]] = qr
    bar = code128_image(LICENCE_NUMBER)
    page[560 : 560 + bar.shape[0], 40 : 40 + bar.shape[1]] = bar
    return page


@pytest.mark.parametrize("make", [ZxingReader, ZbarReader], ids=["zxing-cpp", "zbar"])
def test_a_decoder_narrowed_to_one_kind_of_code_reads_only_that_kind(make):
    """The verify path's first look at a still is for QR codes alone (a third of zxing-cpp's cost), then
    for barcodes."""
    page = _qr_and_barcode()
    assert {s.symbology for s in make().decode(page)} == {Symbology.QR, Symbology.CODE128}
    assert {s.text for s in make(only=Symbology.QR).decode(page)} == {"the QR code"}
    assert {s.text for s in make(only=Symbology.CODE128).decode(page)} == {LICENCE_NUMBER}


def test_a_barcode_filling_the_picture_is_still_read_on_the_verify_path():
    """Its bars stand out as several small regions, none of which holds the whole code: the whole
    picture's second look (barcodes) reads it."""
    [symbol] = create_reader().decode(code128_image("00"))
    assert symbol.symbology is Symbology.CODE128 and symbol.text == "00"


def _licence_screen_out_of_focus(sigma: float) -> np.ndarray:
    """A licence's screen as the phone shows it, the QR code above the barcode on one white card (one
    region), out of focus: zxing-cpp reads neither, the barcode is read without help."""
    qr = qr_image("DL1:" + "A" * 300, module_px=4)
    bar = code128_image(LICENCE_NUMBER, module_px=3, height_px=90)
    card = np.full((qr.shape[0] + bar.shape[0] + 60, max(qr.shape[1], bar.shape[1]) + 40), 255, np.uint8)
    card[20 : 20 + qr.shape[0], 20 : 20 + qr.shape[1]] = qr
    card[40 + qr.shape[0] : 40 + qr.shape[0] + bar.shape[0], 20 : 20 + bar.shape[1]] = bar
    frame = np.full((720, 1280), 90, np.float32)
    y, x = (720 - card.shape[0]) // 2, (1280 - card.shape[1]) // 2
    frame[y : y + card.shape[0], x : x + card.shape[1]] = card
    frame = cv2.GaussianBlur(frame, (0, 0), sigma) + np.random.default_rng(1).normal(0, 4, frame.shape)
    return np.clip(frame, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("sigma", [2.0, 2.2])
def test_the_qr_code_beside_a_barcode_read_at_once_is_not_given_up(sigma):
    """On the verify path, once a barcode is read only regions that may hold a QR code get the hard
    cases; the licence screen's one region holds both and measures in between: it must stay."""
    screen = _licence_screen_out_of_focus(sigma)
    assert not ZxingReader().decode(screen)  # else this proves nothing
    found = {s.symbology for s in _infinite_budget().decode(screen)}
    assert found == {Symbology.QR, Symbology.CODE128}


def test_a_photo_taken_in_the_dark_is_read_with_its_contrast_equalised():
    """A sheet of codes photographed in a dark room: modules between grey levels 2 and 10, nothing the
    decoders' binarisers or the code-like regions see.  Read whole once more, its contrast equalised."""
    page = np.full((900, 1200), 255, np.uint8)
    for n, (y, x) in enumerate([(100, 100), (150, 650), (520, 400)]):
        code = qr_image(f"Version {n + 1} QR in the dark", module_px=6)
        page[y : y + code.shape[0], x : x + code.shape[1]] = code
    rng = np.random.default_rng(4)
    dark = 2 + page.astype(np.float32) * (8 / 255) + rng.normal(0, 0.6, page.shape)
    dark = cv2.GaussianBlur(dark, (0, 0), 1.0)
    photo = np.clip(np.round(dark), 0, 255).astype(np.uint8)
    assert not ZxingReader().decode(photo) and not ZbarReader().decode(photo)  # else this proves nothing
    assert prepare(photo, still=True).dark
    listed = {s.text for s in create_reader(exhaustive=True).decode(photo)}
    assert listed == {f"Version {n + 1} QR in the dark" for n in range(3)}
    assert create_reader().decode(photo)  # the verify path reads one too
