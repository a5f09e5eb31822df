"""What the verdict panel says, in the officer's words: local times, names, no jargon up front."""

from __future__ import annotations

import datetime as dt

import pytest

from verifier_app.verify.clock import FixedClock, SystemClock

from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401 - fixtures

pytest.importorskip("pytestqt")




def test_a_chinese_name_is_written_without_a_space(qtbot, live, licence):  # noqa: F811
    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    window.verify_text(authority.issue(licence, at=SystemClock().now()))
    assert licence.family_name + licence.given_name in window.verdict.holder.text()
    assert f"{licence.family_name} {licence.given_name}" not in window.verdict.holder.text()


def test_parser_words_wait_behind_details(qtbot, live):  # noqa: F811
    _, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    window.verify_text("DL1:%%%%")  # not Base45 at all
    shown = window.verdict.reasons.text() + window.verdict.subtitle.text() + window.verdict.issuer.text()
    for jargon in ("Base45", "zlib", "COSE", "CBOR", "2.5.4.97"):
        assert jargon not in shown
    assert window.verdict.details_button.isVisible() and not window.verdict.details.isVisible()
    window.verdict.details_button.click()
    assert window.verdict.details.isVisible() and "malformed" in window.verdict.details.text()


def test_times_are_the_stations_local_time_with_its_offset(qtbot, live, licence, shanghai):  # noqa: F811
    authority, store = live
    now = dt.datetime(2026, 12, 3, 12, 40, 5, tzinfo=dt.timezone.utc)  # 20:40:05 in Shanghai
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")), clock=FixedClock(now))
    window.verify_text(authority.issue(licence, at=now - dt.timedelta(seconds=64)))
    freshness = window.verdict.freshness.text()
    assert "20:39:01" in freshness and "UTC+08:00" in freshness and "12:39" not in freshness
    assert "1 min 4 s ago" in freshness or "64 s ago" in freshness
    entry = window.last_entry
    window.show_entry(entry)
    local = entry.at_datetime.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")
    assert local in window.verdict.word.text()


def test_chinese_durations_have_no_english_units(qtbot, live, licence):  # noqa: F811
    from verifier_app.station.settings import StationSettings

    authority, store = live
    now = SystemClock().now()
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")), clock=FixedClock(now),
                         settings=StationSettings(sound=False, language="zh"),
                         apply_language=lambda lang: "zh")
    window.verify_text(authority.issue(licence, at=now - dt.timedelta(minutes=10, seconds=4)))
    shown = window.verdict.freshness.text() + window.verdict.reasons.text()
    assert "10 分 4 秒前" in shown or "10分4秒前" in shown
    assert " min" not in shown and " s " not in shown


def test_the_zone_offset_is_written_once_on_screen(qtbot, live, licence, shanghai):  # noqa: F811
    authority, store = live
    now = SystemClock().now()
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")), clock=FixedClock(now))
    window.verify_text(authority.issue(licence, at=now - dt.timedelta(minutes=7)))  # stale: its expiry is a time
    shown = window.verdict.reasons.text() + window.verdict.freshness.text()
    assert shown.count("UTC+08:00") == 1
