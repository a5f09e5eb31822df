"""``verifier-issuer``: the authority side, for tests, demos and pilots.

    verifier-issuer init-authority DIR --code CN-BJ --name "..." [--algorithm es256|ed25519]
    verifier-issuer bundle DIR --out FILE.dltrust [--sequence N] [--valid-days D]
                           [--revoke-signer KID]... [--document NUMBER=STATUS[@YYYY-MM-DD]]...
                           [--include-signer CERT.pem]...
    verifier-issuer issue DIR --holder HOLDER.json [--at T] [--ttl S] --qr OUT.png
                          [--barcode OUT.png] [--text OUT.txt] [--status-idx N]
    verifier-issuer status-list DIR --size N --entries FILE --out LIST [--bits 2] [--valid-days D]
    verifier-issuer status-delta DIR --from OLD --to NEW --out DELTA

The holder's page in a window (for a screen held up to a webcam) is ``verifier-present``, a window of
its own: this command line loads no Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Sequence

from verifier_app.dl1 import certs
from verifier_app.atomic import atomic_write
from verifier_app.dl1.bundle import DocumentStatus
from verifier_app.verify.clock import SystemClock
from verifier_app.dl1.credential import BARCODE_PREFIX, LicenceStatus, StatusReference
from verifier_app.errors import IssuerError
from ..issuer.authority import ALGORITHMS, MAX_TTL_S, Authority
from ..issuer import status_lists
from ..issuer.holder import load_holder
from ..issuer.render import code128_image, qr_image, qr_version, write_png
from . import _common
from ._common import EXIT_ERROR, EXIT_OK, UsageError
from .verifier import _Parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="verifier-issuer", description="Make DL1 authorities, trust bundles and signed codes.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("init-authority", help="create an authority's root, signer and bundle-signer keys")
    p.add_argument("dir")
    p.add_argument("--code", required=True, help="authority code, e.g. CN-BJ")
    p.add_argument("--name", required=True, help="authority name")
    p.add_argument("--algorithm", choices=ALGORITHMS, default="es256", help="credential signing algorithm")

    p = sub.add_parser("bundle", help="sign a trust bundle for stations")
    p.add_argument("dir")
    p.add_argument("--out", required=True)
    p.add_argument("--sequence", type=int, help="bundle number (default: one more than the last)")
    p.add_argument("--valid-days", type=float, default=7, help="days until stations should update (default 7)")
    p.add_argument("--revoke-signer", action="append", default=[], metavar="KID", help="16 hex digits")
    p.add_argument("--document", action="append", default=[], metavar="NUMBER=STATUS[@DATE]")
    p.add_argument("--include-signer", action="append", default=[], metavar="CERT.pem",
                   help="another signer certificate to list (e.g. one being rotated out)")

    p = sub.add_parser("issue", help="generate a signed licence code for a holder")
    p.add_argument("dir")
    p.add_argument("--holder", required=True, help="holder JSON (see resources/sample-holder.json)")
    p.add_argument("--at", help="generation time, ISO 8601 (default: now)")
    p.add_argument("--ttl", type=int, default=MAX_TTL_S, help=f"seconds until the code expires (max {MAX_TTL_S})")
    p.add_argument("--qr", required=True, help="QR image to write (PNG)")
    p.add_argument("--barcode", help="Code 128 image of the licence number to write (PNG)")
    p.add_argument("--text", help="also write the QR text to this file")
    p.add_argument("--status-idx", type=int, metavar="N",
                   help="the licence's entry in the authority's status list (the code then points to it)")

    p = sub.add_parser("status-list", help="sign a status list (Token Status List) of every licence's status")
    p.add_argument("dir")
    p.add_argument("--size", type=int, required=True, help="number of entries (licences) in the list")
    p.add_argument("--entries", required=True,
                   help="file of lines 'INDEX STATUS' (revoked, suspended, cancelled), non-valid entries only")
    p.add_argument("--out", required=True)
    p.add_argument("--bits", type=int, choices=(1, 2, 4, 8), default=2)
    p.add_argument("--valid-days", type=float, default=7, help="days until the list expires (default 7)")
    p.add_argument("--uri", help="the list's URI (default: kept from the last list, or one made from the code)")

    p = sub.add_parser("status-delta", help="sign the changes between two consecutive status lists")
    p.add_argument("dir")
    p.add_argument("--from", dest="old", required=True, help="the list stations hold (version N)")
    p.add_argument("--to", dest="new", required=True, help="the new list (version N+1)")
    p.add_argument("--out", required=True)
    p.add_argument("--valid-days", type=float, default=7)

    # The holder's page is a window: `verifier-present`, so this command line never loads Qt.  The old
    # command stays to say where it went, whatever arguments it is given.
    p = sub.add_parser("present", help="moved: the holder's licence page in a window is `verifier-present`")
    p.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


PRESENT_MOVED = "the holder's page is a window of its own now: run `verifier-present AUTHORITY_DIR --holder HOLDER.json`"


def _parse_document(spec: str, today: dt.date) -> tuple[str, DocumentStatus]:
    try:
        number, rest = spec.split("=", 1)
        status, _, since = rest.partition("@")
        return number.strip(), DocumentStatus(LicenceStatus(status.strip()),
                                              dt.date.fromisoformat(since) if since else today)
    except ValueError:
        statuses = ", ".join(s.value for s in LicenceStatus)
        raise UsageError(f"--document {spec!r} is not NUMBER=STATUS[@YYYY-MM-DD] with STATUS one of {statuses}") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    now = SystemClock().now()
    if args.command == "init-authority":
        a = Authority.create(args.dir, code=args.code, name=args.name, algorithm=args.algorithm, now=now)
        print(f"Created authority {a.code} in {a.directory}")
        print(f"Root certificate for stations: {a.directory / 'root-cert.pem'}")
        print(f"  SHA-256 fingerprint: {certs.fingerprint(a.root_cert)} (publish it so stations can check it)")
        print(f"Signer kid: {certs.kid_of(a.signer_cert).hex()} ({a.algorithm})")
        print("Private keys (*-key.pem) are unencrypted, mode 0600: keep this folder safe.")
        return EXIT_OK
    if args.command == "present":
        print(f"error: {PRESENT_MOVED}", file=sys.stderr)
        return EXIT_ERROR
    authority = Authority.load(args.dir)
    if args.command == "bundle":
        revoked = []
        for kid in args.revoke_signer:
            try:
                value = bytes.fromhex(kid)
            except ValueError:
                value = b""
            if len(value) != certs.KID_BYTES:
                raise UsageError(f"--revoke-signer {kid!r} is not a key id of 16 hex digits")
            revoked.append(value)
        documents = dict(_parse_document(spec, now.date()) for spec in args.document)
        extra = []
        for path in args.include_signer:
            try:
                extra.append(certs.load_certificate(Path(path).read_bytes()))
            except (OSError, ValueError):
                raise UsageError(f"--include-signer {path}: not a readable certificate") from None
        data = authority.make_bundle(now=now, sequence=args.sequence, valid_days=args.valid_days,
                                     revoked_kids=revoked, documents=documents, extra_signers=extra)
        atomic_write(args.out, data)
        print(f"Wrote trust bundle {authority.code} number {authority.last_sequence if args.sequence is None else args.sequence}"
              f" to {args.out}")
        return EXIT_OK
    if args.command in ("status-list", "status-delta"):
        return _status(args, authority, now)
    # issue
    licence = load_holder(args.holder)
    at = _common.parse_time(args.at) if args.at else now
    status_ref = None
    if args.status_idx is not None:
        if args.status_idx < 0:
            raise UsageError("--status-idx must be 0 or more")
        status_ref = StatusReference(args.status_idx, status_lists.list_uri(authority))
    text = authority.issue(licence, at=at, ttl_s=args.ttl, status_ref=status_ref)
    try:
        version = qr_version(text)
    except Exception:  # segno raises DataOverflowError for data no QR can hold
        raise IssuerError(f"the code ({len(text)} characters) does not fit in a QR code",
                          "Use a smaller portrait (a few hundred bytes) or none.") from None
    write_png(args.qr, qr_image(text))
    print(f"Wrote QR code (version {version}, {len(text)} characters) to {args.qr}")
    if args.barcode:
        write_png(args.barcode, code128_image(BARCODE_PREFIX + licence.document_number))
        print(f"Wrote barcode to {args.barcode}")
    if args.text:
        atomic_write(args.text, (text + "\n").encode("ascii"))
        print(f"Wrote code text to {args.text}")
    return EXIT_OK


def _status(args: argparse.Namespace, authority: Authority, now: dt.datetime) -> int:
    if args.command == "status-list":
        if args.size < 1:
            raise UsageError("--size must be 1 or more")
        entries = status_lists.read_entries(args.entries)
        data = status_lists.make_status_list(authority, size=args.size, entries=entries, now=now, bits=args.bits,
                                             valid_days=args.valid_days, uri=args.uri)
        atomic_write(args.out, data)
        print(f"Wrote status list {authority.code} version {status_lists.list_version(authority)} "
              f"({args.size:,} entries, {len(entries):,} not valid, {len(data):,} bytes) to {args.out}")
        return EXIT_OK
    try:
        old, new = Path(args.old).read_bytes(), Path(args.new).read_bytes()
    except OSError as exc:
        raise UsageError(f"{exc.filename}: can't be read ({exc.strerror})") from None
    data = status_lists.make_status_delta(authority, old=old, new=new, now=now, valid_days=args.valid_days)
    atomic_write(args.out, data)
    print(f"Wrote status delta {authority.code} ({len(data):,} bytes) to {args.out}")
    return EXIT_OK


def entry_point() -> None:
    sys.exit(_common.run(main))


if __name__ == "__main__":
    entry_point()
