"""Reading the installed trust back from disk: roots/*.pem and bundles/*.dltrust, each re-checked.

Apart from the store because this is where a file edited, damaged or put there by hand is caught:
each one is reported by name (a LoadProblem saying what to do) and ignored, never trusted and never
allowed to crash the station.  In a per-user folder the audit log is the record of what was
installed (``logged``, from trust_journal.in_force): a file no completed change put there is ignored.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509

from verifier_app.dl1 import certs
from verifier_app.dl1.bundle import VerifiedBundle, open_bundle
from verifier_app.errors import BundleRejected
from verifier_app.station.trust import trust_journal
from verifier_app.verify.trust import LoadProblem

REIMPORT = "Import the authority's current trust bundle again to replace it."
UNLOGGED = "(put there by hand, or the audit log was replaced): it is ignored"


def load_roots(roots_dir: Path, problems: list[LoadProblem],
               logged: trust_journal.InForce | None = None) -> list[x509.Certificate]:
    """The pinned roots that can be read (and, in a per-user folder, that the log holds as installed)."""
    roots = []
    for path in sorted(roots_dir.glob("*.pem")):
        try:
            cert = certs.load_certificate(path.read_bytes())
        except (OSError, ValueError):
            problems.append(
                LoadProblem(str(path), "this root certificate file is damaged and is ignored.",
                            "An administrator must install the root certificate again.")
            )
            continue
        if logged is not None and certs.fingerprint(cert) not in logged.roots:
            problems.append(LoadProblem(str(path), f"is not in this station's audit log as installed {UNLOGGED}.",
                                        "An administrator must install the root certificate again "
                                        "(verifier trust install-root).")
                            )
            continue
        roots.append(cert)
    return roots


def load_bundles(bundles_dir: Path, roots: list[x509.Certificate], problems: list[LoadProblem],
                 logged: trust_journal.InForce | None) -> list[VerifiedBundle]:
    """The imported bundles whose signature still checks against ``roots`` (and that the log holds)."""
    bundles = []
    for path in sorted(bundles_dir.glob("*.dltrust")):
        try:
            bundle = open_bundle(path.read_bytes(), tuple(roots))
        except OSError as exc:
            problems.append(LoadProblem(str(path), f"can't be read ({exc.strerror}).", REIMPORT))
            continue
        except BundleRejected as exc:
            problems.append(LoadProblem(str(path), f"is ignored: {exc.message}.", REIMPORT))
            continue
        if logged is not None and not logged.holds_bundle(bundle.root_fingerprint, bundle.raw,
                                                          bundle.content.sequence):
            problems.append(LoadProblem(str(path), "is not the bundle this station's audit log records as "
                                                   f"imported {UNLOGGED}.", REIMPORT))
            continue
        bundles.append(bundle)
    return bundles
