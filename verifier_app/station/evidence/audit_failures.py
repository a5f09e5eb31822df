"""Why the audit log can't be written, named for the officer (disk full, read-only, damaged).

A full disk or a read-only folder must never lead anyone to start a new log
(that would break the chain); only a damaged file does, and the damaged file
is kept for the auditor.
"""

from __future__ import annotations

import errno
from pathlib import Path

from verifier_app.errors import AuditWriteFailed, CorruptFile, VerifierError

# SQLite primary result codes (the low byte of sqlite_errorcode)
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 3, 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26


def write_failure(exc: BaseException, path: Path, *, opening: bool = False) -> VerifierError:
    """The real cause of an audit log failure, in the officer's words, with what to do.

    A full disk or a read-only folder never advises a new log (that would break
    the chain); only a damaged file does, and then the damaged file is kept.
    """
    folder = path.parent
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    os_errno = getattr(exc, "errno", None)
    text = str(exc).lower()
    verb = "opened" if opening else "written"
    nothing = "" if opening else ": this verdict was NOT recorded"
    if primary == _SQLITE_FULL or os_errno in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
        return AuditWriteFailed(
            f"the disk holding the audit log is full{nothing} ({path})",
            f"Free space on the disk holding {folder}, then scan again. Keep using this log: "
            "do not start a new one (its entries stay valid).", "disk_full")
    if (primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN)
            or os_errno in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text or "read-only" in text):
        return AuditWriteFailed(
            f"the audit log can't be {verb}: its folder {folder} is read-only or not writable for this user"
            f"{nothing}",
            f"Ask your administrator to make {folder} writable again (and the disk mounted read-write). "
            "Keep using this log: do not start a new one.", "read_only")
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return CorruptFile(
            str(path), f"the audit log is damaged and can't be {verb} ({exc})",
            "Keep the damaged file for your auditor: move it out of the data folder (e.g. rename it "
            "audit.sqlite3.damaged), then start the verifier again to begin a new log.")
    return AuditWriteFailed(
        f"the audit log could not be {verb} ({exc}){nothing}",
        "Tell your administrator: verdicts are not being recorded. Check the disk holding "
        f"{folder}.", "io_error")
