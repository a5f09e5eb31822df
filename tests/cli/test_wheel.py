"""The wheel is whole: installed from it, with no source tree, the verifier has its data.

A wheel that packed only the code would pass every other test (they run from the
tree) and ship a verifier with no sounds, no Chinese and no demo holder.  So:
build the wheel, install it into a fresh venv, run it from outside the tree.

The .qm translations are built files (gitignored), so the test builds them with
``scripts/i18n.py build`` first, as scripts/setup.sh does; a release build must
do the same before ``pip wheel``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Left out of the build copy: big, or state of this checkout that must not leak into the wheel.
COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__",
                                     ".pytest_cache", ".hypothesis", ".import_linter_cache")
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


def test_every_subpackage_is_listed_for_the_wheel():
    """pyproject lists packages by hand (so resources/ can map in): a new folder must be added."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "verifier_app").rglob("__init__.py")}
    listed = set(config["packages"])
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert config["package-dir"]["verifier_app.resources"] == "resources"


def _build_translations() -> None:
    """Build the .qm only where missing or older than its .ts (the tree is shared; setup.sh does the same)."""
    stale = [ts for ts in (ROOT / "resources" / "i18n").glob("*.ts")
             if not ts.with_suffix(".qm").exists() or ts.stat().st_mtime > ts.with_suffix(".qm").stat().st_mtime]
    if stale:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "i18n.py"), "build"], check=True, timeout=120)


def _build_wheel(tmp_path: Path) -> Path:
    # From a copy, so the build's build/ and *.egg-info don't land in the shared working tree.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=COPY_IGNORE)
    out = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
                   check=True, timeout=600)
    (wheel,) = out.glob("dl_verifier-*.whl")
    return wheel


def _venv_with_wheel(tmp_path: Path, wheel: Path) -> tuple[Path, Path]:
    """A fresh venv with the wheel installed; (bin folder, site-packages)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies (PySide6, OpenCV, ...) come from this test's venv, offline: a plain path
    # line, which Python appends to sys.path without running that folder's own .pth files, so
    # the project's editable-install hook there stays off and only the wheel's copy is importable.
    (site / "zz_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=300)
    return venv / "bin", site


def _env(tmp_path: Path, bin_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # A home of its own: no per-user data or settings of the machine are read or written.
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               VERIFIER_DATA_DIR=str(tmp_path / "data"), PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    return env


CHECK_RESOURCES = """
import json, sys
from pathlib import Path
import verifier_app
from verifier_app.resources_path import resource_path
site = Path(sys.argv[1]).resolve()
assert Path(verifier_app.__file__).resolve().is_relative_to(site), verifier_app.__file__
out = {}
for name in ("sample-holder.json", "sample-portrait.jpg", "sounds/valid.wav", "i18n/verifier_zh_CN.qm"):
    path = resource_path(name)
    assert path.resolve().is_relative_to(site / "verifier_app" / "resources"), (name, str(path))
    out[name] = path.read_bytes()[:16].hex()
json.loads(resource_path("sample-holder.json").read_text())
print(json.dumps(out))
"""


@pytest.mark.slow
def test_installed_wheel_has_its_resources_and_runs(tmp_path):
    _build_translations()
    wheel = _build_wheel(tmp_path)
    bin_dir, site = _venv_with_wheel(tmp_path, wheel)
    env = _env(tmp_path, bin_dir)
    run_dir = tmp_path / "elsewhere"  # outside the tree: the checkout's folders can't be found by accident
    run_dir.mkdir()

    # The data files come from inside the installed package, not from the source tree.
    checked = subprocess.run([str(bin_dir / "python"), "-c", CHECK_RESOURCES, str(site)], cwd=run_dir, env=env,
                             capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr
    heads = {name: bytes.fromhex(h) for name, h in json.loads(checked.stdout).items()}
    assert heads["sounds/valid.wav"].startswith(b"RIFF")
    assert heads["sample-portrait.jpg"].startswith(b"\xff\xd8")
    assert heads["i18n/verifier_zh_CN.qm"] == QM_MAGIC

    # The demo issues a code with the sample holder and verifies it.
    demo = subprocess.run([str(bin_dir / "verifier"), "demo"], cwd=run_dir, env=env,
                          capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert re.search(r": VALID\b", demo.stdout), demo.stdout  # not INVALID, not UNVERIFIED

    # The window starts (with its sounds and catalogue loaded) and closes cleanly on SIGTERM.
    log_path = tmp_path / "gui.log"
    gui_env = {**env, "QT_QPA_PLATFORM": "offscreen", "VERIFIER_LOG": "INFO", "PYTHONFAULTHANDLER": "1"}
    with open(log_path, "wb") as log:
        gui = subprocess.Popen([str(bin_dir / "verifier-gui"), "--demo", "--data-dir", str(tmp_path / "gui-data"),
                                "--settings", str(tmp_path / "gui-settings.ini"), "--lang", "zh"],
                               cwd=run_dir, env=gui_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while "window shown" not in log_path.read_text(errors="replace"):
                assert gui.poll() is None, f"window exited early:\n{log_path.read_text(errors='replace')}"
                assert time.monotonic() < deadline, f"no window:\n{log_path.read_text(errors='replace')}"
                time.sleep(0.2)
            gui.send_signal(signal.SIGTERM)
            code = gui.wait(60)
        finally:
            if gui.poll() is None:
                gui.kill()
                gui.wait()
    output = log_path.read_text(errors="replace")
    assert code == 0, output
    assert "Traceback (most recent call last)" not in output, output
