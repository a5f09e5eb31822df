"""``verifier --version``: the versions a support call starts from, without loading Qt."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

import verifier_app
from verifier_app.versions import VersionInfo, collect_versions


def test_version_prints_the_app_and_every_library():
    done = subprocess.run([sys.executable, "-m", "verifier_app", "--version"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = dict(line.split(None, 1) for line in done.stdout.splitlines())
    assert rows["dl-verifier"] == verifier_app.__version__
    assert rows["Python"] == ".".join(map(str, sys.version_info[:3]))
    for name in ("Qt", "OpenCV", "zbar", "zxing-cpp"):
        assert rows[name][0].isdigit(), f"{name}: {rows[name]!r}"  # installed in the dev env, so a number


def test_version_does_not_load_qt():
    code = ("import sys\nfrom verifier_app.cli.verifier import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_version_info_is_frozen_and_names_what_is_missing():
    info = collect_versions(qt_runtime="6.10.1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.app = "x"  # type: ignore[misc]
    assert dict(info.rows())["Qt"].startswith("6.10.1")
    bare = VersionInfo(app="1", python="3", qt=None, pyside=None, opencv=None, zbar=None, pyzbar="0.1.9", zxing_cpp=None)
    rows = dict(bare.rows())
    assert rows["Qt"] == rows["OpenCV"] == rows["zxing-cpp"] == "not available"
    assert rows["zbar"] == "unknown (pyzbar 0.1.9)"
