"""The one exception tree of the core.

Every error a user can meet carries a plain-language ``message`` and the
``action`` that fixes it, so that any front end (command line or window) can
show it without knowing the error's class.  Nothing below here ever lets a
library exception escape to a user.

    VerifierError
    ├── FormatError               scanned text or bytes not in the DL1 format (dl1/)
    │   ├── Base45Error           not Base45 text (also a ValueError)
    │   ├── CborError             not CBOR we accept
    │   ├── CoseFormatError       not an acceptable COSE_Sign1 (also a ValueError)
    │   └── CredentialFormatError not a well-formed DL1 credential (reason code malformed / unsupported_format)
    ├── TrustStoreError           the station's trust data can't be read or changed
    │   ├── RootRejected
    │   ├── BundleRejected
    │   │   └── BundleRootMissing  signed under no installed root: install the root first
    │   ├── CorruptFile
    │   └── (station.config.SettingsWriteFailed)
    ├── DecoderUnavailable        libzbar missing
    ├── InputUnreadable           an image or video can't be read
    │   └── InputTooLarge
    ├── IssuerError               the issuer toolkit
    ├── AdminRequired             administrator passphrase needed
    ├── AuditWriteFailed          an audit entry could not be committed
    └── (cli._common.UsageError)  bad command-line arguments

``Base45Error`` and ``CoseFormatError`` are also importable from
``dl1.base45`` and ``dl1.cose``, where they are raised.
"""

from __future__ import annotations


class VerifierError(Exception):
    """Base of every error the core raises on purpose."""

    default_action = ""

    def __init__(self, message: str, action: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.action = action if action is not None else self.default_action

    def __str__(self) -> str:
        if not self.action:
            return self.message
        stop = "" if self.message.endswith((".", "!", "?", "。")) else "."
        return f"{self.message}{stop} {self.action}"


class FormatError(VerifierError):
    """Scanned text or bytes are not in the DL1 format (Base45, CBOR, COSE or the claims)."""


class Base45Error(FormatError, ValueError):
    """Text is not Base45 (RFC 9285)."""


class CoseFormatError(FormatError, ValueError):
    """The bytes are not an acceptable COSE_Sign1.

    ``unsupported`` is True when the message is well-formed but uses
    something DL1 doesn't allow (another algorithm, an unknown critical
    header), so the operator can be told "this code is not supported"
    rather than "this code is damaged".
    """

    def __init__(self, message: str, *, unsupported: bool = False) -> None:
        super().__init__(message)
        self.unsupported = unsupported


class CredentialFormatError(FormatError):
    """A scanned text is not a well-formed DL1 credential.

    ``code`` is the stable reason code (``malformed`` or ``unsupported_format``).
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class CborError(FormatError):
    """Bytes are not CBOR we accept (truncated, too deep, duplicate keys...)."""


class TrustStoreError(VerifierError):
    """The station's trust data can't be read or changed."""

    default_action = "Import a current trust bundle from your issuing authority."


class RootRejected(TrustStoreError):
    """A root certificate given to ``install-root`` is not usable."""

    default_action = "Ask your issuing authority for its root certificate (PEM) and check its fingerprint."


class BundleRejected(TrustStoreError):
    """A trust bundle file was refused; the installed data is untouched."""


class BundleRootMissing(BundleRejected):
    """A bundle signed under no installed root: its authority's root must be installed first."""


class StatusListRejected(TrustStoreError):
    """A status list or status delta was refused; the installed list is untouched."""

    default_action = "Ask your issuing authority for a current status list (a full snapshot replaces everything)."


class CorruptFile(TrustStoreError):
    """A file in the data directory is damaged; good data was not replaced."""

    def __init__(self, path: str, message: str, action: str | None = None) -> None:
        super().__init__(f"{path}: {message}", action)
        self.path = path


class DecoderUnavailable(VerifierError):
    """The native barcode library (libzbar) is missing."""

    default_action = "Install it with: sudo apt-get install libzbar0 (then start the verifier again)."


class InputUnreadable(VerifierError):
    """An image or video file can't be opened or read."""

    default_action = ("Check the file name, and that it is a picture (PNG, JPEG) or a video (MP4, MOV, AVI) "
                      "from a phone or camera.")


class IssuerError(VerifierError):
    """The issuer toolkit can't do what was asked (missing keys, bad holder file...)."""


class InputTooLarge(InputUnreadable):
    """An image or video is beyond what a scan reads (refused before it fills the memory)."""


class AdminRequired(VerifierError):
    """An administrator passphrase is needed and was not given or was wrong (or the lock was tampered with)."""

    default_action = "Ask your administrator to enter the administrator passphrase."


class AuditWriteFailed(VerifierError):
    """An audit entry could not be committed: no verdict may be shown or printed as recorded.

    ``cause`` is a short stable code: ``disk_full``, ``read_only``, ``damaged`` or ``io_error``.
    """

    def __init__(self, message: str, action: str, cause: str = "io_error") -> None:
        super().__init__(message, action)
        self.cause = cause
