"""Which cameras this machine has, by the names the system gives them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

V4L_ROOT = Path("/sys/class/video4linux")


@dataclass(frozen=True)
class CameraInfo:
    index: int  # what cv2.VideoCapture takes
    name: str


def list_cameras(root: Path = V4L_ROOT) -> tuple[CameraInfo, ...]:
    """Cameras by name on Linux (``/sys/class/video4linux``); index-only elsewhere.

    A webcam often exposes two nodes (video and metadata); only nodes whose
    ``index`` attribute is 0 are capture devices, so the others are skipped.
    """
    found = []
    if root.is_dir():
        for node in sorted(root.glob("video*"), key=lambda p: int(re.sub(r"\D", "", p.name) or 0)):
            number = re.sub(r"\D", "", node.name)
            if not number:
                continue
            try:
                if (node / "index").exists() and (node / "index").read_text().strip() not in ("", "0"):
                    continue
                name = (node / "name").read_text("utf-8", "replace").strip() or node.name
            except OSError:
                name = node.name
            found.append(CameraInfo(int(number), f"{name} (/dev/{node.name})"))
    return tuple(found)
