"""Issue 22's scenario, its distribution half, in one flow: two stations subscribe to a repository served over
HTTP on 127.0.0.1, sync bundle 1 and verify the same code (a real QR image read by the decoder); bundle 2 is
published and synced; the server stops (sync fails, trust kept); an older copy is served (refused); a third
station syncs from a folder copy.  (The collection half -- audit push, report, replays -- builds on this.)
"""

from __future__ import annotations

import datetime as dt

from verifier_app.issuer.holder import load_holder
from verifier_app.issuer.render import qr_image, write_png

from tests.conftest import RESOURCES

from .conftest import admin_rows, copy_public, installed_sequence


def test_two_stations_one_code_bundle_2_an_outage_an_old_mirror_and_a_usb_station(fleet, tmp_path):
    fleet.publish(fleet.bundle(1))
    stations = [fleet.station("checkpoint-1"), fleet.station("checkpoint-2")]
    for v in stations:
        assert fleet.sync(v)[0] == 0 and installed_sequence(v) == 1
    code = fleet.authority.issue(load_holder(RESOURCES / "sample-holder.json"),
                                 at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=30))
    picture = tmp_path / "shown.png"
    write_png(picture, qr_image(code))
    for v in stations:  # the same code shown at two checkpoints: both verify it with the fleet's trust
        exit_code, out, err = fleet.verifier(v + ["verify", str(picture)])
        assert exit_code == 0 and "VALID" in out, out + err
    old = copy_public(fleet.repo, tmp_path / "yesterday")
    fleet.publish(fleet.bundle(2))
    for v in stations:
        exit_code, out, err = fleet.sync(v)
        assert exit_code == 0 and "number 2 (replaced number 1)" in out, err
    fleet.server.serve(old)  # a mirror left at yesterday's state
    exit_code, _, err = fleet.sync(stations[0])
    assert exit_code == 2 and "rollback" in err and installed_sequence(stations[0]) == 2
    fleet.server.stop()
    exit_code, _, err = fleet.sync(stations[1])
    assert exit_code == 2 and "can't be reached" in err and installed_sequence(stations[1]) == 2
    exit_code, out, _ = fleet.verifier(stations[1] + ["verify", str(picture)])
    assert exit_code == 0 and "VALID" in out  # verifying on with the trust it has
    stick = copy_public(fleet.repo, tmp_path / "usb-stick")
    usb = fleet.station("air-gapped", source=str(stick))
    exit_code, out, err = fleet.sync(usb)
    assert exit_code == 0 and "number 2" in out and installed_sequence(usb) == 2, err
    assert [len(admin_rows(v, "bundle_imported")) for v in (*stations, usb)] == [2, 2, 1]
