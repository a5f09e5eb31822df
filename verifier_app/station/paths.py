"""Where a station keeps what: the system-wide folder and the per-user folder, and whose trust it is.

Guarded settings and trust (roots, bundles, ``station.json``, the
administrator's ``admin.json`` and the trust floor ``trust-state.json``) live in
the *system-wide station folder* when it exists, so that the person at the desk,
who must be able to write the audit log, can't delete or edit them:

- Linux and other Unix: ``/etc/dl-verifier`` (owned by root, readable by all);
- Windows: ``%ProgramData%\\dl-verifier`` (writable by administrators only; the folder is asked of
  Windows, not read from the environment);
- macOS: ``/Library/Application Support/dl-verifier``.

Nothing the person at the desk controls replaces or switches off that *platform folder* when it
exists: not the environment, not an argument, not a file in their own folders.  Only where it does
not exist may ``$DL_VERIFIER_SYSTEM_DIR`` name another folder (an installation elsewhere), and that
folder counts as the system-wide one only when it is *guarded*: the process runs as root, or the
folder belongs to another user (root) and this user can't write it.  A folder the user can write is
ignored, since trust the user can edit is per-user trust whatever the variable says; an empty value
changes nothing.

When there is no system-wide folder everything stays in the per-user data folder: the station then
runs on *per-user trust* (``TrustScope.PER_USER``), which the verdict screen, the receipt, the command
line and every audit row say.  The demo's own station (``keep_local``) is ``TrustScope.DEMO``.
The per-user folder always keeps the audit log (and the window's preferences).

Tests: :func:`use_platform_dir` is an in-process hook that stands a folder in for the platform
folder (``tests/conftest.py`` points it at a folder that doesn't exist, so the machine's real
``/etc/dl-verifier`` never takes part; a test that needs a system-wide folder points it at a temporary
one).  Only code already running inside the verifier's process can call it; no file or variable
reaches it.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import stat
import sys
from pathlib import Path

ENV_SYSTEM_DIR = "DL_VERIFIER_SYSTEM_DIR"
ENV_DATA_DIR = "VERIFIER_DATA_DIR"  # the per-user data folder, when not the platform's default
APP_NAME = "dl-verifier"
ORPHAN_AGE_S = 600  # a temporary file this old was left by a killed process, not one still writing


class TrustScope(str, enum.Enum):
    """Whose trust a station verifies with (kept in every audit row)."""

    SYSTEM = "system"  # the system-wide folder: set up by the system administrator
    PER_USER = "per_user"  # the desk's own account folder: whoever uses the account can change it
    DEMO = "demo"  # the demo's own station, trusting only the demo authority


_PLATFORM_DIR_FOR_TESTS: list[Path | None] = []  # set by use_platform_dir (tests only)


def use_platform_dir(path: str | os.PathLike[str] | None) -> None:
    """Test hook: stand ``path`` in for the platform folder (/etc/dl-verifier) in this process.

    ``None`` goes back to the real one.  In-process only: an ordinary user can't reach it through
    the environment, arguments or files.
    """
    _PLATFORM_DIR_FOR_TESTS.clear()
    if path is not None:
        _PLATFORM_DIR_FOR_TESTS.append(Path(path))


def _windows_program_data() -> Path | None:
    # Asked of Windows (the registry), not %ProgramData%: the environment is the user's to set.
    try:
        import ctypes

        buf = ctypes.create_unicode_buffer(1024)
        if ctypes.windll.shell32.SHGetFolderPathW(None, 0x23, None, 0, buf) == 0:  # type: ignore[attr-defined]
            return Path(buf.value)  # CSIDL_COMMON_APPDATA
    except (ImportError, AttributeError, OSError):
        pass
    return None


def platform_system_dir() -> Path | None:
    """Where the system-wide station folder is on this platform (it may not exist)."""
    if _PLATFORM_DIR_FOR_TESTS:
        return _PLATFORM_DIR_FOR_TESTS[0]
    if sys.platform.startswith("win"):
        base = _windows_program_data()
        return base / APP_NAME if base else None
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME
    return Path("/etc") / APP_NAME


def is_guarded(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a folder this process's user can't change: an administered folder.

    Root (the administrator) is trusted with any folder.  Anyone else only with a folder that, like
    every folder above it, belongs to another user and that they can't write (a folder above it may
    be writable only with the sticky bit, as /tmp is: then nobody but its owner can rename what is in
    it).  Symlinks are resolved first.  Windows has no such check here: an override is never guarded.
    """
    if not hasattr(os, "geteuid"):
        return False
    try:
        real = Path(path).resolve(strict=True)
        if not real.is_dir():
            return False
        uid = os.geteuid()
        if uid == 0:
            return True
        for depth, folder in enumerate((real, *real.parents)):
            info = folder.stat()
            if info.st_uid == uid:
                return False  # theirs: they could make it writable, or rename it
            if os.access(folder, os.W_OK) and (depth == 0 or not info.st_mode & stat.S_ISVTX):
                return False  # they could replace what is in it
    except (OSError, RuntimeError):
        return False
    return True


