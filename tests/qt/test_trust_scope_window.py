"""Issue 19 §1: the window says whose trust judged a verdict, in plain words, on the verdict screen and in
the status bar; a station set up by the system administrator shows no such line."""

from __future__ import annotations

import datetime as dt

import pytest

from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.trust.store import StationStore
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.engine import Verdict

from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401 - fixtures

pytest.importorskip("pytestqt")

PER_USER = "Trust set up on this account, not by a system administrator"


def test_a_per_user_station_says_so_on_the_verdict_screen(qtbot, live, licence):  # noqa: F811
    authority, store = live
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    assert "set up on this account (per-user)" in window.trust_label.text()
    assert not window.verdict.trust_note.isVisible()  # no verdict yet: nothing to qualify
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as shown:
        window.verify_text(authority.issue(licence, at=SystemClock().now()), "scanner")
    assert shown.args[0].verdict is Verdict.VALID
    assert window.verdict.trust_note.isVisible() and window.verdict.trust_note.text() == PER_USER
    assert "#b3261e" not in window.verdict.trust_note.styleSheet()  # plain, not the red of an invalid verdict
    window.verdict.show_entry(window.last_entry)  # a reopened entry says it too, from the row itself
    assert window.verdict.trust_note.isVisible() and window.verdict.trust_note.text() == PER_USER
    window.verdict.retranslate("zh")
    window.verdict.show_result(shown.args[0], None)
    assert window.verdict.trust_note.isVisible()


def test_a_system_station_shows_no_such_line(qtbot, system_folder, tmp_path, licence):
    from verifier_app.issuer.authority import Authority

    now = SystemClock().now()
    authority = Authority.create(tmp_path / "auth", code="CN-BJ", name="Beijing", now=now - dt.timedelta(days=2))
    store = StationStore(tmp_path / "station")
    store.install_root((authority.directory / "root-cert.pem").read_bytes())
    store.import_bundle(authority.make_bundle(now=now - dt.timedelta(minutes=5)))
    window = make_window(qtbot, store, Cameras(RuntimeError("no camera")))
    assert "set up by the system administrator" in window.trust_label.text()
    with qtbot.waitSignal(window.verdict_shown, timeout=5000):
        window.verify_text(authority.issue(licence, at=SystemClock().now()), "scanner")
    assert not window.verdict.trust_note.isVisible()
    with AuditLog.in_data_dir(store.data_dir) as audit:
        assert audit.get(window.last_entry.id).trust_scope == "system"
