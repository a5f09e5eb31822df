"""What a file is, told by its first bytes (never its name), before any decoder sees it.

Only three kinds of file are ever decoded:

* a picture in a format whose size ``decode/sources/headers.py`` reads from the header
  (PNG, JPEG, GIF, BMP, WebP, TIFF, PNM): OpenCV decodes it, after the size check;
* a video in a container whose magic bytes say so (MP4/MOV, AVI, Matroska/WebM,
  MPEG-TS/PS, Ogg, FLV, ASF): FFmpeg opens it, restricted to those demuxers and to
  video and audio decoders (``FFMPEG_CAPTURE_OPTIONS``);
* nothing else.  Other picture formats (SGI, TGA, PCX, PSD, OpenEXR, HDR, HEIF...)
  are refused with their name, unknown files as unknown.

Why: FFmpeg decodes a picture while it *probes* it.  A 10 KB SGI or 5 KB TGA that
declares 16000 x 16000 pixels cost 0.8 to 2 GB before the frame size could be
asked (issue 19, point 3), and a file with no known magic used to be handed to
FFmpeg to guess.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path

from verifier_app.decode.sources.headers import sniff_image_format

HEAD_BYTES = 512  # enough to tell every format below (MPEG-TS needs three 188-byte packets)


class FileKind(str, enum.Enum):
    PICTURE = "picture"  # a format whose size we read from the header: decoded after the check
    VIDEO = "video"  # a real video container: FFmpeg opens it
    OTHER_PICTURE = "other picture"  # a picture format we don't size: refused by name
    UNKNOWN = "unknown"  # refused


@dataclass(frozen=True)
class FileType:
    kind: FileKind
    format: str = ""  # "PNG", "AVI", "SGI"... ("" when unknown)


# Picture formats refused by name: their header is not read here, and OpenCV can't decode
# several of them at all, so only FFmpeg's image demuxers would (decoding while probing).
def _other_picture(head: bytes) -> str | None:
    if head[:2] == b"\x01\xda" and head[2:3] in (b"\x00", b"\x01") and head[3:4] in (b"\x01", b"\x02"):
        return "SGI"
    if (head[:1] == b"\x0a" and head[1:2] in b"\x00\x02\x03\x04\x05" and head[2:3] in (b"\x00", b"\x01")
            and head[3:4] in b"\x01\x02\x04\x08"):
        return "PCX"
    for magic, name in _OTHER_MAGIC:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "HEIF/AVIF"
    if head[:2] in (b"PF", b"Pf") and head[2:3] in (b"\n", b"\r", b" "):
        return "PFM"
    return None


_OTHER_MAGIC = (
    (b"8BPS", "Photoshop (PSD)"), (b"v/1\x01", "OpenEXR"), (b"#?RADIANCE", "Radiance HDR"), (b"#?RGBE", "Radiance HDR"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"), (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"), (b"\xff\x0a", "JPEG XL"), (b"\x59\xa6\x6a\x95", "Sun raster"),
    (b"DDS ", "DirectDraw Surface (DDS)"), (b"qoif", "QOI"), (b"gimp xcf", "GIMP (XCF)"),
    (b"SDPX", "DPX"), (b"XPDS", "DPX"), (b"\x80\x2a\x5f\xd7", "Cineon"), (b"P7\n", "PAM"), (b"SIMPLE  =", "FITS"),
    (b"\x76\x2f\x31\x01", "OpenEXR"), (b"icns", "Apple icon (ICNS)"), (b"FORM", "IFF/ILBM"),
)
_HEIF_BRANDS = {b"avif", b"avis", b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}

# Named by their file name only: these formats have no magic bytes of their own (a TGA without
# identification field starts 00 00 02 00, like a Windows cursor, so neither is told by its bytes).  The name only
# picks the words of the refusal; a file is never decoded because of its name.
_OTHER_SUFFIXES = {".tga": "TGA (Targa)", ".icb": "TGA (Targa)", ".vda": "TGA (Targa)", ".vst": "TGA (Targa)",
                   ".sgi": "SGI", ".rgb": "SGI", ".rgba": "SGI", ".bw": "SGI", ".pcx": "PCX", ".psd": "Photoshop (PSD)",
                   ".exr": "OpenEXR", ".hdr": "Radiance HDR", ".jp2": "JPEG 2000", ".j2k": "JPEG 2000",
                   ".heic": "HEIF/AVIF", ".heif": "HEIF/AVIF", ".avif": "HEIF/AVIF", ".jxl": "JPEG XL", ".xwd": "XWD",
                   ".dds": "DirectDraw Surface (DDS)", ".ico": "Windows icon (ICO)", ".cur": "Windows cursor (CUR)",
                   ".svg": "SVG", ".xpm": "XPM", ".xbm": "XBM", ".ras": "Sun raster", ".pfm": "PFM", ".pam": "PAM",
                   ".qoi": "QOI", ".xcf": "GIMP (XCF)"}
_TGA_FOOTER = b"TRUEVISION-XFILE.\x00"


def _video(head: bytes) -> str | None:
    if head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
        return "MP4/MOV"
    if head[:4] == b"RIFF" and head[8:12] in (b"AVI ", b"AVIX"):
        return "AVI"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "Matroska/WebM"
    if len(head) >= 377 and head[0] == head[188] == head[376] == 0x47:
        return "MPEG-TS"
    if len(head) >= 389 and head[4] == head[196] == head[388] == 0x47:  # M2TS: 192-byte packets
        return "MPEG-TS"
    if head.startswith(b"\x00\x00\x01\xba"):
        return "MPEG-PS"
    if head.startswith(b"OggS"):
        return "Ogg"
    if head.startswith(b"FLV\x01"):
        return "FLV"
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):
        return "ASF/WMV"
    return None


def identify(head: bytes, name: str = "", tail: bytes = b"") -> FileType:
    """The kind of file the first bytes ``head`` announce (``tail``: its last 26 bytes, for TGA 2.0).

    ``name`` only words a refusal (formats without magic bytes, like TGA): it never makes a
    file decodable.  Image brands of an ISO file (AVIF, HEIC) are pictures, not videos.
    """
    picture = sniff_image_format(head)
    if picture is not None:
        return FileType(FileKind.PICTURE, picture)
    other = _other_picture(head)
    if other is not None:
        return FileType(FileKind.OTHER_PICTURE, other)
    video = _video(head)
    if video is not None:
        return FileType(FileKind.VIDEO, video)
    if tail.endswith(_TGA_FOOTER):
        return FileType(FileKind.OTHER_PICTURE, "TGA (Targa)")
    named = _OTHER_SUFFIXES.get(Path(name).suffix.lower())
    if named is not None:
        return FileType(FileKind.OTHER_PICTURE, named)
    return FileType(FileKind.UNKNOWN)


def identify_file(path: str | Path) -> FileType:
    """``identify`` on a file's first and last bytes (OSError when it can't be read)."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
        size = f.seek(0, 2)
        f.seek(max(0, size - 26))
        tail = f.read(26)
    return identify(head, str(path), tail)


