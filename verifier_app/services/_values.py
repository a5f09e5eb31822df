"""Values and words the front ends show: verdicts, reasons, roles, the core's sentences.

Plain re-exports (no behaviour): a front end that prints or draws a verdict needs these types and
text helpers, and takes them from the facade instead of reaching into verify/, dl1/ or station/.
"""

from __future__ import annotations

from verifier_app.dl1 import certs
from verifier_app.dl1.credential import BARCODE_PREFIX, MAX_TEXT_CHARS, QR_PREFIX, Licence
from verifier_app.station.roles import Field, Role, RoleProfile, licence_json, profile, reason_params
from verifier_app.verify import text as words
from verifier_app.verify.clock import Clock, FixedClock, SystemClock
from verifier_app.verify.engine import VerificationResult, Verdict, Verifier
from verifier_app.verify.policy import Policy
from verifier_app.verify.reasons import Listing, Reason, Severity, listing, status_words, title
from verifier_app.verify.trust import LoadProblem, TrustSnapshot, TrustState

__all__ = [
    "BARCODE_PREFIX", "Clock", "Field", "FixedClock", "Licence", "Listing", "LoadProblem", "MAX_TEXT_CHARS",
    "Policy", "QR_PREFIX", "Reason", "Role", "RoleProfile", "Severity", "SystemClock", "TrustSnapshot",
    "TrustState", "VerificationResult", "Verdict", "Verifier", "certs", "licence_json", "listing", "profile",
    "reason_params", "status_words", "title", "words",
]
