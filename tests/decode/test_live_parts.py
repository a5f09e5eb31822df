"""The Qt-free parts of live scanning: roles, scanner bursts, repeats, frames, cameras."""

from __future__ import annotations

import threading

import numpy as np

from verifier_app.decode.sources.cameras import list_cameras
from verifier_app.decode.live_input.keyboard import ScannerBurstDetector
from verifier_app.decode.live_input.live import FpsMeter, LatestFrameSlot
from verifier_app.station.roles import Field, Role, mask_number, profile
from verifier_app.station.settings import StationSettings


def test_role_profiles():
    assert profile(Role.CHECKPOINT).document_number("BJ2026000001") == "BJ2026000001"
    assert profile(Role.RENTAL).document_number("BJ2026000001") == "••••••••0001"
    assert not profile(Role.RENTAL).shows(Field.STATUS) and profile(Role.RENTAL).shows(Field.PORTRAIT)
    assert profile(Role.INSURANCE).shows(Field.STATUS) and not profile(Role.INSURANCE).shows(Field.PORTRAIT)
    assert mask_number("AB1") == "•••"


def test_scanner_burst_detector():
    d = ScannerBurstDetector()
    for i, ch in enumerate("DLN:BJ2026000001"):
        d.key(ch, i * 8.0)
    assert d.enter(130.0) == "DLN:BJ2026000001"
    for i, ch in enumerate("DLN:BJ2026000001"):
        d.key(ch, i * 150.0)  # a person typing
    assert d.enter(16 * 150.0) is None
    for i, ch in enumerate("ABC"):
        d.key(ch, i * 5.0)  # too short to be a code
    assert d.enter(20.0) is None
    d.key("x", 0)
    d.key("D", 1000)  # a pause resets: only the fast tail counts
    for i, ch in enumerate("LN:BJ1"):
        d.key(ch, 1001 + i * 5.0)
    assert d.enter(1040.0) == "DLN:BJ1"


def test_a_burst_is_judged_back_to_where_a_code_starts():
    import re

    d = ScannerBurstDetector(code_start=re.compile("DL1:|DLN:"))
    for at, piece in ((0, "DLN:BJ20"), (200, "2600"), (400, "0001")):  # a code split by two stalls
        for i, ch in enumerate(piece):
            d.key(ch, at + i * 5.0)
    assert d.enter(420.0) == "DLN:BJ2026000001"
    for i, ch in enumerate("BJ2026000001"):  # a fast burst that is no code: the Enter is the focus's
        d.key(ch, i * 5.0)
    assert d.enter(60.0) is None
    for at, ch in enumerate("DLN:BJ2026000001"):  # typed by hand, Enter hit quickly: not a scan
        d.key(ch, at * 150.0)
    assert d.enter(16 * 150.0 - 140) is None
    d.key("D", 1000.0)
    assert d.enter(900.0) is None  # time running backwards is a break, never a short gap


def test_latest_frame_slot_keeps_only_the_newest():
    slot = LatestFrameSlot()
    for i in range(5):
        slot.put(np.full((2, 2), i, np.uint8))
    assert slot.take(0.01)[0, 0] == 4 and slot.dropped == 4
    assert slot.take(0.01) is None
    got = []
    t = threading.Thread(target=lambda: got.append(slot.take(2.0)))
    t.start()
    slot.put(np.zeros((1, 1), np.uint8))
    t.join(3)
    assert got and got[0] is not None


def test_fps_meter():
    m = FpsMeter()
    rates = [m.tick(at=i / 30) for i in range(40)]
    assert 29 <= rates[-1] <= 31


def test_list_cameras_reads_sysfs(tmp_path):
    for node, name, index in (("video0", "Integrated Webcam", "0"), ("video1", "Integrated Webcam", "1"),
                              ("video2", "USB Camera", "0")):
        (tmp_path / node).mkdir()
        (tmp_path / node / "name").write_text(name + "\n")
        (tmp_path / node / "index").write_text(index + "\n")
    cams = list_cameras(tmp_path)
    assert [(c.index, c.name) for c in cams] == [(0, "Integrated Webcam (/dev/video0)"), (2, "USB Camera (/dev/video2)")]
    assert list_cameras(tmp_path / "absent") == ()


def test_settings_policy():
    s = StationSettings(max_qr_age_s=90, clock_skew_s=10, required_category=" c1 ")
    p = s.policy()
    assert (p.max_qr_age_s, p.clock_skew_s, p.required_category) == (90, 10, "c1")
    assert StationSettings().policy().required_category is None


