"""The quick parts of the Debian package: what scripts/build-deb.sh puts in it besides the code.

The package itself is built and proved on a clean Debian by scripts/build-deb.sh and
scripts/test-deb.sh (minutes, root, a mirror): not here.
"""

from __future__ import annotations

import configparser
import gzip
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEB = ROOT / "packaging" / "deb"
APPID = "io.github.dl_verifier.Verifier"
sys.path.insert(0, str(ROOT / "scripts"))

import make_manpage  # noqa: E402


def _manpage(target: str, tmp_path: Path) -> str:
    out = tmp_path / "page.1"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_manpage.py"), target, "-o", str(out)],
                   check=True, timeout=120)
    return out.read_text(encoding="utf-8")


def test_man_page_of_verifier_has_every_command_and_option(tmp_path):
    from verifier_app.cli.verifier import build_parser

    page = _manpage("verifier_app.cli.verifier:build_parser", tmp_path)
    assert page.startswith('.TH "VERIFIER" "1"')
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "EXIT STATUS", "ENVIRONMENT", "FILES"):
        assert f"\n.SH {section}\n" in page
    assert "\\-\\-version" in page and "\\-\\-data\\-dir" in page
    commands = [name for name, _help, _sub in make_manpage._subparsers(build_parser())]
    assert {"trust", "verify", "decode", "demo", "audit", "receipt", "admin"} <= set(commands)
    for name in commands:
        assert f".SS verifier {name}\n" in page
    assert ".SS verifier audit export\n" in page  # sub-sub-commands too
    assert not re.search(r"^\.(?!TH|SH|SS|TP|PP|nf|fi)", page, re.M), "a text line starts with a dot"


def test_man_page_of_the_window(tmp_path):
    page = _manpage("verifier_app.qt.app:build_parser", tmp_path)
    assert page.startswith('.TH "VERIFIER-GUI" "1"') and "\\-\\-demo" in page and "SEE ALSO" in page


