"""The window's status bar says when trust last came from the fleet, graded like a bundle's staleness."""

from __future__ import annotations

import datetime as dt

import pytest

from verifier_app.fleet.state import STALE_AFTER, sync_state
from verifier_app.station.trust.store import StationStore
from verifier_app.verify.clock import FixedClock

from tests.qt.test_gui import Cameras, make_window

from .conftest import REAL_NOW

pytest.importorskip("pytestqt")


def _window(qtbot, store, **kwargs):
    """The real window; its camera stopped at once: only the status bar is under test here.  (A window whose
    camera keeps retrying can crash pytest-qt's event processing after the test in some collections,
    on main too: see the report of branch i-tuf.)"""
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")), **kwargs)
    window.stop_camera()
    return window


def test_sync_state_reads_the_last_success_and_a_later_failure(fleet):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    store = StationStore(v[1])
    never = sync_state(store, REAL_NOW)
    assert never.subscribed and never.last_success is None and never.stale
    assert fleet.sync(v)[0] == 0
    synced = sync_state(store, dt.datetime.now(dt.timezone.utc))
    assert synced.last_success is not None and not synced.stale and synced.last_failure is None
    assert sync_state(store, synced.last_success + STALE_AFTER + dt.timedelta(seconds=1)).stale
    fleet.server.stop()
    assert fleet.sync(v)[0] == 2
    failed = sync_state(store, dt.datetime.now(dt.timezone.utc))
    assert failed.last_success == synced.last_success and "can't be reached" in (failed.last_failure or "")
    assert not sync_state(StationStore(fleet.tmp / "alone"), REAL_NOW).subscribed


def test_the_status_bar_shows_the_last_sync_and_grades_it(qtbot, fleet):
    fleet.publish(fleet.bundle(1))
    v = fleet.station("station-a")
    assert fleet.sync(v)[0] == 0
    store = StationStore(v[1])
    at = sync_state(store, REAL_NOW).last_success
    assert at is not None
    window = _window(qtbot, store, clock=FixedClock(at + dt.timedelta(minutes=12)))
    text = window.trust_label.text()
    assert "Trust data: current" in text and "fleet sync 12 min 0 s ago" in text and "OUT OF DATE" not in text
    assert "#1b6e32" in window.trust_label.styleSheet()
    window.clock = FixedClock(at + dt.timedelta(days=2))  # the bundle is still current, the sync is not
    window._show_trust_state()
    assert "fleet sync 2 days ago: OUT OF DATE" in window.trust_label.text()
    assert "#8a5300" in window.trust_label.styleSheet()


def test_a_station_without_a_fleet_shows_nothing_of_it(qtbot, fleet):
    store = StationStore(fleet.tmp / "island")
    window = _window(qtbot, store)
    assert "fleet" not in window.trust_label.text()