class _CountingReader:
    """A reader that counts the full and the quick looks it is asked for."""

    def __init__(self):
        self.full = self.quick = 0
        self.code_in_view = False  # readable
        self.code_like = False  # something code-like, readable or not

    def _codes(self):
        from verifier_app.decode.readers import DecodedSymbol, Symbology

        return (DecodedSymbol(Symbology.QR, "DL1:X", (0, 0, 1, 1)),) if self.code_in_view else ()

    def decode(self, frame):
        self.full += 1
        return self._codes()

    def decode_live(self, frame):
        return self.decode(frame)

    def decode_quick(self, frame):
        from verifier_app.decode.readers import QuickLook

        self.quick += 1
        return QuickLook(self._codes(), self.code_like or self.code_in_view)


def test_live_scanner_backs_off_when_nothing_is_in_view():
    from verifier_app.decode.live_input.live import LiveScanner

    reader = _CountingReader()

    now = [0.0]
    scanner = LiveScanner(reader, idle_after_s=1.0, idle_every=10, clock=lambda: now[0])
    frame = np.zeros((4, 4), np.uint8)
    for _ in range(30):  # the first second: the full pipeline on every frame
        scanner.scan(frame)
        now[0] += 1 / 30
    assert (reader.full, reader.quick) == (30, 0)
    for _ in range(300):  # ten idle seconds: the full pipeline on one frame in ten, the quick look on the rest
        scanner.scan(frame)
        now[0] += 1 / 30
    assert 29 <= reader.full - 30 <= 31 and reader.quick >= 265
    reader.code_in_view = True  # a code appears: read on that very frame
    assert scanner.scan(frame)[0].text == "DL1:X"
    assert not scanner.idle


def test_live_scanner_looks_harder_while_something_code_like_is_in_view():
    """A blurred code held up after a quiet spell gets the full pipeline every fourth frame, not every tenth."""
    from verifier_app.decode.live_input.live import LiveScanner

    now = [0.0]
    reader = _CountingReader()
    scanner = LiveScanner(reader, idle_after_s=1.0, idle_every=10, idle_every_code_like=4, clock=lambda: now[0])
    for _ in range(60):  # two seconds of an empty counter: idle
        scanner.scan(np.zeros((4, 4), np.uint8))
        now[0] += 1 / 30
    assert scanner.idle
    reader.full = 0
    reader.code_like = True  # code-like, but the quick look can't read it
    for _ in range(30):
        scanner.scan(np.zeros((4, 4), np.uint8))
        now[0] += 1 / 30
    assert 7 <= reader.full <= 8
    reader.code_like = False  # gone again: back to one in ten
    reader.full = 0
    for _ in range(60):
        scanner.scan(np.zeros((4, 4), np.uint8))
        now[0] += 1 / 30
    assert 5 <= reader.full <= 7


class _PlainReader:
    """A CodeReader with no live methods at all."""

    def __init__(self):
        self.full = 0

    def decode(self, frame):
        from verifier_app.decode.readers import DecodedSymbol, Symbology

        self.full += 1
        return (DecodedSymbol(Symbology.QR, "DL1:P", (0, 0, 1, 1)),)


def test_live_readers_are_used_as_they_are_and_plain_readers_adapted():
    from verifier_app.decode.readers import LiveReader, as_live_reader

    counting = _CountingReader()
    assert isinstance(counting, LiveReader) and as_live_reader(counting) is counting
    plain = _PlainReader()
    assert not isinstance(plain, LiveReader)
    adapted = as_live_reader(plain)
    assert isinstance(adapted, LiveReader)
    assert adapted.decode_live(None)[0].text == "DL1:P" and plain.full == 1
    look = adapted.decode_quick(None)  # no cheap look: nothing read, nothing code-like, no work done
    assert look.symbols == () and not look.code_like and plain.full == 1


def test_live_scanner_with_a_plain_reader_decodes_only_its_safety_net_frames_while_idle():
    from verifier_app.decode.live_input.live import LiveScanner

    now = [0.0]
    plain = _PlainReader()
    scanner = LiveScanner(plain, idle_after_s=1.0, idle_every=10, clock=lambda: now[0])
    frame = np.zeros((4, 4), np.uint8)
    assert scanner.scan(frame)[0].text == "DL1:P"  # not idle: every frame decoded in full
    now[0] = 5.0  # idle (the code was last seen five seconds ago)
    results = [scanner.scan(frame) for _ in range(10)]
    assert results[:9] == [None] * 9 and results[9][0].text == "DL1:P"
    assert plain.full == 2


def test_the_pipeline_is_a_live_reader():
    from verifier_app.decode.factory import create_reader
    from verifier_app.decode.readers import LiveReader

    assert isinstance(create_reader(), LiveReader)
