"""``main.py --demo`` started again and again: the demo root is pinned once, not at every start."""

from __future__ import annotations

from verifier_app.station.evidence.audit import AuditLog


def test_restarting_the_demo_installs_its_root_once(tmp_path):
    from verifier_app.demo.holder_page import demo_station

    for _ in range(2):  # the window's --demo start, twice
        demo = demo_station(tmp_path / "user")
    with AuditLog.in_data_dir(demo.station.data_dir) as audit:
        sources = [r.source for r in audit.admin_entries()]
    assert sources == ["root_install_started", "root_installed", "bundle_import_started", "bundle_imported"]
    pinned = demo.station.roots_dir / f"{demo.root_fingerprint}.pem"
    pinned.write_text("damaged")  # a root file that no longer holds the root is installed again
    demo_station(tmp_path / "user")
    with AuditLog.in_data_dir(demo.station.data_dir) as audit:
        assert [r.source for r in audit.admin_entries()][4:] == ["root_install_started", "root_installed"]
