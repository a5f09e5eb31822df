"""``trust-state.json``: what a station has accepted from each authority, kept beside the bundles.

Per authority: the highest bundle number, the newest ``issued_at`` and every key (code or
bundle signer) a bundle revoked.  The audit chain's ``bundle_imported`` rows hold the same
facts, and the station takes the highest / the union of both, so deleting or damaging either
one lifts neither a floor nor a revocation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from verifier_app.atomic import atomic_write
from verifier_app.verify.trust import LoadProblem

_FLOOR_KEYS = {"sequence": "highest_sequence", "issued_at": "newest_issued_at"}


def read(path: Path, problems: list[LoadProblem] | None = None) -> dict[str, dict[str, Any]]:
    """{authority: {"highest_sequence", "newest_issued_at", "revoked_kids"}}; {} when missing or damaged."""
    try:
        authorities = json.loads(path.read_bytes())["authorities"]
        if not isinstance(authorities, dict):
            raise ValueError
        out: dict[str, dict[str, Any]] = {}
        for code, entry in authorities.items():
            seq, iat = entry["highest_sequence"], entry.get("newest_issued_at", 0)  # absent in older files
            kids = [bytes.fromhex(k) for k in entry.get("revoked_kids", [])]
            if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (seq, iat)):
                raise ValueError
            out[str(code)] = {"highest_sequence": seq, "newest_issued_at": iat, "revoked_kids": kids}
        return out
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        if problems is not None:
            problems.append(LoadProblem(
                str(path), "is damaged; the audit log's record of imported bundles is used.",
                "Import the authority's current trust bundle again to rewrite it."))
        return {}


def write(path: Path, authority: str, sequence: int, issued_at: int, revoked: Iterable[bytes]) -> None:
    """Raise the authority's floors and add its revocations (never lowers or removes anything)."""
    state = read(path)
    entry = state.get(authority, {"highest_sequence": 0, "newest_issued_at": 0, "revoked_kids": []})
    state[authority] = {"highest_sequence": max(entry["highest_sequence"], sequence),
                        "newest_issued_at": max(entry["newest_issued_at"], issued_at),
                        "revoked_kids": set(entry["revoked_kids"]) | set(revoked)}
    data = {"authorities": {c: {"highest_sequence": e["highest_sequence"], "newest_issued_at": e["newest_issued_at"],
                                "revoked_kids": sorted(k.hex() for k in e["revoked_kids"])}
                            for c, e in sorted(state.items())}}
    atomic_write(path, (json.dumps(data, indent=2) + "\n").encode())


def revocations(state: dict[str, dict[str, Any]], imported: list[dict[str, Any]]) -> dict[str, frozenset[bytes]]:
    """Every revoked kid per authority: the trust state's and every ``bundle_imported`` row's."""
    revoked: dict[str, set[bytes]] = {}
    for code, entry in state.items():
        revoked.setdefault(code, set()).update(entry["revoked_kids"])
    for details in imported:
        try:
            revoked.setdefault(str(details["authority"]), set()).update(
                bytes.fromhex(k) for k in details.get("revoked_kids", []))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a damaged row: audit verify reports it
    return {code: frozenset(kids) for code, kids in revoked.items()}


def floor(state: dict[str, dict[str, Any]], imported: list[dict[str, Any]], authority: str, key: str) -> int | None:
    """The highest ``key`` ("sequence" or "issued_at") accepted from ``authority``: trust state, audit rows."""
    values = [state.get(authority, {}).get(_FLOOR_KEYS[key])]
    values += [d.get(key) for d in imported if d.get("authority") == authority]
    found = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return max(found) if found else None