def default_system_dir() -> Path | None:
    """Where the system-wide station folder would be (it may not exist).

    The platform folder when it exists; else a guarded ``$DL_VERIFIER_SYSTEM_DIR``; else the
    platform folder's place (so messages can say where it would go).
    """
    platform = platform_system_dir()
    if platform is not None and platform.is_dir():
        return platform
    override = _resolved_override()
    if override is not None and is_guarded(override):
        return override  # resolved before the check: a symlink retargeted after it changes nothing
    return platform


def _resolved_override() -> Path | None:
    text = os.environ.get(ENV_SYSTEM_DIR, "").strip()
    if not text:
        return None
    try:
        return Path(text).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return None


def system_dir() -> Path | None:
    """The system-wide station folder when there is one, else None."""
    path = default_system_dir()
    return path if path is not None and path.is_dir() else None


def ignored_override() -> str | None:
    """Why ``$DL_VERIFIER_SYSTEM_DIR`` is set but not used (None: it isn't set, or it is used)."""
    override = os.environ.get(ENV_SYSTEM_DIR, "").strip()
    if not override or (system_dir() is not None and _resolved_override() == system_dir()):
        return None
    platform = platform_system_dir()
    if platform is not None and platform.is_dir():
        return f"{ENV_SYSTEM_DIR} is ignored: the system-wide station folder {platform} exists"
    return (f"{ENV_SYSTEM_DIR} is ignored: {override} is not a folder set up by the system administrator "
            "(it must exist, belong to another user such as root, and not be writable by you)")


def default_data_dir() -> Path:
    """The per-user data folder: ``$VERIFIER_DATA_DIR``, else the platform's user data folder."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    import platformdirs  # imported late: only needed when no directory is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


# Data folders whose guarded files stay in them, declared by this process (the demo's own station).  Not
# a file on disk: any user can write into their own data folder, and a marker there would let them step
# out of the system-wide station (its admin lock, its trust) by creating it.
_KEPT_LOCAL: set[Path] = set()


def keep_local(data_dir: str | os.PathLike[str]) -> None:
    """Declare that ``data_dir``'s station keeps its guarded files in it, for the rest of this process."""
    _KEPT_LOCAL.add(Path(data_dir).resolve())


def guarded_dir(data_dir: str | os.PathLike[str]) -> Path:
    """The folder holding roots, bundles, station.json and admin.json for a station.

    The system-wide folder when it exists; otherwise the per-user ``data_dir``.  A data folder this
    process declared with :func:`keep_local` keeps its own (the demo station, which trusts only the
    demo authority, must neither write into nor read the real station's trust).
    """
    if Path(data_dir).resolve() in _KEPT_LOCAL:
        return Path(data_dir)
    return system_dir() or Path(data_dir)


def is_system(path: str | os.PathLike[str]) -> bool:
    found = system_dir()
    return found is not None and Path(path) == found


def trust_scope(data_dir: str | os.PathLike[str]) -> TrustScope:
    """Whose trust the station of ``data_dir`` uses: the same choice as :func:`guarded_dir`."""
    if Path(data_dir).resolve() in _KEPT_LOCAL:
        return TrustScope.DEMO
    return TrustScope.SYSTEM if system_dir() is not None else TrustScope.PER_USER


def os_login() -> str:
    """The operating-system account this process runs as (from its user id, not the environment).

    The audit log keeps it beside the free-text operator name (``--operator``, $VERIFIER_OPERATOR),
    which anyone can set to anything.
    """
    if hasattr(os, "getuid"):
        try:
            import pwd

            return pwd.getpwuid(os.getuid()).pw_name
        except (ImportError, KeyError):
            return f"uid {os.getuid()}"
    try:  # Windows: the token's user, not %USERNAME%
        import ctypes

        size = ctypes.c_ulong(257)
        buf = ctypes.create_unicode_buffer(size.value)
        if ctypes.windll.advapi32.GetUserNameW(buf, ctypes.byref(size)):  # type: ignore[attr-defined]
            return buf.value
    except (ImportError, AttributeError, OSError):
        pass
    return "unknown"


def not_writable_action(path: str | os.PathLike[str]) -> str:
    if is_system(Path(path)) or is_system(Path(path).parent):
        return (f"{Path(path).parent if not Path(path).is_dir() else path} is the system-wide station folder: "
                "only the system administrator can change it (run the command as administrator, e.g. with sudo).")
    return "Check the data folder's permissions and free space."


def clean_orphan_temps(folder: str | os.PathLike[str], *, now: dt.datetime | None = None,
                       min_age_s: float = ORPHAN_AGE_S) -> list[Path]:
    """Remove temporary files a killed process left behind (``.<name>.*.tmp`` from atomic_write).

    Only files older than ``min_age_s`` go: a younger one may belong to a process
    writing right now.  Returns what was removed; never raises.
    """
    t = (now or dt.datetime.now(dt.timezone.utc)).timestamp()
    removed: list[Path] = []
    try:
        candidates = list(Path(folder).glob(".*.tmp"))
    except OSError:
        return removed
    for path in candidates:
        try:
            if path.is_file() and t - path.stat().st_mtime >= min_age_s:
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed
