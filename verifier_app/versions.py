"""What this verifier is made of: its own version and those of the libraries it runs on.

``verifier --version`` prints it and the window's About box shows it, so a support call can
start from the same facts.  Qt-free on purpose (the command line must not load Qt): the Qt
version here is the installed PySide6's, read from its package metadata (PySide6 wheels carry
the Qt of the same number).  The window knows the Qt actually running and passes it in
(``collect_versions(qt_runtime=...)`` with QtCore's qVersion(); see qt/evidence/evidence_window.py).

Every lookup is best-effort: a missing or broken library shows as ``None`` ("not available"),
never as an exception, because this is what people run when something is already wrong.
"""

from __future__ import annotations

import ctypes
import platform
from dataclasses import dataclass
from importlib import metadata

from verifier_app import __version__ as APP_VERSION

NOT_AVAILABLE = "not available"


@dataclass(frozen=True)
class VersionInfo:
    app: str
    python: str
    qt: str | None  # the running Qt when the window passed it, else the installed PySide6's
    pyside: str | None
    opencv: str | None
    zbar: str | None  # libzbar's own version when it tells, else None
    pyzbar: str | None
    zxing_cpp: str | None

    def rows(self) -> list[tuple[str, str]]:
        """(name, version) pairs in display order; missing ones say "not available"."""
        zbar = self.zbar or (f"unknown (pyzbar {self.pyzbar})" if self.pyzbar else None)
        qt = self.qt
        if qt and self.pyside and self.pyside != qt:
            qt = f"{qt} (PySide6 {self.pyside})"
        return [
            ("dl-verifier", self.app),
            ("Python", self.python),
            ("Qt", qt or NOT_AVAILABLE),
            ("OpenCV", self.opencv or NOT_AVAILABLE),
            ("zbar", zbar or NOT_AVAILABLE),
            ("zxing-cpp", self.zxing_cpp or NOT_AVAILABLE),
        ]

    def text(self) -> str:
        """Several lines, ``name version``: what ``verifier --version`` prints."""
        width = max(len(name) for name, _ in self.rows())
        return "\n".join(f"{name:<{width}}  {version}" for name, version in self.rows())


def _dist_version(*names: str) -> str | None:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def _opencv_version() -> str | None:
    try:
        import cv2
    except Exception:  # noqa: BLE001 - a broken OpenCV must not break --version
        return _dist_version("opencv-python-headless", "opencv-python")
    return str(getattr(cv2, "__version__", "")) or None


def _zbar_version() -> str | None:
    """libzbar's ``zbar_version(&major, &minor, &patch)`` through the library pyzbar loaded."""
    try:
        from pyzbar import zbar_library  # type: ignore[import-untyped]

        libzbar, _deps = zbar_library.load()
        major, minor, patch = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        # zbar 0.10 had only (major, minor); the extra pointer is harmless to it.
        libzbar.zbar_version(ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch))
    except Exception:  # noqa: BLE001 - no libzbar, or one without zbar_version
        return None
    return f"{major.value}.{minor.value}.{patch.value}"


def _zxing_version() -> str | None:
    try:
        import zxingcpp
    except Exception:  # noqa: BLE001
        return None
    return str(getattr(zxingcpp, "__version__", "")) or _dist_version("zxing-cpp")


def collect_versions(qt_runtime: str | None = None) -> VersionInfo:
    """The versions in use.  ``qt_runtime``: ``qVersion()``, from a caller that has Qt loaded."""
    pyside = _dist_version("PySide6", "PySide6-Essentials")
    return VersionInfo(
        app=APP_VERSION,
        python=platform.python_version(),
        qt=qt_runtime or pyside,
        pyside=pyside,
        opencv=_opencv_version(),
        zbar=_zbar_version(),
        pyzbar=_dist_version("pyzbar"),
        zxing_cpp=_zxing_version(),
    )
