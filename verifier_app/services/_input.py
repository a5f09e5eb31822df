"""Where codes come from, as the front ends meet it: files, cameras, live frames, scanner bursts.

Re-exports of decode/'s front-end surface (no behaviour of its own).  The window's camera threads
and the CLI's file inputs use these; decode/ itself stays unaware of the format and the station.
"""

from __future__ import annotations

from verifier_app.decode.factory import create_reader
from verifier_app.decode.live_input.held import HeldCodePace
from verifier_app.decode.live_input.in_view import Arrival, CodesInView
from verifier_app.decode.live_input.keyboard import ScannerBurstDetector
from verifier_app.decode.live_input.live import FpsMeter, LatestFrameSlot, LiveScanner
from verifier_app.decode.readers import CodeReader, DecodedSymbol
from verifier_app.decode.sources.cameras import CameraInfo, list_cameras
from verifier_app.decode.sources.frames import (MAX_IMAGE_PIXELS, WORKING_PIXELS, FrameSource, OpenCvSource,
                                                check_picture_size, iter_file_frames, load_image,
                                                load_image_bytes)


def looping_video(path: str) -> FrameSource:
    """A video file played in a loop as the camera (loaded only when asked: ``--camera-video``)."""
    from verifier_app.decode.sources.video import LoopingVideoSource

    return LoopingVideoSource(path)


__all__ = [
    "Arrival", "CameraInfo", "CodeReader", "CodesInView", "DecodedSymbol", "FpsMeter", "FrameSource",
    "HeldCodePace", "LatestFrameSlot", "LiveScanner", "MAX_IMAGE_PIXELS", "OpenCvSource", "ScannerBurstDetector",
    "WORKING_PIXELS", "check_picture_size", "create_reader", "iter_file_frames", "list_cameras", "load_image",
    "load_image_bytes", "looping_video",
]
