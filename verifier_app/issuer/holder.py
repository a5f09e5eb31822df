"""Holder files: the licence data of one holder as JSON, for issuing codes.

The JSON uses the same names as the credential (docs/format.md); dates are
``YYYY-MM-DD`` text; ``portrait`` is a JPEG file path relative to the JSON
file.  The licence is checked with the verifier's own parser, so the issuer
can't make a code the verifier would call malformed.
"""

from __future__ import annotations

import json
from pathlib import Path

from verifier_app.dl1.credential import Licence, parse_licence
from verifier_app.errors import CredentialFormatError, IssuerError


def load_holder(path: str | Path) -> Licence:
    p = Path(path)
    try:
        data = json.loads(p.read_text("utf-8"))
    except FileNotFoundError:
        raise IssuerError(f"{p}: no such holder file.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IssuerError(f"{p}: is not a readable JSON holder file ({exc}).") from None
    if not isinstance(data, dict):
        raise IssuerError(f"{p}: the holder file must be a JSON object.")
    data.setdefault("status", "valid")
    portrait = data.pop("portrait", None)
    if portrait is not None:
        portrait_path = p.parent / str(portrait)
        try:
            data["portrait"] = portrait_path.read_bytes()
        except OSError as exc:
            raise IssuerError(f"{portrait_path}: portrait can't be read ({exc.strerror}).") from None
    try:
        return parse_licence(data)
    except CredentialFormatError as exc:
        raise IssuerError(f"{p}: {exc.message}.", "Fix the holder file; docs/format.md lists the fields.") from None
