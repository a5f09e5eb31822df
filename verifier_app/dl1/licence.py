"""The licence a DL1 code carries, as data: its fields, categories, restrictions and status.

Apart from the code's form (``credential``: prefix, Base45, zlib, COSE, claims) because everything
after verification (the verdict screen, receipts, JSON output, the issuer's toolkit) works with a
licence and none of it needs to know how a code is packed.  ``to_cbor_map`` is the licence as the
signed claim; ``credential.parse_licence`` reads it back with every field checked.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any


class LicenceStatus(str, enum.Enum):
    """The licence's administrative status as of the code's generation time."""

    VALID = "valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    CANCELLED = "cancelled"
    OVERDUE_INSPECTION = "overdue_inspection"
    OVERDUE_RENEWAL = "overdue_renewal"


@dataclass(frozen=True)
class Restriction:
    code: str
    sign: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class DrivingPrivilege:
    vehicle_category_code: str
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    codes: tuple[Restriction, ...] = ()

    def covers(self, day: dt.date) -> bool:
        if self.issue_date and day < self.issue_date:
            return False
        return not (self.expiry_date and day > self.expiry_date)


@dataclass(frozen=True)
class Licence:
    document_number: str
    family_name: str
    given_name: str
    birth_date: dt.date
    issuing_country: str
    issuing_authority: str
    issue_date: dt.date
    expiry_date: dt.date
    driving_privileges: tuple[DrivingPrivilege, ...]
    status: LicenceStatus
    sex: int | None = None
    portrait: bytes | None = None

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(p.vehicle_category_code for p in self.driving_privileges)

    def _core_fields(self) -> dict[str, Any]:
        """The fields the JSON output and the signed claim share, in that order."""
        return {
            "document_number": self.document_number,
            "family_name": self.family_name,
            "given_name": self.given_name,
            "birth_date": self.birth_date.isoformat(),
            "issuing_country": self.issuing_country,
            "issuing_authority": self.issuing_authority,
            "issue_date": self.issue_date.isoformat(),
            "expiry_date": self.expiry_date.isoformat(),
        }

    def to_json(self, *, include_portrait: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            **self._core_fields(),
            "status": self.status.value,
            "driving_privileges": [_privilege_json(p) for p in self.driving_privileges],
        }
        if self.sex is not None:
            out["sex"] = self.sex
        out["has_portrait"] = self.portrait is not None
        if include_portrait and self.portrait is not None:
            out["portrait_jpeg_hex"] = self.portrait.hex()
        return out

    def to_cbor_map(self) -> dict[str, Any]:
        """The licence as the -65537 claim (the issuing side uses this)."""
        out: dict[str, Any] = {
            **self._core_fields(),
            "driving_privileges": [_privilege_cbor(p) for p in self.driving_privileges],
            "status": self.status.value,
        }
        if self.sex is not None:
            out["sex"] = self.sex
        if self.portrait is not None:
            out["portrait"] = self.portrait
        return out


def _privilege_json(p: DrivingPrivilege) -> dict[str, Any]:
    out: dict[str, Any] = {"vehicle_category_code": p.vehicle_category_code}
    if p.issue_date:
        out["issue_date"] = p.issue_date.isoformat()
    if p.expiry_date:
        out["expiry_date"] = p.expiry_date.isoformat()
    if p.codes:
        out["codes"] = [{k: v for k, v in vars(c).items() if v is not None} for c in p.codes]
    return out


def _privilege_cbor(p: DrivingPrivilege) -> dict[str, Any]:
    return _privilege_json(p)
