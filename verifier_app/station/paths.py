"""Where a station keeps what: the system-wide folder and the per-user folder.

Guarded settings and trust (roots, bundles, ``station.json``, the
administrator's ``admin.json`` and the trust floor ``trust-state.json``) live in
the *system-wide station folder* when it exists, so that the person at the desk,
who must be able to write the audit log, can't delete or edit them:

- Linux and other Unix: ``/etc/dl-verifier`` (owned by root, readable by all);
- Windows: ``%ProgramData%\\dl-verifier`` (writable by administrators only);
- macOS: ``/Library/Application Support/dl-verifier``;
- anywhere: ``$DL_VERIFIER_SYSTEM_DIR`` overrides it (tests; an empty value switches it off).

When it does not exist, everything stays in the per-user data folder, as before.
The per-user folder always keeps the audit log (and the window's preferences).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

ENV_SYSTEM_DIR = "DL_VERIFIER_SYSTEM_DIR"
APP_NAME = "dl-verifier"
ORPHAN_AGE_S = 600  # a temporary file this old was left by a killed process, not one still writing


def default_system_dir() -> Path | None:
    """Where the system-wide station folder would be on this platform (it may not exist)."""
    override = os.environ.get(ENV_SYSTEM_DIR)
    if override is not None:
        return Path(override) if override.strip() else None
    if sys.platform.startswith("win"):
        base = os.environ.get("ProgramData") or os.environ.get("PROGRAMDATA")
        return Path(base) / APP_NAME if base else None
    if sys.platform == "darwin":
        return Path("/Library/Application Support") / APP_NAME
    return Path("/etc") / APP_NAME


def system_dir() -> Path | None:
    """The system-wide station folder when it exists, else None."""
    path = default_system_dir()
    return path if path is not None and path.is_dir() else None


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
