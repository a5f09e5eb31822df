"""A child process that writes audit entries and says which ones are committed.

Run by test_audit.py, which kills it with SIGKILL in the middle of the run.
Prints "written <id>" after each entry's transaction has committed.
"""

import datetime as dt
import sys

from verifier_app.station.evidence.audit import AuditLog
from verifier_app.verify.engine import CodeKind, Verdict, VerificationResult


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2])
    log = AuditLog(path)
    now = dt.datetime.now(dt.timezone.utc)
    for i in range(count):
        result = VerificationResult(verdict=Verdict.UNVERIFIED, reasons=(), kind=CodeKind.BARCODE, checked_at=now,
                                    credential_hash=f"{i:064x}", document_number=f"BJ{i:010d}")
        entry = log.record(result, source="test", operator="child", role="checkpoint")
        print(f"written {entry.id}", flush=True)


if __name__ == "__main__":
    main()
