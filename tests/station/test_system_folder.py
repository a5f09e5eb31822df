"""Issue 19 §1: an ordinary user's environment can't replace or switch off the system-wide station folder.

The station is set up as docs/security.md says: a root-owned folder (standing in for /etc/dl-verifier
through the in-process hook ``paths.use_platform_dir``) with a trusted root, its bundle and an
administrator passphrase.  The attacker is a real other user: a forked child that drops to ``nobody``
with ``os.setgid``/``os.setuid`` and runs the real command line (``verifier.main``) there.  Needs root.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import encodings.utf_8_sig  # noqa: F401 - imported before the fork: the child may not read Python's own folder
import getpass  # noqa: F401
import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest

from verifier_app.cli import _common, station_admin  # noqa: F401 - loaded before the fork, as above
from verifier_app.cli.verifier import main
from verifier_app.issuer.authority import Authority
from verifier_app.issuer.holder import load_holder
from verifier_app.station import admin_lock as admin_lock_module
from verifier_app.station.admin_lock import AdminLock
from verifier_app.station.evidence.audit import AuditLog
from verifier_app.station.paths import ENV_SYSTEM_DIR, TrustScope, guarded_dir, system_dir, trust_scope, use_platform_dir
from verifier_app.station.trust.store import StationStore

from tests.conftest import RESOURCES

pytestmark = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not hasattr(os, "fork"),
                                reason="needs root (to make a root-owned folder and to become another user)")

PASS = "station passphrase 1"
UTC = dt.timezone.utc


def _nobody() -> tuple[int, int, str]:
    import pwd

    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid, entry.pw_name


def as_other_user(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a forked child that became ``nobody``; its JSON-able result (or its error) comes back."""
    uid, gid, _ = _nobody()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_fd)
        try:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
            out: dict[str, Any] = {"result": work()}
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            out = {"error": f"{type(exc).__name__}: {exc}"}
        with os.fdopen(write_fd, "w") as pipe:
            pipe.write(json.dumps(out))
        os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    out = json.loads(data)
    assert "error" not in out, out["error"]
    return out["result"]


