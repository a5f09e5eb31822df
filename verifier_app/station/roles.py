"""Role profiles: which licence facts each kind of desk may see (and later keep).

Data minimisation is decided here, once, for the window, receipts and the
audit log alike:

- checkpoint (police): everything;
- rental counter: name, portrait, categories, validity, masked licence number;
- insurance desk: name, masked licence number, categories, validity, status.

The licence number's form is ``RoleProfile.document_number`` alone: the
screen, a receipt printed at once, the audit row, History and a receipt
printed later from the log all show one entry's number the same way (the log
keeps no more than the screen shows, and the screen no more than the log).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Mapping


class Role(str, enum.Enum):
    CHECKPOINT = "checkpoint"
    RENTAL = "rental"
    INSURANCE = "insurance"


class Field(str, enum.Enum):
    NAME = "name"
    PORTRAIT = "portrait"
    DOCUMENT_NUMBER = "document_number"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    CATEGORIES = "categories"
    VALIDITY = "validity"
    STATUS = "status"
    ISSUER = "issuer"


@dataclass(frozen=True)
class RoleProfile:
    role: Role
    fields: frozenset[Field]
    mask_document_number: bool

    def shows(self, field: Field) -> bool:
        return field in self.fields

    def document_number(self, number: str | None) -> str | None:
        """The licence number as this role shows and keeps it (None: not at all)."""
        if number is None or not self.shows(Field.DOCUMENT_NUMBER):
            return None
        return mask_number(number) if self.mask_document_number else number


def reason_params(profile: RoleProfile | None, params: Mapping[str, Any]) -> Mapping[str, Any]:
    """A reason's parameters as a desk may read them: a licence number in the role's form.

    ``document_listed`` names the number in its sentence; without a role
    (None) it is masked, never shown whole by default.
    """
    number = params.get("number")
    if not isinstance(number, str):
        return params
    shown = profile.document_number(number) if profile is not None else None
    return {**params, "number": shown or mask_number(number)}


# The licence's JSON keys (dl1.credential.Licence.to_json) behind each field a role may see.
_JSON_KEYS = {
    Field.NAME: ("family_name", "given_name"),
    Field.PORTRAIT: ("has_portrait", "portrait_jpeg_hex"),
    Field.BIRTH_DATE: ("birth_date",),
    Field.SEX: ("sex",),
    Field.CATEGORIES: ("driving_privileges",),
    Field.VALIDITY: ("issue_date", "expiry_date"),
    Field.STATUS: ("status",),
    Field.ISSUER: ("issuing_country", "issuing_authority"),
}


def licence_json(profile: RoleProfile, licence: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A licence's JSON as this role may read it: the fields it shows, the number in its form.

    The command line's ``--json`` and text output follow the station's role like the window does.
    """
    if licence is None:
        return None
    out = {key: licence[key] for field, keys in _JSON_KEYS.items() if profile.shows(field)
           for key in keys if key in licence}
    number = profile.document_number(licence.get("document_number"))
    if number is not None:
        out["document_number"] = number
    return out


def mask_number(number: str) -> str:
    """Keep the last four characters: enough to match a paper licence, not to reuse it."""
    if len(number) <= 4:
        return "•" * len(number)
    return "•" * (len(number) - 4) + number[-4:]


PROFILES = {
    Role.CHECKPOINT: RoleProfile(Role.CHECKPOINT, frozenset(Field), mask_document_number=False),
    Role.RENTAL: RoleProfile(
        Role.RENTAL,
        frozenset({Field.NAME, Field.PORTRAIT, Field.DOCUMENT_NUMBER, Field.CATEGORIES, Field.VALIDITY}),
        mask_document_number=True,
    ),
    Role.INSURANCE: RoleProfile(
        Role.INSURANCE,
        frozenset({Field.NAME, Field.DOCUMENT_NUMBER, Field.CATEGORIES, Field.VALIDITY, Field.STATUS}),
        mask_document_number=True,  # as the log has always kept it: screen and receipts show what the log keeps
    ),
}


def profile(role: Role | str) -> RoleProfile:
    return PROFILES[Role(role)]
