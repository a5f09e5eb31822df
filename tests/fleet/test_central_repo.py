"""``verifier-central repo``: the operator's TUF repository made, published to and re-signed by the command line."""

from __future__ import annotations

import datetime as dt
import json
import stat

from tuf.api.metadata import Metadata

from verifier_app.cli import central as central_cli
from verifier_app.issuer.status_lists import make_status_delta, make_status_list

from .conftest import REAL_NOW, call


def test_init_keeps_the_root_key_apart_and_serves_no_key(repo_dir, capsys):
    assert (repo_dir / "offline" / "root-key.pem").is_file()
    for role in ("targets", "snapshot", "timestamp"):
        key = repo_dir / "keys" / f"{role}-key.pem"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    public = sorted(p.relative_to(repo_dir / "public").as_posix() for p in (repo_dir / "public").rglob("*") if p.is_file())
    assert not any(p.endswith(".pem") for p in public)
    assert "metadata/1.root.json" in public and "metadata/timestamp.json" in public
    root = Metadata.from_bytes((repo_dir / "root.json").read_bytes())
    assert root.signed.consistent_snapshot and set(root.signed.roles) == {"root", "targets", "snapshot", "timestamp"}
    assert len({tuple(r.keyids) for r in root.signed.roles.values()}) == 4  # one key per role
    assert (repo_dir / "root.json").read_bytes() == (repo_dir / "public" / "metadata" / "1.root.json").read_bytes()
    code, _, err = call(central_cli.main, ["repo", "init", str(repo_dir)], capsys)
    assert code == 2 and "already holds a repository" in err


def test_init_says_which_key_to_keep_offline(tmp_path, capsys):
    code, out, _ = call(central_cli.main, ["repo", "init", str(tmp_path / "r")], capsys)
    assert code == 0 and "ROOT KEY. Move it offline" in out and "root.json: hand this file to every station" in out


def test_publish_replaces_bundles_and_refuses_going_back(fleet, capsys):
    out = fleet.publish(fleet.bundle(1), extra=("--expires", "10"))
    assert "published bundle/CN-BJ.dltrust (bundle of CN-BJ)" in out and "targets version 2" in out
    fleet.publish(fleet.bundle(2))
    code, _, err = call(central_cli.main, ["repo", "publish", str(fleet.repo), str(fleet.file(fleet.bundle(1)))], capsys)
    assert code == 2 and "not newer than the published number 2" in err
    code, out, _ = call(central_cli.main, ["repo", "show", str(fleet.repo), "--json"], capsys)
    info = json.loads(out)
    assert info["targets"]["version"] == 3 and info["published"] == [
        {"path": "bundle/CN-BJ.dltrust", "kind": "bundle", "authority": "CN-BJ", "sequence": 2}]
    expires = dt.datetime.fromisoformat(info["targets"]["expires"])
    assert dt.timedelta(days=29) < expires - REAL_NOW < dt.timedelta(days=31)
    timestamp_expires = dt.datetime.fromisoformat(info["timestamp"]["expires"])
    assert timestamp_expires - REAL_NOW < dt.timedelta(days=1, hours=1)


def test_status_deltas_must_follow_and_a_new_full_list_drops_them(fleet, capsys):
    a = fleet.authority
    l1 = make_status_list(a, size=100, entries=[(5, 1)], now=REAL_NOW)
    l2 = make_status_list(a, size=100, entries=[(5, 1), (6, 1)], now=REAL_NOW)
    l3 = make_status_list(a, size=100, entries=[(6, 1)], now=REAL_NOW)
    d12, d23 = (make_status_delta(a, old=x, new=y, now=REAL_NOW) for x, y in ((l1, l2), (l2, l3)))
    code, _, err = call(central_cli.main, ["repo", "publish", str(fleet.repo), str(fleet.file(d12))], capsys)
    assert code == 2 and "no status list of CN-BJ is published" in err
    fleet.publish(l1, d12)
    code, _, err = call(central_cli.main, ["repo", "publish", str(fleet.repo), str(fleet.file(d12))], capsys)
    assert code == 2 and "published status of CN-BJ is version 2" in err
    fleet.publish(d23)
    out = fleet.publish(l3)
    assert "no longer listed: status/CN-BJ.delta-1-2" in out and "no longer listed: status/CN-BJ.delta-2-3" in out
    code, out, _ = call(central_cli.main, ["repo", "show", str(fleet.repo), "--json"], capsys)
    assert [p["path"] for p in json.loads(out)["published"]] == ["status/CN-BJ.list"]


def test_publish_refuses_what_is_not_an_authority_file_and_changes_nothing(fleet, capsys):
    before = sorted(p.name for p in (fleet.repo / "public" / "metadata").iterdir())
    junk = fleet.file(b"not a bundle", suffix=".txt")
    code, _, err = call(central_cli.main, ["repo", "publish", str(fleet.repo), str(fleet.file(fleet.bundle(1))),
                                           str(junk)], capsys)
    assert code == 2 and "is not a trust bundle or a status file" in err
    assert sorted(p.name for p in (fleet.repo / "public" / "metadata").iterdir()) == before
    code, _, err = call(central_cli.main, ["repo", "publish", str(fleet.tmp / "nowhere"), str(junk)], capsys)
    assert code == 2 and err.count("\n") == 1


def test_timestamp_re_signs_only_the_timestamp(fleet, capsys):
    fleet.publish(fleet.bundle(1))
    code, out, _ = call(central_cli.main, ["repo", "timestamp", str(fleet.repo), "--days", "2"], capsys)
    assert code == 0 and "timestamp version 3" in out
    code, out, _ = call(central_cli.main, ["repo", "show", str(fleet.repo), "--json"], capsys)
    info = json.loads(out)
    assert (info["timestamp"]["version"], info["snapshot"]["version"], info["targets"]["version"]) == (3, 2, 2)


def test_two_changes_never_interleave(fleet, capsys):
    from verifier_app.central.repo import Repository

    with Repository(fleet.repo).lock():  # the daily timestamp job is running
        code, _, err = call(central_cli.main, ["repo", "publish", str(fleet.repo), str(fleet.file(fleet.bundle(1)))],
                            capsys)
        assert code == 2 and "another verifier-central command is changing" in err
    assert call(central_cli.main, ["repo", "publish", str(fleet.repo), str(fleet.file(fleet.bundle(1)))], capsys)[0] == 0
