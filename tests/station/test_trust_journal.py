"""Issue 19 §4: every trust change is in the audit log, even after kill -9.

A change is an intent row, the change, a completion row (trust_journal.py); opening the station
finishes or abandons in the log what a killed process left.  Two proofs: a kill before each step
of each change (deterministic: a forked child kills itself there), and a loop of real SIGKILLs at
seeded delays into a child importing bundles and removing/installing a root (whatever point each
kill hits, the invariant must hold, so the result doesn't depend on timing).  Real files, real
SQLite, real signatures.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from verifier_app.dl1 import certs
from verifier_app.dl1.bundle import open_bundle
from verifier_app.issuer.authority import Authority
from verifier_app.station import admin_audit
from verifier_app.station.trust import store as store_module, trust_journal, trust_state
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.trust.store import StationStore

from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]


def _rows(store: StationStore):
    with AuditLog.in_data_dir(store.data_dir) as audit:
        return audit.admin_entries()


def assert_the_log_holds_what_is_in_force(store: StationStore) -> list[str]:
    """Reopen the station; every root and bundle in force is the log's, the log's highest bundle is the
    one in force, nothing is left pending.  Returns the sources of the rows reopening wrote."""
    before = len(_rows(store)) if (store.data_dir / "audit.sqlite3").exists() else 0
    snapshot = StationStore(store.data_dir).load()
    assert snapshot.problems == ()
    rows = _rows(store)
    assert trust_journal.pending(rows) == []
    logged = trust_journal.in_force(rows)
    assert {p.stem for p in store.roots_dir.glob("*.pem")} == set(logged.roots)
    on_disk = {p.stem: p.read_bytes() for p in store.bundles_dir.glob("*.dltrust")}
    assert set(on_disk) == set(logged.bundles)
    state = json.loads(store.trust_state_path.read_text())["authorities"] if store.trust_state_path.exists() else {}
    for bundle in snapshot.bundles:
        code, seq = bundle.content.authority, bundle.content.sequence
        assert logged.holds_bundle(bundle.root_fingerprint, bundle.raw, seq)
        assert admin_audit.highest_sequence(store.data_dir, code) == seq  # the log's highest is the one in force
        assert state[code]["highest_sequence"] == seq  # and so is the trust state's
    return [r.source for r in rows[before:]]


# --------------------------------------------------- a kill before each step, deterministic


def _killed_at(step: int, change) -> None:
    """Run ``change()`` in a forked child that SIGKILLs itself just before its ``step``-th write
    (an audit row committed, or a file replaced): the moment between two steps a kill -9 can hit."""
    pid = os.fork()
    if pid == 0:  # the child: no cleanup, no pytest, like a killed process
        try:
            count = [0]

            def counting(real):
                def call(*args, **kwargs):
                    if count[0] == step:
                        os.kill(os.getpid(), signal.SIGKILL)
                    count[0] += 1
                    return real(*args, **kwargs)
                return call

            admin_audit.record = counting(admin_audit.record)
            store_module.atomic_write = counting(store_module.atomic_write)
            trust_state.atomic_write = counting(trust_state.atomic_write)
            change()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) == (step < 4) or os.WIFEXITED(status)


@pytest.mark.parametrize("step", range(5))  # before the intent, the file, the trust state, the completion; none
def test_a_bundle_import_killed_at_any_step_is_finished_or_abandoned_in_the_log(tmp_path, authority, step):
    store = StationStore(tmp_path / "st")
    store.install_root((authority.directory / "root-cert.pem").read_bytes(), now=NOW)
    store.import_bundle(authority.make_bundle(now=NOW - dt.timedelta(hours=1), sequence=1), now=NOW)
    new = authority.make_bundle(now=NOW, sequence=2)
    _killed_at(step, lambda: StationStore(store.data_dir).import_bundle(new, now=NOW))
    written = assert_the_log_holds_what_is_in_force(store)
    [bundle] = StationStore(store.data_dir).load().bundles
    made = step >= 2  # the bundle file is the deciding step
    assert bundle.content.sequence == (2 if made else 1)
    assert written == {0: [], 1: ["trust_change_abandoned"], 2: ["bundle_imported"], 3: ["bundle_imported"],
                       4: []}[step]
    if step in (2, 3):
        assert json.loads(_rows(store)[-1].details)["recovered"] is True
        assert json.loads(_rows(store)[-1].details)["bundle_sha256"] == trust_journal.sha256(new)
    assert StationStore(store.data_dir).newest_issued_at("CN-BJ") == int((NOW if made else
                                                                          NOW - dt.timedelta(hours=1)).timestamp())
    StationStore(store.data_dir).import_bundle(authority.make_bundle(now=NOW, sequence=3), now=NOW)  # carries on


@pytest.mark.parametrize("step", range(4))  # before the intent, the file, the completion; none
def test_a_root_install_killed_at_any_step_is_finished_or_abandoned_in_the_log(tmp_path, authority, step):
    store = StationStore(tmp_path / "st")
    data = (authority.directory / "root-cert.pem").read_bytes()
    _killed_at(step, lambda: StationStore(store.data_dir).install_root(data, now=NOW))
    written = assert_the_log_holds_what_is_in_force(store)
    assert len(StationStore(store.data_dir).load().roots) == (1 if step >= 2 else 0)
    assert written == {0: [], 1: ["trust_change_abandoned"], 2: ["root_installed"], 3: []}[step]


@pytest.mark.parametrize("step", range(3))  # before the intent, the completion (files are unlinked); none
def test_a_root_removal_killed_at_any_step_is_finished_or_abandoned_in_the_log(tmp_path, station, step):
    fp = certs.fingerprint(station.load().roots[0])
    _killed_at(step, lambda: StationStore(station.data_dir).remove_root(fp, now=NOW))
    assert_the_log_holds_what_is_in_force(station)
    assert StationStore(station.data_dir).load().roots == (() if step >= 1 else station.load().roots)


# --------------------------------------------------- a change the log never heard of


def test_a_root_or_bundle_put_in_a_per_user_folder_by_hand_is_reported_and_ignored(tmp_path, authority, station):
    stranger = Authority.create(tmp_path / "x", code="CN-SH", name="Shanghai", now=NOW - dt.timedelta(days=1))
    pem = (stranger.directory / "root-cert.pem").read_bytes()
    (station.roots_dir / f"{certs.fingerprint(stranger.root_cert)}.pem").write_bytes(pem)
    [bundle_path] = station.bundles_dir.glob("*.dltrust")
    old = bundle_path.read_bytes()
    station.import_bundle(authority.make_bundle(now=NOW), now=NOW)
    bundle_path.write_bytes(old)  # an older bundle copied back over the one in force: a rollback by hand
    snapshot = station.load()
    assert {p.path for p in snapshot.problems} == {str(bundle_path), str(station.roots_dir /
                                                   f"{certs.fingerprint(stranger.root_cert)}.pem")}
    assert all("audit log" in p.message for p in snapshot.problems)
    assert [certs.authority_code(r) for r in snapshot.roots] == ["CN-BJ"] and snapshot.bundles == ()
    station.install_root(pem, now=NOW)  # an administrator installing it records it
    assert len(station.load().roots) == 2


def test_the_same_bundle_can_be_recorded_again_after_the_log_was_replaced(tmp_path, station, authority):
    """A per-user log deleted with its anchor: the bundle on disk is no longer trusted, and importing that
    very file again (an administrator's action) records it, though its number is not newer."""
    [path] = station.bundles_dir.glob("*.dltrust")
    data = path.read_bytes()
    for leftover in station.data_dir.glob("audit.sqlite3*"):
        leftover.unlink()
    assert station.load().bundles == () and station.load().roots == ()
    station.install_root((authority.directory / "root-cert.pem").read_bytes(), now=NOW)
    station.import_bundle(data, now=NOW)
    assert [b.raw for b in station.load().bundles] == [data] and station.load().problems == ()


# --------------------------------------------------- real kill -9s in a loop


DELAYS = [round(random.Random(19).uniform(0.0, 0.5), 3) for _ in range(22)]


def test_kill_9_during_trust_changes_never_leaves_a_change_the_log_does_not_hold(tmp_path):
    now = dt.datetime.now(dt.timezone.utc)  # the child imports on the real clock
    a = Authority.create(tmp_path / "a", code="CN-BJ", name="Beijing", now=now - dt.timedelta(days=30))
    b = Authority.create(tmp_path / "b", code="CN-SH", name="Shanghai", now=now - dt.timedelta(days=30))
    folder = tmp_path / "bundles"
    folder.mkdir()
    for seq in range(1, 150):
        (folder / f"{seq:04d}.dltrust").write_bytes(a.make_bundle(now=now - dt.timedelta(hours=2, seconds=-seq),
                                                                  sequence=seq))
    store = StationStore(tmp_path / "st")
    store.install_root((a.directory / "root-cert.pem").read_bytes())
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    changes, mid_change = 0, 0
    for delay in DELAYS:
        child = subprocess.Popen([sys.executable, str(ROOT / "tests" / "trust_child.py"), str(store.data_dir),
                                  str(folder), str(b.directory / "root-cert.pem")],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        try:
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)  # wherever it is: no chance to clean up
        child.wait()
        changes += len(child.stdout.read().splitlines())
        mid_change += bool(trust_journal.pending(_rows(store)))  # for the report only: depends on timing
        assert_the_log_holds_what_is_in_force(store)
    print(f"{len(DELAYS)} kills, {changes} changes made, {mid_change} kills between an intent and its completion")
    assert changes > 0
    final = StationStore(store.data_dir).load()
    [bundle] = final.bundles
    assert open_bundle(bundle.raw, final.roots).content.sequence == admin_audit.highest_sequence(store.data_dir,
                                                                                                  "CN-BJ")


def test_a_station_read_while_another_process_changes_its_trust_sees_the_change_whole_or_not_at_all(
        tmp_path, station, authority):
    """The window reading the station (its files and its log) while `verifier trust import` runs: the files
    and the rows are read under the trust lock, so a bundle the log doesn't hold *yet* is never reported as
    put there by hand.  A thread stands in for the other process (the lock keeps other threads out too)."""
    import threading

    reader = StationStore(station.data_dir)
    rows_read, import_done = threading.Event(), threading.Event()
    real = reader._load_roots

    def load_roots_after_the_import(*args, **kwargs):
        rows_read.set()  # the reader has the log's rows; now let the import run
        import_done.wait(timeout=2)  # it can't while the reader holds the lock: the reader goes on
        return real(*args, **kwargs)

    reader._load_roots = load_roots_after_the_import  # type: ignore[method-assign]
    new = authority.make_bundle(now=NOW)

    def other_process():
        rows_read.wait(timeout=10)
        StationStore(station.data_dir).import_bundle(new, now=NOW)
        import_done.set()

    writer = threading.Thread(target=other_process)
    writer.start()
    snapshot = reader.load()
    writer.join(timeout=30)
    assert snapshot.problems == ()  # the old bundle, consistently; never "not in this station's audit log"
    assert [b.raw for b in StationStore(station.data_dir).load().bundles] == [new]