def cli(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _common.run(main, argv)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def machine(monkeypatch):
    """A root-owned system folder with the real authority's trust and a passphrase; a home for nobody
    holding their own station folder with a look-alike authority (same code and name, another root)."""
    monkeypatch.setattr(admin_lock_module, "SCRYPT_N", 2**10)  # fast passphrase checks
    monkeypatch.delenv("VERIFIER_ADMIN_PASSPHRASE", raising=False)
    now = dt.datetime.now(UTC)
    base = Path(tempfile.mkdtemp(prefix="dlv-system-test-"))  # under /tmp: nobody can reach it
    try:
        os.chmod(base, 0o755)
        etc = base / "etc-dl-verifier"
        etc.mkdir(mode=0o755)
        real = Authority.create(base / "real-authority", code="CN-BJ", name="Beijing Traffic Police", now=now)
        fake = Authority.create(base / "fake-authority", code="CN-BJ", name="Beijing Traffic Police", now=now)
        home = base / "home"
        home.mkdir()
        # Nobody's own "system folder", set up with the look-alike's root and bundle (as they could, in a
        # folder of their own, with a station that runs on per-user trust).
        use_platform_dir(base / "absent")
        own = StationStore(home / "own")
        own.install_root((fake.directory / "root-cert.pem").read_bytes())
        own.import_bundle(fake.make_bundle(now=now), now=now)
        # The administrator's station, as root.
        use_platform_dir(etc)
        admin = StationStore(base / "root-data")
        assert admin.config_dir == etc
        admin.install_root((real.directory / "root-cert.pem").read_bytes())
        admin.import_bundle(real.make_bundle(now=now), now=now)
        AdminLock(base / "root-data").set_passphrase(PASS)
        (home / "fake-root.pem").write_bytes((fake.directory / "root-cert.pem").read_bytes())
        uid, gid, _ = _nobody()
        for path in [home, *home.rglob("*")]:
            os.chown(path, uid, gid)
        licence = load_holder(RESOURCES / "sample-holder.json")
        yield {"etc": etc, "home": home, "real_code": real.issue(licence, at=now),
               "fake_code": fake.issue(licence, at=now)}
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.mark.parametrize("override", ["own", ""], ids=["own-folder", "empty"])
def test_an_ordinary_users_environment_does_not_replace_or_switch_off_the_system_folder(machine, monkeypatch,
                                                                                          override):
    home, etc = machine["home"], machine["etc"]
    monkeypatch.setenv(ENV_SYSTEM_DIR, str(home / "own") if override else "")
    data = ["--data-dir", str(home / "data"), "--operator", "alice"]
    roots_before = sorted(p.name for p in (etc / "roots").iterdir())

    def attack() -> dict[str, Any]:
        return {
            "guarded": str(guarded_dir(home / "data")),
            "scope": trust_scope(home / "data").value,
            "fake": cli(data + ["verify", "--json", "-"], machine["fake_code"] + "\n"),
            "real": cli(data + ["verify", "--json", "-"], machine["real_code"] + "\n"),
            "install": cli(data + ["trust", "install-root", str(home / "fake-root.pem")]),
            "configure": cli(data + ["admin", "configure", "--role", "rental"]),
        }

    seen = as_other_user(attack)
    code, out, err = seen["fake"]
    assert json.loads(out.splitlines()[0])["verdict"] != "valid" and code == 1  # the look-alike root isn't trusted
    assert ("DL_VERIFIER_SYSTEM_DIR is ignored: the system-wide station folder" in err) == bool(override)
    code, out, _ = seen["real"]
    result = json.loads(out.splitlines()[0])  # stdin: JSON Lines
    assert code == 0 and result["verdict"] == "valid" and result["trust_scope"] == "system"
    code, _, err = seen["install"]
    assert code == 2 and "passphrase" in err
    code, _, err = seen["configure"]
    assert code == 2 and "passphrase" in err
    assert sorted(p.name for p in (etc / "roots").iterdir()) == roots_before
    assert not (home / "data" / "station.json").exists()
    assert seen["guarded"] == str(etc) and seen["scope"] == "system"
    with AuditLog.in_data_dir(home / "data") as audit:
        rows = audit.search()
    assert [(r.operator, r.os_login, r.trust_scope) for r in rows] == [("alice", "nobody", "system")] * 2


def test_an_override_counts_only_when_the_user_cannot_write_it(machine, monkeypatch):
    """Without the platform folder, an override may name another installation's folder, but only a guarded one."""
    home, etc = machine["home"], machine["etc"]
    use_platform_dir(etc.parent / "absent")  # no platform folder on this machine

    def where(override: Path) -> tuple[str | None, str]:
        monkeypatch.setenv(ENV_SYSTEM_DIR, str(override))
        return tuple(as_other_user(lambda: (str(system_dir()) if system_dir() else None,
                                            trust_scope(home / "data").value)))

    assert where(home / "own") == (None, TrustScope.PER_USER.value)  # theirs: per-user trust, said as such
    assert where(etc) == (str(etc), TrustScope.SYSTEM.value)  # root's, read-only for them: administered
    link = home / "link"
    link.symlink_to(etc)
    os.lchown(link, *_nobody()[:2])
    assert where(link) == (str(etc), TrustScope.SYSTEM.value)  # resolved once: retargeting it later changes nothing
    monkeypatch.setenv(ENV_SYSTEM_DIR, str(home / "own"))
    assert system_dir() == home / "own"  # root (the administrator) may use any folder


def test_wrong_passphrases_against_the_system_folder_are_slowed_and_logged(machine):
    """Issue 19 §5: the operator can't write the failure count into root's admin.json; their audit log counts."""
    from verifier_app.errors import AdminRequired
    from verifier_app.station.admin_lock import AdminLockedOut

    home, etc = machine["home"], machine["etc"]
    t0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def guesses() -> dict[str, Any]:
        seen = []
        for second, passphrase in ((0, "wrong 1"), (1, "wrong 2"), (2, "wrong 3"), (3, PASS), (4, "wrong 4"),
                                   (7, PASS), (8, PASS), (9, "wrong 5")):
            lock = AdminLock(home / "data")  # a new one each time, as every command line run is
            assert lock.path.parent == etc
            try:
                lock.check(passphrase, now=t0 + dt.timedelta(seconds=second), operator="alice")
                seen.append("accepted")
            except AdminLockedOut as exc:
                seen.append(f"wait {exc.wait_s:g}")
            except AdminRequired:
                seen.append("wrong")
        with AuditLog.in_data_dir(home / "data") as audit:
            rows = [(r.source, json.loads(r.details), r.operator, r.os_login) for r in audit.admin_entries()]
        return {"seen": seen, "rows": rows}

    out = as_other_user(guesses)
    # three free tries, then 2 s; the fourth wrong one makes it 4 s; the right passphrase waits too, then works
    assert out["seen"] == ["wrong", "wrong", "wrong", "wait 1", "wrong", "wait 1", "accepted", "wrong"]
    assert out["rows"] == [
        ["passphrase_failed", {"failures_in_a_row": 1}, "alice", "nobody"],
        ["passphrase_failed", {"failures_in_a_row": 2}, "alice", "nobody"],
        ["passphrase_failed", {"failures_in_a_row": 3}, "alice", "nobody"],
        ["passphrase_failed", {"failures_in_a_row": 4}, "alice", "nobody"],
        ["passphrase_accepted", {"after_failures": 4}, "alice", "nobody"],
        ["passphrase_failed", {"failures_in_a_row": 1}, "alice", "nobody"],
    ]
    assert json.loads((etc / "admin.json").read_text())["failures"] == 0  # root's file was never theirs to write