@pytest.mark.skipif(not shutil.which("groff"), reason="groff not installed")
def test_man_page_renders_without_warnings(tmp_path):
    page = tmp_path / "verifier.1"
    page.write_text(_manpage("verifier_app.cli.verifier:build_parser", tmp_path), encoding="utf-8")
    done = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_desktop_entry_in_english_and_chinese():
    entry = configparser.RawConfigParser(strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DEB / f"{APPID}.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Exec"] == "verifier-gui" and d["Icon"] == "dl-verifier"
    assert d["Name"] and d["Name[zh_CN]"] == "驾驶证核验" and d["Comment[zh_CN]"]
    assert (ROOT / "resources" / "icons" / "dl-verifier.svg").exists()
    ET.parse(ROOT / "resources" / "icons" / "dl-verifier.svg")


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_desktop_entry_validates():
    done = subprocess.run(["desktop-file-validate", str(DEB / f"{APPID}.desktop")], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_names_the_desktop_entry_and_both_languages():
    tree = ET.parse(DEB / f"{APPID}.metainfo.xml").getroot()
    assert tree.findtext("id") == APPID
    assert tree.find("launchable").text == f"{APPID}.desktop"
    assert {n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in tree.findall("name")} == {None, "zh-CN"}
    assert tree.find("releases/release").get("version") == "@VERSION@"  # filled in by build-deb.sh


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream not installed")
def test_metainfo_validates(tmp_path):
    filled = tmp_path / f"{APPID}.metainfo.xml"
    filled.write_text((DEB / f"{APPID}.metainfo.xml").read_text().replace("@VERSION@", "0.1.0")
                      .replace("@DATE@", "2026-01-01"), encoding="utf-8")
    done = subprocess.run(["appstreamcli", "validate", "--no-net", str(filled)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_depends_are_debian_packages_only():
    for name in ("depends", "recommends"):
        lines = [line.strip() for line in (DEB / name).read_text().splitlines() if line.strip() and not line.startswith("#")]
        assert lines and all(line.endswith(",") for line in lines[:-1]) and not lines[-1].endswith(",")
        for line in lines:
            for alternative in line.rstrip(",").split("|"):
                assert re.fullmatch(r"[a-z0-9][a-z0-9.+-]+( \((>=|<<|=) [0-9][0-9a-z.~+-]*\))?", alternative.strip()), line
    depends = (DEB / "depends").read_text()
    for must in ("python3.11", "libzbar0", "fonts-noto-cjk", "libxcb-cursor0"):
        assert must in depends


def test_maintainer_scripts_and_build_scripts_parse():
    for script in ("postinst", "prerm", "postrm"):
        subprocess.run(["sh", "-n", str(DEB / script)], check=True)
    for script in ("build-deb.sh", "test-deb.sh"):
        subprocess.run(["bash", "-n", str(ROOT / "scripts" / script)], check=True)


def test_lintian_overrides_each_have_a_reason():
    lines = (DEB / "lintian-overrides").read_text().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("dl-verifier:"):
            assert i > 0 and (lines[i - 1].startswith("#") or lines[i - 1].startswith("dl-verifier:")), line


def test_windows_spec_and_workflow_are_there():
    """On paper only (no Windows machine here): at least the spec is Python and the workflow names it."""
    spec = ROOT / "packaging" / "windows" / "verifier.spec"
    compile(spec.read_text(), str(spec), "exec")
    assert 'collect_dynamic_libs("pyzbar")' in spec.read_text()
    workflow = (ROOT / ".github" / "workflows" / "windows.yml").read_text()
    assert "runs-on: windows-latest" in workflow and "packaging/windows/verifier.spec" in workflow
    assert "pytest -q tests/cli" in workflow


def test_the_trust_sync_timer_runs_verifier_trust_sync_hourly_and_is_installed_and_enabled():
    """The fleet's timer (issue 22): hourly with a randomised delay, the system folder only, enabled by postinst."""
    units = {}
    for name in ("dl-verifier-trust-sync.service", "dl-verifier-trust-sync.timer"):
        parser = configparser.ConfigParser(strict=True, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read_string((DEB / name).read_text())
        units[name] = parser
    service, timer = units["dl-verifier-trust-sync.service"], units["dl-verifier-trust-sync.timer"]
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"].startswith("/usr/bin/verifier ")
    assert service["Service"]["ExecStart"].endswith(" trust sync")
    assert service["Unit"]["ConditionPathExists"] == "/etc/dl-verifier/fleet/subscription.json"
    assert "/etc/dl-verifier" in service["Service"]["ReadWritePaths"]
    assert timer["Timer"]["OnCalendar"] == "hourly" and timer["Timer"]["RandomizedDelaySec"]
    assert timer["Install"]["WantedBy"] == "timers.target"
    build = (ROOT / "scripts" / "build-deb.sh").read_text()
    assert "dl-verifier-trust-sync.service dl-verifier-trust-sync.timer" in build
    assert '"$STAGE/lib/systemd/system/$unit"' in build and 'docs/fleet.md "$DOC/fleet.md"' in build
    assert "deb-systemd-helper enable dl-verifier-trust-sync.timer" in (DEB / "postinst").read_text()
    assert "deb-systemd-helper purge dl-verifier-trust-sync.timer" in (DEB / "postrm").read_text()
    if shutil.which("systemd-analyze"):
        result = subprocess.run(["systemd-analyze", "verify", str(DEB / "dl-verifier-trust-sync.timer"),
                                 str(DEB / "dl-verifier-trust-sync.service")], capture_output=True, text=True, timeout=60)
        # Only what this machine lacks may be said (no installed verifier, no man page): no syntax complaint.
        complaints = [line for line in result.stderr.splitlines()
                      if line.strip() and "/usr/bin/verifier" not in line and "man verifier" not in line]
        assert complaints == []
    disable = "systemctl disable --now dl-verifier-trust-sync.timer"
    assert disable in (ROOT / "docs" / "fleet.md").read_text() and disable in (DEB / "dl-verifier-trust-sync.timer").read_text()
