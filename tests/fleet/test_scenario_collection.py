"""Issue 22's scenario, both halves in one flow: two stations subscribe to the fleet's TUF repository (HTTP on
127.0.0.1), sync bundle 1, verify the same code from a real QR image, push their audit logs twice to a real
PostgreSQL; the report shows both chains intact and one replay.  Bundle 2 reaches one station only: the
report says which one is behind.  Then one station's log is deleted and restarted: the report flags it.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from verifier_app.cli import central as central_cli
from verifier_app.issuer.holder import load_holder
from verifier_app.issuer.render import qr_image, write_png

from tests.conftest import RESOURCES

from .conftest import call


def _report(fleet_db, capsys):
    code, out, err = call(central_cli.main, ["report", fleet_db, "--json"], capsys)
    assert code in (0, 1), err
    found = json.loads(out)
    return code, {s["station_id"]: s for s in found["stations"]}, found


def test_two_synced_stations_one_code_pushed_twice_a_replay_a_station_behind_and_a_restarted_log(
        fleet, fleet_db, tmp_path, capsys):
    fleet.publish(fleet.bundle(1))
    names = [f"scenario-{os.getpid()}-{i}" for i in (1, 2)]
    stations = [fleet.station(name) for name in names]
    for name, v in zip(names, stations):
        assert fleet.sync(v)[0] == 0
        code, out, err = call(central_cli.main, ["station", "add", fleet_db, name, "--json"], capsys)
        assert code == 0, err
        assert fleet.verifier(v + ["audit", "enrol", name, json.loads(out)["dsn"]])[0] == 0
    code_text = fleet.authority.issue(load_holder(RESOURCES / "sample-holder.json"),
                                      at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=30))
    picture = tmp_path / "shown.png"
    write_png(picture, qr_image(code_text))
    for v in stations:  # the same code shown at two checkpoints
        exit_code, out, err = fleet.verifier(v + ["verify", str(picture)])
        assert exit_code == 0 and "VALID" in out, out + err
    for _ in range(2):  # pushed twice: the second adds nothing
        added = [json.loads(fleet.verifier(v + ["audit", "push", "--json"])[1])["added"] for v in stations]
    assert added == [0, 0]
    code, by_id, found = _report(fleet_db, capsys)
    assert code == 1 and all(by_id[n]["chain_intact"] and by_id[n]["entries"] > 0 for n in names)
    [replay] = found["replays"]
    assert replay["station_ids"] == sorted(names)

    fleet.publish(fleet.bundle(2))  # bundle 2 reaches the first station only (the second is offline)
    assert fleet.sync(stations[0])[0] == 0
    assert fleet.verifier(stations[0] + ["audit", "push"])[0] == 0
    _, by_id, _ = _report(fleet_db, capsys)
    assert by_id[names[0]]["bundles"]["CN-BJ"] == {"used": 2, "newest": 2}
    assert by_id[names[1]]["bundles"]["CN-BJ"] == {"used": 1, "newest": 2}
    code, out, _ = call(central_cli.main, ["report", fleet_db], capsys)
    assert f"{names[1]}: " in out and "CN-BJ bundle 1 of 2" in out

    data = tmp_path / names[1]  # the second station's audit log deleted; it verifies on in a new log
    for name in os.listdir(data):
        if name.startswith("audit.sqlite3"):
            os.remove(data / name)
    # the trust went with the log (a root not in the log is ignored): the administrator sets it up again
    assert fleet.verifier(stations[1] + ["trust", "install-root",
                                         str(fleet.authority.directory / "root-cert.pem")])[0] == 0
    assert fleet.sync(stations[1])[0] == 0
    exit_code, out, err = fleet.verifier(stations[1] + ["verify", str(picture)])
    assert exit_code == 0 and "VALID" in out, out + err
    assert json.loads(fleet.verifier(stations[1] + ["audit", "push", "--json"])[1])["station_id"] == names[1]
    _, by_id, _ = _report(fleet_db, capsys)
    assert by_id[names[0]]["chain_intact"]
    assert not by_id[names[1]]["chain_intact"] and "restart" in by_id[names[1]]["chain"]
