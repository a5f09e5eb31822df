"""The window and status lists: a .dlstatus file dropped or opened is imported; a listed code reads INVALID."""

from __future__ import annotations

import datetime as dt

import pytest

from verifier_app.dl1.credential import StatusReference
from verifier_app.errors import InputUnreadable
from verifier_app.issuer.holder import load_holder
from verifier_app.issuer.status_lists import list_uri, make_status_delta, make_status_list
from verifier_app.qt.settings.settings_dialog import describe_trust
from verifier_app.verify.clock import SystemClock
from verifier_app.verify.engine import Verdict

from tests.conftest import RESOURCES
from tests.qt.test_gui import Cameras, live, make_window  # noqa: F401  (live is a fixture)

pytest.importorskip("pytestqt")


def test_a_status_list_and_its_delta_opened_in_the_window_take_effect_at_once(qtbot, tmp_path, live):
    authority, store = live
    now = SystemClock().now()
    window = make_window(qtbot, store, Cameras(InputUnreadable("no camera here")))
    holder = load_holder(RESOURCES / "sample-holder.json")
    code = authority.issue(holder, at=now, status_ref=StatusReference(41, list_uri(authority)))

    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as before:
        window.verify_text(code)
    assert before.args[0].verdict is Verdict.VALID  # no list yet: a warning, not a verdict
    assert [r.code.value for r in before.args[0].reasons] == ["status_list_missing"]

    v1 = make_status_list(authority, size=100_000, entries=[(41, 2)], now=now - dt.timedelta(minutes=1))
    (tmp_path / "cn-bj.dlstatus").write_bytes(v1)
    window.scan_file(tmp_path / "cn-bj.dlstatus")
    assert window.verifier.trust.status_lists["CN-BJ"].version == 1
    assert "Status list CN-BJ version 1" in window.statusBar().currentMessage()
    assert "Status list" in describe_trust(store.load()) and "100,000" in describe_trust(store.load())

    window.clear_result()
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as listed:
        window.verify_text(authority.issue(holder, at=SystemClock().now(),
                                           status_ref=StatusReference(41, list_uri(authority))))
    assert listed.args[0].verdict is Verdict.INVALID
    shown = " ".join(label.text() for label in window.verdict.findChildren(type(window.trust_label)))
    assert "suspended" in shown and "the code says: valid" in shown  # the list's word, then the code's claim

    v2 = make_status_list(authority, size=100_000, entries=[], now=now)
    (tmp_path / "day2.dlstatus").write_bytes(make_status_delta(authority, old=v1, new=v2, now=now))
    window.scan_file(tmp_path / "day2.dlstatus")
    assert window.verifier.trust.status_lists["CN-BJ"].version == 2
    window.clear_result()
    with qtbot.waitSignal(window.verdict_shown, timeout=5000) as reinstated:
        window.verify_text(authority.issue(holder, at=SystemClock().now(),
                                           status_ref=StatusReference(41, list_uri(authority))))
    assert reinstated.args[0].verdict is Verdict.VALID