# FFmpeg, through cv2.VideoCapture, only with container demuxers (never image2, sgi_pipe,
# pcx_pipe...), and its probe only with video and audio decoders (MOV and AVI can carry SGI,
# TGA or PNG frames).  OpenCV reads this variable at every open.  The decoder OpenCV opens
# itself for reading frames doesn't get the codec whitelist: VIDEO_CODECS below guards that.
FFMPEG_FORMATS = "mov,avi,matroska,mpegts,mpeg,ogg,flv,asf"
FFMPEG_CODECS = ",".join((
    "h264,hevc,mpeg4,mjpeg,vp8,vp9,av1,libdav1d,libaom-av1,mpeg1video,mpeg2video,h263,h263p,flv,theora,"
    "msmpeg4v1,msmpeg4v2,msmpeg4,wmv1,wmv2,wmv3,vc1,mjpegb,rawvideo,prores,dvvideo,"
    "aac,aac_fixed,aac_latm,mp3,mp3float,mp2,mp2float,mp1,mp1float,ac3,ac3_fixed,eac3,opus,libopus,vorbis,"
    "flac,alac,amrnb,amrwb,wmav1,wmav2,wmapro,pcm_s16le,pcm_s16be,pcm_s24le,pcm_s32le,pcm_f32le,pcm_u8,"
    "pcm_mulaw,pcm_alaw,adpcm_ima_wav,adpcm_ms,gsm_ms").split(","))
FFMPEG_CAPTURE_OPTIONS = f"format_whitelist;{FFMPEG_FORMATS}|codec_whitelist;{FFMPEG_CODECS}"
_OPTIONS_VAR = "OPENCV_FFMPEG_CAPTURE_OPTIONS"


def restrict_ffmpeg() -> None:
    """Add the whitelists to ``OPENCV_FFMPEG_CAPTURE_OPTIONS`` (once, at import, before any
    thread opens a video: setenv is not safe while another thread reads the environment).
    Options someone already set are kept; a whitelist they set wins over ours."""
    current = os.environ.get(_OPTIONS_VAR, "")
    if "format_whitelist" in current or "codec_whitelist" in current:
        return
    os.environ[_OPTIONS_VAR] = f"{current}|{FFMPEG_CAPTURE_OPTIONS}" if current else FFMPEG_CAPTURE_OPTIONS


# The codecs a video's frames may be in, as OpenCV's FFmpeg backend reports them
# (CAP_PROP_FOURCC: FFmpeg's codec name when it has four letters, else its AVI or MOV tag).
# A picture codec inside a container (PNG 'MPNG', TIFF, SGI, TGA, JPEG 2000 'mjp2'...) is
# refused: its decoder allocates the size its own header declares, not the container's (a
# MOV of PNG frames declaring 16000 x 16000 cost 1.5 GB).  MJPEG stays: FFmpeg refuses a
# JPEG frame whose declared size its data can't fill.  0: no tag at all (uncompressed
# frames, sized by the container's header, which is checked).
VIDEO_CODECS = frozenset({
    "h264", "hevc", "av01", "vp80", "vp90", "fmp4", "mjpg", "mpg1", "mpg2", "h263", "flv1", "theo",
    "mp42", "mp43", "mpg4", "div3", "wmv1", "wmv2", "wmv3", "wvc1", "dvsd", "apcn", "apch", "apcs", "apco",
    "ap4h", "ffv1", "hfyu"})


def codec_name(fourcc: float) -> str:
    """A CAP_PROP_FOURCC value as text ('' for none)."""
    value = int(fourcc)
    if value <= 0:
        return ""
    return value.to_bytes(4, "little").decode("latin-1").strip("\x00 ")


def is_video_codec(fourcc: float) -> bool:
    name = codec_name(fourcc)
    return name == "" or name.lower() in VIDEO_CODECS
