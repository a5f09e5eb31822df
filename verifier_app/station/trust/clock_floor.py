"""The clock floor: the newest ``issued_at`` of a code accepted here (state.json, per-user folder).

Apart from the trust files because it is not trust an administrator installs: every valid scan raises
it (never lowers it), and the engine refuses a code dated before it by more than the skew allows, so
a station whose clock was set back notices.  A damaged file is reported and the check starts afresh.
"""

from __future__ import annotations

import json
from pathlib import Path

from verifier_app.atomic import atomic_write
from verifier_app.dl1.credential import MAX_TIMESTAMP
from verifier_app.errors import CorruptFile
from verifier_app.verify.trust import LoadProblem


def read_floor(state_path: Path, problems: list[LoadProblem]) -> int | None:
    """The floor in ``state_path``, or None (no file yet, or a damaged one: said in ``problems``)."""
    try:
        raw = state_path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        problems.append(LoadProblem(str(state_path), f"can't be read ({exc.strerror}).", "Check the data directory's permissions."))
        return None
    try:
        value = json.loads(raw)["newest_accepted_iat"]
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_TIMESTAMP:
            raise ValueError
        return value
    except (ValueError, KeyError, TypeError):
        problems.append(
            LoadProblem(str(state_path), "is damaged; the clock check starts afresh.",
                        "No action needed; it is rewritten after the next valid scan.")
        )
        return None


def raise_floor(state_path: Path, issued_at: int) -> None:
    """Raise the floor to ``issued_at`` after a valid scan (never lowers it); atomic."""
    current = read_floor(state_path, [])
    if current is not None and current >= issued_at:
        return
    try:
        atomic_write(state_path, json.dumps({"newest_accepted_iat": issued_at}).encode())
    except OSError as exc:
        raise CorruptFile(str(state_path), f"can't be written ({exc.strerror})",
                          "Check the data directory's permissions and free space.") from None
